/**
 * One global concurrency budget (a counting semaphore, FIFO): at most `limit` tasks run at once, whoever asks. The
 * sync shares one for all requests of all tenants, so a large tenant cannot starve the others and the total load on
 * Microsoft and Cosmos stays bounded.
 */
export interface Budget {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  active(): number;
  /** Tasks waiting for a slot. */
  waiting(): number;
}

export function createBudget(limit: number): Budget {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError("budget limit must be a positive integer");
  let running = 0;
  const queue: (() => void)[] = [];
  const release = (): void => {
    const next = queue.shift();
    if (next) next();
    else running--;
  };
  return {
    async run(task) {
      if (running < limit) running++;
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
    active: () => running,
    waiting: () => queue.length,
  };
}
