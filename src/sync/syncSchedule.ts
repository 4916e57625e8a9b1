/**
 * The sync's schedule (`sync schedule <cron> [tz]`): stored in the `settings` container (id `syncSchedule`, the
 * reserved partition `_sync`, an etag document), default nightly "0 2 * * *" UTC, run by the generic scheduler
 * (src/schedule) as the job `sync.scheduled`: each slot, on exactly one instance, starts a run with
 * trigger `{ kind: "schedule", by: <slot ISO> }` (or joins the run going on: a run is never doubled).
 *
 * - `set` validates (a message naming what is wrong), persists, and takes effect at the next slot on this instance at
 *   once; other instances follow within `refreshMs` (they re-read it), and a slot of an outdated schedule claimed
 *   meanwhile does nothing: the job re-reads the stored schedule before it starts a run.
 * - `disable` keeps the schedule but runs nothing until `set` again.
 */
import type { Container } from "@azure/cosmos";
import { z } from "zod/v4";
import type { Clock } from "../clock";
import type { Logger } from "../log/logger";
import { checkSchedule } from "../schedule/cron";
import type { Scheduler } from "../schedule/types";
import { versionedDoc } from "../store/versionedDoc";
import type { SyncService } from "./service";

export const SYNC_SCHEDULE_JOB = "sync.scheduled";
export const DEFAULT_SYNC_SCHEDULE = { cron: "0 2 * * *", timeZone: "UTC" } as const;
const DOC_ID = "syncSchedule";
const PARTITION = "_sync";

