import { digestCron, isTimeZone, parseAlertsArgs, parseDigestArgs, parseExpiringArgs } from "./args";

describe("parseAlertsArgs", () => {
  it.each([
    ["", { kind: "inbox", kinds: [], tenants: [] }],
    ["here", { kind: "here", kinds: [], tenants: [] }],
    ["here secrets gdap", { kind: "here", kinds: ["secret.expiring", "secret.longLifetime", "gdap.ending"], tenants: [] }],
    ["here sync Fabrikam, Litware Inc.", { kind: "here", kinds: ["sync.failed"], tenants: ["Fabrikam", "Litware Inc."] }],
    ["here contoso.com", { kind: "here", kinds: [], tenants: ["contoso.com"] }],
    ["off", { kind: "off" }],
    ["OFF", { kind: "off" }],
    ["off now", { kind: "usage", problem: "**alerts off** takes nothing after it." }],
    ["settings", { kind: "settings" }],
    ["history", { kind: "history" }],
    ["gdap", { kind: "inbox", kinds: ["gdap.ending"], tenants: [] }],
    ["access Relecloud", { kind: "inbox", kinds: ["access.lost"], tenants: ["Relecloud"] }],
  ])("%j", (args, expected) => {
    expect(parseAlertsArgs(args)).toEqual(expected);
  });
});

describe("parseExpiringArgs", () => {
  it.each([
    ["", { kind: "expiring", days: 30 }],
    ["60", { kind: "expiring", days: 60 }],
    ["7 days", { kind: "expiring", days: 7 }],
    ["1 day", { kind: "expiring", days: 1 }],
    ["365", { kind: "expiring", days: 365 }],
  ])("%j", (args, expected) => {
    expect(parseExpiringArgs(args)).toEqual(expected);
  });
  it.each(["0", "366", "soon", "-5", "3.5"])("%j is refused with a clear message", (args) => {
    const r = parseExpiringArgs(args);
    expect(r.kind).toBe("usage");
    if (r.kind === "usage") expect(r.problem).toContain("not a number of days from 1 to 365");
  });
});

describe("parseDigestArgs", () => {
  it.each([
    ["daily 08:00", { kind: "set", cadence: "daily", time: "08:00", timeZone: "UTC", skipQuiet: false }],
    ["weekly 9:30 Europe/Amsterdam", { kind: "set", cadence: "weekly", time: "09:30", timeZone: "Europe/Amsterdam", skipQuiet: false }],
    ["Daily 0715 America/New_York quiet", { kind: "set", cadence: "daily", time: "07:15", timeZone: "America/New_York", skipQuiet: true }],
    ["off", { kind: "off" }],
  ])("%j", (args, expected) => {
    expect(parseDigestArgs(args)).toEqual(expected);
  });
  it.each([
    ["", /daily.*weekly/i],
    ["monthly 08:00", /daily.*weekly/i],
    ["daily 25:00", /HH:MM/],
    ["daily 08:00 Mars/Olympus", /IANA/],
    ["daily 08:00 UTC extra", /too many words/i],
  ])("%j is refused: %s", (args, problem) => {
    const r = parseDigestArgs(args);
    expect(r.kind).toBe("usage");
    if (r.kind === "usage") expect(r.problem).toMatch(problem);
  });
  it("cron expressions", () => {
    expect(digestCron("daily", "08:05")).toBe("5 8 * * *");
    expect(digestCron("weekly", "17:30")).toBe("30 17 * * 1");
  });
  it("time zones", () => {
    expect(["UTC", "Europe/Amsterdam", "Asia/Kolkata"].every(isTimeZone)).toBe(true);
    expect(["", "Nowhere/Place", "a b", "../etc"].some(isTimeZone)).toBe(false);
  });
});
