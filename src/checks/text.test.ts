import { day, days, daysBetween, daysUntil, list, q, unreadable } from "./text";

const NOW = new Date("2025-06-01T00:00:00Z");

describe("text helpers", () => {
  test.each([
    [[], ""],
    [["a"], "a"],
    [["a", "b"], "a and b"],
    [["a", "b", "c"], "a, b and c"],
  ])("list %j", (items, text) => {
    expect(list(items)).toBe(text);
  });

  test.each([
    ["2025-06-01T00:00:00.001Z", 1],
    ["2025-06-02T00:00:00Z", 1],
    ["2025-06-02T00:00:00.001Z", 2],
    ["2025-06-01T00:00:00Z", 0],
    ["2025-05-31T12:00:00Z", 0],
    ["2025-05-30T12:00:00Z", -1],
  ])("daysUntil %s = %d (rounded up)", (end, n) => {
    expect(daysUntil(end, NOW)).toBe(n);
  });

  it("formats", () => {
    expect(q("x")).toBe('"x"');
    expect(days(1)).toBe("1 day");
    expect(days(2)).toBe("2 days");
    expect(day("2025-06-01T23:59:00Z")).toBe("2025-06-01");
    expect(day("not a date")).toBe("not a date");
    expect(daysBetween("2025-01-01T00:00:00Z", "2025-07-03T00:00:00Z")).toBe(183);
    expect(unreadable("X", { code: "c", message: "Because." })).toBe("Could not read X: Because. This was not checked, not found absent.");
  });
});
