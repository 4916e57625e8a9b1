/** Sync run documents on the embedded Cosmos: one active run, fenced tenant checkpoints, history, settings. */
import { useTestCosmos } from "../../test/helpers/cosmos";
import { createSyncRunsRepo, type RunDoc, type TenantRunDoc } from "./syncRunsRepo";
import { DocConflictError } from "./versionedDoc";

const run = (id: string, startedAt: string): RunDoc => ({
  id,
  tenantId: "_runs",
  type: "run",
  trigger: { kind: "manual", by: "alice" },
  startedAt,
  status: "running",
  tenants: [{ tenantId: "t1", displayName: "T1" }],
});
const tenantRun = (runId: string): TenantRunDoc => ({
  id: "",
  tenantId: "t1",
  type: "tenantRun",
  runId,
  displayName: "T1",
  state: "running",
  attempts: 1,
  fence: 1,
  resources: {},
  warnings: [],
});

describe("sync runs repository (embedded Cosmos)", () => {
  const cosmos = useTestCosmos();

  test("runs, the active pointer, conditional tenant checkpoints, history", async () => {
    const repo = createSyncRunsRepo(cosmos.store.containers.syncRuns);
    await repo.createRun(run("r1", "2025-01-01T00:00:00.000Z"));
    await repo.createRun(run("r2", "2025-01-02T00:00:00.000Z"));
    expect(await repo.claimActive("r1")).toEqual({ ok: true });
    expect(await repo.claimActive("r2")).toEqual({ ok: false, runId: "r1" });
    expect(await repo.activeRunId()).toBe("r1");

    const first = await repo.writeTenantRun(tenantRun("r1"), { absent: true });
    await expect(repo.writeTenantRun(tenantRun("r1"), { absent: true })).rejects.toBeInstanceOf(DocConflictError);
    const second = await repo.writeTenantRun({ ...first.doc, resources: { device: { end: "complete", count: 3, written: 3, removed: 0 } } }, { etag: first.etag });
    // A late writer with the old version is refused.
    await expect(repo.writeTenantRun({ ...first.doc, state: "done" }, { etag: first.etag })).rejects.toBeInstanceOf(DocConflictError);
    expect((await repo.readTenantRun("r1", "t1"))?.doc.resources.device?.count).toBe(3);
    expect(second.etag).not.toBe(first.etag);
    expect((await repo.tenantRuns("r1")).map((t) => t.tenantId)).toEqual(["t1"]);

    const stored = await repo.readRun("r1");
    if (!stored) throw new Error("no run");
    expect(await repo.replaceRun({ ...stored.doc, status: "finished" }, stored.etag)).toBe(true);
    expect(await repo.replaceRun({ ...stored.doc, status: "finished" }, stored.etag)).toBe(false);
    await repo.clearActive("r2");
    expect(await repo.activeRunId()).toBe("r1");
    await repo.clearActive("r1");
    expect(await repo.activeRunId()).toBeUndefined();
    expect((await repo.history(10)).map((r) => r.id)).toEqual(["r2", "r1"]);
    await repo.deleteRun("r1");
    expect((await repo.history(10)).map((r) => r.id)).toEqual(["r2"]);
    expect(await repo.tenantRuns("r1")).toEqual([]);
  });

  test("a tenant's latest finished tenant-run, across runs: not one still going, not another tenant's", async () => {
    const repo = createSyncRunsRepo(cosmos.store.containers.syncRuns);
    const at = (runId: string, tenantId: string, over: Partial<TenantRunDoc>) => repo.writeTenantRun({ ...tenantRun(runId), id: `run.${runId}`, tenantId, ...over }, { absent: true });
    expect(await repo.lastFinishedTenantRun("t9")).toBeUndefined();
    await at("a1", "t9", { state: "done", finishedAt: "2026-12-01T02:00:00.000Z" });
    await at("a2", "t9", { state: "failed", finishedAt: "2026-12-02T02:00:00.000Z", cause: { code: "noGdap", title: "No GDAP access", fix: "Renew it.", transient: false } });
    await at("a3", "t9", { state: "pending" });
    await at("a4", "t8", { state: "done", finishedAt: "2026-12-03T02:00:00.000Z" });
    const last = await repo.lastFinishedTenantRun("t9");
    expect([last?.runId, last?.state, last?.cause?.code]).toEqual(["a2", "failed", "noGdap"]);
    expect((await repo.lastFinishedTenantRun("t8"))?.runId).toBe("a4");
  });

  test("settings: concurrent updates all land", async () => {
    const repo = createSyncRunsRepo(cosmos.store.containers.syncRuns);
    await Promise.all(["a", "b", "c"].map((t) => repo.updateSettings((s) => ({ ...s, excluded: [...s.excluded, t] }))));
    expect((await repo.readSettings())?.doc.excluded.sort()).toEqual(["a", "b", "c"]);
  });
});
