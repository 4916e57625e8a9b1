/** budget (pure), table-tested. */
import { createBudget } from "./budget";

describe("budget", () => {
  test("never more than the limit at once, in order", async () => {
    const budget = createBudget(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const releases: (() => void)[] = [];
    const tasks = [0, 1, 2, 3, 4].map((i) =>
      budget.run(async () => {
        running++;
        peak = Math.max(peak, running);
        order.push(i);
        await new Promise<void>((r) => releases.push(r));
        running--;
      }),
    );
    while (order.length < 5) {
      await Promise.resolve();
      await new Promise((r) => setImmediate(r));
      releases.shift()?.();
    }
    releases.forEach((r) => r());
    await Promise.all(tasks);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(() => createBudget(0)).toThrow(RangeError);
  });

  test("urgent tasks waiting are served before the others, each queue in order", async () => {
    const budget = createBudget(1);
    const order: string[] = [];
    let release: () => void = () => undefined;
    const first = budget.run(() => new Promise<void>((r) => (release = r)));
    const tasks = [
      budget.run(() => Promise.resolve(void order.push("a"))),
      budget.run(() => Promise.resolve(void order.push("u1")), { urgent: true }),
      budget.run(() => Promise.resolve(void order.push("b"))),
      budget.run(() => Promise.resolve(void order.push("u2")), { urgent: true }),
    ];
    expect(budget.waiting()).toBe(4);
    release();
    await Promise.all([first, ...tasks]);
    expect(order).toEqual(["u1", "u2", "a", "b"]);
  });
});
