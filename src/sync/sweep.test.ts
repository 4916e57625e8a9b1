/** mark and sweep (pure), table-tested. */
import { readEnd, sweepDecision } from "./sweep";

describe("mark and sweep", () => {
  test.each([
    ["count met", { received: 10, expected: 10, lastPageSize: 10, pageSize: 1000 }, "complete"],
    ["fewer than counted: truncated", { received: 1000, expected: 2500, lastPageSize: 1000, pageSize: 1000 }, "truncated"],
    ["more than counted (added while paging)", { received: 11, expected: 10, lastPageSize: 11 }, "complete"],
    ["no count, full last page: truncated", { received: 2000, lastPageSize: 1000, pageSize: 1000 }, "truncated"],
    ["no count, short last page", { received: 1500, lastPageSize: 500, pageSize: 1000 }, "complete"],
    ["empty", { received: 0, expected: 0, lastPageSize: 0, pageSize: 1000 }, "complete"],
  ])("%s", (_n, facts, kind) => {
    expect(readEnd(facts).kind).toBe(kind);
  });
  test.each([
    [{ kind: "complete" } as const, ["b", "c"]],
    [{ kind: "truncated", received: 1 } as const, []],
    [{ kind: "failed" } as const, []],
  ])("%j deletes %j", (end, ids) => {
    expect(sweepDecision(end, ["a", "b", "c"], new Set(["a"]))).toEqual(ids);
  });
});
