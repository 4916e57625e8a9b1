/** Handler-level tests of the directory routes (no sockets; permissions are enforced by the dispatcher, see contract tests). */
import { routes } from "./index";
import { DEFAULT_MAX_SECRET_LIFETIME_DAYS } from "./applications";
import { appPrincipal, errorCode, errorMessage, harness, json, userPrincipal, values } from "../testing/handlerHarness";
import {
  ADMIN_AGENTS, APP_ID, APP_OBJECT, APP_SP, CUSTOMER_A, CUSTOMER_GDAP_GROUP, LIFECYCLE_GROUP, OTHER_APP_OBJECT, OTHER_GDAP_GROUP,
  OTHER_USER, PARTNER, SERVICE_ACCOUNT, fixture,
} from "../testing/fixture";

const h = harness(fixture(), routes);
const reader = appPrincipal(PARTNER, ["Directory.Read.All"]);
const GA = "62e90394-69f5-4237-9190-012177145e10";

describe("users", () => {
  test("v1.0 returns the default property set; accountEnabled only with $select; beta returns it", () => {
    const v1 = values(h.call({ url: "/v1.0/users", principal: reader }));
    expect(v1.map((u) => u.userPrincipalName)).toEqual(["svc@contosoit.onmicrosoft.com", "ann@contosoit.onmicrosoft.com"]);
    expect(v1[0]).not.toHaveProperty("accountEnabled");
    const sel = values(h.call({ url: "/v1.0/users?$select=id,accountEnabled", principal: reader }));
    expect(sel[0]).toEqual({ id: SERVICE_ACCOUNT, accountEnabled: true });
    expect(values(h.call({ url: "/beta/users", principal: reader }))[0]).toHaveProperty("accountEnabled", true);
  });

  test("by id, by UPN, 404 for an unknown one", () => {
    expect(json(h.call({ url: `/v1.0/users/${SERVICE_ACCOUNT}`, principal: reader })).displayName).toBe("Lifecycle Service");
    expect(json(h.call({ url: "/v1.0/users/SVC@contosoit.onmicrosoft.com", principal: reader })).id).toBe(SERVICE_ACCOUNT);
    const res = h.call({ url: "/v1.0/users/nobody@contosoit.onmicrosoft.com", principal: reader });
    expect([res.status, errorCode(res)]).toEqual([404, "Request_ResourceNotFound"]);
    expect(json(h.call({ url: "/v1.0/users/nobody@x.com", principal: reader })).error).toBeDefined();
  });

  test("authentication methods reflect MFA registration", () => {
    const p = appPrincipal(PARTNER, ["UserAuthenticationMethod.Read.All"]);
    const mfa = values(h.call({ url: `/v1.0/users/${SERVICE_ACCOUNT}/authentication/methods`, principal: p }));
    expect(mfa.map((m) => m["@odata.type"])).toEqual(["#microsoft.graph.passwordAuthenticationMethod", "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod"]);
    const none = values(h.call({ url: `/v1.0/users/${OTHER_USER}/authentication/methods`, principal: p }));
    expect(none).toHaveLength(1);
  });

  test("a delegated user without an admin role cannot read someone else's methods", () => {
    const ann = userPrincipal(PARTNER, OTHER_USER, ["UserAuthenticationMethod.Read.All"]);
    const res = h.call({ url: `/v1.0/users/${SERVICE_ACCOUNT}/authentication/methods`, principal: ann });
    expect([res.status, errorCode(res)]).toEqual([403, "Authorization_RequestDenied"]);
    expect(h.call({ url: "/v1.0/me/authentication/methods", principal: ann }).status).toBe(200);
  });

  test("/me needs a delegated token", () => {
    const res = h.call({ url: "/v1.0/me", principal: reader });
    expect(res.status).toBe(400);
    expect(json(h.call({ url: "/v1.0/me", principal: userPrincipal(PARTNER, SERVICE_ACCOUNT, ["User.Read"]) })).id).toBe(SERVICE_ACCOUNT);
  });
});

