/**
 * The demo scenario (sim/scenarios/demo.json, "Contoso IT Partners") seen the way the product's checkers would see it,
 * with the REAL @azure/msal-node and @microsoft/microsoft-graph-client: every situation issue 3 asks the demo to hold
 * is observable through the calls and permissions a real MSP setup has.
 *
 * Tokens: the lifecycle app ("Asset Lifecycle Manager - Intune") with client credentials — in the partner tenant for
 * GDAP / directory / its own registration (DelegatedAdminRelationship.ReadWrite.All, GroupMember.Read.All,
 * RoleManagement.Read.Directory, Application.ReadWrite.OwnedBy), in each customer tenant for Intune (what that customer
 * consented), and for Partner Center (it is the partner's Partner Center web app).
 */
import path from "node:path";
import type { ConfidentialClientApplication } from "@azure/msal-node";
import { GraphError, PageIterator, type Client, type PageCollection } from "@microsoft/microsoft-graph-client";
import type { ManagedDevice } from "@microsoft/microsoft-graph-types";
import { DEMO_TENANTS as T } from "../../testing/demoTenants";
import { startHarness, type Harness } from "../../testing/harness";
import { graphError } from "../../testing/sdk";

const DEMO = path.join(__dirname, "../../scenarios/demo.json");

const PARTNER = "c0c0c0c0-0000-4000-8000-000000000000";
const LIFECYCLE_APP = { clientId: "ab000000-0000-4000-8000-000000000001", clientSecret: "demo-lifecycle-secret-0001" };
const LIFECYCLE_APP_OBJECT = "0b000000-0000-4000-8000-000000000001";
const LIFECYCLE_SP = "05000000-0000-4000-8000-000000000001";
const BOT_APP_ID = "ab000000-0000-4000-8000-000000000002";
const BOT_APP_OBJECT = "0b000000-0000-4000-8000-000000000002";
const SERVICE_ACCOUNT = "0a000000-0000-4000-8000-000000000001";
const ADMIN_AGENTS = "06000000-0000-4000-8000-000000000001";
const LIFECYCLE_GROUP_NAME = "GDAP Lifecycle Manager";

const GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";
const APP_ADMIN_ROLES = ["9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "158c047a-c907-4556-b7ef-446551a6b5f7"];
const REL = "/tenantRelationships/delegatedAdminRelationships";
const DAY_MS = 86_400_000;

interface Collection<T> {
  value: T[];
  "@odata.nextLink"?: string;
}
interface Relationship {
  "@odata.type": string;
  "@odata.etag": string;
  id: string;
  displayName: string;
  status: string;
  autoExtendDuration: string;
  endDateTime: string | null;
  accessDetails: { unifiedRoles: { roleDefinitionId: string }[] };
  indirectProviderTenantId?: string;
  isPartnerConsentPending?: boolean;
}
interface AccessAssignment {
  status: string;
  accessContainer: { accessContainerId: string };
  accessDetails: { unifiedRoles: { roleDefinitionId: string }[] };
}

let h: Harness;
/** One MSAL application per authority tenant, so its token cache is reused like the product's. */
const apps = new Map<string, ConfidentialClientApplication>();
let partnerV1: Client;
let partnerBeta: Client;
let lifecycleGroupId: string;

async function lifecycleToken(tenant: string, scope = "https://graph.microsoft.com/.default"): Promise<string> {
  let app = apps.get(tenant);
  if (!app) {
    app = h.msal({ ...LIFECYCLE_APP, tenant });
    apps.set(tenant, app);
  }
  const r = await app.acquireTokenByClientCredential({ scopes: [scope] });
  if (!r) throw new Error("MSAL returned no token");
  return r.accessToken;
}

beforeAll(async () => {
  h = await startHarness({ scenario: DEMO, port: 0 });
  partnerV1 = h.graph({ getToken: () => lifecycleToken(PARTNER) });
  partnerBeta = h.graph({ getToken: () => lifecycleToken(PARTNER), version: "beta" });
  const groups = (await partnerV1.api("/groups").filter(`displayName eq '${LIFECYCLE_GROUP_NAME}'`).select("id").get()) as Collection<{ id: string }>;
  expect(groups.value).toHaveLength(1);
  lifecycleGroupId = groups.value[0].id;
});

afterAll(async () => {
  await h.stop();
});

/** Every item of a Graph collection, following nextLinks with the SDK's PageIterator. */
async function all<T>(client: Client, first: PageCollection): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 1;
  const orig = client.api.bind(client);
  const spy = jest.spyOn(client, "api").mockImplementation((p) => {
    pages++;
    return orig(p);
  });
  try {
    await new PageIterator(client, first, (item: T) => {
      items.push(item);
      return true;
    }).iterate();
  } finally {
    spy.mockRestore();
  }
  return { items, pages };
}

