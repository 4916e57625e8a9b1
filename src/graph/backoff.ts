/**
 * Retry decisions for Microsoft's answers (pure): which statuses are worth retrying, and how long to wait —
 * Retry-After when Microsoft gave one, else jittered exponential back-off. Table-tested in backoff.test.ts.
 */

export interface RetryPolicy {
  /** Retries after the first attempt (so at most maxRetries + 1 requests). */
  maxRetries: number;
  /** First back-off step without Retry-After. */
  baseDelayMs: number;
  /** Largest back-off step without Retry-After. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails as throttled / unavailable at once. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 5, baseDelayMs: 1_000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

/** Statuses retried for any method: Microsoft did not process the request. */
const ALWAYS = new Set([429, 503, 504]);
/** Retried only for idempotent requests (GET): the request may have been processed. */
const IDEMPOTENT_ONLY = new Set([500, 502]);

export function isRetryableStatus(status: number, idempotent: boolean): boolean {
  return ALWAYS.has(status) || (idempotent && IDEMPOTENT_ONLY.has(status));
}

/**
 * How long to wait before retry number `retry` (0 = the first retry), or undefined when not to retry.
 * With Retry-After: that long plus up to 10% jitter (never less, so the bucket has refilled). Without: "equal jitter"
 * exponential back-off, half fixed and half random: base·2^retry · (0.5 + random/2), capped at maxDelayMs.
 */
export function retryDelayMs(retry: number, retryAfterMs: number | undefined, random: () => number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number | undefined {
  if (retry >= policy.maxRetries) return undefined;
  const r = Math.min(Math.max(random(), 0), 1);
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > policy.maxRetryAfterMs) return undefined;
    return Math.round(retryAfterMs + r * Math.min(retryAfterMs * 0.1, 1_000));
  }
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(step * (0.5 + r / 2));
}

/** The wait for a group of throttled items (a $batch): the longest Retry-After among them, else back-off. */
export function longestRetryAfter(values: readonly (number | undefined)[]): number | undefined {
  let max: number | undefined;
  for (const v of values) if (v !== undefined && (max === undefined || v > max)) max = v;
  return max;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
