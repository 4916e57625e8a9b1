/**
 * Real processes (a): a sync process is SIGKILLed in the middle of a run (once N tenants are done, seen in Cosmos),
 * another process is started: it resumes the same run and finishes it with exactly the scenario's documents — the
 * stored items of every tenant are the simulator's (none lost, no duplicates), tenants done before the kill are not
 * redone, the ones in flight are taken over once their leases expire.
 */
import { createSyncRunsRepo } from "../../src/store/syncRunsRepo";
import { createInventoryRepo } from "../../src/store/inventoryRepo";
import type { Store } from "../../src/store/cosmos";
import { APP, customerId, smallScenario, startSyncHarness, type SyncHarness } from "../../src/sync/testing/harness";
import { served } from "../helpers/served";
import { startWorker, until, workerJobs } from "./workers";

jest.setTimeout(90_000);

const TENANTS = 10;
const DEVICES = 1500;

describe("a sync process killed mid-run", () => {
  let h: SyncHarness;
  let store: Store;
  beforeAll(async () => {
    // 40 ms per request: long enough a run to kill it in the middle.
    h = await startSyncHarness(smallScenario(Array.from({ length: TENANTS }, () => ({ devices: DEVICES })), { latency: { fixedMs: 40, jitterMs: 0 } }));
    store = await h.store();
  });
  afterAll(async () => {
    await h.stop();
  });

  test("SIGKILL after 3 tenants, restart: the run resumes and ends with exactly the scenario's documents", async () => {
    const tenants = Array.from({ length: TENANTS }, (_, i) => ({ tenantId: customerId(i + 1), displayName: `Customer ${i + 1}` }));
    const job = workerJobs(h, store, { mode: "sync", tenants, tenantConcurrency: 2, leaseTtlMs: 2_000 });
    const runs = createSyncRunsRepo(store.containers.syncRuns);
    const first = startWorker(job("P1"));
    const runId = String((await first.next("run")).runId);
    const doneBeforeKill = await until(
      async () => {
        const done = (await runs.tenantRuns(runId)).filter((t) => t.state === "done");
        return done.length >= 3 ? done : undefined;
      },
      60_000,
      "3 tenants done",
    );
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    const afterKill = await runs.tenantRuns(runId);
    const doneAtKill = afterKill.filter((t) => t.state === "done").map((t) => t.tenantId);
    expect(doneAtKill.length).toBeLessThan(TENANTS);
    expect((await runs.readRun(runId))?.doc.status).toBe("running");

    const second = startWorker(job("P2"));
    expect((await second.next("run")).runId).toBe(runId);
    await second.next("idle");
    expect(await second.exited).toBe(0);

    const run = await runs.readRun(runId);
    expect(run?.doc.status).toBe("finished");
    const docs = (await runs.tenantRuns(runId)).sort((x, y) => x.tenantId.localeCompare(y.tenantId));
    expect(docs.map((d) => d.state)).toEqual(Array(TENANTS).fill("done"));
    // Done before the kill: not redone (one attempt, by P1); the rest finished by P2.
    for (const d of docs) {
      if (doneAtKill.includes(d.tenantId)) expect([d.tenantId, d.owner, d.attempts]).toEqual([d.tenantId, "P1", 1]);
      else expect([d.tenantId, d.owner]).toEqual([d.tenantId, "P2"]);
    }
    expect(doneBeforeKill.length).toBeGreaterThanOrEqual(3);

    // Exactly the scenario's documents: per tenant and kind, the stored items are the simulator's, one each.
    const inventory = createInventoryRepo(store.containers.inventory);
    for (const t of tenants) {
      for (const kind of ["device", "app"] as const) {
        const want = await served(h, APP, t.tenantId, kind);
        expect([t.tenantId, kind, await inventory.count(t.tenantId, kind)]).toEqual([t.tenantId, kind, want.size]);
        expect(await inventory.storedHashes(t.tenantId, kind)).toEqual(want);
      }
    }
    expect(docs.reduce((n, d) => n + (d.resources.device?.count ?? 0), 0)).toBe(TENANTS * DEVICES);
  });
});
