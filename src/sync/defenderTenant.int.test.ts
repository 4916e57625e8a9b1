/**
 * Defender tracking in the sync against the real simulator and the embedded Cosmos: with `defender` on, each tenant's
 * Defender for Endpoint machines are stored exactly as Defender serves them (the lifecycle app's WindowsDefenderATP
 * token), a tenant where Defender is not onboarded has none and is not a failure, and the summary counts them.
 */
import { createDefenderClient } from "../graph/defender";
import { appTokenProvider } from "../graph/tokens";
import { MACHINE_SPEC, toItem } from "./items";
import { APP, customerId, smallScenario, startSyncHarness, type SyncHarness } from "./testing/harness";

jest.setTimeout(60_000);

interface Customer {
  defender?: { onboarded: boolean };
  consentedApps: { appId: string; applicationPermissions: Record<string, string[]> }[];
}

function scenario(): Record<string, unknown> {
  const s = smallScenario([{ devices: 40 }, { devices: 12 }]);
  const partner = s.partner as { applications: { grantedApplicationPermissions: Record<string, string[]> }[] };
  partner.applications[0].grantedApplicationPermissions = { ...partner.applications[0].grantedApplicationPermissions, defender: ["Machine.Read.All"] };
  const customers = s.customers as Customer[];
  customers.forEach((c, i) => {
    c.defender = { onboarded: i === 0 };
    c.consentedApps = c.consentedApps.map((a) => ({ ...a, applicationPermissions: { ...a.applicationPermissions, defender: ["Machine.Read.All"] } }));
  });
  return s;
}

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness(scenario());
});
afterAll(async () => {
  await h.stop();
});

test("machines stored as Defender serves them; not onboarded: none, and the tenant is done", async () => {
  const store = await h.store();
  const tenants = [1, 2].map((i) => ({ tenantId: customerId(i), displayName: `Customer ${i}` }));
  const { service, inventory, summaries } = h.sync(store, { tenants, defender: true });
  h.sim.sim.control.clearCounters();
  const { runId } = await service.startSync({ trigger: { kind: "manual" } });
  await service.idle(runId);
  expect((await service.status(runId))?.tenants.map((t) => [t.state, t.devices])).toEqual([["done", 40], ["done", 12]]);
  // One request a page (up to 10,000 machines): the sync asked Defender once for customer 1.
  const requests = h.sim.sim.control.counters().entries.filter((e) => e.route.includes("/api/machines") && e.tenantId === customerId(1) && e.status === 200);
  expect(requests.reduce((n, e) => n + e.count, 0)).toBe(1);

  const want = new Map<string, string>();
  const client = createDefenderClient(h.hosts, appTokenProvider(h.tokens, APP, customerId(1), "defender"), { logger: h.logger });
  for await (const page of client.machines({ pageSize: 7 })) {
    for (const raw of page) {
      const item = toItem(MACHINE_SPEC, raw);
      if (item) want.set(item.itemId, item.hash);
    }
  }
  expect(want.size).toBeGreaterThan(0);
  expect(await inventory.storedHashes(customerId(1), "machine")).toEqual(want);
  expect(await inventory.count(customerId(2), "machine")).toBe(0);
  expect((await summaries.read(customerId(1)))?.defenderMachines).toBe(want.size);
  expect((await summaries.read(customerId(2)))?.defenderMachines).toBe(0);
});
