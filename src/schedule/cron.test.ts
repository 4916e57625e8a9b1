/** Cron slots, pure: parsing and messages, next and latest slots (every minute, weekly, DST in a non-UTC zone). */
import { checkSchedule, isTimeZone, latestSlot, nextSlot, parseCron, type CronSpec } from "./cron";

const spec = (expr: string): CronSpec => {
  const r = parseCron(expr);
  if (!r.ok) throw new Error(r.error);
  return r.spec;
};
const iso = (d: Date | undefined): string | undefined => d?.toISOString();

describe("parseCron", () => {
  test.each([
    ["0 2 * * *", true],
    ["* * * * *", true],
    ["*/15 9-17 * * 1-5", true],
    ["0 9 * * mon", true],
    ["0 9 * * MON-FRI", true],
    ["0 0 1 jan *", true],
    ["0 0 * * 7", true],
    ["30 */5 * * * *", true],
    ["0 2  *  * *", true],
  ])("%s is accepted", (expr, ok) => {
    expect(parseCron(expr).ok).toBe(ok);
  });

  test.each([
    ["0 2 * *", "has 4 field(s)"],
    ["", "has 0 field(s)"],
    ["61 * * * *", '"61" is not a valid minute'],
    ["0 24 * * *", '"24" is not a valid hour'],
    ["0 0 0 * *", '"0" is not a valid day of month'],
    ["0 0 * 13 *", '"13" is not a valid month'],
    ["0 0 * * 8", '"8" is not a valid day of week'],
    ["0 0 * * funday", "not a valid day of week"],
    ["0 0 31 2 *", "never runs"],
    ["0 5-1 * * *", "not a valid hour"],
  ])("%s is refused: %s", (expr, message) => {
    const r = parseCron(expr);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });

  test("weekday 7 is Sunday, names and numbers agree", () => {
    expect([...spec("0 0 * * 7").weekdays]).toEqual([0]);
    expect(parseCron("0 0 * * sat-sun").ok).toBe(false);
    expect([...spec("0 0 * * sun,sat").weekdays].sort()).toEqual([0, 6]);
  });
});

describe("checkSchedule (command and settings input)", () => {
  test.each([
    [{ cron: "0 2 * * *" }, { ok: true, schedule: { cron: "0 2 * * *", timeZone: "UTC" } }],
    [{ cron: " 0  3 * * 1 ", timeZone: "Europe/Amsterdam" }, { ok: true, schedule: { cron: "0 3 * * 1", timeZone: "Europe/Amsterdam" } }],
  ])("%j is valid", (input, expected) => {
    expect(checkSchedule(input)).toEqual(expected);
  });
  test.each([
    [{ cron: "0 2 * * *", timeZone: "Mars/Olympus" }, '"Mars/Olympus" is not an IANA time zone'],
    [{ cron: "every night" }, "has 2 field(s)"],
  ])("%j is refused", (input, message) => {
    const r = checkSchedule(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });
  test("time zones", () => {
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("America/New_York")).toBe(true);
    expect(isTimeZone("")).toBe(false);
    expect(isTimeZone("Nowhere/City")).toBe(false);
  });
});

