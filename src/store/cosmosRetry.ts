/**
 * Retrying what @azure/cosmos does not retry itself, and telling "storage is unavailable" apart from other failures.
 *
 * What the SDK (4.9) already retries: 429 (ResourceThrottleRetryPolicy: 9 times, honouring `x-ms-retry-after-ms`, at
 * most 30 s in all); connection errors of *reads and queries* (DefaultRetryPolicy: 10 times, 1 s apart); 503 and
 * timeouts only when endpoint discovery is on AND the request is a read or the account has several write regions
 * (TimeoutFailoverRetryPolicy). So a 503, 408, 449 or a connection error on a *write* to a single-region account (ours)
 * reaches the caller at once: `withCosmosRetry` retries those, a few times with capped exponential backoff and jitter.
 * Etag conflicts (412 / 409) are not transient errors: their owners re-read and merge (stateStore.ts, versionedDoc.ts).
 */
import { cosmosStatus } from "./cosmos";

export interface CosmosRetryPolicy {
  /** Attempts in all (1 = no retry). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Within a turn: a user is waiting (Teams gives a message about 15 s, an invoke less). */
export const TURN_RETRY: CosmosRetryPolicy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 };

/** HTTP statuses Cosmos documents as "retry later": 408 timeout, 429 throttled, 449 retry with, 503 unavailable. */
const TRANSIENT_STATUS = new Set([408, 429, 449, 503]);
/** Node / SDK error codes of a connection that failed or was cut. */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ENOTFOUND",
  "REQUEST_SEND_ERROR",
  "TimeoutError",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function field(err: unknown, name: string): unknown {
  return typeof err === "object" && err !== null ? (err as Record<string, unknown>)[name] : undefined;
}

/** Pure: the connection-level code of an error (its own `code`, or its `cause`'s), if it is one. */
function connectionCode(err: unknown, depth = 0): string | undefined {
  if (depth > 3) return undefined;
  const code = field(err, "code");
  if (typeof code === "string" && CONNECTION_CODES.has(code)) return code;
  const name = field(err, "name");
  if (name === "TimeoutError") return "TimeoutError";
  return connectionCode(field(err, "cause"), depth + 1);
}

/** Pure: does this error mean "Cosmos cannot be reached or is busy right now" (worth retrying, and worth saying so)? */
export function isTransientCosmosError(err: unknown): boolean {
  const status = cosmosStatus(err);
  if (status !== undefined && TRANSIENT_STATUS.has(status)) return true;
  return connectionCode(err) !== undefined;
}

/** Pure: the delay Cosmos asked for (`retryAfterInMs` or the `x-ms-retry-after-ms` header), if any. */
export function retryAfterMs(err: unknown): number | undefined {
  const direct = field(err, "retryAfterInMs") ?? field(err, "retryAfterInMilliseconds");
  if (typeof direct === "number" && Number.isFinite(direct) && direct >= 0) return direct;
  const headers = field(err, "headers");
  const h = typeof headers === "object" && headers !== null ? (headers as Record<string, unknown>)["x-ms-retry-after-ms"] : undefined;
  const n = typeof h === "string" ? Number(h) : typeof h === "number" ? h : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Pure: how long to wait before attempt `attempt + 1` (attempts count from 1), or undefined to give up.
 * `random` in [0, 1) spreads instances apart (full jitter on the exponential part; Cosmos' own hint wins when larger).
 */
export function retryDelay(err: unknown, attempt: number, policy: CosmosRetryPolicy, random: number): number | undefined {
  if (attempt >= policy.maxAttempts || !isTransientCosmosError(err)) return undefined;
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(exp / 2 + (exp / 2) * random);
  const hinted = retryAfterMs(err);
  return Math.min(policy.maxDelayMs, Math.max(jittered, hinted ?? 0));
}

export interface RetryRuntime {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each retry (for logs). */
  onRetry?: (info: { attempt: number; delayMs: number; status?: number }) => void;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** Runs `work`, retrying transient Cosmos failures by `policy`. The last error is rethrown unchanged. */
export async function withCosmosRetry<T>(work: () => Promise<T>, policy: CosmosRetryPolicy = TURN_RETRY, rt: RetryRuntime = {}): Promise<T> {
  const sleep = rt.sleep ?? realSleep;
  const random = rt.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const delayMs = retryDelay(err, attempt, policy, random());
      if (delayMs === undefined) throw err;
      const status = cosmosStatus(err);
      rt.onRetry?.({ attempt, delayMs, ...(status !== undefined ? { status } : {}) });
      await sleep(delayMs);
    }
  }
}
