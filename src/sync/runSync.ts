/**
 * Works on one sync run until every tenant of it is finished (done, failed or parked), together with any other
 * instance doing the same: each tenant is claimed with a lease (`sync.<tenantId>` in `leases`), its tenant-run
 * document (the checkpoint) is written only conditionally with the lease's fence, so a worker whose lease was taken
 * over stops at its next write. Tenants are taken largest first, at most `tenantConcurrency` at once by this instance;
 * requests share one global budget (intuneTenant.ts). A tenant whose attempt failed for a transient cause goes back to
 * `pending` after a delay; one that keeps failing is parked. A process killed mid-run leaves its tenants `running`
 * with a lease that expires: whoever works on the run next (itself after a restart, or another instance) takes them
 * over and redoes only the resources not yet checkpointed. The last worker to see every tenant finished closes the run.
 */
import type { Clock } from "../clock";
import { MicrosoftError } from "../graph/errors";
import type { Logger } from "../log/logger";
import type { InventoryKind } from "../store/inventoryRepo";
import type { LeaseRepo } from "../store/leases";
import type { RunDoc, Stored, SyncRunsRepo, TenantRunDoc } from "../store/syncRunsRepo";
import { DocConflictError } from "../store/versionedDoc";
import { afterFailure, DEFAULT_ATTEMPT_POLICY, type AttemptPolicy } from "./attempts";
import { isDelegated, toSyncCause, type SyncCause } from "./causes";
import type { TenantWork } from "./intuneTenant";
import { keepLease, LeaseLostError, type Timers } from "./leaseKeeper";
import { progressOf, type SyncProgress, type TenantProgressInput } from "./progress";

export interface RunnerDeps {
  runs: SyncRunsRepo;
  leases: LeaseRepo;
  work: TenantWork;
  clock: Clock;
  logger: Logger;
  instanceId: string;
  sleep: (ms: number) => Promise<void>;
  random?: () => number;
  /** Tenant leases' time to live (default 60 s; renewed every third of it). */
  leaseTtlMs?: number;
  /** Tenants this instance works on at once (default 128; requests are bounded by the global budget, not by this). */
  tenantConcurrency?: number;
  /** Wait between looks at a run whose remaining tenants are held by others or waiting to be retried (default 2 s). */
  pollMs?: number;
  attempts?: AttemptPolicy;
  /** Tenants synced successfully before (a refusal now is "access lost"). */
  syncedBefore?: (tenantId: string) => boolean;
  timers?: Timers;
  /** Called when this instance sees the run finished (after it was closed). */
  onFinished?: (run: RunDoc, tenants: TenantRunDoc[]) => Promise<void>;
}

export interface WorkOptions {
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
  /** Least time between two progress events (default 2 s). */
  progressIntervalMs?: number;
}

/** A resource's checkpoint is written at once when the tenant's last write is this old, else with its next write. */
export const CHECKPOINT_EVERY_MS = 2_000;

export const TERMINAL = new Set<TenantRunDoc["state"]>(["done", "failed", "parked"]);
export const leaseIdFor = (tenantId: string): string => `sync.${tenantId}`;

const countsOf = (t: TenantRunDoc | undefined): { devices: number; apps: number; users: number } => ({
  devices: t?.resources.device?.count ?? 0,
  apps: t?.resources.app?.count ?? 0,
  users: t?.resources.user?.count ?? 0,
});

export function progressFrom(run: RunDoc, tenants: readonly TenantRunDoc[], nowMs: number): SyncProgress {
  const byId = new Map(tenants.map((t) => [t.tenantId, t]));
  const inputs: TenantProgressInput[] = run.tenants.map((t) => {
    const doc = byId.get(t.tenantId);
    return { tenantId: t.tenantId, state: doc?.state ?? "pending", ...countsOf(doc), ...(t.weight !== undefined ? { weight: t.weight } : {}) };
  });
  const finishedMs = run.finishedAt !== undefined ? Date.parse(run.finishedAt) : nowMs;
  return progressOf(run.id, inputs, Date.parse(run.startedAt), run.status === "finished" ? finishedMs : nowMs, run.status === "finished");
}

function summaryOf(run: RunDoc, tenants: readonly TenantRunDoc[], nowMs: number): NonNullable<RunDoc["summary"]> {
  const p = progressFrom(run, tenants, nowMs);
  const causes: Record<string, number> = {};
  for (const t of tenants) if (t.cause && (t.state === "failed" || t.state === "parked")) causes[t.cause.code] = (causes[t.cause.code] ?? 0) + 1;
  return { done: tenants.filter((t) => t.state === "done").length, failed: p.failures, devices: p.devices, apps: p.apps, users: p.users, durationMs: p.elapsedMs, causes };
}

