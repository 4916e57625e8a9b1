/**
 * 500 generated customers: the number of requests readPartnerSnapshot makes stays linear and small — per customer one
 * token and one Intune read, per relationship one $batch sub-request (one $batch per 20), the relationship list in
 * pages of 300, and a constant for the partner side — counted by the simulator (control API GET /counters).
 */
import { startHarness, type Harness } from "../../../sim/testing/harness";
import { readPartnerSnapshot } from "./snapshot";
import { GEN, GEN_CHOICES, generatedPartnerScenario } from "./testing/generatedPartner";
import { simDeps, type SimDeps } from "./testing/simDeps";

const COUNT = 500;

interface Counters {
  total: number;
  throttled: number;
  entries: { service: string; route: string; count: number; status: number }[];
}

let h: Harness;
let d: SimDeps;

beforeAll(async () => {
  h = await startHarness({ scenario: generatedPartnerScenario(COUNT), port: 0 });
  d = simDeps(h.sim.urls, h.sim.caPem);
});

afterAll(async () => {
  d.cleanup();
  await h.stop();
});

test(`${COUNT} customers: every one read and probed, with requests linear in the customers`, async () => {
  await h.fetch("control", "/counters", { method: "DELETE" });
  const snap = await readPartnerSnapshot(d.snapshotDeps(GEN.readerApp, GEN.partner, { concurrency: 32 }), GEN_CHOICES, h.sim.clock.now());
  const counters = (await h.fetch<Counters>("control", "/counters")).body;

  expect(snap.customers).toHaveLength(COUNT);
  expect(snap.lifecycleGroupContainedIn).toEqual({ ok: true, value: [GEN.accessGroup] });
  for (const c of snap.customers) {
    expect(c.relationships).toHaveLength(1);
    expect(c.relationships[0].accessAssignments).toMatchObject({ ok: true, value: [{ groupId: GEN.accessGroup, status: "active" }] });
    expect(c.lifecycleApp).toEqual({ token: { ok: true, value: { roles: ["DeviceManagementManagedDevices.Read.All", "Organization.Read.All"] } }, intune: { ok: true, value: true } });
  }

  const count = (re: RegExp): number => counters.entries.filter((e) => re.test(`${e.service} ${e.route}`)).reduce((n, e) => n + e.count, 0);
  const tokens = count(/^login /);
  const intune = count(/managedDevices/);
  const relationshipPages = count(/delegatedAdminRelationships$/);
  const assignments = count(/accessAssignments$/);
  const batches = count(/\$batch$/);
  const other = counters.total - tokens - intune - relationshipPages - assignments - batches;
  expect({ tokens, intune, relationshipPages, assignments, batches }).toEqual({
    tokens: COUNT + 1, // + the partner-tenant token of the reading app
    intune: COUNT,
    relationshipPages: Math.ceil(COUNT / 300),
    assignments: COUNT,
    batches: Math.ceil(COUNT / 20),
  });
  expect(other).toBeLessThanOrEqual(20); // the partner side: a constant
  expect(counters.throttled).toBe(0);
}, 180_000);
