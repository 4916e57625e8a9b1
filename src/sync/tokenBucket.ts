/**
 * Token buckets (pure: time is passed in) and a gate that waits until every bucket a request needs has a token, on an
 * injected clock and sleep. A bucket holds `limit` tokens and refills continuously at limit / window, as Microsoft's
 * (and the simulator's) do, so the sync never sends a request Microsoft would refuse for the rate.
 */
import type { BucketKey, RateLimit } from "./limits";

export interface TokenBucket {
  /** Tokens available at `nowMs` (fractional). */
  available(nowMs: number): number;
  /** Milliseconds until `n` tokens are available (0 = now). */
  waitMs(nowMs: number, n?: number): number;
  /** Takes `n` tokens; call only when waitMs is 0. */
  take(nowMs: number, n?: number): void;
}

export function createTokenBucket(limit: RateLimit, startMs: number): TokenBucket {
  const capacity = limit.limit;
  const perMs = limit.limit / limit.windowMs;
  let tokens = capacity;
  let at = startMs;
  const refill = (nowMs: number): void => {
    if (nowMs > at) {
      tokens = Math.min(capacity, tokens + (nowMs - at) * perMs);
      at = nowMs;
    }
  };
  return {
    available(nowMs) {
      refill(nowMs);
      return tokens;
    },
    waitMs(nowMs, n = 1) {
      refill(nowMs);
      if (tokens >= n) return 0;
      return Math.ceil((n - tokens) / perMs);
    },
    take(nowMs, n = 1) {
      refill(nowMs);
      tokens -= n;
    },
  };
}

export interface RateGate {
  /** Resolves once one token was taken from each of the buckets (atomically: all or none). */
  acquire(keys: readonly BucketKey[]): Promise<void>;
  /** Buckets kept (full ones are dropped once there are BUCKET_SWEEP_AT or more; forget() drops a tenant's). */
  size(): number;
  /** Drops the buckets whose key contains `|<tenantId>` (a finished tenant). */
  forget(tenantId: string): void;
}

/** Buckets at which the gate first drops the full ones (then each time their number has doubled since). */
export const BUCKET_SWEEP_AT = 256;

export function createRateGate(opts: { now: () => number; sleep: (ms: number) => Promise<void> }): RateGate {
  const buckets = new Map<string, { bucket: TokenBucket; capacity: number }>();
  // A full bucket is the same as a new one: dropping it changes no wait. Amortised, not a scan per request: a run over
  // 1,000 tenants would otherwise keep each tenant's buckets after the tenant is done.
  let sweepAt = BUCKET_SWEEP_AT;
  const sweep = (nowMs: number): void => {
    if (buckets.size < sweepAt) return;
    for (const [k, e] of buckets) if (e.bucket.available(nowMs) >= e.capacity) buckets.delete(k);
    sweepAt = Math.max(BUCKET_SWEEP_AT, buckets.size * 2);
  };
  const bucket = (k: BucketKey, nowMs: number): TokenBucket => {
    let e = buckets.get(k.key);
    if (e === undefined) {
      e = { bucket: createTokenBucket(k.limit, nowMs), capacity: k.limit.limit };
      buckets.set(k.key, e);
    }
    return e.bucket;
  };
  return {
    async acquire(keys) {
      for (;;) {
        const nowMs = opts.now();
        sweep(nowMs);
        const bs = keys.map((k) => bucket(k, nowMs));
        const wait = Math.max(0, ...bs.map((b) => b.waitMs(nowMs)));
        if (wait === 0) {
          for (const b of bs) b.take(nowMs);
          return;
        }
        await opts.sleep(wait);
      }
    },
    size: () => buckets.size,
    forget(tenantId) {
      const t = `|${tenantId.toLowerCase()}`;
      for (const k of [...buckets.keys()]) if (k.endsWith(t)) buckets.delete(k);
    },
  };
}
