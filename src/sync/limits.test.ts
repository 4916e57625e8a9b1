/** limits (pure), table-tested. */
import { bucketsFor, MICROSOFT_LIMITS } from "./limits";

describe("limits", () => {
  test.each([
    ["graph", ["graph|app"]],
    ["intune", ["graph|app", "intune|app|t1", "intune|*|t1"]],
    ["defender", ["defender-min|app|t1", "defender-hour|app|t1"]],
    ["identity", ["graph|app", "identity|app|t1"]],
  ] as const)("%s requests draw from %j", (workload, keys) => {
    expect(bucketsFor(workload, "APP", "T1").map((b) => b.key)).toEqual(keys);
  });
  test("Microsoft's published numbers", () => {
    expect(MICROSOFT_LIMITS.intunePerAppPerTenant).toEqual({ limit: 2000, windowMs: 20_000 });
    expect(MICROSOFT_LIMITS.intunePerTenant).toEqual({ limit: 4000, windowMs: 20_000 });
    expect(MICROSOFT_LIMITS.graphPerApp).toEqual({ limit: 130_000, windowMs: 10_000 });
    expect(MICROSOFT_LIMITS.defenderPerMinute).toEqual({ limit: 100, windowMs: 60_000 });
    expect(MICROSOFT_LIMITS.identityPerAppPerTenant).toEqual({ limit: 3500, windowMs: 10_000 });
  });
});
