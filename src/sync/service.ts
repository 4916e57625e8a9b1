/**
 * The sync's public API for the bot (commands, cards) and schedules. One service per process; every instance of the
 * bot builds one against the same Cosmos account and they cooperate through the stored run, the active-run pointer
 * and the tenant leases (runSync.ts).
 *
 *   startSync({trigger, tenantIds?}) → {runId, alreadyRunning}   a run going on (anyone's) is joined, not doubled
 *   resume()       on start-up: joins the active run if there is one (a crashed process finishes its run)
 *   status(runId?) the active run (else the latest) with progress, failures grouped by cause
 *   history(n)     recent runs, newest first
 *   retryFailed()  a new run over the failed and parked tenants of the latest finished run
 *   exclude / include / excluded   the exclusion list (`sync exclude <tenant>`)
 *   onProgress(listener)           live progress of runs this instance works on (for the progress card)
 */
import { randomUUID } from "node:crypto";
import { z } from "zod/v4";
import type { Clock } from "../clock";
import type { Logger } from "../log/logger";
import { metrics, type Metrics } from "../log/metrics";
import type { LeaseRepo } from "../store/leases";
import type { RunDoc, SyncRunsRepo, SyncSettings, SyncTrigger, TenantRunDoc } from "../store/syncRunsRepo";
import type { AttemptPolicy } from "./attempts";
import { causeText, type SyncCauseCode } from "./causes";
import type { TenantWork } from "./intuneTenant";
import { newTenants, planTenants, type PlannedTenant } from "./plan";
import type { SyncProgress } from "./progress";
import { progressFrom, TERMINAL, workOnRun } from "./runSync";
import type { Timers } from "./leaseKeeper";
import { GUID_PATTERN } from "../domain/guid";

export type { SyncProgress } from "./progress";
export type { SyncTrigger } from "../store/syncRunsRepo";
export type { CauseGroup, RunSummary, SyncStatus, TenantOutcome } from "../domain/syncRun";
import type { CauseGroup, LastTenantSync, RunSummary, SyncStatus, TenantOutcome } from "../domain/syncRun";

/** What a run needs from Microsoft, prepared when this instance starts working on a run (credentials read then). */
export interface SyncPreparation {
  discover(): Promise<PlannedTenant[]>;
  work: TenantWork;
}

export interface SyncServiceDeps {
  /** Where run and tenant durations are recorded (default: the product's metrics). */
  metrics?: Pick<Metrics, "syncDuration" | "tenantSyncDuration">;
  runs: SyncRunsRepo;
  leases: LeaseRepo;
  clock: Clock;
  logger: Logger;
  prepare: () => Promise<SyncPreparation>;
  /** Stable per process (default: a random id); two instances must differ. */
  instanceId?: string;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  leaseTtlMs?: number;
  tenantConcurrency?: number;
  pollMs?: number;
  progressIntervalMs?: number;
  attempts?: AttemptPolicy;
  timers?: Timers;
  /** Runs kept in history (older ones are deleted when a run finishes; default 50). */
  keepRuns?: number;
}

export interface StartRequest {
  trigger: SyncTrigger;
  /** Only these tenants (ids); default all discovered minus the excluded. */
  tenantIds?: string[];
}

export interface StartResult {
  runId: string;
  /** A run was already going on: it was joined, nothing new started. */
  alreadyRunning: boolean;
}

export interface SyncService {
  startSync(req: StartRequest): Promise<StartResult>;
  resume(): Promise<string | undefined>;
  status(runId?: string): Promise<SyncStatus | undefined>;
  history(limit?: number): Promise<RunSummary[]>;
  retryFailed(trigger?: SyncTrigger): Promise<StartResult | undefined>;
  exclude(tenantId: string): Promise<void>;
  include(tenantId: string): Promise<void>;
  excluded(): Promise<string[]>;
  onProgress(listener: (p: SyncProgress) => void): () => void;
  /** Resolves when this instance's work on `runId` (or on every run) is over. */
  idle(runId?: string): Promise<void>;
  /** Stops working (leases are left to expire or released); for shutdown and tests. */
  stop(): Promise<void>;
}

