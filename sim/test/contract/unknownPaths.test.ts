/**
 * Unknown paths answer 400/404 in each service's own error shape — never a silent empty list — seen with real MSAL
 * tokens and, for Graph, the real Graph SDK (GraphError). Paths that look like collections are included on purpose.
 */
import { startHarness, type Harness } from "../../testing/harness";
import { graphError } from "../../testing/sdk";
import { BIG, PC_APP, SERVICES_SCENARIO, SYNC_APP } from "./fixtures";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ scenario: SERVICES_SCENARIO, port: 0 });
});
afterAll(async () => {
  await h.stop();
});

const graphToken = () => h.appToken({ ...SYNC_APP, tenant: BIG });

test.each([
  ["v1.0", "/deviceManagement/managedDevicez", "managedDevicez"],
  ["v1.0", "/deviceManagement/windowsAutopilotDeviceIdentities", "windowsAutopilotDeviceIdentities"],
  ["beta", "/tenantRelationships/delegatedAdminRelationshipz", "delegatedAdminRelationshipz"],
  ["v1.0", "/nothingHere", "nothingHere"],
] as const)("Graph %s %s → GraphError 400 BadRequest with Graph's body", async (version, path, segment) => {
  const client = h.graph({ getToken: graphToken, version });
  const e = await graphError(client.api(path).get());
  expect([e.statusCode, e.code, e.message]).toEqual([400, "BadRequest", `Resource not found for the segment '${segment}'.`]);
  expect(e.requestId).toBeTruthy();
  expect(e.date).toBeInstanceOf(Date);
});

test("Graph: an unknown version and an unknown method answer in Graph's shape", async () => {
  const token = await graphToken();
  const badVersion = await h.fetch<{ error: { code: string; message: string; innerError: Record<string, string> } }>("graph", "/v2.0/users", { token });
  expect([badVersion.status, badVersion.body.error.code, badVersion.body.error.message]).toEqual([400, "BadRequest", "Invalid version: v2.0"]);
  expect(Object.keys(badVersion.body.error.innerError).sort()).toEqual(["client-request-id", "date", "request-id"]);
  const method = await h.fetch<{ error: { code: string } }>("graph", "/v1.0/deviceManagement/managedDevices", { token, method: "DELETE" });
  expect([method.status, method.body.error.code]).toEqual([405, "Request_BadRequest"]);
});

test.each(["/v1/customerz", "/v1/customers/x/subscriptionz", "/v2/customers"])("Partner Center %s → 404 in Partner Center's shape", async (path) => {
  const token = await h.appToken({ ...PC_APP, scope: "https://api.partnercenter.microsoft.com/.default" });
  const r = await h.fetch<{ code: number; description: string; source: string; items?: unknown }>("partnerCenter", path, { token });
  expect(r.status).toBe(404);
  expect(r.body).toMatchObject({ code: 404, source: "PartnerFD" });
  expect(r.body.items).toBeUndefined();
  expect(r.headers["ms-requestid"]).toBeTruthy();
});

test.each(["/api/machinez", "/api/vulnerabilities/machinesVulnerabilities", "/api/machines/x/y/z"])("Defender %s → 404 ResourceNotFound", async (path) => {
  const token = await h.appToken({ ...SYNC_APP, tenant: BIG, scope: "https://api.securitycenter.microsoft.com/.default" });
  const r = await h.fetch<{ error: { code: string }; value?: unknown }>("defender", path, { token });
  expect([r.status, r.body.error.code]).toEqual([404, "ResourceNotFound"]);
  expect(r.body.value).toBeUndefined();
});

test.each([
  ["GET", "/v3/conversations"],
  ["POST", "/v3/conversationz"],
  ["GET", "/v3/conversations/a%3Ax/members"],
])("Teams connector %s %s → an error in Bot Connector's shape", async (method, path) => {
  const r = await h.fetch<{ error: { code: string }; conversations?: unknown }>("teams", path, { method, body: method === "POST" ? { type: "message" } : undefined });
  expect([404, 405]).toContain(r.status);
  expect(typeof r.body.error.code).toBe("string");
  expect(r.body.conversations).toBeUndefined();
});
