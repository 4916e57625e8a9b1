/** token bucket (pure), table-tested. */
import { manualClock } from "../clock";
import { createRateGate, createTokenBucket } from "./tokenBucket";

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
