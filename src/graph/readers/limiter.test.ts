import { createLimiter } from "./limiter";

/** A task that finishes when the test says so. */
function gate<T>(value: T): { promise: Promise<T>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<T>((resolve) => (open = () => resolve(value)));
  return { promise, open };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe("createLimiter", () => {
  test.each([1, 2, 5])("never runs more than %i tasks at once, in FIFO order", async (n) => {
    const limiter = createLimiter(n);
    const gates = Array.from({ length: 12 }, (_, i) => gate(i));
    const started: number[] = [];
    let peak = 0;
    const all = limiter.map(gates, async (g, i) => {
      started.push(i);
      peak = Math.max(peak, limiter.active);
      return g.promise;
    });
    await flush();
    expect(started).toEqual(Array.from({ length: n }, (_, i) => i));
    for (const g of gates) {
      g.open();
      await flush();
    }
    expect(await all).toEqual(gates.map((_, i) => i));
    expect(peak).toBe(n);
    expect(started).toEqual(gates.map((_, i) => i));
    expect(limiter.active).toBe(0);
  });

  test("high-priority tasks overtake waiting low-priority ones", async () => {
    const limiter = createLimiter(1);
    const order: string[] = [];
    const first = gate("first");
    const done = [
      limiter.run(async () => {
        order.push("first");
        return first.promise;
      }),
      limiter.run(() => Promise.resolve(void order.push("low1")), "low"),
      limiter.run(() => Promise.resolve(void order.push("low2")), "low"),
      limiter.run(() => Promise.resolve(void order.push("high")), "high"),
    ];
    first.open();
    await Promise.all(done);
    expect(order).toEqual(["first", "high", "low1", "low2"]);
  });

  test("a failing task frees its slot and rejects only its own caller", async () => {
    const limiter = createLimiter(1);
    const failed = limiter.run(() => Promise.reject(new Error("boom")));
    const next = limiter.run(() => Promise.resolve("ok"));
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ok");
    expect(limiter.active).toBe(0);
  });

  test.each([0, -1, 1.5, Number.NaN])("refuses concurrency %p", (n) => {
    expect(() => createLimiter(n)).toThrow(RangeError);
  });
});
