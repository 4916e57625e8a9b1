/**
 * readPartnerSnapshot against the real simulator with the demo scenario (sim/scenarios/demo.json): every planted
 * misconfiguration shows in the right place of the snapshot, the healthy customers look healthy, and nothing secret
 * is in the snapshot or the logs. Partner-tenant reads use Tenant Pilot's own app ("ab…02", holding the partner reads
 * as application permissions); a second run uses the lifecycle app's narrower token and must degrade to Readable
 * failures, never crash.
 */
import path from "node:path";
import type { CustomerSnapshot, PartnerSnapshot } from "../../domain/snapshot";
import { DEMO_TENANTS as T } from "../../../sim/testing/demoTenants";
import { startHarness, type Harness } from "../../../sim/testing/harness";
import { readPartnerSnapshot, type SnapshotChoices } from "./snapshot";
import { simDeps, type SimDeps } from "./testing/simDeps";

const DEMO = path.join(__dirname, "../../../sim/scenarios/demo.json");
const PARTNER = "c0c0c0c0-0000-4000-8000-000000000000";
const LIFECYCLE = { clientId: "ab000000-0000-4000-8000-000000000001", clientSecret: "demo-lifecycle-secret-0001" };
const BOT = { clientId: "ab000000-0000-4000-8000-000000000002", clientSecret: "demo-bot-secret-0001" };
const SERVICE_ACCOUNT = "0a000000-0000-4000-8000-000000000001";
const ADMIN_AGENTS = "06000000-0000-4000-8000-000000000001";
const LIFECYCLE_GROUP = "06000000-0000-4000-8000-000000000003";
const APP_ADMINS_GROUP = "06000000-0000-4000-8000-000000000004";
const HELPDESK_GROUP = "06000000-0000-4000-8000-000000000005";
const LIFECYCLE_SP = "05000000-0000-4000-8000-000000000001";
const GA = "62e90394-69f5-4237-9190-012177145e10";
const APP_ADMIN = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3";
const CLOUD_APP_ADMIN = "158c047a-c907-4556-b7ef-446551a6b5f7";
const DAY = 86_400_000;

const REHEARSAL: SnapshotChoices = {
  source: "rehearsal",
  serviceAccountUpn: "svc-lifecycle@contosoitpartners.onmicrosoft.com",
  lifecycleGroupName: "GDAP Lifecycle Manager",
  lifecycleApp: { appId: LIFECYCLE.clientId, secret: LIFECYCLE.clientSecret },
  partnerCenterApp: { appId: LIFECYCLE.clientId, secret: LIFECYCLE.clientSecret },
};

let h: Harness;
let d: SimDeps;
let snap: PartnerSnapshot;
let now: Date;
const progress: [number, number][] = [];

beforeAll(async () => {
  h = await startHarness({ scenario: DEMO, port: 0 });
  d = simDeps(h.sim.urls, h.sim.caPem);
  now = h.sim.clock.now();
  snap = await readPartnerSnapshot(d.snapshotDeps(BOT, PARTNER, { partnerCenterApp: LIFECYCLE }), REHEARSAL, now, { onProgress: (a, b) => progress.push([a, b]) });
});

afterAll(async () => {
  d.cleanup();
  await h.stop();
});

const customer = (tenantId: string): CustomerSnapshot => {
  const c = snap.customers.find((x) => x.tenantId === tenantId);
  if (!c) throw new Error(`no customer ${tenantId}`);
  return c;
};
const ok = <T>(r: { ok: true; value: T } | { ok: false }): T => {
  if (!r.ok) throw new Error(`not readable: ${JSON.stringify(r)}`);
  return r.value;
};
const assignmentsOf = (tenantId: string) => customer(tenantId).relationships.flatMap((r) => ok(r.accessAssignments));

