/**
 * Bounded concurrency: at most `concurrency` tasks run at once, the rest wait in FIFO order, "high" before "low"
 * (the reads on the critical path overtake bulk per-customer work). One limiter is shared by every fan-out of a
 * snapshot read, so the whole read never has more than `concurrency` requests in flight.
 */
export type Priority = "high" | "low";

export interface Limiter {
  /** Runs `task` when a slot is free; resolves or rejects as the task does. */
  run<T>(task: () => Promise<T>, priority?: Priority): Promise<T>;
  /** `fn` over every item through the limiter; results in input order (rejects with the first failure). */
  map<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]>;
  /** Tasks running now (for tests). */
  readonly active: number;
}

export function createLimiter(concurrency: number): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError("concurrency must be a positive integer");
  let active = 0;
  const waiting: Record<Priority, (() => void)[]> = { high: [], low: [] };

  const release = (): void => {
    active--;
    const next = waiting.high.shift() ?? waiting.low.shift();
    if (next) next();
  };

  const acquire = (priority: Priority): Promise<void> => {
    if (active < concurrency) {
      active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) =>
      waiting[priority].push(() => {
        active++;
        resolve();
      }),
    );
  };

  const run = async <T>(task: () => Promise<T>, priority: Priority = "high"): Promise<T> => {
    await acquire(priority);
    try {
      return await task();
    } finally {
      release();
    }
  };

  return {
    run,
    map: <T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>) => Promise.all(items.map((item, i) => run(() => fn(item, i)))),
    get active() {
      return active;
    },
  };
}