/** Works on `runId` until it is finished (or `signal` aborts: then returns at once, leaving its leases to expire). */
export async function workOnRun(deps: RunnerDeps, runId: string, opts: WorkOptions = {}): Promise<void> {
  const log = deps.logger.child({ component: "sync", runId, instance: deps.instanceId });
  const ttl = deps.leaseTtlMs ?? 60_000;
  const concurrency = deps.tenantConcurrency ?? 128;
  const pollMs = deps.pollMs ?? 2_000;
  const policy = deps.attempts ?? DEFAULT_ATTEMPT_POLICY;
  const random = deps.random ?? Math.random;
  const nowMs = (): number => deps.clock.now().getTime();
  const aborted = (): boolean => opts.signal?.aborted === true;
  const live = new Map<string, { devices: number; apps: number; users: number }>();

  let lastProgress = -Infinity;
  const emit = async (force: boolean): Promise<void> => {
    if (!opts.onProgress) return;
    const at = nowMs();
    if (!force && at - lastProgress < (opts.progressIntervalMs ?? 2_000)) return;
    lastProgress = at;
    const stored = await deps.runs.readRun(runId);
    if (!stored) return;
    const p = progressFrom(stored.doc, await deps.runs.tenantRuns(runId), at);
    // Tenants in flight here: what they read so far (their checkpoints count once they finish).
    for (const l of live.values()) {
      p.devices += l.devices;
      p.apps += l.apps;
      p.users += l.users;
    }
    opts.onProgress(p);
  };

  /** `seenAbsent`: this pass's look at the run found no document for the tenant (then it is created without a read first). */
  const syncTenant = async (tenant: RunDoc["tenants"][number], seenAbsent: boolean): Promise<void> => {
    const lease = await deps.leases.claim(leaseIdFor(tenant.tenantId), deps.instanceId, ttl);
    if (!lease) return;
    const keeper = keepLease(deps.leases, lease, ttl, { now: nowMs, ...(deps.timers ? { timers: deps.timers } : {}) });
    try {
      const cur = seenAbsent ? undefined : await deps.runs.readTenantRun(runId, tenant.tenantId);
      if (cur && (TERMINAL.has(cur.doc.state) || (cur.doc.notBefore ?? 0) > nowMs() || cur.doc.fence > lease.fence)) return;
      const startedAt = deps.clock.now();
      const base: TenantRunDoc = cur?.doc ?? {
        id: "",
        tenantId: tenant.tenantId,
        type: "tenantRun",
        runId,
        displayName: tenant.displayName,
        state: "pending",
        attempts: 0,
        fence: lease.fence,
        resources: {},
        warnings: [],
      };
      const doc: TenantRunDoc = { ...base, state: "running", owner: deps.instanceId, fence: lease.fence, attempts: base.attempts + 1, startedAt: base.startedAt ?? startedAt.toISOString() };
      delete doc.notBefore;
      delete doc.cause;
      let stored: Stored<TenantRunDoc>;
      try {
        stored = await deps.runs.writeTenantRun(doc, cur ? { etag: cur.etag } : { absent: true });
      } catch (e) {
        // Written by someone else since (or, when this pass saw none, created since it looked): the next pass reads it.
        if (e instanceof DocConflictError) return;
        throw e;
      }
      // One checkpoint write at a time for this tenant (its resources finish concurrently). A resource's checkpoint is
      // written at once only when the last write is CHECKPOINT_EVERY_MS old; otherwise it waits for the next write (the
      // next resource's, or the tenant's end): a small tenant's resources and its end cost one write. A crash before
      // it is written only means that resource is read again (its unchanged items are not rewritten).
      let chain: Promise<unknown> = Promise.resolve();
      let pending: ((d: TenantRunDoc) => void)[] = [];
      let lastWrite = nowMs();
      const write = (change: (d: TenantRunDoc) => void): Promise<void> => {
        pending.push(change);
        const next = chain.then(async () => {
          if (pending.length === 0) return;
          keeper.guard();
          const d: TenantRunDoc = { ...stored.doc, resources: { ...stored.doc.resources }, warnings: [...stored.doc.warnings] };
          for (const c of pending) c(d);
          const applied = pending;
          pending = [];
          try {
            stored = await deps.runs.writeTenantRun(d, { etag: stored.etag });
            lastWrite = nowMs();
          } catch (e) {
            pending = [...applied, ...pending];
            if (e instanceof DocConflictError) throw new LeaseLostError(lease.id);
            throw e;
          }
        });
        chain = next.catch(() => undefined);
        return next;
      };
      live.set(tenant.tenantId, { devices: 0, apps: 0, users: 0 });
      let failures: MicrosoftError[];
      try {
        failures = await deps.work({
          tenantId: tenant.tenantId,
          displayName: tenant.displayName,
          runId,
          done: doc.resources,
          checkpoint: async (kind: InventoryKind, cp) => {
            const change = (d: TenantRunDoc): void => {
              d.resources[kind] = cp;
              if (cp.end === "truncated" && !d.warnings.includes(kind)) d.warnings.push(kind);
            };
            if (nowMs() - lastWrite >= CHECKPOINT_EVERY_MS) {
              await write(change);
              return;
            }
            keeper.guard();
            pending.push(change);
          },
          guard: () => keeper.guard(),
          freshGuard: async () => {
            keeper.guard();
            if (!(await deps.leases.stillHeld(keeper.current()))) throw new LeaseLostError(lease.id);
          },
          onItems: (kind, n) => {
            const l = live.get(tenant.tenantId);
            if (l && kind === "device") l.devices += n;
            if (l && kind === "app") l.apps += n;
            if (l && kind === "user") l.users += n;
          },
        });
      } finally {
        live.delete(tenant.tenantId);
      }
      const finishedAt = deps.clock.now();
      if (failures.length === 0) {
        await write((d) => {
          d.state = "done";
          d.finishedAt = finishedAt.toISOString();
          d.durationMs = finishedAt.getTime() - startedAt.getTime();
        });
        return;
      }
      const first = pickFailure(failures);
      const cause: SyncCause = toSyncCause({
        code: first.code,
        service: first.service,
        syncedBefore: deps.syncedBefore?.(tenant.tenantId) ?? false,
        ...(isDelegated(first) ? { delegated: true } : {}),
        ...(first.microsoftCode !== undefined ? { microsoftCode: first.microsoftCode } : {}),
      });
      const decision = afterFailure(stored.doc.attempts, cause, random, policy);
      log.info("tenant sync failed", { tenantId: tenant.tenantId, cause: cause.code, microsoftCode: first.microsoftCode, attempt: stored.doc.attempts, decision: decision.kind });
      await write((d) => {
        d.cause = { code: cause.code, title: cause.title, fix: cause.fix, transient: cause.transient, ...(cause.microsoftCode ? { microsoftCode: cause.microsoftCode } : {}) };
        if (decision.kind === "retry") {
          d.state = "pending";
          d.notBefore = nowMs() + decision.delayMs;
        } else {
          d.state = decision.kind;
          d.finishedAt = finishedAt.toISOString();
          d.durationMs = finishedAt.getTime() - startedAt.getTime();
        }
      });
    } catch (e) {
      if (e instanceof LeaseLostError) {
        log.warn("tenant lease lost to another instance: its work stopped", { tenantId: tenant.tenantId });
        return;
      }
      throw e;
    } finally {
      await keeper.stop();
      await emit(false).catch(() => undefined);
    }
  };

  for (;;) {
    if (aborted()) return;
    const stored = await deps.runs.readRun(runId);
    if (!stored) return;
    const run = stored.doc;
    const tenantDocs = await deps.runs.tenantRuns(runId);
    if (run.status === "finished") {
      await emit(true);
      return;
    }
    const byId = new Map(tenantDocs.map((t) => [t.tenantId, t]));
    const remaining = run.tenants.filter((t) => !TERMINAL.has(byId.get(t.tenantId)?.state ?? "pending"));
    if (remaining.length === 0) {
      await closeRun(deps, stored, tenantDocs, nowMs());
      await emit(true);
      return;
    }
    const now = nowMs();
    const startable = remaining.filter((t) => (byId.get(t.tenantId)?.notBefore ?? 0) <= now);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < startable.length && !aborted()) {
        const t = startable[next++];
        // A store failure outside the tenant's work (Cosmos unreachable or timing out): the tenant stays as it was and
        // its lease expires, so this or another instance takes it up again on a later pass.
        await syncTenant(t, !byId.has(t.tenantId)).catch((e: unknown) => {
          log.warn("tenant could not be worked on; it will be taken up again", { tenantId: t.tenantId, error: e instanceof Error ? e.name : "unknown" });
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, startable.length) }, worker));
    if (aborted()) return;
    // What is left is held by others or waiting for its retry: look again in a moment.
    const after = await deps.runs.tenantRuns(runId);
    const left = run.tenants.filter((t) => !TERMINAL.has(after.find((d) => d.tenantId === t.tenantId)?.state ?? "pending"));
    if (left.length > 0) {
      const soonest = Math.min(...left.map((t) => after.find((d) => d.tenantId === t.tenantId)?.notBefore ?? 0));
      const wait = Math.max(0, Math.min(pollMs, soonest - nowMs()));
      await deps.sleep(soonest > nowMs() ? wait : pollMs);
    }
  }
}

/** The most telling failure: a definite cause before a transient one. */
function pickFailure(failures: readonly MicrosoftError[]): MicrosoftError {
  const transient = new Set(["throttled", "unavailable", "unknown"]);
  return failures.find((f) => !transient.has(f.code)) ?? failures[0];
}

async function closeRun(deps: RunnerDeps, stored: Stored<RunDoc>, tenants: TenantRunDoc[], nowMs: number): Promise<void> {
  let current: Stored<RunDoc> | undefined = stored;
  for (let attempt = 0; current && current.doc.status !== "finished" && attempt < 5; attempt++) {
    const finished: RunDoc = { ...current.doc, status: "finished", finishedAt: new Date(nowMs).toISOString(), summary: summaryOf(current.doc, tenants, nowMs) };
    if (await deps.runs.replaceRun(finished, current.etag)) {
      await deps.runs.clearActive(finished.id);
      await deps.onFinished?.(finished, tenants);
      return;
    }
    current = await deps.runs.readRun(stored.doc.id);
  }
  if (current) await deps.runs.clearActive(current.doc.id);
}