const TenantId = z.string().regex(GUID_PATTERN);

/** A sortable run id: start time and a random tail. */
export function newRunId(now: Date): string {
  return `${now.toISOString().replace(/[-:.]/g, "")}-${randomUUID().slice(0, 8)}`;
}

export function outcomes(run: RunDoc, tenants: readonly TenantRunDoc[]): TenantOutcome[] {
  const byId = new Map(tenants.map((t) => [t.tenantId, t]));
  return run.tenants.map((t) => {
    const d = byId.get(t.tenantId);
    const o: TenantOutcome = {
      tenantId: t.tenantId,
      displayName: t.displayName,
      state: d?.state ?? "pending",
      devices: d?.resources.device?.count ?? 0,
      apps: d?.resources.app?.count ?? 0,
      incomplete: d?.warnings ?? [],
    };
    if (d?.resources.user !== undefined) o.users = d.resources.user.count;
    if (d?.durationMs !== undefined) o.durationMs = d.durationMs;
    if (d?.cause) o.cause = { code: d.cause.code, title: d.cause.title, fix: d.cause.fix };
    return o;
  });
}

/** How a tenant's latest finished sync ended, in any run (`tenant <name>`); undefined when it never finished one. */
export async function lastTenantSync(runs: Pick<SyncRunsRepo, "lastFinishedTenantRun">, tenantId: string): Promise<LastTenantSync | undefined> {
  const d = await runs.lastFinishedTenantRun(tenantId);
  if (!d || d.finishedAt === undefined || (d.state !== "done" && d.state !== "failed" && d.state !== "parked")) return undefined;
  return { state: d.state, finishedAt: d.finishedAt, ...(d.cause ? { cause: { code: d.cause.code, title: d.cause.title, fix: d.cause.fix } } : {}) };
}

/** Failed and parked tenants grouped by cause (pure), largest group first. */
export function groupByCause(items: readonly TenantOutcome[]): CauseGroup[] {
  const groups = new Map<string, CauseGroup>();
  for (const t of items) {
    if ((t.state !== "failed" && t.state !== "parked") || !t.cause) continue;
    let g = groups.get(t.cause.code);
    if (!g) {
      const text = causeText(t.cause.code as SyncCauseCode);
      g = { code: t.cause.code, title: text.title, fix: text.fix, tenants: [] };
      groups.set(t.cause.code, g);
    }
    g.tenants.push({ tenantId: t.tenantId, displayName: t.displayName });
  }
  return [...groups.values()].sort((a, b) => b.tenants.length - a.tenants.length || a.code.localeCompare(b.code));
}

