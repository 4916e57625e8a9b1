import { isTimeZone, parseSchedule, parseSyncArgs, scheduleTail, type SyncArgs } from "./args";
import { parseText } from "../commands";

/** What the route sees: the command parser's args, plus the raw text. */
const parse = (text: string) => {
  const p = parseText(text);
  if (p.kind !== "command" || p.name !== "sync") throw new Error(`not a sync command: ${text}`);
  return parseSyncArgs(p.args, text);
};

describe("parseSyncArgs", () => {
  test.each<[string, SyncArgs]>([
    ["sync", { kind: "start", tenant: null }],
    ["Sync all", { kind: "start", tenant: null }],
    ["<at>Tenant Pilot</at> sync", { kind: "start", tenant: null }],
    ["sync fabrikam", { kind: "start", tenant: "fabrikam" }],
    ["sync Fabrikam, Inc.", { kind: "start", tenant: "Fabrikam, Inc" }],
    ["sync litware.onmicrosoft.com", { kind: "start", tenant: "litware.onmicrosoft.com" }],
    ["sync cc000000-0000-4000-8000-000000000001", { kind: "start", tenant: "cc000000-0000-4000-8000-000000000001" }],
    ["sync stauts", { kind: "start", tenant: "stauts", suggestion: "status" }],
    ["sync status", { kind: "status" }],
    ["SYNC STATUS", { kind: "status" }],
    ["sync history", { kind: "history" }],
    ["sync retry", { kind: "retry" }],
    ["sync excluded", { kind: "excluded" }],
    ["sync exclude Contoso Pharmaceuticals", { kind: "exclude", tenant: "Contoso Pharmaceuticals" }],
    ["sync include contosopharma.onmicrosoft.com", { kind: "include", tenant: "contosopharma.onmicrosoft.com" }],
    ["sync schedule", { kind: "schedule", schedule: null }],
    ["sync schedule off", { kind: "schedule", schedule: "off" }],
    ["sync schedule Disable", { kind: "schedule", schedule: "off" }],
    ["sync schedule 0 2 * * *", { kind: "schedule", schedule: { cron: "0 2 * * *", timeZone: "UTC" } }],
    ["sync schedule 0 2 * * * Europe/Amsterdam", { kind: "schedule", schedule: { cron: "0 2 * * *", timeZone: "Europe/Amsterdam" } }],
    ["sync schedule */30 * * * MON-FRI", { kind: "schedule", schedule: { cron: "*/30 * * * MON-FRI", timeZone: "UTC" } }],
    ["sync schedule 0 0 2 * * * America/New_York", { kind: "schedule", schedule: { cron: "0 0 2 * * *", timeZone: "America/New_York" } }],
    ["<at>Tenant Pilot</at> sync schedule 15 3 * * 1,3,5 UTC", { kind: "schedule", schedule: { cron: "15 3 * * 1,3,5", timeZone: "UTC" } }],
  ])("%s", (text, expected) => {
    expect(parse(text)).toEqual({ ok: true, args: expected });
  });

  test.each<[string, RegExp]>([
    ["sync exclude", /Tell me which tenant: \*\*sync exclude/],
    ["sync include", /sync include <name/],
    ["sync status now", /takes nothing after it/],
    ["sync schedule 0 2 * *", /not valid: the cron expression must be a cron expression of 5 fields/],
    ["sync schedule 0 2 * * * * * *", /not valid/],
    ["sync schedule 0 2 * * * Mars/Olympus", /not valid/],
    ["sync schedule every night", /not valid/],
  ])("%s → usage", (text, usage) => {
    const r = parse(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.usage).toMatch(usage);
  });

  it("without the raw text, schedule falls back on the parsed words", () => {
    expect(parseSyncArgs("schedule 0 2 1 1 1")).toEqual({ ok: true, args: { kind: "schedule", schedule: { cron: "0 2 1 1 1", timeZone: "UTC" } } });
  });
});

describe("schedule helpers", () => {
  test.each([
    ["UTC", true],
    ["Europe/Amsterdam", true],
    ["America/Argentina/Buenos_Aires", true],
    ["MON", false],
    ["Mars/Olympus", false],
    ["../../etc", false],
  ])("isTimeZone(%s) = %s", (tz, ok) => expect(isTimeZone(tz)).toBe(ok));

  it("scheduleTail keeps the stars the command parser drops, without mentions", () => {
    expect(scheduleTail("<at>Tenant Pilot</at> sync schedule 0 2 * * *")).toBe("0 2 * * *");
    expect(scheduleTail("sync status")).toBeUndefined();
  });

  it("parseSchedule: a 6-word expression whose last word is a time zone is 5 fields + zone", () => {
    expect(parseSchedule("0 2 * * * UTC")).toEqual({ ok: true, schedule: { cron: "0 2 * * *", timeZone: "UTC" } });
    expect(parseSchedule("0 0 2 * * MON")).toEqual({ ok: true, schedule: { cron: "0 0 2 * * MON", timeZone: "UTC" } });
  });
});
