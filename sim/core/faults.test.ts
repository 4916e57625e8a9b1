import { FaultEngine } from "./faults";
import { FaultSchema } from "../scenario/schema";

const f = (x: Record<string, unknown>) => FaultSchema.parse(x);

test("matching by service, path, method and tenant", () => {
  const e = new FaultEngine([f({ service: "graph", path: "^/v1.0/deviceManagement", method: "GET", tenantId: "30000000-0000-4000-8000-000000000001", kind: "status", status: 503 })], 1);
  expect(e.pick("graph", "GET", "/v1.0/deviceManagement/managedDevices", "30000000-0000-4000-8000-000000000001")?.status).toBe(503);
  expect(e.pick("graph", "GET", "/v1.0/deviceManagement/managedDevices", "30000000-0000-4000-8000-000000000002")).toBeUndefined();
  expect(e.pick("graph", "POST", "/v1.0/deviceManagement/managedDevices", "30000000-0000-4000-8000-000000000001")).toBeUndefined();
  expect(e.pick("graph", "GET", "/v1.0/users", "30000000-0000-4000-8000-000000000001")).toBeUndefined();
  expect(e.pick("defender", "GET", "/v1.0/deviceManagement/managedDevices", "30000000-0000-4000-8000-000000000001")).toBeUndefined();
});

test("after and count", () => {
  const e = new FaultEngine([f({ service: "graph", kind: "reset", after: 2, count: 3 })], 1);
  const hits = Array.from({ length: 8 }, () => e.pick("graph", "GET", "/x", undefined)?.kind ?? "-");
  expect(hits).toEqual(["-", "-", "reset", "reset", "reset", "-", "-", "-"]);
  expect(e.list()[0]).toMatchObject({ matched: 8, injected: 3 });
});

test("probability draws are seeded: same seed, same sequence; reset restarts it", () => {
  const run = (seed: number) => {
    const e = new FaultEngine([f({ service: "graph", kind: "throttleNoRetryAfter", probability: 0.3 })], seed);
    return Array.from({ length: 200 }, () => (e.pick("graph", "GET", "/x", undefined) ? 1 : 0)).join("");
  };
  expect(run(5)).toBe(run(5));
  expect(run(5)).not.toBe(run(6));
  const hits = run(5).split("").filter((c) => c === "1").length;
  expect(hits).toBeGreaterThan(35);
  expect(hits).toBeLessThan(85);
  const e = new FaultEngine([f({ service: "graph", kind: "reset", probability: 0.5 })], 5);
  const a = Array.from({ length: 50 }, () => (e.pick("graph", "GET", "/x", undefined) ? 1 : 0)).join("");
  e.replaceAll([f({ service: "graph", kind: "reset", probability: 0.5 })]);
  const b = Array.from({ length: 50 }, () => (e.pick("graph", "GET", "/x", undefined) ? 1 : 0)).join("");
  expect(a).toBe(b);
});

test("add, replace by id, remove, clear", () => {
  const e = new FaultEngine([], 1);
  const a = e.add({ service: "login", kind: "tokenOutage" });
  expect(a.id).toBe("fault-1");
  e.add({ id: "x", service: "graph", kind: "slow", delayMs: 5 });
  e.add({ id: "x", service: "graph", kind: "slow", delayMs: 9 });
  expect(e.list().map((v) => [v.fault.id, v.fault.delayMs])).toEqual([["fault-1", undefined], ["x", 9]]);
  expect(e.remove("x")).toBe(true);
  expect(e.remove("x")).toBe(false);
  e.clear();
  expect(e.list()).toEqual([]);
});
