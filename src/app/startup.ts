/** Pure helpers of the background start (./start.ts): the backoff between compose attempts, a loggable error summary. */

export interface ComposeBackoff {
  baseDelayMs: number;
  maxDelayMs: number;
}

/** 1 s, 2 s, 4 s … up to 30 s between attempts (App Service restarts an instance that is not ready after long). */
export const DEFAULT_COMPOSE_BACKOFF: ComposeBackoff = { baseDelayMs: 1_000, maxDelayMs: 30_000 };

/** Pure: the wait after failed attempt `attempt` (from 1), with jitter `random` in [0, 1) on the upper half. */
export function composeBackoffMs(attempt: number, b: ComposeBackoff, random: number): number {
  const exp = Math.min(b.maxDelayMs, b.baseDelayMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.round(exp / 2 + (exp / 2) * random);
}

/** Pure: what to log of a start-up failure: its name and codes only (messages may carry hosts or keys). */
export function errorSummary(err: unknown): Record<string, unknown> {
  if (typeof err !== "object" || err === null) return { name: typeof err };
  const e = err as { name?: unknown; code?: unknown; statusCode?: unknown; substatus?: unknown; cause?: unknown };
  const cause = typeof e.cause === "object" && e.cause !== null ? (e.cause as { code?: unknown }).code : undefined;
  const out: Record<string, unknown> = { name: typeof e.name === "string" ? e.name : "Error" };
  if (typeof e.code === "string" || typeof e.code === "number") out.code = e.code;
  if (typeof e.statusCode === "number") out.statusCode = e.statusCode;
  if (typeof e.substatus === "number") out.substatus = e.substatus;
  if (typeof cause === "string") out.causeCode = cause;
  return out;
}
