/**
 * Schedules (sync nightly, digests, the time-based alert detection): a cron expression in an IANA time zone,
 * evaluated on the injected clock (local mode: the simulator's), each slot run once across all instances (a lease
 * per slot in Cosmos `leases`). Implementation: src/schedule/ (node-cron validates and parses the expressions).
 */
export interface CronSchedule {
  /** Five-field (or six with seconds) cron expression, as node-cron accepts it, e.g. "0 2 * * *". */
  cron: string;
  /** IANA time zone, e.g. "Europe/Amsterdam"; default "UTC". */
  timeZone: string;
}

export interface ScheduledJob {
  /** Stable id, e.g. "sync.nightly", "digest.<conversationKey>", "alerts.detect". */
  id: string;
  schedule: CronSchedule;
  /** Runs once per slot, on exactly one instance; `slot` is the slot's planned time. */
  run(slot: Date): Promise<void>;
}

export interface Scheduler {
  /** Adds or replaces a job (a new schedule takes effect at its next slot). */
  set(job: ScheduledJob): void;
  remove(id: string): void;
  /** The next planned slot of a job, on the injected clock. */
  next(id: string): Date | undefined;
  /** Looks at the clock now (local mode calls it when the simulator's clock moved). */
  tick(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}
