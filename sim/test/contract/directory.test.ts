/**
 * Contract tests of the directory endpoints with the REAL @azure/msal-node and @microsoft/microsoft-graph-client.
 */
import { type Client } from "@microsoft/microsoft-graph-client";
import { startHarness, type Harness } from "../../testing/harness";
import { graphError } from "../../testing/sdk";
import {
  ADMIN_AGENTS, APP_ID, APP_SP, CUSTOMER_A, CUSTOMER_GDAP_GROUP, LIFECYCLE_GROUP, OTHER_GDAP_GROUP, PARTNER, SERVICE_ACCOUNT,
} from "../../graph/testing/fixture";
import { LIMITED_APP_ID, READER_APP_ID, SECRET, contractScenario } from "./graphScenario";

interface Collection<T> {
  value: T[];
  "@odata.nextLink"?: string;
  "@odata.context"?: string;
}

let h: Harness;
let v1: Client;
let beta: Client;

beforeAll(async () => {
  h = await startHarness({ scenario: contractScenario(), port: 0 });
  const getToken = () => h.appToken({ clientId: READER_APP_ID, clientSecret: SECRET });
  v1 = h.graph({ getToken });
  beta = h.graph({ getToken, version: "beta" });
});

afterAll(async () => {
  await h.stop();
});

test("AdminAgents by $filter, with @odata.context", async () => {
  const res = (await v1.api("/groups").filter("displayName eq 'AdminAgents'").get()) as Collection<{ id: string }>;
  expect(res.value.map((g) => g.id)).toEqual([ADMIN_AGENTS]);
  expect(res["@odata.context"]).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1\.0\/\$metadata#groups$/);
});

test("v1.0 members omit the app's service principal; beta lists it", async () => {
  const a = (await v1.api(`/groups/${ADMIN_AGENTS}/members`).get()) as Collection<{ id: string }>;
  const b = (await beta.api(`/groups/${ADMIN_AGENTS}/members`).get()) as Collection<{ id: string }>;
  expect(a.value.map((m) => m.id)).toEqual([SERVICE_ACCOUNT]);
  expect(b.value.map((m) => m.id)).toEqual([SERVICE_ACCOUNT, APP_SP]);
});

test("checkMemberGroups: the lifecycle group is nested in one customer GDAP group and missing from the other", async () => {
  const res = (await v1.api(`/groups/${LIFECYCLE_GROUP}/checkMemberGroups`).post({ groupIds: [CUSTOMER_GDAP_GROUP, OTHER_GDAP_GROUP] })) as Collection<string>;
  expect(res.value).toEqual([CUSTOMER_GDAP_GROUP]);
  const tooMany = Array.from({ length: 21 }, (_, i) => `aaaaaaaa-0000-4000-8000-${String(i).padStart(12, "0")}`);
  const e = await graphError(v1.api(`/groups/${LIFECYCLE_GROUP}/checkMemberGroups`).post({ groupIds: tooMany }));
  expect(e.statusCode).toBe(400);
});

test("the service account still holds Global Administrator", async () => {
  const res = (await v1.api("/roleManagement/directory/roleAssignments").filter(`principalId eq '${SERVICE_ACCOUNT}'`).get()) as Collection<{ roleDefinitionId: string }>;
  expect(res.value.map((r) => r.roleDefinitionId)).toContain("62e90394-69f5-4237-9190-012177145e10");
});

test("the lifecycle app's secret ends in 12 days", async () => {
  const res = (await v1.api("/applications").filter(`appId eq '${APP_ID}'`).select("id,appId,passwordCredentials").get()) as Collection<{ passwordCredentials: { endDateTime: string; secretText: unknown }[] }>;
  const cred = res.value[0].passwordCredentials[0];
  const days = (Date.parse(cred.endDateTime) - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(11.9);
  expect(days).toBeLessThan(12.1);
  expect(cred.secretText).toBeNull();
  const byAppId = (await v1.api(`/applications(appId='${APP_ID}')`).get()) as { appId: string };
  expect(byAppId.appId).toBe(APP_ID);
});

test("customer side: GDAP role assignment principal from the partner tenant", async () => {
  const token = await h.appToken({ clientId: READER_APP_ID, clientSecret: SECRET, tenant: CUSTOMER_A });
  const client = h.graph({ getToken: () => Promise.resolve(token), version: "beta" });
  const res = (await client
    .api("/roleManagement/directory/roleAssignments")
    .filter("roleDefinitionId eq '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3'")
    .expand("principal")
    .get()) as Collection<{ principalOrganizationId: string; principal: { externalPartnerTenantId: string; id: string } }>;
  expect(res.value).toHaveLength(1);
  expect(res.value[0].principal).toMatchObject({ id: CUSTOMER_GDAP_GROUP, externalPartnerTenantId: PARTNER });
});

test("403 Authorization_RequestDenied when the app lacks the permission; 404 for an unknown id", async () => {
  const limited = h.graph({ getToken: () => h.appToken({ clientId: LIMITED_APP_ID, clientSecret: SECRET }) });
  const denied = await graphError(limited.api("/groups").get());
  expect([denied.statusCode, denied.code]).toEqual([403, "Authorization_RequestDenied"]);
  const org = (await limited.api("/organization").get()) as Collection<{ id: string }>;
  expect(org.value.map((o) => o.id)).toEqual([PARTNER]);
  const missing = await graphError(v1.api("/users/aaaaaaaa-0000-4000-8000-0000000000ff").get());
  expect([missing.statusCode, missing.code]).toEqual([404, "Request_ResourceNotFound"]);
});

test("unsupported $filter and $top above the maximum answer 400", async () => {
  const f = await graphError(v1.api("/groups").filter("description eq 'x'").get());
  expect([f.statusCode, f.code]).toEqual([400, "Request_UnsupportedQuery"]);
  const t = await graphError(v1.api("/users").top(1000).get());
  expect([t.statusCode, t.message]).toEqual([400, "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive."]);
});