describe("groups and members", () => {
  test("$filter=displayName eq 'AdminAgents'", () => {
    const res = values(h.call({ url: "/v1.0/groups?$filter=displayName eq 'AdminAgents'", principal: reader }));
    expect(res.map((g) => g.id)).toEqual([ADMIN_AGENTS]);
    expect(json(h.call({ url: "/v1.0/groups", principal: reader }))["@odata.context"]).toBe("https://127.0.0.1:4431/v1.0/$metadata#groups");
  });

  test("v1.0 members omit service principals; beta and $expand=members list them", () => {
    const v1 = values(h.call({ url: `/v1.0/groups/${ADMIN_AGENTS}/members`, principal: reader }));
    expect(v1.map((m) => m["@odata.type"])).toEqual(["#microsoft.graph.user"]);
    const beta = values(h.call({ url: `/beta/groups/${ADMIN_AGENTS}/members`, principal: reader }));
    expect(beta.map((m) => m.id)).toEqual([SERVICE_ACCOUNT, APP_SP]);
    const expanded = json(h.call({ url: `/v1.0/groups/${ADMIN_AGENTS}?$expand=members`, principal: reader }));
    expect((expanded.members as { id: string }[]).map((m) => m.id)).toEqual([SERVICE_ACCOUNT, APP_SP]);
  });

  test("members of a type the caller cannot read come back as id + @odata.type", () => {
    const p = appPrincipal(PARTNER, ["GroupMember.Read.All"]);
    const beta = values(h.call({ url: `/beta/groups/${ADMIN_AGENTS}/members`, principal: p }));
    expect(beta[1]).toEqual({ "@odata.type": "#microsoft.graph.servicePrincipal", id: APP_SP });
  });

  test("unsupported filter, bad id, unknown id", () => {
    const f = h.call({ url: "/v1.0/groups?$filter=description eq 'x'", principal: reader });
    expect([f.status, errorCode(f), errorMessage(f)]).toEqual([400, "Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified for property 'description' of resource 'Group'."]);
    expect(errorCode(h.call({ url: "/v1.0/groups/not-a-guid", principal: reader }))).toBe("Request_BadRequest");
    expect(h.call({ url: "/v1.0/groups/aaaaaaaa-0000-4000-8000-0000000000ff/members", principal: reader }).status).toBe(404);
    expect(errorMessage(h.call({ url: "/v1.0/groups?$top=1000", principal: reader }))).toBe("Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.");
  });

  test("transitiveMemberOf includes nested groups and directory roles; memberOf only direct", () => {
    const direct = values(h.call({ url: `/v1.0/users/${SERVICE_ACCOUNT}/memberOf`, principal: reader }));
    expect(direct.map((o) => o.id)).toEqual(expect.arrayContaining([ADMIN_AGENTS, LIFECYCLE_GROUP]));
    expect(direct.map((o) => o.id)).not.toContain(CUSTOMER_GDAP_GROUP);
    expect(direct.find((o) => o["@odata.type"] === "#microsoft.graph.directoryRole")?.roleTemplateId).toBe(GA);
    const all = values(h.call({ url: `/v1.0/users/${SERVICE_ACCOUNT}/transitiveMemberOf`, principal: reader }));
    expect(all.map((o) => o.id)).toContain(CUSTOMER_GDAP_GROUP);
    const sp = values(h.call({ url: `/v1.0/servicePrincipals/${APP_SP}/memberOf`, principal: reader }));
    expect(sp.map((o) => o.id)).toEqual([ADMIN_AGENTS]);
  });
});

