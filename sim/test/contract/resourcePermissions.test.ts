/**
 * Resource service principals declare their permissions, through the REAL @azure/msal-node and
 * @microsoft/microsoft-graph-client: Microsoft Partner Center's `user_impersonation` scope and WindowsDefenderATP's app
 * roles (Microsoft's ids), read as the product reads them (`servicePrincipals(appId='…')?$select=appRoles,
 * oauth2PermissionScopes` and `servicePrincipals?$filter=appId eq '…'`); the ids of requiredResourceAccess,
 * appRoleAssignments and oauth2PermissionGrants resolve against them; the resource's service principal is present
 * where the scenario refers to its permissions (and only there).
 */
import type { Client } from "@microsoft/microsoft-graph-client";
import type * as MG from "@microsoft/microsoft-graph-types";
import type { ScenarioInput } from "../../scenario/schema";
import { startHarness, type Harness } from "../../testing/harness";
import { graphError } from "../../testing/sdk";

const PARTNER = "70000000-0000-4000-8000-000000000001";
const CONSENTED = "70000000-0000-4000-8000-0000000000c1"; // consented the app (Defender roles, Partner Center delegated)
const ONBOARDED = "70000000-0000-4000-8000-0000000000c2"; // onboarded to Defender, nothing consented
const PLAIN = "70000000-0000-4000-8000-0000000000c3"; // neither
const READER = { clientId: "71000000-0000-4000-8000-000000000001", clientSecret: "reader-secret-value" };
const APP = "71000000-0000-4000-8000-000000000002";
const PC_APP_ID = "fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd";
const DEFENDER_APP_ID = "fc780465-2017-40d4-a0c5-307022471b92";
const USER_IMPERSONATION = "1cebfa2a-fb4d-419e-b5f9-839b4383e05a";
const DEFENDER_ROLES: Record<string, string> = {
  "Machine.Read.All": "ea8291d3-4b9a-44b5-bc3a-6cea3026dc79",
  "Machine.ReadWrite.All": "aa027352-232b-4ed4-b963-a705fc4d6d2c",
  "Vulnerability.Read.All": "41269fc5-d04d-4bfd-bce7-43a51cea049a",
  "Software.Read.All": "37f71c98-d198-41ae-964d-2c49aab74926",
};

const readerApp = (grants: string[]) => ({ appId: READER.clientId, applicationPermissions: { graph: grants } });

const scenario: ScenarioInput = {
  name: "resource permissions",
  seed: 11,
  throttling: { profile: "off" },
  partner: {
    tenantId: PARTNER,
    displayName: "Partner",
    domain: "rp-partner.onmicrosoft.com",
    applications: [
      {
        id: "72000000-0000-4000-8000-000000000001",
        appId: READER.clientId,
        displayName: "Reader",
        signInAudience: "AzureADMultipleOrgs",
        servicePrincipalId: "73000000-0000-4000-8000-000000000001",
        passwordCredentials: [{ keyId: "74000000-0000-4000-8000-000000000001", secretText: READER.clientSecret, startDateTime: "-1d", endDateTime: "+300d" }],
        grantedApplicationPermissions: { graph: ["Application.Read.All", "DelegatedPermissionGrant.Read.All"] },
      },
      {
        id: "72000000-0000-4000-8000-000000000002",
        appId: APP,
        displayName: "Lifecycle",
        signInAudience: "AzureADMultipleOrgs",
        servicePrincipalId: "73000000-0000-4000-8000-000000000002",
        requiredApplicationPermissions: { graph: ["DeviceManagementManagedDevices.Read.All"], defender: ["Machine.Read.All", "Score.Read.All"] },
        requiredDelegatedPermissions: { graph: ["User.Read"], partnerCenter: ["user_impersonation"] },
      },
    ],
  },
  customers: [
    {
      tenantId: CONSENTED,
      displayName: "Consented",
      domain: "rp-consented.onmicrosoft.com",
      consentedApps: [readerApp(["Application.Read.All", "DelegatedPermissionGrant.Read.All"]), { appId: APP, applicationPermissions: { graph: ["DeviceManagementManagedDevices.Read.All"], defender: ["Machine.Read.All", "Score.Read.All"] } }],
    },
    { tenantId: ONBOARDED, displayName: "Onboarded", domain: "rp-onboarded.onmicrosoft.com", defender: { onboarded: true }, consentedApps: [readerApp(["Application.Read.All"])] },
    { tenantId: PLAIN, displayName: "Plain", domain: "rp-plain.onmicrosoft.com", consentedApps: [readerApp(["Application.Read.All"])] },
  ],
};

interface Collection<T> {
  value: T[];
}
type ResourceSp = Pick<MG.ServicePrincipal, "id" | "appId" | "appRoles" | "oauth2PermissionScopes">;

let h: Harness;
const clients = new Map<string, Client>();
const graph = (tenant: string): Client => {
  let c = clients.get(tenant);
  if (!c) {
    c = h.graph({ getToken: () => h.appToken({ ...READER, tenant }) });
    clients.set(tenant, c);
  }
  return c;
};
/** As the product asks: the resource's service principal by appId with only its permissions. */
const byAppId = async (tenant: string, appId: string) =>
  (await graph(tenant).api(`/servicePrincipals(appId='${appId}')`).select(["id", "appId", "appRoles", "oauth2PermissionScopes"]).get()) as ResourceSp;
const filtered = async (tenant: string, appId: string) =>
  ((await graph(tenant).api("/servicePrincipals").filter(`appId eq '${appId}'`).get()) as Collection<ResourceSp>).value;
const names = (list: { id?: string | null; value?: string | null }[] | null | undefined) => new Map((list ?? []).map((p) => [p.id ?? "", p.value ?? ""]));

