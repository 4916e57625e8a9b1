/**
 * Delegated (scp) tokens on every partner-tenant read the product's checks make, each with ONE of the delegated
 * permissions Microsoft documents for that API (learn.microsoft.com/graph/api/<page>, "Permissions" table), obtained
 * through the REAL MSAL on-behalf-of flow for the demo's signed-in admin (Alice, Global Administrator) and sent with
 * the REAL Graph SDK.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Client } from "@microsoft/microsoft-graph-client";
import { startHarness, type Harness } from "../../testing/harness";
import { graphError } from "../../testing/sdk";

const DEMO = path.join(__dirname, "../../scenarios/demo.json");
const BOT = { clientId: "ab000000-0000-4000-8000-000000000002", clientSecret: "demo-bot-secret-0001" };
const ALICE = "alice@contosoitpartners.onmicrosoft.com";
const SVC = "0a000000-0000-4000-8000-000000000001";
const ADMIN_AGENTS = "06000000-0000-4000-8000-000000000001";
const LIFECYCLE_GROUP = "06000000-0000-4000-8000-000000000003";
const LIFECYCLE_SP = "05000000-0000-4000-8000-000000000001";
const LIFECYCLE_APP = "ab000000-0000-4000-8000-000000000001";
/** Documented delegated permissions the demo's Tenant Pilot app does not request; consented here so each is tried alone. */
const EXTRA = ["User.Read.All", "Application.Read.All", "Organization.Read.All", "DelegatedPermissionGrant.Read.All"];

interface AppInput {
  appId: string;
  requiredDelegatedPermissions: { graph: string[] };
  grantedDelegatedPermissions: { graph: string[] };
}

function scenario(): Record<string, unknown> {
  const s = JSON.parse(readFileSync(DEMO, "utf8")) as { partner: { applications: AppInput[] } } & Record<string, unknown>;
  for (const a of s.partner.applications) {
    if (a.appId !== BOT.clientId) continue;
    a.requiredDelegatedPermissions.graph.push(...EXTRA);
    a.grantedDelegatedPermissions.graph.push(...EXTRA);
  }
  return s;
}

let h: Harness;
let relationshipId = "";

/** A Graph client whose token carries exactly `scope`, for Alice, through on-behalf-of. */
function as(scope: string): Client {
  return h.graph({
    getToken: async () => {
      const sso = h.sim.control.mintUserToken({ user: ALICE, appId: BOT.clientId, audience: `api://botid-${BOT.clientId}` });
      const r = await h.msal(BOT).acquireTokenOnBehalfOf({ oboAssertion: sso, scopes: [`https://graph.microsoft.com/${scope}`] });
      if (!r) throw new Error("no token");
      return r.accessToken;
    },
  });
}

beforeAll(async () => {
  h = await startHarness({ scenario: scenario(), port: 0 });
  const rels = (await as("DelegatedAdminRelationship.Read.All").api("/tenantRelationships/delegatedAdminRelationships").top(1).get()) as { value: { id: string }[] };
  relationshipId = rels.value[0]?.id ?? "";
});
afterAll(async () => {
  await h.stop();
});

type Call = (c: Client) => Promise<unknown>;
const get = (p: string): Call => (c) => c.api(p).get() as Promise<unknown>;
const post = (p: string, body: unknown): Call => (c) => c.api(p).post(body) as Promise<unknown>;