describe("the partner side", () => {
  test("partner, AdminAgents, reads all succeeded", () => {
    expect(snap.takenAt).toBe(now.toISOString());
    expect(snap.partner).toEqual({ tenantId: PARTNER, displayName: "Contoso IT Partners", domain: "contosoitpartners.onmicrosoft.com" });
    expect(snap.adminAgentsGroupId).toBe(ADMIN_AGENTS);
    expect([snap.gdapRead, snap.partnerCenterRead]).toEqual([{ ok: true, value: true }, { ok: true, value: true }]);
    expect(snap.lookupFailures).toBeUndefined();
    expect([snap.lifecycleKeyKnown, snap.defenderTracking, snap.m365Connected]).toEqual([true, false, false]);
  });

  test("the service account still holds Global Administrator, has MFA, is in AdminAgents", () => {
    expect(snap.serviceAccount).toEqual({
      source: "rehearsal",
      user: { id: SERVICE_ACCOUNT, userPrincipalName: "svc-lifecycle@contosoitpartners.onmicrosoft.com", displayName: "Lifecycle Service Account", accountEnabled: true },
      directoryRoles: { ok: true, value: [GA] },
      mfaMethods: { ok: true, value: ["microsoftAuthenticator"] },
      inAdminAgents: { ok: true, value: true },
    });
  });

  test("the lifecycle group: security group, assigned, holding the service account; contained in the App Administrators group only", () => {
    expect(snap.lifecycleGroup).toEqual({
      source: "rehearsal",
      id: LIFECYCLE_GROUP,
      displayName: "GDAP Lifecycle Manager",
      securityEnabled: true,
      mailEnabled: false,
      groupTypes: [],
      members: { ok: true, value: [{ id: SERVICE_ACCOUNT, type: "user" }] },
    });
    expect(snap.lifecycleGroupContainedIn).toEqual({ ok: true, value: [APP_ADMINS_GROUP] });
    expect(snap.groupNames).toMatchObject({ [APP_ADMINS_GROUP]: "GDAP Application Administrators", [HELPDESK_GROUP]: "GDAP Helpdesk" });
  });

  test("the lifecycle app: multitenant, secret ending in 12 days (no secret text), permissions by name, its principal in AdminAgents (beta-only fact)", () => {
    const app = snap.lifecycleApp;
    expect(app).toMatchObject({ source: "rehearsal", appId: LIFECYCLE.clientId, signInAudience: "AzureADMultipleOrgs", servicePrincipalId: LIFECYCLE_SP, inAdminAgents: { ok: true, value: true } });
    expect(app?.passwordCredentials).toHaveLength(1);
    expect((Date.parse(app?.passwordCredentials[0].endDateTime ?? "") - now.getTime()) / DAY).toBeCloseTo(12, 3);
    expect(app?.passwordCredentials[0].hint).toBe("dem");
    const names = (refs: { name: string; kind: string; resource: string }[]) => refs.map((r) => `${r.resource}:${r.kind}:${r.name}`);
    expect(names(app?.required ?? [])).toEqual(expect.arrayContaining(["graph:application:DeviceManagementManagedDevices.Read.All", "graph:application:Organization.Read.All"]));
    expect(names(ok(app?.granted ?? { ok: false }))).toEqual(expect.arrayContaining(["graph:application:DeviceManagementManagedDevices.Read.All", "graph:application:Organization.Read.All"]));
    expect(snap.partnerCenterApp).toMatchObject({ appId: LIFECYCLE.clientId, source: "rehearsal" });
  });

  test("no secret or token anywhere in the snapshot or the logs", () => {
    const text = JSON.stringify(snap) + d.lines.join("\n");
    for (const s of [LIFECYCLE.clientSecret, BOT.clientSecret]) expect(text).not.toContain(s);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });
});

