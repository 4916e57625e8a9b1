/**
 * The directory and GDAP endpoints the other contract suites do not reach, with the REAL @azure/msal-node and
 * @microsoft/microsoft-graph-client: authentication methods, memberOf / transitiveMemberOf, users' checkMemberGroups,
 * service principals ($filter appId eq, appRoleAssignments), oauth2PermissionGrants, subscribedSkus, removePassword
 * (with addPassword) and delegatedAdminCustomers.
 */
import type { Client } from "@microsoft/microsoft-graph-client";
import type * as MG from "@microsoft/microsoft-graph-types";
import { startHarness, type Harness } from "../../testing/harness";
import { graphError } from "../../testing/sdk";
import { ADMIN_AGENTS, APP_ID, APP_OBJECT, APP_SP, CUSTOMER_A, CUSTOMER_B, CUSTOMER_GDAP_GROUP, LIFECYCLE_GROUP, OTHER_USER, SERVICE_ACCOUNT } from "../../graph/testing/fixture";
import { READER_APP_ID, SECRET, contractScenario } from "./graphScenario";

interface Collection<T> {
  value: T[];
}

/** The contract scenario, with the reader app also holding authentication-method reads (partner) and app / organization reads (customer A). */
function scenario() {
  const s = contractScenario();
  const apps = (s.partner.applications ?? []).map((a) =>
    a.appId === READER_APP_ID
      ? {
          ...a,
          grantedApplicationPermissions: { graph: [...(a.grantedApplicationPermissions?.graph ?? []), "UserAuthenticationMethod.Read.All"] },
          requiredDelegatedPermissions: { graph: ["User.Read"] },
        }
      : a,
  );
  const customers = (s.customers ?? []).map((c) =>
    c.tenantId === CUSTOMER_A
      ? {
          ...c,
          subscribedSkus: [{ skuId: "c42b9cae-ea4f-4ab7-9717-81576235ccac", skuPartNumber: "SPE_E5", prepaidUnits: 25, consumedUnits: 20 }],
          consentedApps: (c.consentedApps ?? []).map((a) =>
            a.appId === READER_APP_ID ? { ...a, applicationPermissions: { graph: ["RoleManagement.Read.Directory", "Application.Read.All", "Organization.Read.All", "DelegatedPermissionGrant.Read.All"] } } : a,
          ),
        }
      : c,
  );
  return { ...s, partner: { ...s.partner, applications: apps }, customers };
}

let h: Harness;
let v1: Client;
let customerA: Client;

beforeAll(async () => {
  h = await startHarness({ scenario: scenario(), port: 0 });
  v1 = h.graph({ getToken: () => h.appToken({ clientId: READER_APP_ID, clientSecret: SECRET }) });
  customerA = h.graph({ getToken: () => h.appToken({ clientId: READER_APP_ID, clientSecret: SECRET, tenant: CUSTOMER_A }) });
});
afterAll(async () => {
  await h.stop();
});

test("authentication methods: password for everyone, Authenticator only for an MFA-registered user", async () => {
  const methods = async (id: string) =>
    ((await v1.api(`/users/${id}/authentication/methods`).get()) as Collection<{ "@odata.type": string }>).value.map((m) => m["@odata.type"]);
  expect(await methods(SERVICE_ACCOUNT)).toEqual(["#microsoft.graph.passwordAuthenticationMethod", "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod"]);
  expect(await methods(OTHER_USER)).toEqual(["#microsoft.graph.passwordAuthenticationMethod"]);
  // Directory.Read.All alone does not reach authentication methods.
  const limited = h.graph({ getToken: () => h.appToken({ clientId: READER_APP_ID, clientSecret: SECRET, tenant: CUSTOMER_A }) });
  const e = await graphError(limited.api(`/users/${SERVICE_ACCOUNT}/authentication/methods`).get());
  expect([e.statusCode, e.code]).toEqual([403, "Authorization_RequestDenied"]);
});

