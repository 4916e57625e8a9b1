import { slidingWindows, TEAMS_CONVERSATION_LIMITS, TEAMS_TENANT_LIMITS } from "./pacer";

/** Sends as fast as the windows allow, from t=0; returns the send times. */
function schedule(limits: Parameters<typeof slidingWindows>[0], n: number, margin = 0): number[] {
  const w = slidingWindows(limits, margin);
  const times: number[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    t = w.nextAt("k", t);
    w.record("k", t);
    times.push(t);
  }
  return times;
}

const maxInWindow = (times: number[], windowMs: number): number => {
  let best = 0;
  for (let i = 0; i < times.length; i++) {
    let n = 0;
    for (let j = i; j < times.length && (times[j] ?? 0) < (times[i] ?? 0) + windowMs; j++) n++;
    best = Math.max(best, n);
  }
  return best;
};

describe("sliding windows", () => {
  test.each([
    { limits: [{ limit: 7, windowMs: 1000 }], n: 8, last: 1000 },
    { limits: [{ limit: 7, windowMs: 1000 }], n: 15, last: 2000 },
    { limits: TEAMS_CONVERSATION_LIMITS, n: 8, last: 1000 },
    { limits: TEAMS_CONVERSATION_LIMITS, n: 9, last: 2000 }, // 8 / 2 s
    { limits: TEAMS_TENANT_LIMITS, n: 50, last: 0 },
    { limits: TEAMS_TENANT_LIMITS, n: 51, last: 1000 },
    { limits: TEAMS_TENANT_LIMITS, n: 1000, last: 19000 },
  ])("$n sends under $limits.length limit(s): the last at $last ms", ({ limits, n, last }) => {
    const times = schedule(limits, n);
    expect(times[times.length - 1]).toBe(last);
  });

  test("Teams' per-conversation limits all hold over 200 sends (and 60 / 30 s binds)", () => {
    const times = schedule(TEAMS_CONVERSATION_LIMITS, 200);
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(7);
    expect(maxInWindow(times, 2000)).toBeLessThanOrEqual(8);
    expect(maxInWindow(times, 30_000)).toBe(60);
    expect(times[60]).toBeGreaterThanOrEqual(30_000);
  });

  test("1,800 / hour binds a long run", () => {
    const times = schedule(TEAMS_CONVERSATION_LIMITS, 1801);
    expect(times[1800]).toBeGreaterThanOrEqual(3_600_000);
  });

  test("the margin widens every window; keys are independent; old entries are pruned", () => {
    const w = slidingWindows([{ limit: 1, windowMs: 1000 }], 30);
    w.record("a", 0);
    expect(w.nextAt("a", 0)).toBe(1030);
    expect(w.nextAt("b", 0)).toBe(0);
    expect(w.count("a", 500)).toBe(1);
    expect(w.count("a", 5000)).toBe(0);
  });

  test("an attempt recorded out of order is kept in order", () => {
    const w = slidingWindows([{ limit: 2, windowMs: 1000 }], 0);
    w.record("a", 500);
    w.record("a", 100);
    expect(w.nextAt("a", 600)).toBe(1100);
  });

  test("invalid limits are refused", () => {
    expect(() => slidingWindows([{ limit: 0, windowMs: 1000 }])).toThrow();
  });
});
