/**
 * Pure pacing for proactive sends under Teams' rate limits (learn.microsoft.com/microsoftteams/platform/bots/how-to/
 * rate-limit): per bot per conversation 7 / 1 s, 8 / 2 s, 60 / 30 s, 1,800 / hour, and per app per tenant 50 / s.
 *
 * Each limit is a sliding window over the times of the attempts made (every attempt counts, refused or not, as
 * Teams counts requests): at most `limit` attempts in any `windowMs` (+ `marginMs`, so that requests that arrive
 * a few milliseconds closer together than they were dispatched still fit). A sliding window is stricter than the
 * token buckets the limits are often modelled with, so pacing by it never exceeds either. Times are epoch ms passed
 * in: no clock here.
 */

export interface WindowLimit {
  limit: number;
  windowMs: number;
}

export const TEAMS_CONVERSATION_LIMITS: readonly WindowLimit[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

export const TEAMS_TENANT_LIMITS: readonly WindowLimit[] = [{ limit: 50, windowMs: 1_000 }];

/** Default safety margin added to every window. */
export const DEFAULT_MARGIN_MS = 30;

export interface Windows {
  /** The earliest time >= now at which one more attempt for `key` stays within every limit. */
  nextAt(key: string, now: number): number;
  /** Counts an attempt for `key` at `at`. */
  record(key: string, at: number): void;
  /** Attempts counted for `key` within the longest window before `now` (tests, stats). */
  count(key: string, now: number): number;
}

export function slidingWindows(limits: readonly WindowLimit[], marginMs = DEFAULT_MARGIN_MS): Windows {
  if (limits.some((l) => l.limit < 1 || l.windowMs <= 0)) throw new Error("a window limit needs limit >= 1 and windowMs > 0");
  const longest = Math.max(0, ...limits.map((l) => l.windowMs)) + marginMs;
  const logs = new Map<string, number[]>();
  const prune = (key: string, now: number): number[] => {
    const log = logs.get(key) ?? [];
    let drop = 0;
    while (drop < log.length && (log[drop] ?? 0) <= now - longest) drop++;
    if (drop > 0) log.splice(0, drop);
    if (log.length === 0) logs.delete(key);
    return log;
  };
  return {
    nextAt(key, now) {
      const log = prune(key, now);
      let at = now;
      for (const { limit, windowMs } of limits) {
        const w = windowMs + marginMs;
        let inWindow = 0;
        for (let i = log.length - 1; i >= 0 && (log[i] ?? 0) > now - w; i--) inWindow++;
        if (inWindow < limit) continue;
        // Once the attempt `limit` places from the newest leaves the window, one more fits.
        at = Math.max(at, (log[log.length - limit] ?? now) + w);
      }
      return at;
    },
    record(key, at) {
      const log = logs.get(key) ?? [];
      let i = log.length;
      while (i > 0 && (log[i - 1] ?? 0) > at) i--;
      log.splice(i, 0, at);
      logs.set(key, log);
    },
    count: (key, now) => prune(key, now).length,
  };
}