describe("nextSlot", () => {
  test.each([
    // expression, zone, after, next
    ["0 2 * * *", "UTC", "2026-12-02T01:59:59Z", "2026-12-02T02:00:00.000Z"],
    ["0 2 * * *", "UTC", "2026-12-02T02:00:00Z", "2026-12-03T02:00:00.000Z"],
    ["* * * * *", "UTC", "2026-12-02T07:00:30Z", "2026-12-02T07:01:00.000Z"],
    ["* * * * *", "UTC", "2026-12-31T23:59:00Z", "2027-01-01T00:00:00.000Z"],
    ["*/20 * * * * *", "UTC", "2026-12-02T07:00:41Z", "2026-12-02T07:01:00.000Z"],
    // weekly: Monday 09:00 (2026-12-02 is a Wednesday)
    ["0 9 * * 1", "UTC", "2026-12-02T10:00:00Z", "2026-12-07T09:00:00.000Z"],
    ["0 9 * * 1", "Europe/Amsterdam", "2026-12-02T10:00:00Z", "2026-12-07T08:00:00.000Z"],
    // POSIX: day of month OR day of week when both are restricted (the 1st, and Mondays)
    ["0 0 1 * 1", "UTC", "2026-12-02T00:00:00Z", "2026-12-07T00:00:00.000Z"],
    ["0 0 1 * 1", "UTC", "2026-12-28T00:00:00Z", "2027-01-01T00:00:00.000Z"],
    ["0 0 29 2 *", "UTC", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00.000Z"],
    // Amsterdam, spring forward 2026-03-29 02:00 CET → 03:00 CEST (01:00Z): 02:00 and 02:30 do not exist, run at the change
    ["0 2 * * *", "Europe/Amsterdam", "2026-03-28T12:00:00Z", "2026-03-29T01:00:00.000Z"],
    ["30 2 * * *", "Europe/Amsterdam", "2026-03-28T12:00:00Z", "2026-03-29T01:00:00.000Z"],
    ["0 2 * * *", "Europe/Amsterdam", "2026-03-29T01:00:00Z", "2026-03-30T00:00:00.000Z"],
    ["0 3 * * *", "Europe/Amsterdam", "2026-03-28T12:00:00Z", "2026-03-29T01:00:00.000Z"],
    // Amsterdam, fall back 2026-10-25 03:00 CEST → 02:00 CET (01:00Z): 02:30 happens twice, runs the first time only
    ["30 2 * * *", "Europe/Amsterdam", "2026-10-24T12:00:00Z", "2026-10-25T00:30:00.000Z"],
    ["30 2 * * *", "Europe/Amsterdam", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00.000Z"],
    // hourly-or-faster follows real time through both changes
    ["30 * * * *", "Europe/Amsterdam", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00.000Z"],
    ["*/30 * * * *", "Europe/Amsterdam", "2026-03-29T00:30:00Z", "2026-03-29T01:00:00.000Z"],
    ["* * * * *", "Europe/Amsterdam", "2026-10-25T00:59:30Z", "2026-10-25T01:00:00.000Z"],
    // New York, spring forward 2026-03-08 02:00 EST → 03:00 EDT (07:00Z)
    ["0 2 * * *", "America/New_York", "2026-03-07T12:00:00Z", "2026-03-08T07:00:00.000Z"],
    // a zone with a :30 offset
    ["0 9 * * *", "Asia/Kolkata", "2026-12-02T00:00:00Z", "2026-12-02T03:30:00.000Z"],
  ])("%s in %s after %s → %s", (expr, zone, after, next) => {
    expect(iso(nextSlot(spec(expr), zone, new Date(after)))).toBe(next);
  });

  test("every-minute through the fall-back hour: 120 real minutes, strictly increasing, none doubled", () => {
    const s = spec("* * * * *");
    let t = new Date("2026-10-24T23:59:00Z");
    const seen: number[] = [];
    for (let i = 0; i < 180; i++) {
      const n = nextSlot(s, "Europe/Amsterdam", t);
      if (!n) throw new Error("no slot");
      seen.push(n.getTime());
      t = n;
    }
    for (let i = 1; i < seen.length; i++) expect((seen[i] ?? 0) - (seen[i - 1] ?? 0)).toBe(60_000);
  });
});

describe("latestSlot: what a look at the clock owes", () => {
  test.each([
    // expression, zone, last look, now, owed
    ["0 2 * * *", "UTC", "2026-12-02T01:00:00Z", "2026-12-02T01:59:59Z", undefined],
    ["0 2 * * *", "UTC", "2026-12-02T01:00:00Z", "2026-12-02T02:00:00Z", "2026-12-02T02:00:00.000Z"],
    ["0 2 * * *", "UTC", "2026-12-02T02:00:00Z", "2026-12-02T03:00:00Z", undefined],
    // a jump of a month runs the latest slot only
    ["0 2 * * *", "UTC", "2026-12-02T03:00:00Z", "2027-01-02T05:00:00Z", "2027-01-02T02:00:00.000Z"],
    ["* * * * *", "UTC", "2026-12-02T03:00:00Z", "2026-12-09T05:00:30Z", "2026-12-09T05:00:00.000Z"],
    ["0 9 * * 1", "UTC", "2026-12-02T00:00:00Z", "2026-12-20T00:00:00Z", "2026-12-14T09:00:00.000Z"],
    ["30 2 * * *", "Europe/Amsterdam", "2026-10-24T12:00:00Z", "2026-10-25T12:00:00Z", "2026-10-25T00:30:00.000Z"],
    ["30 2 * * *", "Europe/Amsterdam", "2026-10-25T00:30:00Z", "2026-10-25T12:00:00Z", undefined],
    ["0 2 * * *", "Europe/Amsterdam", "2026-03-28T12:00:00Z", "2026-03-29T02:00:00Z", "2026-03-29T01:00:00.000Z"],
    ["30 * * * *", "Europe/Amsterdam", "2026-10-25T00:45:00Z", "2026-10-25T01:45:00Z", "2026-10-25T01:30:00.000Z"],
    ["0 2 * * *", "UTC", "2026-12-03T00:00:00Z", "2026-12-02T00:00:00Z", undefined],
  ])("%s in %s, (%s, %s] → %s", (expr, zone, after, now, owed) => {
    expect(iso(latestSlot(spec(expr), zone, new Date(after), new Date(now)))).toBe(owed);
  });

  test("fast enough for every look: an every-second schedule over a week-long jump", () => {
    const t0 = performance.now();
    expect(iso(latestSlot(spec("* * * * * *"), "Europe/Amsterdam", new Date("2026-10-20T00:00:00Z"), new Date("2026-10-27T00:00:00.500Z")))).toBe("2026-10-27T00:00:00.000Z");
    expect(performance.now() - t0).toBeLessThan(1_500);
  });
});
