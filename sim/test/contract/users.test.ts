/**
 * /users as the Microsoft 365 sync reads it, with the REAL @azure/msal-node and @microsoft/microsoft-graph-client:
 * `assignedLicenses` (skuIds of the tenant's subscribedSkus) and `userType` on $select, and `signInActivity`, which
 * Graph serves only with AuditLog.Read.All in a tenant with Microsoft Entra ID P1/P2 and refuses otherwise
 * (learn.microsoft.com/graph/api/user-list: "signInActivity"; learn.microsoft.com/graph/api/resources/signinactivity).
 */
import type { Client } from "@microsoft/microsoft-graph-client";
import { startHarness, type Harness } from "../../testing/harness";
import { graphError } from "../../testing/sdk";

const PARTNER = "f0000000-0000-4000-8000-000000000000";
const APP = { clientId: "f1000000-0000-4000-8000-000000000001", clientSecret: "users-contract-secret" };
const PREMIUM = "f2000000-0000-4000-8000-000000000001";
const BASIC = "f2000000-0000-4000-8000-000000000002";
const NO_AUDIT = "f2000000-0000-4000-8000-000000000003";
const E3 = "05e9a617-0261-4cee-bb44-138d3ef5d965";

const users = [
  { id: "f3000000-0000-4000-8000-000000000001", userPrincipalName: "ann@t.example", displayName: "Ann", assignedLicenses: ["SPE_E3"], lastSignInDateTime: "-2d" },
  { id: "f3000000-0000-4000-8000-000000000002", userPrincipalName: "ben@t.example", displayName: "Ben", accountEnabled: false },
  { id: "f3000000-0000-4000-8000-000000000003", userPrincipalName: "guest@t.example", displayName: "Guest", userType: "Guest", assignedLicenses: ["NOT_BOUGHT"] },
];

function customer(tenantId: string, o: { premium: boolean; audit: boolean }) {
  return {
    tenantId,
    displayName: `Tenant ${tenantId.slice(-1)}`,
    domain: `t${tenantId.slice(-1)}.onmicrosoft.com`,
    users,
    subscribedSkus: [o.premium ? { skuPartNumber: "SPE_E3", skuId: E3 } : { skuPartNumber: "O365_BUSINESS_ESSENTIALS", skuId: "3b555118-da6a-4418-894f-7df1e2096870" }],
    consentedApps: [{ appId: APP.clientId, applicationPermissions: { graph: o.audit ? ["User.Read.All", "AuditLog.Read.All"] : ["User.Read.All"] } }],
  };
}

const scenario = {
  name: "users contract",
  partner: {
    tenantId: PARTNER,
    displayName: "Users Partner",
    domain: "userspartner.onmicrosoft.com",
    applications: [
      {
        id: "f4000000-0000-4000-8000-000000000001",
        appId: APP.clientId,
        displayName: "Reader",
        signInAudience: "AzureADMultipleOrgs",
        servicePrincipalId: "f5000000-0000-4000-8000-000000000001",
        passwordCredentials: [{ keyId: "f6000000-0000-4000-8000-000000000001", secretText: APP.clientSecret, startDateTime: "-1d", endDateTime: "+300d" }],
        grantedApplicationPermissions: { graph: ["User.Read.All", "AuditLog.Read.All"] },
      },
    ],
  },
  customers: [customer(PREMIUM, { premium: true, audit: true }), customer(BASIC, { premium: false, audit: true }), customer(NO_AUDIT, { premium: true, audit: false })],
  throttling: { profile: "off" },
};

interface Collection<T> {
  value: T[];
}
type U = { id: string; accountEnabled?: boolean; userType?: string; assignedLicenses?: { skuId: string; disabledPlans: string[] }[]; signInActivity?: { lastSignInDateTime: string | null } | null };

let h: Harness;
const graph = (tenant: string): Client => h.graph({ getToken: () => h.appToken({ ...APP, tenant }) });

beforeAll(async () => {
  h = await startHarness({ scenario, port: 0 });
});
afterAll(async () => {
  await h.stop();
});

test("assignedLicenses and userType on $select: the tenant's skuIds (an unknown part number is not a licence)", async () => {
  const r = (await graph(BASIC).api("/users").select("id,accountEnabled,assignedLicenses,userType").get()) as Collection<U>;
  expect(r.value.map((u) => [u.id.slice(-1), u.accountEnabled, u.userType, u.assignedLicenses])).toEqual([
    ["1", true, "Member", []],
    ["2", false, "Member", []],
    ["3", true, "Guest", []],
  ]);
  const p = (await graph(PREMIUM).api("/users").select("id,assignedLicenses").get()) as Collection<U>;
  expect(p.value[0].assignedLicenses).toEqual([{ disabledPlans: [], skuId: E3 }]);
  expect(p.value[0]).not.toHaveProperty("signInActivity");
});

test("signInActivity: served with AuditLog.Read.All in a premium tenant", async () => {
  const r = (await graph(PREMIUM).api("/users").select("id,signInActivity").get()) as Collection<U>;
  const last = r.value[0].signInActivity?.lastSignInDateTime ?? "";
  expect(Date.now() - Date.parse(last)).toBeGreaterThan(86_400_000);
  expect(r.value[1].signInActivity?.lastSignInDateTime).toBeNull();
});

test("signInActivity refused: without AuditLog.Read.All (Authorization_RequestDenied), without P1/P2 (non-premium)", async () => {
  const denied = await graphError(graph(NO_AUDIT).api("/users").select("id,signInActivity").get());
  expect([denied.statusCode, denied.code]).toEqual([403, "Authorization_RequestDenied"]);
  const basic = await graphError(graph(BASIC).api("/users").select("id,signInActivity").get());
  expect([basic.statusCode, basic.code]).toEqual([403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant"]);
  // The same request without it is served.
  await expect(graph(BASIC).api("/users").select("id").get()).resolves.toBeDefined();
});