export function createSyncService(deps: SyncServiceDeps): SyncService {
  const log = deps.logger.child({ component: "sync" });
  const instanceId = deps.instanceId ?? `instance-${randomUUID().slice(0, 8)}`;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const listeners = new Set<(p: SyncProgress) => void>();
  const working = new Map<string, Promise<void>>();
  let controller = new AbortController();

  const meter = deps.metrics ?? metrics;
  const onFinished = async (run: RunDoc, tenants: TenantRunDoc[]): Promise<void> => {
    const durationMs = run.finishedAt !== undefined ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : undefined;
    if (durationMs !== undefined && Number.isFinite(durationMs)) meter.syncDuration(durationMs, { outcome: "finished", trigger: run.trigger.kind, tenants: tenants.length });
    for (const t of tenants) if (t.durationMs !== undefined) meter.tenantSyncDuration(t.durationMs, { outcome: t.state });
    await deps.runs.updateSettings((s) => {
      const known = { ...s.known };
      for (const t of tenants) {
        if (t.state !== "done") continue;
        const k = known[t.tenantId] ?? { displayName: t.displayName, firstSeen: run.startedAt };
        known[t.tenantId] = {
          ...k,
          displayName: t.displayName,
          items: (t.resources.device?.count ?? 0) + (t.resources.app?.count ?? 0),
          lastSuccessAt: t.finishedAt ?? run.finishedAt ?? run.startedAt,
          ...(t.durationMs !== undefined ? { lastDurationMs: t.durationMs } : {}),
        };
      }
      return { ...s, known };
    });
    const keep = deps.keepRuns ?? 50;
    const all = await deps.runs.history(keep + 20);
    for (const old of all.slice(keep)) if (old.status === "finished") await deps.runs.deleteRun(old.id);
    log.info("sync run finished", { runId: run.id, ...run.summary, causes: undefined });
  };

  const work = (runId: string): Promise<void> => {
    const existing = working.get(runId);
    if (existing) return existing;
    const signal = controller.signal;
    const p = (async () => {
      const prep = await deps.prepare();
      const settings = (await deps.runs.readSettings())?.doc;
      await workOnRun(
        {
          runs: deps.runs,
          leases: deps.leases,
          work: prep.work,
          clock: deps.clock,
          logger: deps.logger,
          instanceId,
          sleep,
          ...(deps.random ? { random: deps.random } : {}),
          ...(deps.leaseTtlMs !== undefined ? { leaseTtlMs: deps.leaseTtlMs } : {}),
          ...(deps.tenantConcurrency !== undefined ? { tenantConcurrency: deps.tenantConcurrency } : {}),
          ...(deps.pollMs !== undefined ? { pollMs: deps.pollMs } : {}),
          ...(deps.attempts ? { attempts: deps.attempts } : {}),
          ...(deps.timers ? { timers: deps.timers } : {}),
          syncedBefore: (t) => settings?.known[t]?.lastSuccessAt !== undefined,
          onFinished,
        },
        runId,
        {
          signal,
          onProgress: (p) => {
            for (const l of listeners) l(p);
          },
          ...(deps.progressIntervalMs !== undefined ? { progressIntervalMs: deps.progressIntervalMs } : {}),
        },
      );
    })()
      .catch((e: unknown) => {
        log.error("sync run work failed", { runId, error: e instanceof Error ? e.name : "unknown" });
      })
      .finally(() => {
        working.delete(runId);
      });
    working.set(runId, p);
    return p;
  };

  /** The active run, if its document says it is still running (a stale pointer is cleared). */
  const activeRun = async (): Promise<RunDoc | undefined> => {
    const id = await deps.runs.activeRunId();
    if (id === undefined) return undefined;
    const run = await deps.runs.readRun(id);
    if (run && run.doc.status === "running") return run.doc;
    await deps.runs.clearActive(id);
    return undefined;
  };

  const start = async (req: StartRequest): Promise<StartResult> => {
    const trigger = req.trigger;
    const active = await activeRun();
    if (active) {
      void work(active.id);
      return { runId: active.id, alreadyRunning: true };
    }
    const only = req.tenantIds ? new Set(req.tenantIds.map((t) => TenantId.parse(t).toLowerCase())) : undefined;
    const prep = await deps.prepare();
    const discovered = await prep.discover();
    const settings: SyncSettings = (await deps.runs.readSettings())?.doc ?? { excluded: [], known: {} };
    const sizes = new Map<string, number>();
    for (const [id, k] of Object.entries(settings.known)) if (k.items !== undefined) sizes.set(id, k.items);
    const plan = planTenants({ discovered, excluded: new Set(settings.excluded), ...(only ? { only } : {}), sizes });
    const fresh = newTenants(discovered, new Set(Object.keys(settings.known)));
    const now = deps.clock.now();
    const runId = newRunId(now);
    const doc: RunDoc = {
      id: runId,
      tenantId: "_runs",
      type: "run",
      trigger,
      startedAt: now.toISOString(),
      status: "running",
      tenants: plan.map((t) => ({ tenantId: t.tenantId, displayName: t.displayName, ...(sizes.has(t.tenantId) ? { weight: sizes.get(t.tenantId) } : {}) })),
      newTenants: fresh.map((t) => t.tenantId.toLowerCase()),
    };
    await deps.runs.createRun(doc);
    const claim = await deps.runs.claimActive(runId);
    if (!claim.ok) {
      await deps.runs.deleteRun(runId);
      void work(claim.runId);
      return { runId: claim.runId, alreadyRunning: true };
    }
    if (fresh.length > 0) {
      await deps.runs.updateSettings((s) => {
        const known = { ...s.known };
        for (const t of fresh) known[t.tenantId.toLowerCase()] ??= { displayName: t.displayName, firstSeen: now.toISOString() };
        return { ...s, known };
      });
    }
    log.info("sync run started", { runId, trigger: trigger.kind, tenants: plan.length, newTenants: fresh.length });
    void work(runId);
    return { runId, alreadyRunning: false };
  };

  const status = async (runId?: string): Promise<SyncStatus | undefined> => {
    const id = runId ?? (await deps.runs.activeRunId()) ?? (await deps.runs.history(1))[0]?.id;
    if (id === undefined) return undefined;
    const stored = await deps.runs.readRun(id);
    if (!stored) return undefined;
    const run = stored.doc;
    const tenants = await deps.runs.tenantRuns(id);
    const items = outcomes(run, tenants);
    const out: SyncStatus = {
      runId: run.id,
      trigger: run.trigger,
      status: run.status,
      startedAt: run.startedAt,
      progress: progressFrom(run, tenants, deps.clock.now().getTime()),
      tenants: items,
      failuresByCause: groupByCause(items),
      newTenants: run.newTenants ?? [],
    };
    if (run.finishedAt !== undefined) out.finishedAt = run.finishedAt;
    return out;
  };

  return {
    startSync: start,
    async resume() {
      const active = await activeRun();
      if (!active) return undefined;
      void work(active.id);
      return active.id;
    },
    status,
    async history(limit = 10) {
      const runs = await deps.runs.history(Math.max(1, Math.min(limit, 100)));
      return runs.map((r) => ({
        runId: r.id,
        trigger: r.trigger,
        status: r.status,
        startedAt: r.startedAt,
        ...(r.finishedAt !== undefined ? { finishedAt: r.finishedAt } : {}),
        tenants: r.tenants.length,
        ...(r.summary ? { summary: r.summary } : {}),
      }));
    },
    async retryFailed(trigger = { kind: "retry" }) {
      const last = (await deps.runs.history(10)).find((r) => r.status === "finished");
      if (!last) return undefined;
      const failed = (await deps.runs.tenantRuns(last.id)).filter((t) => TERMINAL.has(t.state) && t.state !== "done").map((t) => t.tenantId);
      if (failed.length === 0) return undefined;
      return start({ trigger, tenantIds: failed });
    },
    async exclude(tenantId) {
      const id = TenantId.parse(tenantId).toLowerCase();
      await deps.runs.updateSettings((s) => (s.excluded.includes(id) ? s : { ...s, excluded: [...s.excluded, id].sort() }));
    },
    async include(tenantId) {
      const id = TenantId.parse(tenantId).toLowerCase();
      await deps.runs.updateSettings((s) => ({ ...s, excluded: s.excluded.filter((t) => t !== id) }));
    },
    async excluded() {
      return (await deps.runs.readSettings())?.doc.excluded ?? [];
    },
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async idle(runId) {
      if (runId !== undefined) {
        await working.get(runId);
        return;
      }
      await Promise.all([...working.values()]);
    },
    async stop() {
      controller.abort();
      await Promise.all([...working.values()]);
      controller = new AbortController();
    },
  };
}
