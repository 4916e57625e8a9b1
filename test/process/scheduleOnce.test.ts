/**
 * Real processes (c): two processes run the sync's schedule (the real scheduler, its slot leases in Cosmos) on clocks
 * that pass the same nightly slot at the same moment (a stdin barrier, not a sleep): the slot runs once — one
 * scheduled run, started by the process that holds the slot's lease, and every tenant synced by it.
 */
import { createLeaseRepo } from "../../src/store/leases";
import { createSyncRunsRepo } from "../../src/store/syncRunsRepo";
import type { Store } from "../../src/store/cosmos";
import { slotLeaseId } from "../../src/schedule/scheduler";
import { SYNC_SCHEDULE_JOB } from "../../src/sync/syncSchedule";
import { customerId, smallScenario, startSyncHarness, type SyncHarness } from "../../src/sync/testing/harness";
import { startWorker, workerJobs } from "./workers";

jest.setTimeout(90_000);

describe("a schedule slot with two processes", () => {
  let h: SyncHarness;
  let store: Store;
  beforeAll(async () => {
    h = await startSyncHarness(smallScenario([{ devices: 40 }, { devices: 70 }, { devices: 10 }]));
    store = await h.store();
  });
  afterAll(async () => {
    await h.stop();
  });

  test("runs once: one scheduled run with the slot as its trigger", async () => {
    const tenants = [1, 2, 3].map((i) => ({ tenantId: customerId(i), displayName: `Customer ${i}` }));
    const job = workerJobs(h, store, { mode: "schedule", tenants, clockStart: "2026-12-02T01:59:50Z", clockAt: "2026-12-02T02:00:01Z" });
    const workers = [startWorker(job("S1")), startWorker(job("S2"))];
    const ready = await Promise.all(workers.map((w) => w.next("ready")));
    // Both start with the nightly default and owe nothing yet.
    expect(ready.map((r) => r.next)).toEqual(["2026-12-02T02:00:00.000Z", "2026-12-02T02:00:00.000Z"]);
    for (const w of workers) w.send("go");
    const ticked = await Promise.all(workers.map((w) => w.next("ticked")));
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);

    const started = ticked.map((t) => t.started as string[]);
    expect(started.flat()).toHaveLength(1);
    const runs = createSyncRunsRepo(store.containers.syncRuns);
    const history = await runs.history(10);
    expect(history.map((r) => [r.id, r.trigger, r.status])).toEqual([[started.flat()[0], { kind: "schedule", by: "2026-12-02T02:00:00.000Z" }, "finished"]]);
    const winner = started[0]?.length === 1 ? "S1" : "S2";
    const lease = await createLeaseRepo(store.containers.leases, { now: () => Date.parse("2026-12-02T02:00:01Z") }).read(slotLeaseId(SYNC_SCHEDULE_JOB, new Date("2026-12-02T02:00:00Z")));
    expect(lease).toMatchObject({ owner: winner, fence: 1 });
    const docs = await runs.tenantRuns(history[0]?.id ?? "");
    expect(docs.map((d) => [d.state, d.owner])).toEqual(tenants.map(() => ["done", winner]));
  });
});
