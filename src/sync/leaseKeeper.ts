/**
 * Holds a lease while work goes on: renews it every third of its time to live (timers injected), remembers when it
 * was lost (renewal refused: someone took it over) so the work stops before its next write.
 */
import type { Lease, LeaseRepo } from "../store/leases";

export class LeaseLostError extends Error {
  constructor(readonly leaseId: string) {
    super(`lease ${leaseId} was lost`);
    this.name = "LeaseLostError";
  }
}

export interface LeaseKeeper {
  current(): Lease;
  lost(): boolean;
  /** Throws LeaseLostError when the lease was lost. */
  guard(): void;
  /** Stops renewing and releases the lease (if still ours). */
  stop(): Promise<void>;
}

export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const realTimers: Timers = {
  setInterval: (fn, ms) => {
    const h = setInterval(fn, ms);
    h.unref();
    return h;
  },
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};

export function keepLease(repo: LeaseRepo, lease: Lease, ttlMs: number, opts: { timers?: Timers; now: () => number; onLost?: () => void }): LeaseKeeper {
  const timers = opts.timers ?? realTimers;
  let held = lease;
  let isLost = false;
  let renewing: Promise<void> | undefined;
  const markLost = (): void => {
    if (!isLost) {
      isLost = true;
      opts.onLost?.();
    }
  };
  const tick = (): void => {
    if (isLost || renewing) return;
    renewing = repo
      .renew(held, ttlMs)
      .then((l) => {
        if (l === undefined) markLost();
        else held = l;
      })
      .catch(() => {
        // Cosmos unreachable: keep the lease while it has not expired; lost once it has.
        if (held.expiresAt <= opts.now()) markLost();
      })
      .finally(() => {
        renewing = undefined;
      });
  };
  const handle = timers.setInterval(tick, Math.max(50, Math.floor(ttlMs / 3)));
  return {
    current: () => held,
    lost: () => isLost || held.expiresAt <= opts.now(),
    guard() {
      if (isLost || held.expiresAt <= opts.now()) throw new LeaseLostError(held.id);
    },
    async stop() {
      timers.clearInterval(handle);
      await renewing;
      if (!isLost) await repo.release(held).catch(() => false);
    },
  };
}
