/** progress (pure), table-tested. */
import { progressOf } from "./progress";

describe("progress", () => {
  test.each([
    ["half done by weight", [["done", 100], ["pending", 100]], 1000, 1000],
    ["nothing done yet: no estimate", [["running", 1], ["pending", 1]], 1000, undefined],
    ["all done", [["done", 1], ["failed", 1]], 1000, 0],
  ] as const)("%s", (_n, states, elapsed, estimate) => {
    const p = progressOf("r", states.map(([state, weight], i) => ({ tenantId: String(i), state, devices: 2, apps: 3, users: 0, weight })), 0, elapsed);
    expect(p.estimateMs).toBe(estimate);
    expect(p.devices).toBe(4);
    expect(p.tenantsTotal).toBe(2);
  });
});
