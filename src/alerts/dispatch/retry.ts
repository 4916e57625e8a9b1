/**
 * Pure retry policy for a refused proactive send (Teams "Status codes from bot conversational APIs" and "Handle rate
 * limits for bots", learn.microsoft.com):
 * - 429: wait `Retry-After` when given, else jittered exponential backoff;
 * - 412, 502, 503, 504 and transport failures (no status): jittered exponential backoff;
 * - 403 MessageWritesBlocked / ConversationBlockedByUser / BotNotInConversationRoster, and 404: the bot was removed
 *   or blocked there: the conversation is inactive, nothing more is sent to it;
 * - anything else (400, 401, 413, other 403 …): the message fails; retrying would get the same answer.
 * After `maxAttempts` attempts a retryable failure fails too.
 */

export interface SendFailure {
  /** HTTP status of the connector's answer; undefined when no answer came (network, timeout). */
  status?: number;
  retryAfterMs?: number;
  /** Teams' error sub-code (e.g. MessageWritesBlocked) or error code. */
  subCode?: string;
}

export type RetryDecision =
  | { action: "retry"; delayMs: number; reason: string }
  | { action: "inactive"; reason: string }
  | { action: "fail"; reason: string };

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseMs: 1_000, capMs: 60_000 };

const TRANSIENT = new Set([412, 502, 503, 504]);
const GONE_CODES = new Set(["MessageWritesBlocked", "ConversationBlockedByUser", "BotNotInConversationRoster", "BotDisabledByAdmin"]);

/** Equal jitter: half the exponential delay fixed, half random, so retries spread but never come back at once. */
export function backoffMs(attempt: number, random: () => number, policy: RetryPolicy = DEFAULT_RETRY): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** `attempt`: attempts made so far, the failed one included (1 for the first). */
export function decideRetry(f: SendFailure, attempt: number, random: () => number, policy: RetryPolicy = DEFAULT_RETRY): RetryDecision {
  const label = f.status === undefined ? "no answer" : `${f.status}${f.subCode ? ` ${f.subCode}` : ""}`;
  if (f.status === 404 || (f.status === 403 && f.subCode !== undefined && GONE_CODES.has(f.subCode))) return { action: "inactive", reason: label };
  const retryable = f.status === undefined || f.status === 429 || TRANSIENT.has(f.status);
  if (!retryable) return { action: "fail", reason: label };
  if (attempt >= policy.maxAttempts) return { action: "fail", reason: `${label} after ${attempt} attempts` };
  if (f.status === 429 && f.retryAfterMs !== undefined && f.retryAfterMs >= 0) {
    return { action: "retry", delayMs: Math.min(f.retryAfterMs, 3_600_000), reason: label };
  }
  return { action: "retry", delayMs: backoffMs(attempt, random, policy), reason: label };
}

/** `Retry-After`: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