async function relationshipsOf(tenantId: string): Promise<Relationship[]> {
  const first = (await partnerV1.api(REL).filter(`customer/tenantId eq '${tenantId}'`).get()) as PageCollection;
  return (await all<Relationship>(partnerV1, first)).items;
}

const hasAppAdminRole = (roles: { roleDefinitionId: string }[]) => roles.some((r) => APP_ADMIN_ROLES.includes(r.roleDefinitionId));

/**
 * What a GDAP checker concludes for one customer, following reference/microsoft-apis.md §1: an active, non-MLT_
 * relationship with Application / Cloud Application Administrator, an active access assignment of that role, and the
 * lifecycle group a (transitive) member of that assignment's access container.
 */
async function gdapVerdict(tenantId: string): Promise<string> {
  const rels = await relationshipsOf(tenantId);
  if (rels.length === 0) return "no relationship";
  const active = rels.filter((r) => r.status === "active");
  if (active.length === 0) return rels.some((r) => r.status === "expired") ? "expired" : "not active";
  const usable = active.filter((r) => !r.displayName.startsWith("MLT_"));
  if (usable.length === 0) return "only MLT_";
  const withRole = usable.filter((r) => hasAppAdminRole(r.accessDetails.unifiedRoles));
  if (withRole.length === 0) return "no application administrator role";
  const assignments: AccessAssignment[] = [];
  for (const r of withRole) {
    const res = (await partnerV1.api(`${REL}/${r.id}/accessAssignments`).get()) as Collection<AccessAssignment>;
    assignments.push(...res.value.filter((a) => hasAppAdminRole(a.accessDetails.unifiedRoles)));
  }
  const activeAssignments = assignments.filter((a) => a.status === "active");
  if (activeAssignments.length === 0) return assignments.some((a) => a.status === "pending") ? "assignment pending" : "no assignment";
  const containers = activeAssignments.map((a) => a.accessContainer.accessContainerId).slice(0, 20);
  const member = (await partnerV1.api(`/groups/${lifecycleGroupId}/checkMemberGroups`).post({ groupIds: containers })) as Collection<string>;
  return member.value.length === 0 ? "lifecycle group not in the access container" : "ok";
}

describe("GDAP, as the partner's lifecycle app sees it", () => {
  test.each<[string, string, string]>([
    ["Fabrikam (healthy)", "ok", T.fabrikam],
    ["Northwind (healthy)", "ok", T.northwind],
    ["Tailspin (healthy)", "ok", T.tailspin],
    ["Adventure Works", "no relationship", T.adventureWorks],
    ["Litware", "expired", T.litware],
    ["Woodgrove", "no application administrator role", T.woodgrove],
    ["Proseware", "lifecycle group not in the access container", T.proseware],
    ["Wide World Importers", "assignment pending", T.wideWorld],
    ["Coho Winery", "only MLT_", T.coho],
    ["Alpine Ski House", "ok", T.alpine],
    ["Trey Research", "ok", T.trey],
    ["Relecloud", "ok", T.relecloud],
    ["Contoso Pharmaceuticals", "ok", T.pharma],
    ["Fourth Coffee", "ok", T.fourthCoffee],
  ])("%s → %s", async (_name, verdict, tenantId) => {
    expect(await gdapVerdict(tenantId)).toBe(verdict);
  });

  test("Alpine Ski House: Global Administrator in the relationship, so PATCH autoExtendDuration P180D is refused", async () => {
    const [rel] = await relationshipsOf(T.alpine);
    expect(rel.accessDetails.unifiedRoles.map((r) => r.roleDefinitionId)).toContain(GLOBAL_ADMIN);
    expect(rel.autoExtendDuration).toBe("PT0S");
    const e = await graphError(partnerV1.api(`${REL}/${rel.id}`).header("If-Match", rel["@odata.etag"]).patch({ autoExtendDuration: "P180D" }));
    expect([e.statusCode, e.code]).toEqual([400, "BadRequest"]);
    expect(e.message).toMatch(/Global Administrator/);
    const after = (await partnerV1.api(`${REL}/${rel.id}`).get()) as Relationship;
    expect([after.autoExtendDuration, after["@odata.etag"]]).toEqual(["PT0S", rel["@odata.etag"]]);
  });

  test("Fourth Coffee: active, ends in 5 days (sim clock), auto-extend off — and turning it on is allowed", async () => {
    const [rel] = await relationshipsOf(T.fourthCoffee);
    expect([rel.status, rel.autoExtendDuration]).toEqual(["active", "PT0S"]);
    const days = (Date.parse(rel.endDateTime ?? "") - h.sim.clock.now().getTime()) / DAY_MS;
    expect(days).toBeGreaterThan(4.99);
    expect(days).toBeLessThanOrEqual(5);
    const updated = (await partnerV1.api(`${REL}/${rel.id}`).header("If-Match", rel["@odata.etag"]).patch({ autoExtendDuration: "P180D" })) as Relationship;
    expect(updated.autoExtendDuration).toBe("P180D");
    expect(updated["@odata.etag"]).not.toBe(rel["@odata.etag"]);
  });

  test("healthy relationships auto-extend; no active relationship but Fourth Coffee's ends within 30 days without auto-extend", async () => {
    const first = (await partnerV1.api(REL).filter("status eq 'active'").top(5).get()) as PageCollection;
    const { items, pages } = await all<Relationship & { customer: { tenantId: string } }>(partnerV1, first);
    expect(pages).toBeGreaterThan(1);
    const now = h.sim.clock.now().getTime();
    const soon = items.filter((r) => r.endDateTime && Date.parse(r.endDateTime) - now < 30 * DAY_MS && r.autoExtendDuration === "PT0S");
    // Fourth Coffee's may have been extended by the previous test; ask for what the demo holds regardless of order.
    expect(soon.map((r) => r.customer.tenantId).filter((t) => t !== T.fourthCoffee)).toEqual([]);
    for (const t of [T.fabrikam, T.northwind, T.tailspin]) expect(items.find((r) => r.customer.tenantId === t)?.autoExtendDuration).toBe("P180D");
  });
});