const storedSchema = z.object({
  cron: z.string().max(128),
  timeZone: z.string().max(64),
  enabled: z.boolean(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string().max(256).optional(),
});
type Stored = z.infer<typeof storedSchema>;

export interface SyncScheduleView {
  cron: string;
  timeZone: string;
  enabled: boolean;
  /** Nothing stored yet: the nightly default applies. */
  isDefault: boolean;
  updatedAt?: string;
  updatedBy?: string;
  /** The next slot on the injected clock (undefined when disabled). */
  next?: Date;
}

export type SetResult = { ok: true; schedule: SyncScheduleView } | { ok: false; error: string };

export interface SyncSchedule {
  get(): Promise<SyncScheduleView>;
  /** `sync schedule <cron> [tz]`: validated, persisted, effective at the next slot. */
  set(input: { cron: string; timeZone?: string | undefined }, by?: string): Promise<SetResult>;
  /** `sync schedule off`. */
  disable(by?: string): Promise<SyncScheduleView>;
  /** The next slot of the sync on this instance's scheduler. */
  next(): Date | undefined;
  /** Loads the stored schedule into the scheduler and follows changes made elsewhere (every `refreshMs`). */
  start(): Promise<void>;
  /** Re-reads the stored schedule now. */
  refresh(): Promise<void>;
  stop(): void;
}

export interface SyncScheduleDeps {
  /** The `settings` container. */
  container: Container;
  scheduler: Scheduler;
  sync: Pick<SyncService, "startSync">;
  clock: Clock;
  logger: Logger;
  /** How often other instances' changes are picked up (default 60 s). */
  refreshMs?: number;
}

export function createSyncSchedule(deps: SyncScheduleDeps): SyncSchedule {
  const log = deps.logger.child({ component: "syncSchedule" });
  const doc = versionedDoc(deps.container, { id: DOC_ID, partitionKeyField: "partnerTenantId", partitionKey: PARTITION, schema: storedSchema });
  let active: { cron: string; timeZone: string; enabled: boolean } | undefined;
  let timer: NodeJS.Timeout | undefined;

  /** The stored schedule (undefined: none stored); throws when Cosmos cannot be read. */
  const readStored = async (): Promise<Stored | undefined> => (await doc.read())?.value;
  const effective = (s: Stored | undefined): { cron: string; timeZone: string; enabled: boolean } => {
    if (!s) return { ...DEFAULT_SYNC_SCHEDULE, enabled: true };
    const c = checkSchedule(s);
    return c.ok ? { ...c.schedule, enabled: s.enabled } : { ...DEFAULT_SYNC_SCHEDULE, enabled: true };
  };

  const apply = (want: { cron: string; timeZone: string; enabled: boolean }): void => {
    if (active && active.cron === want.cron && active.timeZone === want.timeZone && active.enabled === want.enabled) return;
    active = want;
    if (!want.enabled) {
      deps.scheduler.remove(SYNC_SCHEDULE_JOB);
      return;
    }
    deps.scheduler.set({
      id: SYNC_SCHEDULE_JOB,
      schedule: { cron: want.cron, timeZone: want.timeZone },
      run: async (slot) => {
        // Another instance may have changed the schedule since this one last read it: a stale slot does nothing.
        // (Cosmos unreadable: the slot runs as planned; the schedule known here stays.)
        const stored = await readStored().then(
          (v) => ({ ok: true as const, v }),
          () => ({ ok: false as const }),
        );
        const now = stored.ok ? effective(stored.v) : want;
        if (!now.enabled || now.cron !== want.cron || now.timeZone !== want.timeZone) {
          log.info("sync schedule changed elsewhere; slot skipped", { slot: slot.toISOString() });
          apply(now);
          return;
        }
        const r = await deps.sync.startSync({ trigger: { kind: "schedule", by: slot.toISOString() } });
        log.info("scheduled sync", { slot: slot.toISOString(), runId: r.runId, joined: r.alreadyRunning });
      },
    });
  };

  const view = (s: Stored | undefined): SyncScheduleView => {
    const e = effective(s);
    const out: SyncScheduleView = { ...e, isDefault: s === undefined };
    if (s?.updatedAt !== undefined) out.updatedAt = s.updatedAt;
    if (s?.updatedBy !== undefined) out.updatedBy = s.updatedBy;
    const next = e.enabled ? deps.scheduler.next(SYNC_SCHEDULE_JOB) : undefined;
    if (next !== undefined) out.next = next;
    return out;
  };

  const refresh = async (): Promise<void> => {
    try {
      apply(effective(await readStored()));
    } catch (e) {
      // Keep what this instance follows; before anything was read, the nightly default.
      log.warn("could not read the stored sync schedule; keeping the current one", { error: e instanceof Error ? e.name : "unknown" });
      if (active === undefined) apply({ ...DEFAULT_SYNC_SCHEDULE, enabled: true });
    }
  };

  const write = async (value: Omit<Stored, "updatedAt" | "updatedBy">, by: string | undefined): Promise<Stored> => {
    const stored: Stored = { ...value, updatedAt: deps.clock.now().toISOString(), ...(by !== undefined ? { updatedBy: by.slice(0, 256) } : {}) };
    await doc.update(() => stored);
    return stored;
  };

  return {
    async get() {
      const s = await readStored();
      apply(effective(s));
      return view(s);
    },
    async set(input, by) {
      const c = checkSchedule(input);
      if (!c.ok) return { ok: false, error: c.error };
      const stored = await write({ ...c.schedule, enabled: true }, by);
      apply(effective(stored));
      log.info("sync schedule set", { cron: stored.cron, timeZone: stored.timeZone });
      return { ok: true, schedule: view(stored) };
    },
    async disable(by) {
      const current = effective(await readStored());
      const stored = await write({ cron: current.cron, timeZone: current.timeZone, enabled: false }, by);
      apply(effective(stored));
      log.info("sync schedule disabled");
      return view(stored);
    },
    next: () => (active?.enabled === false ? undefined : deps.scheduler.next(SYNC_SCHEDULE_JOB)),
    async start() {
      await refresh();
      if (timer) return;
      timer = setInterval(() => {
        void refresh();
      }, deps.refreshMs ?? 60_000);
      timer.unref();
    },
    refresh,
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
