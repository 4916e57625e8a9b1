/**
 * The sync against the real simulator and the embedded Cosmos: the demo scenario (healthy tenants stored exactly as
 * the simulator serves them, the right cause for the broken ones), mark-and-sweep (vanished devices removed, nothing
 * removed when a page is cut short), and two runners sharing one run without syncing a tenant twice.
 */
import { readFileSync } from "node:fs";
import { DEMO, DEMO_SCENARIO } from "../graph/testdata/harness";
import type { Store } from "../store/cosmos";
import type { SyncProgress } from "./progress";
import { APP, customerId, smallScenario, startSyncHarness, type SyncHarness } from "./testing/harness";
import { served } from "../../test/helpers/served";

jest.setTimeout(60_000);

describe("sync over the demo scenario", () => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(JSON.parse(readFileSync(DEMO_SCENARIO, "utf8")));
  });
  afterAll(async () => {
    await h.stop();
  });

  test("healthy tenants stored exactly; Relecloud not consented; Contoso Pharmaceuticals Intune not licensed", async () => {
    const store = await h.store();
    const durations: string[] = [];
    const { service, inventory, runs } = h.sync(store, {
      app: DEMO.lifecycleApp,
      partnerTenantId: DEMO.partner,
      metrics: { syncDuration: (_ms, a) => void durations.push(`run ${a.outcome} ${a.trigger ?? ""} ${a.tenants ?? 0}`), tenantSyncDuration: (_ms, a) => void durations.push(`tenant ${a.outcome}`) },
    });
    const events: SyncProgress[] = [];
    service.onProgress((p) => events.push(p));
    // Writes of Fabrikam's tenant-run document after it was created (its checkpoints and its end).
    const writes = jest.spyOn(runs, "writeTenantRun");
    const { runId, alreadyRunning } = await service.startSync({ trigger: { kind: "manual", by: "alice@contosoitpartners.onmicrosoft.com" } });
    expect(alreadyRunning).toBe(false);
    await service.idle(runId);
    const fabrikamWrites = writes.mock.calls.filter(([doc, expected]) => doc.tenantId === DEMO.fabrikam && "etag" in expected).length;
    writes.mockRestore();
    // A tenant synced within 2 s: its four resources' checkpoints ride on its one final write.
    expect(fabrikamWrites).toBe(1);

    const status = await service.status(runId);
    if (!status) throw new Error("no status");
    expect(status.status).toBe("finished");
    expect(status.tenants).toHaveLength(14);
    const byId = new Map(status.tenants.map((t) => [t.tenantId, t]));
    expect(byId.get(DEMO.relecloud)).toMatchObject({ state: "failed", cause: { code: "notConsented" } });
    expect(byId.get(DEMO.contosoPharma)).toMatchObject({ state: "failed", cause: { code: "intuneNotLicensed" } });
    // Metrics: the run's duration once, each finished tenant's.
    expect(durations.filter((d) => d.startsWith("run "))).toEqual(["run finished manual 14"]);
    expect(durations.filter((d) => d === "tenant done")).toHaveLength(12);
    expect(durations.filter((d) => d === "tenant failed")).toHaveLength(2);
    const healthy = status.tenants.filter((t) => t.tenantId !== DEMO.relecloud && t.tenantId !== DEMO.contosoPharma);
    expect(healthy.every((t) => t.state === "done")).toBe(true);
    expect(byId.get(DEMO.fabrikam)?.devices).toBe(250);
    expect(byId.get(DEMO.northwind)?.devices).toBe(500);
    expect(status.failuresByCause.map((g) => [g.code, g.tenants.map((t) => t.tenantId)])).toEqual([
      ["intuneNotLicensed", [DEMO.contosoPharma]],
      ["notConsented", [DEMO.relecloud]],
    ]);
    expect(status.newTenants).toHaveLength(14);

    for (const t of healthy) {
      for (const kind of ["device", "app", "sku", "organization"] as const) {
        const want = await served(h, DEMO.lifecycleApp, t.tenantId, kind);
        const got = await inventory.storedHashes(t.tenantId, kind);
        expect([t.displayName, kind, got]).toEqual([t.displayName, kind, want]);
      }
    }
    // Nothing stored for a tenant that could not be read.
    expect(await inventory.count(DEMO.relecloud, "device")).toBe(0);

    const last = events[events.length - 1];
    expect(last).toMatchObject({ runId, finished: true, tenantsDone: 14, tenantsTotal: 14, failures: 2, estimateMs: 0 });
    expect(last.devices).toBe(healthy.reduce((n, t) => n + t.devices, 0));
    expect((await service.history()).map((r) => [r.runId, r.status, r.summary?.failed])).toEqual([[runId, "finished", 2]]);
    if (process.env.SYNC_TEST_TIMES) console.log("run ms", (await service.history())[0].summary?.durationMs);

    // A second run over unchanged data rewrites nothing; `retry` takes only the failed tenants.
    const writesBefore = await countWrites(store);
    const second = await service.startSync({ trigger: { kind: "schedule", by: "nightly" } });
    await service.idle(second.runId);
    expect(await countWrites(store)).toBe(writesBefore);
    const retry = await service.retryFailed();
    if (!retry) throw new Error("nothing to retry");
    await service.idle(retry.runId);
    expect((await service.status(retry.runId))?.tenants.map((t) => t.tenantId).sort()).toEqual([DEMO.relecloud, DEMO.contosoPharma].sort());

    // Exclusions.
    await service.exclude(DEMO.fabrikam);
    expect(await service.excluded()).toEqual([DEMO.fabrikam]);
    const third = await service.startSync({ trigger: { kind: "manual" } });
    await service.idle(third.runId);
    expect((await service.status(third.runId))?.tenants.some((t) => t.tenantId === DEMO.fabrikam)).toBe(false);
    await service.include(DEMO.fabrikam);
    expect(await service.excluded()).toEqual([]);
  });
});