describe("the customers: each planted situation where the checks look for it", () => {
  test("14 customers from GDAP and Partner Center; Adventure Works only from Partner Center, without a relationship", () => {
    expect(snap.customers.map((c) => c.tenantId).sort()).toEqual(Object.values(T).sort());
    expect(customer(T.adventureWorks)).toMatchObject({ sources: ["partnerCenter"], relationships: [] });
    expect(customer(T.fabrikam)).toMatchObject({ displayName: "Fabrikam, Inc.", domain: "fabrikam.onmicrosoft.com", sources: ["gdap", "partnerCenter"], relationshipToPartner: "reseller" });
  });

  test.each<[string, string, (c: CustomerSnapshot) => void]>([
    ["Litware", T.litware, (c) => expect(c.relationships.map((r) => r.status)).toEqual(["expired"])],
    ["Woodgrove: no Application / Cloud Application Administrator", T.woodgrove, (c) => {
      expect(c.relationships[0].status).toBe("active");
      expect(c.relationships[0].roles).not.toEqual(expect.arrayContaining([APP_ADMIN]));
      expect(c.relationships[0].roles).not.toContain(CLOUD_APP_ADMIN);
    }],
    ["Proseware: the role is assigned to GDAP Helpdesk, which does not contain the lifecycle group", T.proseware, () => {
      const a = assignmentsOf(T.proseware);
      expect(a.map((x) => [x.groupId, x.status])).toEqual([[HELPDESK_GROUP, "active"]]);
      expect(a[0].roles).toContain(APP_ADMIN);
      expect(ok(snap.lifecycleGroupContainedIn)).not.toContain(HELPDESK_GROUP);
    }],
    ["Wide World Importers: the App Administrators assignment is pending", T.wideWorld, () => {
      expect(assignmentsOf(T.wideWorld).find((a) => a.groupId === APP_ADMINS_GROUP)?.status).toBe("pending");
    }],
    ["Coho Winery: only an MLT_ relationship", T.coho, (c) => expect(c.relationships.map((r) => r.displayName)).toEqual(["MLT_Contoso_CohoWinery_2023"])],
    ["Alpine Ski House: Global Administrator in the relationship, no auto-extend", T.alpine, (c) => {
      expect(c.relationships[0].roles).toContain(GA);
      expect(c.relationships[0].autoExtendDuration).toBe("PT0S");
    }],
    ["Trey Research: a reseller relationship, and Partner Center names its indirect reseller", T.trey, (c) => {
      expect(c.relationships[0].isReseller).toBe(true);
      expect(c.associatedPartnerId).toBeDefined();
      expect(customer(T.fabrikam).associatedPartnerId).toBeUndefined();
    }],
    ["Relecloud: the lifecycle app is not consented", T.relecloud, (c) => {
      expect(c.lifecycleApp?.token).toMatchObject({ ok: false, error: { code: "notConsented" } });
      expect(c.lifecycleApp?.intune).toBeUndefined();
    }],
    ["Contoso Pharmaceuticals: Intune not licensed", T.pharma, (c) => {
      expect(ok(c.lifecycleApp?.token ?? { ok: false }).roles).toContain("DeviceManagementManagedDevices.Read.All");
      expect(c.lifecycleApp?.intune).toMatchObject({ ok: false, error: { code: "intuneNotLicensed" } });
    }],
    ["Fourth Coffee: ends in 5 days, auto-extend off", T.fourthCoffee, (c) => {
      const r = c.relationships[0];
      expect(r.autoExtendDuration).toBe("PT0S");
      expect((Date.parse(r.endDateTime ?? "") - now.getTime()) / DAY).toBeCloseTo(5, 3);
    }],
  ])("%s", (_name, tenantId, expectations) => expectations(customer(tenantId)));

  test.each([T.fabrikam, T.northwind, T.tailspin])("healthy %s: active, App Administrators assignment active in the containing group, consented, Intune answers", (tenantId) => {
    const c = customer(tenantId);
    expect(c.relationships.map((r) => [r.status, r.autoExtendDuration, r.isReseller])).toEqual([["active", "P180D", false]]);
    expect(assignmentsOf(tenantId).filter((a) => a.status === "active").map((a) => a.groupId)).toContain(APP_ADMINS_GROUP);
    expect(ok(c.lifecycleApp?.token ?? { ok: false }).roles).toEqual(["DeviceManagementApps.Read.All", "DeviceManagementManagedDevices.Read.All", "Organization.Read.All"]);
    expect(c.lifecycleApp?.intune).toEqual({ ok: true, value: true });
  });

  test("progress reached every probed customer", () => {
    expect(progress[progress.length - 1]).toEqual([14, 14]);
  });

  test("tenantIds: one customer only", async () => {
    const one = await readPartnerSnapshot(d.snapshotDeps(BOT, PARTNER, { partnerCenterApp: LIFECYCLE }), REHEARSAL, now, { tenantIds: [T.proseware.toUpperCase()] });
    expect(one.customers.map((c) => c.tenantId)).toEqual([T.proseware]);
    expect(one.lifecycleGroupContainedIn).toEqual({ ok: true, value: [] });
    expect(one.groupNames[HELPDESK_GROUP]).toBe("GDAP Helpdesk");
  });
});

describe("discovery, before setup recorded anything", () => {
  test("finds the group, its user member, the lifecycle app and the Partner Center web app, and says what it assumed; no key, no probe", async () => {
    const s = await readPartnerSnapshot(d.snapshotDeps(BOT, PARTNER), { source: "discovered" }, now);
    expect(s.lifecycleGroup).toMatchObject({ id: LIFECYCLE_GROUP, source: "discovered", assumption: 'the security group named "GDAP Lifecycle Manager"' });
    expect(s.serviceAccount).toMatchObject({ source: "discovered", assumption: 'the user member of the group "GDAP Lifecycle Manager"', user: { id: SERVICE_ACCOUNT } });
    expect(s.lifecycleApp).toMatchObject({ appId: LIFECYCLE.clientId, source: "discovered" });
    expect(s.lifecycleApp?.assumption).toMatch(/DeviceManagementManagedDevices\.Read\.All/);
    expect(s.lifecycleKeyKnown).toBe(false);
    expect(s.partnerCenterRead).toMatchObject({ ok: false, error: { code: "notConfigured" } });
    expect(s.customers).toHaveLength(13); // GDAP only: Adventure Works has none
    expect(s.customers.every((c) => c.lifecycleApp === undefined)).toBe(true);
  });
});

