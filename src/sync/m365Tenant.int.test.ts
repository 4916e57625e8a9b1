/**
 * The Microsoft 365 part of the sync against the real simulator and the embedded Cosmos: the demo scenario with the
 * service account connected as local mode's rehearsal does (the simulator's sign-in, then the real code redemption),
 * users (and, without the lifecycle app, licences and organization) stored exactly as Graph serves them to the service
 * account where GDAP gives access, the right cause where it does not; the inventory summary equal to the counts of
 * the scenario; signInActivity's refusal handled once per tenant; the refresh token rotated in the secret store.
 */
import { createGraphClient } from "../graph/client";
import { createDelegatedAuth } from "../graph/delegated";
import type { TokenProvider } from "../graph/tokens";
import { appTokenProvider } from "../graph/tokens";
import { DEMO } from "../graph/testdata/harness";
import { connectRehearsalServiceAccount } from "../jobs/connectRehearsal";
import { createConnectService, type ConnectService } from "../jobs/connect";
import { createConnectStateRepo } from "../jobs/connectState";
import { connectScenario } from "../jobs/testing/connectScenario";
import { systemClock } from "../clock";
import { createCosmosSecretStore } from "../secrets/cosmosSecretStore";
import { generateSecretKey } from "../secrets/secretKey";
import { SECRET_NAMES, type SecretStore } from "../secrets/secretStore";
import { recordingRefreshTokenWrites } from "../secrets/testing/refreshTokenWrites";
import { createSettingsRepo } from "../store/settingsRepo";
import type { Store } from "../store/cosmos";
import type { InventoryKind } from "../store/inventoryRepo";
import { INTUNE_RESOURCES, ORGANIZATION_SPEC, SKU_SPEC, toItem, userSpec, type ResourceSpec } from "./items";
import { readAllPages } from "./pager";
import { startSyncHarness, type SyncHarness } from "./testing/harness";

jest.setTimeout(60_000);