/** Documents whose runId is not the first run's: written by later runs. */
async function countWrites(store: Store): Promise<number> {
  const it = store.containers.inventory.items.query<{ runId: string }>("SELECT c.runId FROM c");
  const { resources } = await it.fetchAll();
  return new Set(resources.map((r) => r.runId)).size * 1_000_000 + resources.length;
}

describe("mark and sweep", () => {
  const all = Array.from({ length: 2100 }, (_, i) => i + 1);
  const fewer = all.filter((d) => d < 5 || d > 14);
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(smallScenario([{ devices: all }]));
  });
  afterAll(async () => {
    await h.stop();
  });

  test("vanished devices removed after a complete read; nothing removed when a page is cut short", async () => {
    const store = await h.store();
    const tenants = [{ tenantId: customerId(1), displayName: "Customer 1" }];
    const { service, inventory, summaries } = h.sync(store, { tenants });
    const run = async () => {
      const { runId } = await service.startSync({ trigger: { kind: "manual" } });
      await service.idle(runId);
      return (await service.status(runId))?.tenants[0];
    };
    expect(await run()).toMatchObject({ state: "done", devices: 2100, incomplete: [] });
    expect(await inventory.count(customerId(1), "device")).toBe(2100);
    const firstSummary = await summaries.read(customerId(1));
    expect(firstSummary?.devices).toMatchObject({ total: 2100, byOperatingSystem: { Windows: 2100 } });

    h.writeScenario(smallScenario([{ devices: fewer }]));
    h.sim.sim.control.reset();
    h.sim.sim.control.addFault({ service: "graph", path: "^/v1.0/deviceManagement/managedDevices$", kind: "truncatePage", count: 1 });
    const cut = await run();
    expect(cut).toMatchObject({ state: "done", devices: 1000, incomplete: ["device"] });
    expect(await inventory.count(customerId(1), "device")).toBe(2100);
    // The summary keeps the devices' previous figures (the read was cut short); the rest is this run's.
    const cutSummary = await summaries.read(customerId(1));
    expect(cutSummary?.devices).toEqual(firstSummary?.devices);
    expect(cutSummary?.runId).not.toBe(firstSummary?.runId);

    h.sim.sim.control.clearFaults();
    expect(await run()).toMatchObject({ state: "done", devices: 2090, incomplete: [] });
    expect((await summaries.read(customerId(1)))?.devices?.total).toBe(2090);
    const stored = await inventory.storedHashes(customerId(1), "device");
    expect(stored.size).toBe(2090);
    expect([...stored.keys()].some((id) => id.endsWith("000000000005"))).toBe(false);
  });
});

