/** token bucket (pure), table-tested. */
import { manualClock } from "../clock";
import { BUCKET_SWEEP_AT, createRateGate, createTokenBucket } from "./tokenBucket";

describe("token bucket", () => {
  test.each([
    // taken, at ms, expected wait for one more
    [0, 0, 0],
    [2000, 0, 10],
    [2000, 10, 0],
    [2000, 5, 5],
  ])("2,000 / 20 s: after %i taken at 0, waits at %i ms: %i", (taken, at, wait) => {
    const b = createTokenBucket({ limit: 2000, windowMs: 20_000 }, 0);
    for (let i = 0; i < taken; i++) b.take(0);
    expect(b.waitMs(at)).toBe(wait);
  });
  test("refills continuously, never above its capacity", () => {
    const b = createTokenBucket({ limit: 100, windowMs: 60_000 }, 0);
    b.take(0, 100);
    expect(b.available(30_000)).toBeCloseTo(50);
    expect(b.available(10_000_000)).toBe(100);
  });
  test("the gate waits on the injected clock and takes from every bucket at once", async () => {
    const clock = manualClock("2025-01-01T00:00:00Z");
    const waits: number[] = [];
    const gate = createRateGate({ now: () => clock.now().getTime(), sleep: (ms) => (waits.push(ms), clock.advance(ms), Promise.resolve()) });
    const keys = [{ key: "a|t", limit: { limit: 2, windowMs: 1000 } }, { key: "b|t", limit: { limit: 10, windowMs: 1000 } }];
    for (let i = 0; i < 4; i++) await gate.acquire(keys);
    expect(waits).toEqual([500, 500]);
    expect(gate.size()).toBe(2);
    gate.forget("T");
    expect(gate.size()).toBe(0);
  });
});

describe("the gate drops full buckets", () => {
  const limit = { limit: 10, windowMs: 1000 };
  const fill = async (gate: ReturnType<typeof createRateGate>, n: number, prefix: string): Promise<void> => {
    for (let i = 0; i < n; i++) await gate.acquire([{ key: `${prefix}|t${i}`, limit }]);
  };
  test.each<[string, number, number]>([
    // name, ms after the first buckets' use, buckets kept after one more acquire
    ["none while they still refill", 50, BUCKET_SWEEP_AT + 1],
    ["the full ones once they have refilled", 1000, 1],
  ])("%s", async (_name, later, kept) => {
    const clock = manualClock("2025-01-01T00:00:00Z");
    const gate = createRateGate({ now: () => clock.now().getTime(), sleep: (ms) => (clock.advance(ms), Promise.resolve()) });
    await fill(gate, BUCKET_SWEEP_AT, "a");
    expect(gate.size()).toBe(BUCKET_SWEEP_AT);
    clock.advance(later);
    await gate.acquire([{ key: "b|t", limit }]);
    expect(gate.size()).toBe(kept);
  });
  test("no sweep below the threshold; a dropped bucket comes back full", async () => {
    const clock = manualClock("2025-01-01T00:00:00Z");
    const waits: number[] = [];
    const gate = createRateGate({ now: () => clock.now().getTime(), sleep: (ms) => (waits.push(ms), clock.advance(ms), Promise.resolve()) });
    const key = { key: "x|t", limit: { limit: 2, windowMs: 1000 } };
    await gate.acquire([key]);
    await gate.acquire([key]);
    await fill(gate, BUCKET_SWEEP_AT - 2, "a");
    clock.advance(10_000);
    await gate.acquire([{ key: "b|t", limit }]);
    expect(gate.size()).toBe(BUCKET_SWEEP_AT); // 255 buckets when it looked: below the threshold
    await gate.acquire([{ key: "b|t", limit }]);
    expect(gate.size()).toBe(1); // only b, which is not full
    // x was dropped full: two requests pass at once, the third waits for a refill.
    for (let i = 0; i < 3; i++) await gate.acquire([key]);
    expect(waits).toEqual([500]);
  });
  test("a bucket that is not full is kept with what it owes", async () => {
    const clock = manualClock("2025-01-01T00:00:00Z");
    const waits: number[] = [];
    const gate = createRateGate({ now: () => clock.now().getTime(), sleep: (ms) => (waits.push(ms), clock.advance(ms), Promise.resolve()) });
    const slow = { key: "slow|t", limit: { limit: 2, windowMs: 100_000 } };
    await gate.acquire([slow]);
    await gate.acquire([slow]);
    await fill(gate, BUCKET_SWEEP_AT - 1, "a");
    clock.advance(10_000);
    await gate.acquire([{ key: "b|t", limit }]);
    expect(gate.size()).toBe(2);
    await gate.acquire([slow]);
    expect(waits).toEqual([40_000]);
  });
});