describe("indirect reseller: Trey Research", () => {
  interface PcCustomers {
    items: { id: string; companyProfile: { companyName: string }; relationshipToPartner: string; associatedPartnerId?: string }[];
  }

  test("Partner Center lists it as a reseller customer with an associated partner; GDAP has a resellerDelegatedAdminRelationship", async () => {
    const token = await lifecycleToken(PARTNER, "https://api.partnercenter.microsoft.com/.default");
    const res = await h.fetch<PcCustomers>("partnerCenter", "/v1/customers?size=100", { token });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(14);
    const trey = res.body.items.find((c) => c.id === T.trey);
    expect(trey).toMatchObject({ relationshipToPartner: "reseller", companyProfile: { companyName: "Trey Research" } });
    expect(trey?.associatedPartnerId).toBeDefined();
    expect(res.body.items.filter((c) => c.associatedPartnerId !== undefined).map((c) => c.id)).toEqual([T.trey]);

    const [rel] = await relationshipsOf(T.trey);
    expect(rel["@odata.type"]).toBe("#microsoft.graph.resellerDelegatedAdminRelationship");
    expect(rel).toMatchObject({ indirectProviderTenantId: "d1000000-0000-4000-8000-000000000001", isPartnerConsentPending: false });
    const direct = await relationshipsOf(T.fabrikam);
    expect(direct.map((r) => r["@odata.type"])).toEqual(["#microsoft.graph.delegatedAdminRelationship"]);
  });
});

describe("Intune, with the lifecycle app's token in each customer tenant", () => {
  type Outcome = { devices: number; pages: number } | { tokenError: string } | { graphError: [number, string, string] };

  async function intuneOutcome(tenantId: string): Promise<Outcome> {
    let token: string;
    try {
      token = await lifecycleToken(tenantId);
    } catch (e) {
      const m = /AADSTS\d+/.exec((e as { errorMessage?: string }).errorMessage ?? "");
      return { tokenError: m ? m[0] : "unknown" };
    }
    const client = h.graph({ getToken: () => Promise.resolve(token) });
    try {
      const first = (await client.api("/deviceManagement/managedDevices").select(["id", "deviceName", "operatingSystem"]).top(200).get()) as PageCollection;
      const { items, pages } = await all<ManagedDevice>(client, first);
      expect(new Set(items.map((d) => d.id)).size).toBe(items.length);
      return { devices: items.length, pages };
    } catch (e) {
      if (e instanceof GraphError) return { graphError: [e.statusCode, e.code ?? "", e.message] };
      throw e;
    }
  }

  test.each<[string, string, Outcome]>([
    ["Fabrikam (healthy, 250 devices)", T.fabrikam, { devices: 250, pages: 2 }],
    ["Northwind (healthy, 500 devices)", T.northwind, { devices: 500, pages: 3 }],
    ["Tailspin (healthy, 50 devices)", T.tailspin, { devices: 50, pages: 1 }],
    ["Relecloud (lifecycle app not consented)", T.relecloud, { tokenError: "AADSTS700016" }],
    ["Contoso Pharmaceuticals (Intune not licensed)", T.pharma, { graphError: [400, "BadRequest", "Request not applicable to target tenant."] }],
  ])("%s", async (_name, tenantId, expected) => {
    expect(await intuneOutcome(tenantId)).toEqual(expected);
  });

  test("the healthy tenants hold 50–500 devices; Relecloud's failure is MSAL's unauthorized_client", async () => {
    for (const t of [T.fabrikam, T.northwind, T.tailspin]) {
      const n = h.sim.world.inventory.deviceCount(t);
      expect(n).toBeGreaterThanOrEqual(50);
      expect(n).toBeLessThanOrEqual(500);
    }
    const err = await lifecycleToken(T.relecloud).then(
      () => undefined,
      (e: unknown) => e as { errorCode?: string; errorMessage?: string },
    );
    expect(err?.errorCode).toBe("unauthorized_client");
    expect(err?.errorMessage).toMatch(/AADSTS700016: Application with identifier 'ab000000-0000-4000-8000-000000000001' was not found/);
  });
});

