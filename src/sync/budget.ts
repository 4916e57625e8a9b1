/**
 * One global concurrency budget (a counting semaphore, FIFO): at most `limit` tasks run at once, whoever asks. The
 * sync shares one for all requests of all tenants, so a large tenant cannot starve the others and the total load on
 * Microsoft and Cosmos stays bounded. Urgent tasks (the next page of a resource already being read) wait in a queue
 * of their own, served first, so a large tenant's chain of pages is not held up behind every small tenant's first request.
 */
export interface Budget {
  /** `urgent`: served before the others waiting (a page that continues a chain: the longest chain sets the run's length). */
  run<T>(task: () => Promise<T>, opts?: { urgent?: boolean }): Promise<T>;
  /** Tasks running now. */
  active(): number;
  /** Tasks waiting for a slot. */
  waiting(): number;
}

export function createBudget(limit: number): Budget {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError("budget limit must be a positive integer");
  let running = 0;
  const urgent: (() => void)[] = [];
  const queue: (() => void)[] = [];
  const release = (): void => {
    const next = urgent.shift() ?? queue.shift();
    if (next) next();
    else running--;
  };
  return {
    async run(task, opts) {
      if (running < limit) running++;
      else await new Promise<void>((resolve) => (opts?.urgent === true ? urgent : queue).push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
    active: () => running,
    waiting: () => queue.length + urgent.length,
  };
}
