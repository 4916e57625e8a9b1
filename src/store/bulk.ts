/**
 * Bulk writes through the SDK's `executeBulkOperations` (every operation carries its partition key), with a bounded
 * retry of the operations Cosmos refused for now (429 throttled, 408 timeout, 449 retry-with, 503 unavailable,
 * 410 gone while a partition moves) after the SDK's own retries: only the refused ones are resent, after the longest
 * `Retry-After` among them (or an exponential, jittered backoff). Other failures are returned, not thrown.
 */
import type { BulkOperationResult, Container, OperationInput } from "@azure/cosmos";

export type BulkExecutor = (operations: OperationInput[]) => Promise<BulkOperationResult[]>;

export interface BulkOptions {
  /** Rounds in all, the first included (default 5). */
  maxRounds?: number;
  /** Base of the exponential backoff when Cosmos gives no Retry-After (default 200 ms). */
  baseDelayMs?: number;
  /** Upper bound of one wait (default 10 s). */
  maxDelayMs?: number;
  /** Waits (tests pass one that resolves at once and records the delays). */
  sleep?: (ms: number) => Promise<void>;
  /** 0 ≤ x < 1, for the jitter (default Math.random). */
  random?: () => number;
  /** The executor (default: the container's executeBulkOperations); tests wrap it to inject throttling. */
  executor?: BulkExecutor;
}

export interface BulkOutcome {
  /** Status code of each operation, in the order given (2xx = done). */
  statuses: number[];
  /** Rounds it took. */
  rounds: number;
  /** Operations resent because Cosmos refused them for now. */
  retried: number;
}

const RETRYABLE = new Set([408, 410, 429, 449, 503]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE.has(status);
}

export function resultStatus(result: BulkOperationResult): number {
  if (result.error !== undefined) return typeof result.error.code === "number" ? result.error.code : 500;
  return result.response?.statusCode ?? 500;
}

/** Wait before round `round` (2, 3, ...): the longest Retry-After, else base·2^(round-2) with ±50% jitter, capped. */
export function retryDelayMs(round: number, retryAfterMs: number | undefined, opts: { baseDelayMs: number; maxDelayMs: number; random: number }): number {
  const exp = opts.baseDelayMs * 2 ** Math.max(0, round - 2);
  const jittered = exp * (0.5 + opts.random);
  return Math.min(opts.maxDelayMs, Math.max(retryAfterMs ?? 0, Math.round(jittered)));
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function executeBulk(container: Container, operations: OperationInput[], opts: BulkOptions = {}): Promise<BulkOutcome> {
  const executor = opts.executor ?? ((ops) => container.items.executeBulkOperations(ops));
  const maxRounds = Math.max(1, opts.maxRounds ?? 5);
  const sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  const delays = { baseDelayMs: opts.baseDelayMs ?? 200, maxDelayMs: opts.maxDelayMs ?? 10_000 };

  const statuses = new Array<number>(operations.length).fill(0);
  let pending = operations.map((_, i) => i);
  let rounds = 0;
  let retried = 0;
  let retryAfter: number | undefined;
  while (pending.length > 0 && rounds < maxRounds) {
    rounds++;
    if (rounds > 1) {
      retried += pending.length;
      await sleep(retryDelayMs(rounds, retryAfter, { ...delays, random: random() }));
    }
    const results = await executor(pending.map((i) => operations[i]));
    const again: number[] = [];
    retryAfter = undefined;
    results.forEach((result, k) => {
      const index = pending[k];
      const status = resultStatus(result);
      statuses[index] = status;
      if (isRetryableStatus(status)) {
        again.push(index);
        const ra = result.error?.retryAfterInMs;
        if (typeof ra === "number") retryAfter = Math.max(retryAfter ?? 0, ra);
      }
    });
    pending = again;
  }
  return { statuses, rounds, retried };
}