describe("checkMemberGroups / getMemberGroups", () => {
  test("transitive: the lifecycle group is inside the customer's GDAP group, not the other one", () => {
    const res = h.call({ method: "POST", url: `/v1.0/groups/${LIFECYCLE_GROUP}/checkMemberGroups`, principal: reader, body: { groupIds: [CUSTOMER_GDAP_GROUP, OTHER_GDAP_GROUP] } });
    expect(values(res)).toEqual([CUSTOMER_GDAP_GROUP]);
    expect(json(res)["@odata.context"]).toBe("https://127.0.0.1:4431/v1.0/$metadata#Collection(Edm.String)");
    const user = h.call({ method: "POST", url: `/v1.0/directoryObjects/${SERVICE_ACCOUNT}/checkMemberGroups`, principal: reader, body: { groupIds: [CUSTOMER_GDAP_GROUP] } });
    expect(values(user)).toEqual([CUSTOMER_GDAP_GROUP]);
  });

  test("more than 20 ids, malformed body, unknown object", () => {
    const ids = Array.from({ length: 21 }, (_, i) => `aaaaaaaa-0000-4000-8000-${String(i).padStart(12, "0")}`);
    const many = h.call({ method: "POST", url: `/v1.0/groups/${LIFECYCLE_GROUP}/checkMemberGroups`, principal: reader, body: { groupIds: ids } });
    expect([many.status, errorCode(many)]).toEqual([400, "Request_BadRequest"]);
    expect(h.call({ method: "POST", url: `/v1.0/groups/${LIFECYCLE_GROUP}/checkMemberGroups`, principal: reader, body: { ids: [] } }).status).toBe(400);
    expect(h.call({ method: "POST", url: `/v1.0/groups/${LIFECYCLE_GROUP}/checkMemberGroups`, principal: reader }).status).toBe(400);
    expect(h.call({ method: "POST", url: "/v1.0/directoryObjects/aaaaaaaa-0000-4000-8000-0000000000ff/checkMemberGroups", principal: reader, body: { groupIds: [] } }).status).toBe(404);
  });

  test("getMemberGroups is transitive", () => {
    const res = h.call({ method: "POST", url: `/v1.0/users/${SERVICE_ACCOUNT}/getMemberGroups`, principal: reader, body: { securityEnabledOnly: true } });
    expect(values(res)).toEqual(expect.arrayContaining([ADMIN_AGENTS, LIFECYCLE_GROUP, CUSTOMER_GDAP_GROUP]));
  });
});

describe("role assignments", () => {
  test("$filter by principalId shows the service account still holds Global Administrator", () => {
    const res = values(h.call({ url: `/v1.0/roleManagement/directory/roleAssignments?$filter=principalId eq '${SERVICE_ACCOUNT}'`, principal: reader }));
    expect(res.map((r) => r.roleDefinitionId)).toEqual([GA]);
    expect(res[0]).not.toHaveProperty("principalOrganizationId");
  });

  test("customer side: GDAP access container as a partner reference with $expand=principal", () => {
    const p = appPrincipal(CUSTOMER_A, ["RoleManagement.Read.Directory"]);
    const url = "/beta/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3'&$expand=principal";
    const res = values(h.call({ url, principal: p }));
    expect(res).toHaveLength(1);
    expect(res[0].principalOrganizationId).toBe(PARTNER);
    expect(res[0].principal).toMatchObject({
      "@odata.type": "#microsoft.graph.directoryObjectPartnerReference",
      id: CUSTOMER_GDAP_GROUP,
      displayName: "Fabrikam App Admins",
      externalPartnerTenantId: PARTNER,
    });
  });
});

