/**
 * Real processes (b): two sync processes on one Cosmos share one run and no tenant is synced twice — proven by the
 * simulator's per-tenant request counters (each tenant's device pages read exactly once) and the tenant-run fences
 * (one attempt, fence 1), with both processes having done part of the work: the first holds the tenants it claimed
 * until the second has claimed one of its own (a barrier on stdin), so that does not depend on how fast each starts.
 */
import { createSyncRunsRepo } from "../../src/store/syncRunsRepo";
import { createInventoryRepo } from "../../src/store/inventoryRepo";
import type { Store } from "../../src/store/cosmos";
import { customerId, smallScenario, startSyncHarness, type SyncHarness } from "../../src/sync/testing/harness";
import { startWorker, until, workerJobs } from "./workers";

jest.setTimeout(90_000);

const SIZES = [1200, 300, 2100, 50, 800, 10, 1500, 400, 90, 700];

describe("two sync processes on one Cosmos", () => {
  let h: SyncHarness;
  let store: Store;
  beforeAll(async () => {
    h = await startSyncHarness(smallScenario(SIZES.map((devices) => ({ devices })), { latency: { fixedMs: 30, jitterMs: 0 } }));
    store = await h.store();
  });
  afterAll(async () => {
    await h.stop();
  });

  test("share one run; every tenant synced once", async () => {
    const tenants = SIZES.map((_, i) => ({ tenantId: customerId(i + 1), displayName: `Customer ${i + 1}` }));
    const job = workerJobs(h, store, { mode: "sync", tenants, tenantConcurrency: 2, leaseTtlMs: 15_000 });
    h.sim.sim.control.clearCounters();
    // A starts the run and holds the tenants it claims until B has taken one of the others: both must work on it,
    // however fast either process starts (a barrier, not a race).
    const a = startWorker({ ...job("PA"), holdUntilGo: true });
    const runId = String((await a.next("run")).runId);
    const b = startWorker(job("PB"));
    expect((await b.next("run")).runId).toBe(runId);
    const runs = createSyncRunsRepo(store.containers.syncRuns);
    await until(async () => ((await runs.tenantRuns(runId)).some((d) => d.owner === "PB") ? true : undefined), 60_000, "B to claim a tenant");
    a.send("go");
    await Promise.all([a.next("idle"), b.next("idle")]);
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);

    expect((await runs.history(5)).map((r) => [r.id, r.status])).toEqual([[runId, "finished"]]);
    const docs = (await runs.tenantRuns(runId)).sort((x, y) => x.tenantId.localeCompare(y.tenantId));
    expect(docs.map((d) => [d.tenantId, d.state, d.attempts, d.fence])).toEqual(tenants.map((t) => [t.tenantId, "done", 1, 1]));
    // Both processes worked on the run.
    expect(new Set(docs.map((d) => d.owner))).toEqual(new Set(["PA", "PB"]));

    // The simulator saw each tenant's device list read once: one request per page, nothing read twice.
    const counters = h.sim.sim.control.counters();
    const inventory = createInventoryRepo(store.containers.inventory);
    for (const [i, devices] of SIZES.entries()) {
      const tenantId = customerId(i + 1);
      const pages = counters.entries
        .filter((e) => e.route.endsWith("/deviceManagement/managedDevices") && e.tenantId === tenantId && e.status === 200)
        .reduce((n, e) => n + e.count, 0);
      expect([tenantId, pages]).toEqual([tenantId, Math.max(1, Math.ceil(devices / 1000))]);
      expect([tenantId, await inventory.count(tenantId, "device")]).toEqual([tenantId, devices]);
    }
  });
});
