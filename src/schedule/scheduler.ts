/**
 * The scheduler (contract: ./types.ts): cron jobs on the injected clock, each slot run once across every instance.
 *
 * - Slots (./cron.ts, pure): at each look at the clock a job owes the LATEST slot in (last look, now]. However far the
 *   clock jumped (local mode follows the simulator's clock, which `POST /clock/advance` moves by days), a job runs
 *   once, for the latest slot passed, never once per missed slot: an MSP who skips a week wants one sync now, not
 *   seven in a row. A job added (or an instance started) owes nothing from before; a clock moved back owes nothing
 *   until it passes a new slot.
 * - Once across instances: a slot is claimed with the lease `schedule.<jobId>.<slotISO>` (store/leases.ts, etag
 *   claims in `leases`); the holder renews it while the job runs and, when done, renews it for `doneTtlMs` (30 days)
 *   so nobody claims it again. An instance that lost the claim remembers the slot and looks again only when that
 *   lease would expire: when its holder crashed mid-run (no renewal), another instance takes the slot over (higher
 *   fence) and runs it. So a slot runs once, and at least once as long as one instance lives; only a crash in the
 *   middle of a job can make it run twice (the sync's job only starts or joins a run, which resumes by itself).
 * - A job that throws is logged (its slot counts as done: no retry loop; the next slot runs as planned). A job still
 *   running on this instance when its next slot comes defers that slot until it is over.
 * - Timers: one timeout armed for the earliest next slot (at most `maxSleepMs` ahead, so a moved clock is noticed),
 *   unref'd, cleared on stop. `tick()` looks at the clock at once (local mode and tests).
 */
import type { Clock } from "../clock";
import type { Logger } from "../log/logger";
import type { Lease, LeaseRepo } from "../store/leases";
import { latestSlot, nextSlot, parseCron, isTimeZone, type CronSpec } from "./cron";
import type { ScheduledJob, Scheduler } from "./types";

