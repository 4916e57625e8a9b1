/**
 * Sync cards updated in place: every (conversation, activity) showing a run's progress is kept, and every few
 * seconds (never more often than `everyMs`) each is replaced through the proactive CardSender with the run's
 * progress, read from the stored run (`status(runId)`: so a run worked on by another instance, or started by the
 * schedule, shows its progress too), with the live counts of this instance's in-flight tenants on top. When the run
 * is finished each card becomes the summary and the run is forgotten. One timer for all runs, running only while
 * something is watched; a tick never overlaps the previous one.
 */
import type { ConversationReference } from "botbuilder";
import type { AdaptiveCardJson } from "../../cards/render";
import type { Logger } from "../../log/logger";
import type { SyncProgress, SyncStatus } from "../../sync/service";
import type { CardSender } from "../proactive";

export interface Viewer {
  ref: Partial<ConversationReference>;
  activityId: string;
  /** This card answered a `sync` that joined a run already going. */
  joined?: boolean;
}

export interface IntervalTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface SyncWatchDeps {
  status(runId: string): Promise<SyncStatus | undefined>;
  /** Live progress of runs this instance works on (in-flight tenants' counts). */
  onProgress?(listener: (p: SyncProgress) => void): () => void;
  cards: CardSender;
  render(status: SyncStatus, viewer: { joined: boolean }): AdaptiveCardJson;
  logger: Logger;
  /** Default 3 s. */
  everyMs?: number;
  timers?: IntervalTimers;
}

export interface SyncWatch {
  /** Keeps `viewer` updated until the run is finished (a viewer already watched is replaced). */
  watch(runId: string, viewer: Viewer): void;
  /** Updates every watched card once (what the timer calls). */
  tick(): Promise<void>;
  /** Cards watched, for one run or all. */
  watching(runId?: string): number;
  stop(): void;
}

/** A viewer whose card cannot be updated this many times in a row is dropped. */
const MAX_FAILURES = 3;

const defaultTimers: IntervalTimers = {
  setInterval: (fn, ms) => {
    const h = setInterval(fn, ms);
    h.unref?.();
    return h;
  },
  clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
};

/** Pure: the stored status with this instance's live counts on top (they include tenants still being read). */
export function withLiveCounts(status: SyncStatus, live: SyncProgress | undefined): SyncStatus {
  if (!live || status.status !== "running" || live.runId !== status.runId) return status;
  const p = status.progress;
  return {
    ...status,
    progress: { ...p, devices: Math.max(p.devices, live.devices), apps: Math.max(p.apps, live.apps), users: Math.max(p.users, live.users) },
  };
}

const keyOf = (v: Viewer): string => `${v.ref.conversation?.id ?? ""}|${v.activityId}`;

export function createSyncWatch(deps: SyncWatchDeps): SyncWatch {
  const everyMs = deps.everyMs ?? 3_000;
  const timers = deps.timers ?? defaultTimers;
  const log = deps.logger.child({ component: "syncWatch" });
  const runs = new Map<string, Map<string, Viewer & { failures: number }>>();
  const live = new Map<string, SyncProgress>();
  let handle: unknown;
  let busy: Promise<void> | undefined;
  let unsubscribe: (() => void) | undefined;

  const ensureTimer = (): void => {
    if (handle !== undefined) return;
    unsubscribe ??= deps.onProgress?.((p) => {
      if (runs.has(p.runId)) live.set(p.runId, p);
    });
    handle = timers.setInterval(() => void tick(), everyMs);
  };
  const stopTimer = (): void => {
    if (handle !== undefined) timers.clearInterval(handle);
    handle = undefined;
    unsubscribe?.();
    unsubscribe = undefined;
  };

  const updateRun = async (runId: string, viewers: Map<string, Viewer & { failures: number }>): Promise<void> => {
    let status: SyncStatus | undefined;
    try {
      status = await deps.status(runId);
    } catch (error) {
      log.warn("could not read the sync run's status", { runId, error });
      return;
    }
    if (!status) {
      runs.delete(runId);
      live.delete(runId);
      return;
    }
    const shown = withLiveCounts(status, live.get(runId));
    await Promise.all(
      [...viewers.entries()].map(async ([key, v]) => {
        try {
          await deps.cards.updateCard(v.ref, v.activityId, deps.render(shown, { joined: v.joined === true }));
          v.failures = 0;
        } catch (error) {
          v.failures++;
          log.warn("could not update a sync card", { runId, error, failures: v.failures });
          if (v.failures >= MAX_FAILURES) viewers.delete(key);
        }
      }),
    );
    if (status.status === "finished" || viewers.size === 0) {
      runs.delete(runId);
      live.delete(runId);
    }
  };

  const tick = (): Promise<void> => {
    busy ??= (async () => {
      try {
        for (const [runId, viewers] of [...runs.entries()]) await updateRun(runId, viewers);
      } finally {
        busy = undefined;
        if (runs.size === 0) stopTimer();
      }
    })();
    return busy;
  };

  return {
    watch(runId, viewer) {
      let viewers = runs.get(runId);
      if (!viewers) {
        viewers = new Map();
        runs.set(runId, viewers);
      }
      viewers.set(keyOf(viewer), { ...viewer, failures: 0 });
      ensureTimer();
    },
    tick,
    watching(runId) {
      if (runId !== undefined) return runs.get(runId)?.size ?? 0;
      let n = 0;
      for (const v of runs.values()) n += v.size;
      return n;
    },
    stop() {
      runs.clear();
      live.clear();
      stopTimer();
    },
  };
}