test("memberOf is direct, transitiveMemberOf follows nested groups; a user's checkMemberGroups is transitive", async () => {
  const ids = async (path: string) => ((await v1.api(path).get()) as Collection<MG.DirectoryObject>).value.map((g) => g.id).sort();
  expect(await ids(`/users/${SERVICE_ACCOUNT}/memberOf`)).toEqual(expect.arrayContaining([ADMIN_AGENTS, LIFECYCLE_GROUP]));
  expect(await ids(`/users/${SERVICE_ACCOUNT}/memberOf`)).not.toContain(CUSTOMER_GDAP_GROUP);
  expect(await ids(`/users/${SERVICE_ACCOUNT}/transitiveMemberOf`)).toEqual(expect.arrayContaining([ADMIN_AGENTS, LIFECYCLE_GROUP, CUSTOMER_GDAP_GROUP]));
  const check = (await v1.api(`/users/${SERVICE_ACCOUNT}/checkMemberGroups`).post({ groupIds: [CUSTOMER_GDAP_GROUP] })) as Collection<string>;
  expect(check.value).toEqual([CUSTOMER_GDAP_GROUP]);
});

test("service principals: $filter appId eq, app role assignments and delegated grants", async () => {
  const sps = (await v1.api("/servicePrincipals").filter(`appId eq '${APP_ID}'`).get()) as Collection<MG.ServicePrincipal>;
  expect(sps.value.map((s) => s.id)).toEqual([APP_SP]);
  const inCustomer = (await customerA.api("/servicePrincipals").filter(`appId eq '${APP_ID}'`).get()) as Collection<MG.ServicePrincipal>;
  expect(inCustomer.value).toHaveLength(1);
  const spId = inCustomer.value[0].id ?? "";
  const roles = (await customerA.api(`/servicePrincipals/${spId}/appRoleAssignments`).get()) as Collection<MG.AppRoleAssignment>;
  expect(roles.value.map((r) => [r.principalId, r.resourceDisplayName])).toEqual([[spId, "Microsoft Graph"]]);
  const grants = (await customerA.api("/oauth2PermissionGrants").get()) as Collection<MG.OAuth2PermissionGrant>;
  const reader = (await customerA.api("/servicePrincipals").filter(`appId eq '${READER_APP_ID}'`).get()) as Collection<MG.ServicePrincipal>;
  expect(grants.value.filter((g) => g.clientId === reader.value[0]?.id)).toEqual([
    expect.objectContaining({ consentType: "AllPrincipals", principalId: null, scope: "User.Read" }),
  ]);
});

test("subscribedSkus lists the tenant's licences", async () => {
  const skus = (await customerA.api("/subscribedSkus").get()) as Collection<MG.SubscribedSku>;
  expect(skus.value.map((s) => [s.skuPartNumber, s.consumedUnits, s.prepaidUnits?.enabled])).toEqual([["SPE_E5", 20, 25]]);
});

test("addPassword then removePassword: the new secret works for MSAL, then it is gone", async () => {
  const added = (await v1.api(`/applications/${APP_OBJECT}/addPassword`).post({ passwordCredential: { displayName: "rotation" } })) as MG.PasswordCredential;
  expect(added.secretText).toBeTruthy();
  expect(await h.appToken({ clientId: APP_ID, clientSecret: added.secretText ?? "" })).toMatch(/^ey/);
  await v1.api(`/applications/${APP_OBJECT}/removePassword`).post({ keyId: added.keyId });
  const app = (await v1.api(`/applications/${APP_OBJECT}`).get()) as MG.Application;
  expect((app.passwordCredentials ?? []).map((c) => c.keyId)).not.toContain(added.keyId);
  const again = await graphError(v1.api(`/applications/${APP_OBJECT}/removePassword`).post({ keyId: added.keyId }));
  expect(again.statusCode).toBeGreaterThanOrEqual(400);
});

test("delegatedAdminCustomers: one entry per customer with a relationship", async () => {
  const customers = (await v1.api("/tenantRelationships/delegatedAdminCustomers").get()) as Collection<MG.DelegatedAdminCustomer>;
  const ids = customers.value.map((c) => c.tenantId);
  expect(ids).toEqual(expect.arrayContaining([CUSTOMER_A, CUSTOMER_B]));
  const one = (await v1.api(`/tenantRelationships/delegatedAdminCustomers/${CUSTOMER_A}`).get()) as MG.DelegatedAdminCustomer;
  expect(one).toMatchObject({ id: CUSTOMER_A, tenantId: CUSTOMER_A, displayName: "Fabrikam" });
});