export interface SchedulerTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realSchedulerTimers: SchedulerTimers = {
  setTimeout: (fn, ms) => {
    const h = setTimeout(fn, ms);
    h.unref();
    return h;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface SchedulerDeps {
  clock: Clock;
  leases: LeaseRepo;
  logger: Logger;
  /** Stable per process; two instances must differ. */
  instanceId: string;
  timers?: SchedulerTimers;
  /** Longest wait between two looks at the clock (default 60 s; local mode: a few seconds). */
  maxSleepMs?: number;
  /** A running slot's lease lifetime, renewed every third of it (default 2 min). */
  runLeaseTtlMs?: number;
  /** How long a finished slot's lease keeps others off (default 30 days). */
  doneTtlMs?: number;
}

export interface SchedulerWithInfo extends Scheduler {
  /** Job ids, sorted. */
  jobs(): string[];
}

interface JobState {
  job: ScheduledJob;
  spec: CronSpec;
  lastLook: number;
  running?: Promise<void>;
  /** A due slot not run here yet: claimed elsewhere (look again at `recheckAt`) or deferred. */
  pending?: { slot: Date; recheckAt: number };
}

/** The slot's lease id (Cosmos ids may not hold / \ ? #). */
export function slotLeaseId(jobId: string, slot: Date): string {
  return `schedule.${jobId.replace(/[/\\?#]/g, "_")}.${slot.toISOString()}`;
}

function specOf(job: ScheduledJob): CronSpec {
  const r = parseCron(job.schedule.cron);
  if (!r.ok) throw new Error(`schedule of ${job.id}: ${r.error}`);
  if (!isTimeZone(job.schedule.timeZone)) throw new Error(`schedule of ${job.id}: "${job.schedule.timeZone}" is not an IANA time zone`);
  return r.spec;
}

export function createScheduler(deps: SchedulerDeps): SchedulerWithInfo {
  const log = deps.logger.child({ component: "schedule" });
  const timers = deps.timers ?? realSchedulerTimers;
  const maxSleepMs = deps.maxSleepMs ?? 60_000;
  const runTtl = deps.runLeaseTtlMs ?? 120_000;
  const doneTtl = deps.doneTtlMs ?? 30 * 24 * 3_600_000;
  const states = new Map<string, JobState>();
  let ticking: Promise<void> = Promise.resolve();
  let timer: unknown;
  let started = false;

  /** Runs a claimed slot, renewing its lease meanwhile, then marks it done. */
  const runClaimed = async (state: JobState, slot: Date, lease: Lease): Promise<void> => {
    let held: Lease | undefined = lease;
    let renewTimer: unknown;
    let renewing: Promise<void> = Promise.resolve();
    const renewLater = (): void => {
      renewTimer = timers.setTimeout(() => {
        renewing = (async () => {
          if (held === undefined) return;
          held = await deps.leases.renew(held, runTtl).catch(() => held);
          if (held === undefined) log.warn("schedule slot lease lost while running", { job: state.job.id, slot: slot.toISOString() });
          else renewLater();
        })();
      }, Math.max(20, Math.floor(runTtl / 3)));
    };
    renewLater();
    const startedAt = Date.now();
    try {
      log.info("scheduled job starts", { job: state.job.id, slot: slot.toISOString() });
      await state.job.run(slot);
      log.info("scheduled job done", { job: state.job.id, slot: slot.toISOString(), durationMs: Date.now() - startedAt });
    } catch (e) {
      log.error("scheduled job failed", { job: state.job.id, slot: slot.toISOString(), error: e instanceof Error ? e.name : "unknown" });
    } finally {
      timers.clearTimeout(renewTimer);
      await renewing;
      const finalLease = held;
      held = undefined;
      if (finalLease !== undefined) {
        const done = await deps.leases.renew(finalLease, doneTtl).catch(() => undefined);
        if (done === undefined) log.warn("schedule slot could not be marked done", { job: state.job.id, slot: slot.toISOString() });
      }
    }
  };

  const attempt = async (state: JobState, slot: Date, now: number): Promise<void> => {
    const id = slotLeaseId(state.job.id, slot);
    const lease = await deps.leases.claim(id, deps.instanceId, runTtl);
    if (lease === undefined) {
      const other = await deps.leases.read(id);
      state.pending = { slot, recheckAt: other ? Math.max(other.expiresAt, now) : now };
      return;
    }
    if (state.pending?.slot.getTime() === slot.getTime()) delete state.pending;
    await runClaimed(state, slot, lease);
  };

  const look = async (): Promise<void> => {
    const now = deps.clock.now();
    const nowMs = now.getTime();
    const launched: Promise<void>[] = [];
    for (const state of states.values()) {
      if (state.running) continue; // its due slot is found at the next look after the run
      if (nowMs < state.lastLook) {
        state.lastLook = nowMs; // the clock went back: nothing owed until a new slot passes
        continue;
      }
      const slot = latestSlot(state.spec, state.job.schedule.timeZone, new Date(state.lastLook), now);
      state.lastLook = nowMs;
      if (slot !== undefined) state.pending = { slot, recheckAt: nowMs };
      const pending = state.pending;
      if (pending === undefined || pending.recheckAt > nowMs) continue;
      const run = attempt(state, pending.slot, nowMs)
        .catch((e: unknown) => {
          // Cosmos unreachable: the slot stays pending, tried again at the next look.
          log.warn("schedule slot claim failed; will retry", { job: state.job.id, slot: pending.slot.toISOString(), error: e instanceof Error ? e.name : "unknown" });
        })
        .finally(() => {
          if (state.running === run) delete state.running;
        });
      state.running = run;
      launched.push(run);
    }
    await Promise.all(launched);
  };

  const arm = (): void => {
    if (!started) return;
    timers.clearTimeout(timer);
    const now = deps.clock.now();
    let wait = maxSleepMs;
    for (const s of states.values()) {
      const n = nextSlot(s.spec, s.job.schedule.timeZone, now);
      if (n !== undefined) wait = Math.min(wait, n.getTime() - now.getTime());
    }
    timer = timers.setTimeout(
      () => {
        void tick().finally(arm);
      },
      Math.max(10, wait + 5),
    );
  };

  const tick = (): Promise<void> => {
    ticking = ticking.then(look, look);
    return ticking;
  };

  return {
    set(job) {
      const spec = specOf(job);
      const existing = states.get(job.id);
      if (existing) {
        const changed = existing.spec.expression !== spec.expression || existing.job.schedule.timeZone !== job.schedule.timeZone;
        existing.job = job;
        existing.spec = spec;
        if (changed) delete existing.pending;
      } else {
        states.set(job.id, { job, spec, lastLook: deps.clock.now().getTime() });
      }
      arm();
    },
    remove(id) {
      states.delete(id);
    },
    next(id) {
      const s = states.get(id);
      return s ? nextSlot(s.spec, s.job.schedule.timeZone, deps.clock.now()) : undefined;
    },
    jobs: () => [...states.keys()].sort(),
    tick,
    start() {
      if (started) return;
      started = true;
      for (const s of states.values()) s.lastLook = deps.clock.now().getTime();
      arm();
    },
    async stop() {
      started = false;
      timers.clearTimeout(timer);
      await ticking;
      await Promise.all([...states.values()].map((s) => s.running ?? Promise.resolve()));
    },
  };
}