beforeAll(async () => {
  h = await startHarness({ scenario, port: 0 });
});
afterAll(async () => {
  await h.stop();
});

describe("Microsoft Partner Center's service principal", () => {
  test("declares the delegated permission user_impersonation (Microsoft's id) and no app roles", async () => {
    const sp = await byAppId(PARTNER, PC_APP_ID);
    expect(sp.appRoles).toEqual([]);
    expect(sp.oauth2PermissionScopes).toEqual([
      expect.objectContaining({ id: USER_IMPERSONATION, value: "user_impersonation", isEnabled: true, adminConsentDisplayName: "Access Partner Center" }),
    ]);
    expect((await filtered(PARTNER, PC_APP_ID)).map((s) => names(s.oauth2PermissionScopes).get(USER_IMPERSONATION))).toEqual(["user_impersonation"]);
  });

  test("a registration's requiredResourceAccess names it by that id", async () => {
    const app = (await graph(PARTNER).api(`/applications(appId='${APP}')`).select(["requiredResourceAccess"]).get()) as MG.Application;
    const pc = app.requiredResourceAccess?.find((r) => r.resourceAppId === PC_APP_ID);
    expect(pc?.resourceAccess).toEqual([{ id: USER_IMPERSONATION, type: "Scope" }]);
  });

  test("in a customer that consented an app requesting it: present, and the grant's resource and scope resolve against it", async () => {
    const sp = await byAppId(CONSENTED, PC_APP_ID);
    expect(names(sp.oauth2PermissionScopes).get(USER_IMPERSONATION)).toBe("user_impersonation");
    const [client] = await filtered(CONSENTED, APP);
    const grants = ((await graph(CONSENTED).api("/oauth2PermissionGrants").filter(`clientId eq '${client.id ?? ""}'`).get()) as Collection<MG.OAuth2PermissionGrant>).value;
    expect(grants.find((g) => g.resourceId === sp.id)?.scope).toBe("user_impersonation");
  });

  test("absent from a customer that refers to none of its permissions", async () => {
    expect(await filtered(PLAIN, PC_APP_ID)).toEqual([]);
    expect((await graphError(byAppId(PLAIN, PC_APP_ID))).statusCode).toBe(404);
  });
});

describe("WindowsDefenderATP's service principal", () => {
  test("in the partner (its registrations request Defender permissions): app roles with Microsoft's ids, delegated scopes", async () => {
    const [sp] = await filtered(PARTNER, DEFENDER_APP_ID);
    const roles = names(sp.appRoles);
    for (const [value, id] of Object.entries(DEFENDER_ROLES)) expect(roles.get(id)).toBe(value);
    expect(sp.appRoles?.every((r) => r.allowedMemberTypes?.includes("Application") && r.isEnabled)).toBe(true);
    expect([...names(sp.oauth2PermissionScopes).values()]).toEqual(expect.arrayContaining(["Machine.Read", "Machine.ReadWrite"]));
    expect((await byAppId(PARTNER, DEFENDER_APP_ID)).appRoles).toEqual(sp.appRoles);
  });

  test("requiredResourceAccess ids resolve to names on it, a permission it does not list by Microsoft's id included", async () => {
    const app = (await graph(PARTNER).api(`/applications(appId='${APP}')`).select(["requiredResourceAccess"]).get()) as MG.Application;
    const access = app.requiredResourceAccess?.find((r) => r.resourceAppId === DEFENDER_APP_ID)?.resourceAccess ?? [];
    const roles = names((await byAppId(PARTNER, DEFENDER_APP_ID)).appRoles);
    expect(access.map((a) => [roles.get(a.id ?? ""), a.type])).toEqual([["Machine.Read.All", "Role"], ["Score.Read.All", "Role"]]);
  });

  test("in a customer that consented Defender roles: the app role assignments point at it and resolve to names", async () => {
    const [sp] = await filtered(CONSENTED, DEFENDER_APP_ID);
    const [client] = await filtered(CONSENTED, APP);
    const assignments = ((await graph(CONSENTED).api(`/servicePrincipals/${client.id ?? ""}/appRoleAssignments`).get()) as Collection<MG.AppRoleAssignment>).value;
    const onDefender = assignments.filter((a) => a.resourceId === sp.id);
    expect(onDefender.map((a) => names(sp.appRoles).get(a.appRoleId ?? "")).sort()).toEqual(["Machine.Read.All", "Score.Read.All"]);
    expect(onDefender.map((a) => a.resourceDisplayName)).toEqual(["WindowsDefenderATP", "WindowsDefenderATP"]);
  });

  test("in a customer onboarded to Defender for Endpoint; not in one that is neither onboarded nor refers to it", async () => {
    expect(names((await byAppId(ONBOARDED, DEFENDER_APP_ID)).appRoles).get(DEFENDER_ROLES["Machine.Read.All"])).toBe("Machine.Read.All");
    expect(await filtered(PLAIN, DEFENDER_APP_ID)).toEqual([]);
    expect((await graphError(byAppId(PLAIN, DEFENDER_APP_ID))).statusCode).toBe(404);
  });

  test("ids are the same in every tenant and every run", async () => {
    const again = await startHarness({ scenario, port: 0 });
    try {
      const other = again.graph({ getToken: () => again.appToken({ ...READER, tenant: ONBOARDED }) });
      const sp = (await other.api(`/servicePrincipals(appId='${DEFENDER_APP_ID}')`).select(["appRoles", "oauth2PermissionScopes"]).get()) as ResourceSp;
      const here = await byAppId(CONSENTED, DEFENDER_APP_ID);
      expect(sp.appRoles).toEqual(here.appRoles);
      expect(sp.oauth2PermissionScopes).toEqual(here.oauth2PermissionScopes);
    } finally {
      await again.stop();
    }
  });
});