const BASE = "https://tenantpilot.example";
const SVC = "svc-lifecycle@contosoitpartners.onmicrosoft.com";
const T = (n: number): string => `cc000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const COHO = T(9);
/**
 * Reached through GDAP with roles that read the directory: the healthy three (their lifecycle group's assignment holds
 * Directory Readers besides the M365 guide's roles) and Coho Winery (AdminAgents holds Directory Readers + Global Reader).
 */
const READABLE = [T(1), T(2), T(3), COHO];
/** No relationship / assignment in force gives the service account's groups access: Entra refuses the token (AADSTS50020). */
const NO_GDAP = [T(4), T(5), T(6), T(7), T(8)];
/** Reached through GDAP with the M365 guide's roles only: Application Administrator does not read users (Graph's 403). */
const ROLE_MISSING = [T(10), T(11), T(12), T(13), T(14)];
const FOURTH_COFFEE = T(14);

interface ScenarioUser {
  id: string;
  accountEnabled?: boolean;
  assignedLicenses?: string[];
}
interface ScenarioCustomer {
  tenantId: string;
  displayName: string;
  users: ScenarioUser[];
  subscribedSkus: { skuPartNumber: string; prepaidUnits?: number; consumedUnits?: number }[];
}

/** The demo as Connect needs it, with Coho Winery's directory made more telling (licensed, disabled and guest users). */
function scenario(): { doc: Record<string, unknown>; coho: ScenarioCustomer } {
  const doc = connectScenario({ redirectUris: [`${BASE}/connect/callback`], rehearsal: "keep" });
  const customers = doc.customers as ScenarioCustomer[];
  const coho = customers.find((c) => c.tenantId === COHO);
  if (!coho) throw new Error("Coho Winery missing from the demo");
  coho.users.push(
    { id: "c0900000-0000-4000-8000-000000000002", userPrincipalName: "ana@cohowinery.onmicrosoft.com", displayName: "Ana", assignedLicenses: ["SPE_E3"] } as ScenarioUser,
    { id: "c0900000-0000-4000-8000-000000000003", userPrincipalName: "bo@cohowinery.onmicrosoft.com", displayName: "Bo", assignedLicenses: ["SPE_E3", "INTUNE_A"], accountEnabled: false } as ScenarioUser,
    { id: "c0900000-0000-4000-8000-000000000004", userPrincipalName: "guest_x@cohowinery.onmicrosoft.com", displayName: "Guest", userType: "Guest" } as ScenarioUser,
  );
  return { doc, coho };
}

let h: SyncHarness;
let store: Store;
let connect: ConnectService;
let secrets: SecretStore;
let coho: ScenarioCustomer;
const refreshWrites: string[] = [];

beforeAll(async () => {
  const s = scenario();
  coho = s.coho;
  h = await startSyncHarness(s.doc);
  store = await h.store();
  const inner = createCosmosSecretStore(store.containers.secrets, { key: generateSecretKey(), clock: systemClock });
  // The secret store as the product's, counting the refresh token's writes.
  secrets = recordingRefreshTokenWrites(inner, refreshWrites);
  const settings = createSettingsRepo(store.containers.settings, { clock: systemClock });
  connect = createConnectService({
    auth: createDelegatedAuth(h.hosts, { ...DEMO.botApp, tenantId: DEMO.partner }, { logger: h.logger }),
    states: createConnectStateRepo(store.containers.settings),
    secrets,
    canStore: true,
    settings,
    clock: systemClock,
    logger: h.logger,
    publicBaseUrl: BASE,
  });
  const out = await connectRehearsalServiceAccount(connect, { partnerTenantId: DEMO.partner, serviceAccount: SVC, controlUrl: h.sim.sim.urls.control, caPem: h.sim.sim.caPem, logger: h.logger });
  expect(out).toEqual({ kind: "connected", upn: SVC });
});
afterAll(async () => {
  await h.stop();
});

const serviceAccount = () => ({ customerToken: (t: string) => connect.customerToken(t), appId: DEMO.botApp.clientId });

/** What Graph serves for a resource with `token`, as the sync stores it (itemId → hash) and the raw data. */
async function served(token: TokenProvider, spec: ResourceSpec): Promise<{ hashes: Map<string, string>; data: Record<string, unknown>[] }> {
  const graph = createGraphClient(h.hosts, token, { logger: h.logger });
  const hashes = new Map<string, string>();
  const data: Record<string, unknown>[] = [];
  await readAllPages((u) => graph.get(u), spec.path, (items) => {
    for (const raw of items) {
      const item = toItem(spec, raw);
      if (item && !hashes.has(item.itemId)) {
        hashes.set(item.itemId, item.hash);
        data.push(item.data);
      }
    }
    return Promise.resolve();
  });
  return { hashes, data };
}

async function svcToken(tenantId: string): Promise<TokenProvider> {
  const t = await connect.customerToken(tenantId);
  if (!t) throw new Error("not connected");
  return t;
}

const spec = (kind: InventoryKind): ResourceSpec => {
  const s = INTUNE_RESOURCES.find((r) => r.kind === kind);
  if (!s) throw new Error(kind);
  return s;
};

const countBy = (rows: Record<string, unknown>[], f: string, fallback: string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const r of rows) {
    const v = r[f];
    const k = typeof v === "string" && v !== "" ? v : fallback;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
};

describe("both integrations over the demo", () => {
  test("users stored where GDAP reads them, causes elsewhere; summaries equal the scenario's counts; the refresh token rotated once", async () => {
    const rt0 = await secrets.get(SECRET_NAMES.m365RefreshToken);
    const writesBefore = refreshWrites.length;
    const { service, inventory, summaries } = h.sync(store, { app: DEMO.lifecycleApp, partnerTenantId: DEMO.partner, serviceAccount: serviceAccount() });
    h.sim.sim.control.clearCounters();
    // One tenant of each outcome (every demo tenant is covered by the M365-only run below, which reads no devices).
    const { runId } = await service.startSync({ trigger: { kind: "manual" }, tenantIds: [COHO, DEMO.fabrikam, FOURTH_COFFEE, T(4), T(6), DEMO.relecloud, DEMO.contosoPharma] });
    await service.idle(runId);
    const status = await service.status(runId);
    if (!status) throw new Error("no status");
    const causeOf = new Map(status.tenants.map((t) => [t.tenantId, t.state === "done" ? "done" : t.cause?.code]));
    expect(Object.fromEntries(causeOf)).toEqual({
      [COHO]: "done",
      [DEMO.fabrikam]: "done",
      [FOURTH_COFFEE]: "gdapRoleMissing",
      [T(4)]: "noGdap",
      [T(6)]: "noGdap",
      // The Intune part's own failure comes first where both fail.
      [DEMO.relecloud]: "notConsented",
      [DEMO.contosoPharma]: "intuneNotLicensed",
    });

    // Coho Winery: users exactly as Graph serves them to the service account; organization and licences from the
    // lifecycle app (one reader per resource).
    const users = await served(await svcToken(COHO), userSpec(false));
    expect(await inventory.storedHashes(COHO, "user")).toEqual(users.hashes);
    expect(users.hashes.size).toBe(coho.users.length);
    for (const t of [FOURTH_COFFEE, T(4), T(6)]) expect(await inventory.count(t, "user")).toBe(0);
    expect(await inventory.storedHashes(DEMO.fabrikam, "user")).toEqual((await served(await svcToken(DEMO.fabrikam), userSpec(false))).hashes);
    const lifecycle = appTokenProvider(h.tokens, DEMO.lifecycleApp, COHO, "graph");
    expect(await inventory.storedHashes(COHO, "sku")).toEqual((await served(lifecycle, spec("sku"))).hashes);

    // The summary: counts computed from the scenario (users, licences) and from what Intune serves (devices, apps).
    const devices = (await served(lifecycle, spec("device"))).data;
    const apps = (await served(lifecycle, spec("app"))).data;
    const summary = await summaries.read(COHO);
    expect(summary).toMatchObject({
      tenantId: COHO,
      displayName: "Coho Winery",
      runId,
      users: { total: 4, enabled: 3, licensed: 2 },
      devices: { total: devices.length, byOperatingSystem: countBy(devices, "operatingSystem", "Unknown"), byComplianceState: countBy(devices, "complianceState", "unknown") },
      appsTotal: apps.length,
      licences: coho.subscribedSkus
        .map((s) => ({ skuPartNumber: s.skuPartNumber, consumed: s.consumedUnits ?? 20, enabled: s.prepaidUnits ?? 25 }))
        .sort((a, b) => a.skuPartNumber.localeCompare(b.skuPartNumber)),
    });
    expect(summary?.users?.signedInLast30Days).toBeUndefined(); // signInActivity is not readable with the Connect scopes
    const top = [...apps].sort((a, b) => Number(b.deviceCount) - Number(a.deviceCount))[9];
    expect(summary?.topApps).toHaveLength(10);
    expect(summary?.topApps?.[9].deviceCount).toBe(top.deviceCount);
    expect(summary?.lastSuccessAt).toBeDefined();
    // A tenant whose M365 part failed keeps its Intune figures, without a last success; one with nothing read has none.
    const fourth = await summaries.read(FOURTH_COFFEE);
    expect(fourth?.devices?.total).toBe(65);
    expect(fourth?.users).toBeUndefined();
    expect(fourth?.lastSuccessAt).toBeUndefined();
    expect((await summaries.read(DEMO.fabrikam))?.lastSuccessAt).toBeDefined();
    expect(await summaries.read(DEMO.relecloud)).toBeUndefined();

    // signInActivity refused once per tenant where users are readable: a second run does not ask again.
    const refusals = () =>
      h.sim.sim.control
        .counters()
        .entries.filter((e) => e.route.endsWith("/users") && e.tenantId === COHO && e.status === 403)
        .reduce((n, e) => n + e.count, 0);
    expect(refusals()).toBe(1);
    const second = await service.startSync({ trigger: { kind: "manual" }, tenantIds: [COHO] });
    await service.idle(second.runId);
    expect(refusals()).toBe(1);
    expect((await service.status(second.runId))?.tenants.find((t) => t.tenantId === COHO)?.state).toBe("done");

    // The stored refresh token was replaced by Entra's newest, once (not per token request).
    const rt1 = await secrets.get(SECRET_NAMES.m365RefreshToken);
    expect(rt1).toBeDefined();
    expect(rt1).not.toBe(rt0);
    expect(refreshWrites.length - writesBefore).toBe(1);
  });
});

describe("the Microsoft 365 part alone", () => {
  test("organization, licences and users read as the service account; Relecloud's cause is now GDAP's", async () => {
    const store2 = await h.store();
    const tenants = [...READABLE, ...NO_GDAP, ...ROLE_MISSING].map((tenantId) => ({ tenantId, displayName: tenantId }));
    const { service, inventory, summaries } = h.sync(store2, { partnerTenantId: DEMO.partner, withoutLifecycleApp: true, serviceAccount: serviceAccount(), tenants });
    const { runId } = await service.startSync({ trigger: { kind: "manual" } });
    await service.idle(runId);
    const status = await service.status(runId);
    const byId = new Map(status?.tenants.map((t) => [t.tenantId, t]));
    expect(READABLE.map((t) => byId.get(t)?.state)).toEqual(READABLE.map(() => "done"));
    expect(byId.get(COHO)?.users).toBe(4);
    for (const t of READABLE) expect(await inventory.storedHashes(t, "user")).toEqual((await served(await svcToken(t), userSpec(false))).hashes);
    expect(status?.progress.users).toBe(READABLE.reduce((n, t) => n + (byId.get(t)?.users ?? 0), 0));
    expect(status?.progress.users).toBeGreaterThan(4);
    expect(NO_GDAP.map((t) => byId.get(t)?.cause?.code)).toEqual(NO_GDAP.map(() => "noGdap"));
    // Relecloud and Contoso Pharmaceuticals included: their Intune problems do not matter here.
    expect(ROLE_MISSING.map((t) => byId.get(t)?.cause?.code)).toEqual(ROLE_MISSING.map(() => "gdapRoleMissing"));
    for (const t of [...NO_GDAP, ...ROLE_MISSING]) expect(await inventory.count(t, "user")).toBe(0);
    const token = await svcToken(COHO);
    for (const s of [ORGANIZATION_SPEC, SKU_SPEC, userSpec(false)]) expect([s.kind, await inventory.storedHashes(COHO, s.kind)]).toEqual([s.kind, (await served(token, s)).hashes]);
    expect(await inventory.count(COHO, "device")).toBe(0);
    const summary = await summaries.read(COHO);
    expect(summary).toMatchObject({ users: { total: 4, enabled: 3, licensed: 2 }, licences: expect.any(Array) });
    expect(summary?.devices).toBeUndefined();
  });
});