// [doc page, scope, call]
const CASES: [string, string, Call][] = [
  ["delegatedadminrelationship-list", "DelegatedAdminRelationship.Read.All", get("/tenantRelationships/delegatedAdminRelationships")],
  ["delegatedadminrelationship-list-accessassignments", "DelegatedAdminRelationship.Read.All", (c) => get(`/tenantRelationships/delegatedAdminRelationships/${relationshipId}/accessAssignments`)(c)],
  ["group-list", "GroupMember.Read.All", get("/groups?$filter=displayName eq 'AdminAgents'")],
  ["group-list", "Directory.Read.All", get("/groups")],
  ["group-list-members", "GroupMember.Read.All", get(`/groups/${ADMIN_AGENTS}/members`)],
  ["group-list-members", "Directory.Read.All", get(`/groups/${ADMIN_AGENTS}/members`)],
  ["directoryobject-checkmembergroups", "GroupMember.Read.All", post(`/groups/${LIFECYCLE_GROUP}/checkMemberGroups`, { groupIds: [ADMIN_AGENTS] })],
  ["directoryobject-checkmembergroups", "Directory.Read.All", post(`/users/${SVC}/checkMemberGroups`, { groupIds: [LIFECYCLE_GROUP] })],
  ["user-list-memberof", "GroupMember.Read.All", get(`/users/${SVC}/memberOf`)],
  ["user-list-memberof", "Directory.Read.All", get(`/users/${SVC}/transitiveMemberOf`)],
  ["serviceprincipal-list-memberof", "Application.Read.All", get(`/servicePrincipals/${LIFECYCLE_SP}/memberOf`)],
  ["serviceprincipal-list-memberof", "Directory.Read.All", get(`/servicePrincipals/${LIFECYCLE_SP}/transitiveMemberOf`)],
  ["user-list", "User.Read.All", get("/users")],
  ["user-get", "Directory.Read.All", get(`/users/${SVC}?$select=id,accountEnabled,userPrincipalName`)],
  ["rbacapplication-list-roleassignments", "RoleManagement.Read.Directory", get(`/roleManagement/directory/roleAssignments?$filter=principalId eq '${SVC}'`)],
  ["rbacapplication-list-roleassignments", "Directory.Read.All", get("/roleManagement/directory/roleAssignments")],
  ["authentication-list-methods", "UserAuthenticationMethod.Read.All", get(`/users/${SVC}/authentication/methods`)],
  ["application-list", "Application.Read.All", get(`/applications?$filter=appId eq '${LIFECYCLE_APP}'`)],
  ["application-list", "Directory.Read.All", get("/applications")],
  ["serviceprincipal-list", "Application.Read.All", get(`/servicePrincipals?$filter=appId eq '${LIFECYCLE_APP}'`)],
  ["serviceprincipal-list", "Directory.Read.All", get("/servicePrincipals")],
  ["serviceprincipal-list-approleassignments", "Application.Read.All", get(`/servicePrincipals/${LIFECYCLE_SP}/appRoleAssignments`)],
  ["serviceprincipal-list-approleassignments", "Directory.Read.All", get(`/servicePrincipals/${LIFECYCLE_SP}/appRoleAssignments`)],
  ["oauth2permissiongrant-list", "DelegatedPermissionGrant.Read.All", get(`/oauth2PermissionGrants?$filter=clientId eq '${LIFECYCLE_SP}'`)],
  ["oauth2permissiongrant-list", "Directory.Read.All", get("/oauth2PermissionGrants")],
  ["serviceprincipal-list-oauth2permissiongrants", "Directory.Read.All", get(`/servicePrincipals/${LIFECYCLE_SP}/oauth2PermissionGrants`)],
  ["organization-list", "Organization.Read.All", get("/organization")],
  ["organization-list", "User.Read", get("/organization")],
];

test.each(CASES)("%s accepts a delegated token with %s", async (_doc, scope, call) => {
  await expect(call(as(scope))).resolves.toBeDefined();
});

test.each<[string, string, Call]>([
  ["users with only User.Read", "User.Read", get("/users")],
  ["role assignments with only GroupMember.Read.All", "GroupMember.Read.All", get("/roleManagement/directory/roleAssignments")],
  ["GDAP with only Directory.Read.All", "Directory.Read.All", get("/tenantRelationships/delegatedAdminRelationships")],
])("%s: 403 Authorization_RequestDenied", async (_name, scope, call) => {
  const e = await graphError(call(as(scope)));
  expect(e.statusCode).toBe(403);
  expect(e.code).toBe("Authorization_RequestDenied");
});
