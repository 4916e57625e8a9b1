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
  /** Buckets created so far (bounded by tenants × workloads; forget() drops a tenant's). */
  size(): number;
  /** Drops the buckets whose key contains `|<tenantId>` (a finished tenant). */
  forget(tenantId: string): void;
}

export function createRateGate(opts: { now: () => number; sleep: (ms: number) => Promise<void> }): RateGate {
  const buckets = new Map<string, TokenBucket>();
  const bucket = (k: BucketKey, nowMs: number): TokenBucket => {
    let b = buckets.get(k.key);
    if (b === undefined) {
      b = createTokenBucket(k.limit, nowMs);
      buckets.set(k.key, b);
    }
    return b;
  };
  return {
    async acquire(keys) {
      for (;;) {
        const nowMs = opts.now();
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
