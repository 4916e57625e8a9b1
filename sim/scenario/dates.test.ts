import { durationMs, resolveDate, toGraphDate } from "./dates";

const NOW = new Date("2025-01-15T09:00:00Z");

test.each([
  ["now", "2025-01-15T09:00:00Z"],
  ["+12d", "2025-01-27T09:00:00Z"],
  ["-3d", "2025-01-12T09:00:00Z"],
  ["+5h", "2025-01-15T14:00:00Z"],
  ["-90m", "2025-01-15T07:30:00Z"],
  ["+30s", "2025-01-15T09:00:30Z"],
  ["+1.5d", "2025-01-16T21:00:00Z"],
  ["-690d", "2023-02-25T09:00:00Z"],
  ["+2w", "2025-01-29T09:00:00Z"],
  ["-6mo", "2024-07-19T09:00:00Z"],
  ["+1mo", "2025-02-14T09:00:00Z"],
  ["-2y", "2023-01-16T09:00:00Z"],
  ["+1y", "2026-01-15T09:00:00Z"],
  ["2024-12-01", "2024-12-01T00:00:00Z"],
  ["2024-12-01T10:20:30Z", "2024-12-01T10:20:30Z"],
  ["2024-12-01T10:20:30+02:00", "2024-12-01T08:20:30Z"],
  ["2024-12-01T10:20:30.250Z", "2024-12-01T10:20:30.250Z"],
])("resolveDate(%s)", (spec, expected) => {
  expect(resolveDate(spec, NOW)).toBe(expected);
});

test.each([
  ["P730D", 730 * 86_400_000],
  ["P180D", 180 * 86_400_000],
  ["PT0S", 0],
  ["P0D", 0],
  ["P1Y", 365 * 86_400_000],
  ["P2W", 14 * 86_400_000],
  ["PT1H30M", 90 * 60_000],
])("durationMs(%s)", (d, ms) => {
  expect(durationMs(d)).toBe(ms);
});

test("invalid inputs throw", () => {
  expect(() => durationMs("730 days")).toThrow();
  expect(() => resolveDate("tomorrow", NOW)).toThrow();
  expect(() => resolveDate("+3x", NOW)).toThrow();
  expect(() => resolveDate("+3mon", NOW)).toThrow();
});

test("toGraphDate drops zero milliseconds only", () => {
  expect(toGraphDate(Date.UTC(2025, 0, 1))).toBe("2025-01-01T00:00:00Z");
  expect(toGraphDate(Date.UTC(2025, 0, 1, 0, 0, 0, 5))).toBe("2025-01-01T00:00:00.005Z");
});