// The name is resolved from Partner Center's service principal (its oauth2PermissionScopes). In the demo both the lifecycle
// app (the Partner Center web app) and Tenant Pilot require user_impersonation: the first by name is taken, and said so.
test("discovery finds the Partner Center web app by Partner Center's user_impersonation (in the demo: the lifecycle app, first of two by name)", async () => {
  const s = await readPartnerSnapshot(d.snapshotDeps(BOT, PARTNER), { source: "discovered" }, now);
  expect(s.partnerCenterApp).toMatchObject({ appId: LIFECYCLE.clientId, source: "discovered" });
  expect(s.partnerCenterApp?.assumption).toMatch(/user_impersonation: "Asset Lifecycle Manager - Intune" \(the first of 2 by name\)/);
  expect(s.partnerCenterApp?.required).toEqual(expect.arrayContaining([{ resource: "partnerCenter", kind: "delegated", name: "user_impersonation" }]));
});

describe("with the lifecycle app's narrower partner-tenant token", () => {
  test("what it may not read becomes a Readable failure; the rest is read", async () => {
    const s = await readPartnerSnapshot(d.snapshotDeps(LIFECYCLE, PARTNER), { ...REHEARSAL, lifecycleApp: { appId: LIFECYCLE.clientId } }, now);
    expect(s.gdapRead).toEqual({ ok: true, value: true });
    expect(s.customers).toHaveLength(13);
    expect(s.lifecycleGroupContainedIn).toEqual({ ok: true, value: [APP_ADMINS_GROUP] });
    // Directory.Read.All (the Partner Center web app's permission) reads the service account and the consents, but not
    // authentication methods (no UserAuthenticationMethod.Read.All): that one read is a Readable failure.
    expect(s.serviceAccount?.user.id).toBe(SERVICE_ACCOUNT);
    expect(s.serviceAccount?.mfaMethods).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(s.serviceAccount?.directoryRoles).toEqual({ ok: true, value: [GA] });
    expect(s.lifecycleApp?.granted.ok).toBe(true);
    expect(s.lifecycleApp?.inAdminAgents).toEqual({ ok: true, value: true });
  });
});

describe("failures stay where they happen (simulator faults)", () => {
  afterEach(async () => {
    await h.fetch("control", "/faults", { method: "DELETE" });
  });
  const fault = (f: Record<string, unknown>) => h.fetch("control", "/faults", { method: "POST", body: f });

  test("one relationship's access assignments refused: only that relationship's assignments are a failure", async () => {
    await fault({ service: "graph", path: "/accessAssignments$", kind: "status", status: 403, count: 1 });
    const s = await readPartnerSnapshot(d.snapshotDeps(BOT, PARTNER), { ...REHEARSAL, lifecycleApp: { appId: LIFECYCLE.clientId } }, now);
    const results = s.customers.flatMap((c) => c.relationships.map((r) => r.accessAssignments));
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: expect.objectContaining({ code: "forbidden" }) }]);
    expect(results.filter((r) => r.ok)).toHaveLength(results.length - 1);
    expect(s.gdapRead.ok).toBe(true);
  });

  test("the relationship list refused: GDAP unread, Partner Center's customers still there", async () => {
    await fault({ service: "graph", path: "/delegatedAdminRelationships$", kind: "status", status: 403 });
    const s = await readPartnerSnapshot(d.snapshotDeps(BOT, PARTNER, { partnerCenterApp: LIFECYCLE }), REHEARSAL, now);
    expect(s.gdapRead).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(s.customers).toHaveLength(14);
    expect(s.customers.every((c) => c.relationships.length === 0 && c.sources.join() === "partnerCenter")).toBe(true);
    expect(s.serviceAccount?.user.id).toBe(SERVICE_ACCOUNT);
  });

  test("the token endpoint refusing one customer: that customer's probe fails, the others are probed", async () => {
    await fault({ service: "login", tenantId: T.fabrikam, kind: "status", status: 400 });
    const fresh = simDeps(h.sim.urls, h.sim.caPem); // a broker without cached tokens
    try {
      const s = await readPartnerSnapshot(fresh.snapshotDeps(BOT, PARTNER), { ...REHEARSAL, lifecycleApp: { appId: LIFECYCLE.clientId, secret: LIFECYCLE.clientSecret } }, now);
      const probe = (t: string) => s.customers.find((c) => c.tenantId === t)?.lifecycleApp;
      expect(probe(T.fabrikam)?.token.ok).toBe(false);
      expect(probe(T.fabrikam)?.intune).toBeUndefined();
      expect(probe(T.northwind)).toEqual({ token: { ok: true, value: { roles: ["DeviceManagementApps.Read.All", "DeviceManagementManagedDevices.Read.All", "Organization.Read.All"] } }, intune: { ok: true, value: true } });
    } finally {
      fresh.cleanup();
    }
  });
});