describe("applications", () => {
  test("$filter=appId eq, applications(appId=…), hint but no secret", () => {
    const list = values(h.call({ url: `/v1.0/applications?$filter=appId eq '${APP_ID}'&$select=id,appId,passwordCredentials,requiredResourceAccess`, principal: reader }));
    expect(list).toHaveLength(1);
    const cred = (list[0].passwordCredentials as Record<string, unknown>[])[0];
    expect(cred).toMatchObject({ hint: "abc", secretText: null, endDateTime: "2025-01-27T09:00:00Z" });
    expect(list[0].requiredResourceAccess).toEqual([
      { resourceAppId: "00000003-0000-0000-c000-000000000000", resourceAccess: [{ id: "2f51be20-0bb4-4fed-bf7b-db946066c75e", type: "Role" }] },
    ]);
    expect(json(h.call({ url: `/v1.0/applications(appId='${APP_ID}')`, principal: reader })).id).toBe(APP_OBJECT);
    expect(h.call({ url: "/v1.0/applications(appId='aaaaaaaa-0000-4000-8000-0000000000ff')", principal: reader }).status).toBe(404);
  });

  test("Application.ReadWrite.OwnedBy sees and manages only its own registration", () => {
    const owned = appPrincipal(PARTNER, ["Application.ReadWrite.OwnedBy"], APP_ID);
    expect(values(h.call({ url: "/v1.0/applications", principal: owned })).map((a) => a.id)).toEqual([APP_OBJECT]);
    expect(h.call({ url: `/v1.0/applications/${OTHER_APP_OBJECT}`, principal: owned }).status).toBe(403);
    expect(h.call({ method: "POST", url: `/v1.0/applications/${OTHER_APP_OBJECT}/addPassword`, principal: owned, body: {} }).status).toBe(403);
  });

  test("addPassword within the policy, then removePassword", () => {
    const owned = appPrincipal(PARTNER, ["Application.ReadWrite.OwnedBy"], APP_ID);
    const res = h.call({
      method: "POST", url: `/v1.0/applications/${APP_OBJECT}/addPassword`, principal: owned,
      body: { passwordCredential: { displayName: "rotated", endDateTime: "2026-01-15T09:00:00Z" } },
    });
    expect(res.status).toBe(200);
    const body = json(res);
    expect(typeof body.secretText).toBe("string");
    expect(body.hint).toBe(String(body.secretText).slice(0, 3));
    expect(body.startDateTime).toBe("2025-01-15T09:00:00Z");
    const after = json(h.call({ url: `/v1.0/applications/${APP_OBJECT}`, principal: reader })).passwordCredentials as { keyId: string; secretText: unknown }[];
    expect(after).toHaveLength(2);
    expect(after.every((c) => c.secretText === null)).toBe(true);
    const rm = h.call({ method: "POST", url: `/v1.0/applications/${APP_OBJECT}/removePassword`, principal: owned, body: { keyId: body.keyId } });
    expect(rm.status).toBe(204);
    expect(h.call({ method: "POST", url: `/v1.0/applications/${APP_OBJECT}/removePassword`, principal: owned, body: { keyId: body.keyId } }).status).toBe(400);
  });

  test("addPassword over the maximum lifetime is refused by the policy", () => {
    const p = appPrincipal(PARTNER, ["Application.ReadWrite.All"]);
    const end = new Date(Date.parse("2025-01-15T09:00:00Z") + (DEFAULT_MAX_SECRET_LIFETIME_DAYS + 1) * 86_400_000).toISOString();
    const res = h.call({ method: "POST", url: `/v1.0/applications/${APP_OBJECT}/addPassword`, principal: p, body: { passwordCredential: { endDateTime: end } } });
    expect([res.status, errorMessage(res)]).toEqual([400, "Credential lifetime exceeds the max value allowed as per assigned policy."]);
  });

  test("a delegated user without an application-admin role cannot add a secret", () => {
    const ann = userPrincipal(PARTNER, OTHER_USER, ["Application.ReadWrite.All"]);
    expect(h.call({ method: "POST", url: `/v1.0/applications/${APP_OBJECT}/addPassword`, principal: ann, body: {} }).status).toBe(403);
  });
});

describe("service principals, consent, organization", () => {
  test("consent in a customer: service principal, app role assignments, Graph's app roles", () => {
    const p = appPrincipal(CUSTOMER_A, ["Application.Read.All"]);
    const sps = values(h.call({ url: `/v1.0/servicePrincipals?$filter=appId eq '${APP_ID}'`, principal: p }));
    expect(sps).toHaveLength(1);
    const assignments = values(h.call({ url: `/v1.0/servicePrincipals/${String(sps[0].id)}/appRoleAssignments`, principal: p }));
    expect(assignments.map((a) => a.appRoleId)).toEqual(["2f51be20-0bb4-4fed-bf7b-db946066c75e"]);
    const graph = values(h.call({ url: "/v1.0/servicePrincipals?$filter=appId eq '00000003-0000-0000-c000-000000000000'", principal: p }))[0];
    expect(graph.id).toBe(assignments[0].resourceId);
    const roles = graph.appRoles as { id: string; value: string }[];
    expect(roles.find((r) => r.id === assignments[0].appRoleId)?.value).toBe("DeviceManagementManagedDevices.Read.All");
  });

  test("organization is a collection of one; subscribedSkus", () => {
    const org = values(h.call({ url: "/v1.0/organization", principal: appPrincipal(CUSTOMER_A, ["Organization.Read.All"]) }));
    expect(org).toEqual([expect.objectContaining({ id: CUSTOMER_A, displayName: "Fabrikam" })]);
    expect(values(h.call({ url: "/v1.0/subscribedSkus", principal: appPrincipal(CUSTOMER_A, ["Organization.Read.All"]) }))).toEqual([]);
  });
});