describe("two runners on one Cosmos", () => {
  const sizes = [300, 1200, 40, 80, 500, 10, 60, 900];
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(smallScenario(sizes.map((devices) => ({ devices }))));
  });
  afterAll(async () => {
    await h.stop();
  });

  test("share one run, each tenant synced once", async () => {
    const store = await h.store();
    const tenants = sizes.map((_, i) => ({ tenantId: customerId(i + 1), displayName: `Customer ${i + 1}` }));
    const a = h.sync(store, { tenants, instanceId: "A", tenantConcurrency: 2 });
    const b = h.sync(store, { tenants, instanceId: "B", tenantConcurrency: 2 });
    h.sim.sim.control.clearCounters();
    const started = await a.service.startSync({ trigger: { kind: "manual" } });
    const joined = await b.service.startSync({ trigger: { kind: "manual" } });
    expect(joined).toEqual({ runId: started.runId, alreadyRunning: true });
    await Promise.all([a.service.idle(started.runId), b.service.idle(started.runId)]);

    const status = await a.service.status(started.runId);
    expect(status?.status).toBe("finished");
    expect(status?.tenants.map((t) => [t.state, t.devices])).toEqual(sizes.map((d) => ["done", d]));
    const docs = await a.runs.tenantRuns(started.runId);
    expect(docs.every((d) => d.attempts === 1 && d.fence === 1)).toBe(true);
    const owners = new Set(docs.map((d) => d.owner));
    expect(owners.size).toBe(2);
    // The simulator saw each tenant's device list read exactly once (one request per page).
    const counters = h.sim.sim.control.counters();
    for (const [i, devices] of sizes.entries()) {
      const requests = counters.entries
        .filter((e) => e.route.endsWith("/deviceManagement/managedDevices") && e.tenantId === customerId(i + 1) && e.status === 200)
        .reduce((n, e) => n + e.count, 0);
      expect([customerId(i + 1), requests]).toEqual([customerId(i + 1), Math.max(1, Math.ceil(devices / 1000))]);
    }
  });
});

describe("an instance dies mid-tenant", () => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(smallScenario([{ devices: 30 }, { devices: 1500 }, { devices: 20 }]));
  });
  afterAll(async () => {
    await h.stop();
  });

  test("another picks the tenant up after its lease expires; the dead one's late write is refused", async () => {
    const store = await h.store();
    const tenants = [1, 2, 3].map((i) => ({ tenantId: customerId(i), displayName: `Customer ${i}` }));
    // A renews its leases until it "dies" (then its timers do nothing, as a killed process's).
    let dead = false;
    const dying = {
      setInterval: (fn: () => void, ms: number) => setInterval(() => !dead && fn(), ms).unref(),
      clearInterval: (handle: unknown) => clearInterval(handle as NodeJS.Timeout),
    };
    // A: dies (stops renewing, claims nothing more) and hangs on tenant 2's device checkpoint after writing its pages.
    let release: () => void = () => undefined;
    const hung = new Promise<void>((r) => (release = r));
    let lateWrite: Promise<unknown> | undefined;
    const aWithHang = h.sync(store, {
      tenants,
      instanceId: "A",
      leaseTtlMs: 1000,
      timers: dying,
      tenantConcurrency: 3,
      wrapWork: (work) => (ctx) =>
        work(
          ctx.tenantId === customerId(2)
            ? {
                ...ctx,
                checkpoint: (kind, cp) => {
                  if (kind !== "device") return ctx.checkpoint(kind, cp);
                  dead = true;
                  const late = hung.then(() => ctx.checkpoint(kind, cp));
                  lateWrite = late;
                  return late;
                },
              }
            : ctx,
        ),
    });
    const { runId } = await aWithHang.service.startSync({ trigger: { kind: "manual" } });
    // Wait until A's tenant 2 is stuck (its device pages written).
    while (lateWrite === undefined) await new Promise((r) => setTimeout(r, 20));
    // A is now "dead": it claims nothing more and renews nothing (its stuck tenant never returns until released).
    const aStopped = aWithHang.service.stop();

    const b = h.sync(store, { tenants, instanceId: "B" });
    expect(await b.service.resume()).toBe(runId);
    await b.service.idle(runId);
    const status = await b.service.status(runId);
    expect(status?.status).toBe("finished");
    expect(status?.tenants.map((t) => [t.state, t.devices])).toEqual([["done", 30], ["done", 1500], ["done", 20]]);
    const t2 = await b.runs.readTenantRun(runId, customerId(2));
    // Taken over under a new fence (more than one takeover when a loaded machine let a lease lapse once more).
    expect(t2?.doc.owner).toBe("B");
    expect(t2?.doc.fence).toBeGreaterThanOrEqual(2);
    expect(t2?.doc.attempts).toBe(t2?.doc.fence);

    release();
    await expect(lateWrite).rejects.toThrow(/lease/);
    for (const i of [1, 2, 3]) {
      expect(await b.inventory.storedHashes(customerId(i), "device")).toEqual(await served(h, APP, customerId(i), "device"));
    }
    await aStopped;
  });
});