describe("partner tenant hygiene", () => {
  test("the service account still holds Global Administrator (roleAssignments by principalId)", async () => {
    const res = (await partnerV1.api("/roleManagement/directory/roleAssignments").filter(`principalId eq '${SERVICE_ACCOUNT}'`).get()) as Collection<{ roleDefinitionId: string; principalId: string }>;
    expect(res.value.map((r) => r.roleDefinitionId)).toEqual([GLOBAL_ADMIN]);
    expect(res.value.every((r) => r.principalId === SERVICE_ACCOUNT)).toBe(true);
  });

  test("the lifecycle app's secret ends in 12 days of the simulator's clock (read through its own registration)", async () => {
    const app = (await partnerV1.api(`/applications(appId='${LIFECYCLE_APP.clientId}')`).select("id,appId,passwordCredentials").get()) as {
      id: string;
      passwordCredentials: { endDateTime: string; hint: string; secretText: string | null }[];
    };
    expect(app.id).toBe(LIFECYCLE_APP_OBJECT);
    expect(app.passwordCredentials).toHaveLength(1);
    const [cred] = app.passwordCredentials;
    expect([cred.hint, cred.secretText]).toEqual([LIFECYCLE_APP.clientSecret.slice(0, 3), null]);
    const days = (Date.parse(cred.endDateTime) - h.sim.clock.now().getTime()) / DAY_MS;
    expect(days).toBeGreaterThan(11.99);
    expect(days).toBeLessThanOrEqual(12);
  });

  test("Application.ReadWrite.OwnedBy: writes its own registration (owned by its service principal) only; the policy caps new secrets at 730 days", async () => {
    // Directory.Read.All (the Partner Center web app's application permission) reads every registration ...
    const list = (await partnerV1.api("/applications").select("id").get()) as Collection<{ id: string }>;
    expect(list.value.map((a) => a.id).sort()).toEqual([LIFECYCLE_APP_OBJECT, BOT_APP_OBJECT]);
    // ... but OwnedBy writes only the owned one.
    const denied = await graphError(partnerV1.api(`/applications(appId='${BOT_APP_ID}')/addPassword`).post({ passwordCredential: { displayName: "not mine" } }));
    expect([denied.statusCode, denied.code]).toEqual([403, "Authorization_RequestDenied"]);
    const start = h.sim.clock.now().getTime();
    const tooLong = await graphError(
      partnerV1.api(`/applications/${LIFECYCLE_APP_OBJECT}/addPassword`).post({
        passwordCredential: { displayName: "too long", endDateTime: new Date(start + 731 * DAY_MS).toISOString() },
      }),
    );
    expect([tooLong.statusCode, tooLong.message]).toEqual([400, "Credential lifetime exceeds the max value allowed as per assigned policy."]);
  });

  test("AdminAgents holds the service account and the lifecycle app: v1.0 members omit the service principal, beta lists it", async () => {
    const groups = (await partnerV1.api("/groups").filter("displayName eq 'AdminAgents'").select("id").get()) as Collection<{ id: string }>;
    expect(groups.value.map((g) => g.id)).toEqual([ADMIN_AGENTS]);
    const v1 = (await partnerV1.api(`/groups/${ADMIN_AGENTS}/members`).get()) as Collection<{ id: string; "@odata.type": string }>;
    const beta = (await partnerBeta.api(`/groups/${ADMIN_AGENTS}/members`).get()) as Collection<{ id: string; "@odata.type": string }>;
    expect(v1.value.map((m) => m.id)).toContain(SERVICE_ACCOUNT);
    expect(v1.value.map((m) => m.id)).not.toContain(LIFECYCLE_SP);
    expect(beta.value.map((m) => m.id)).toEqual(expect.arrayContaining([SERVICE_ACCOUNT, LIFECYCLE_SP]));
    expect(beta.value.find((m) => m.id === LIFECYCLE_SP)?.["@odata.type"]).toBe("#microsoft.graph.servicePrincipal");
  });
});
