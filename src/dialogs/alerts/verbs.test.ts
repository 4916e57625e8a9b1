import { parseAlertVerb } from "./verbs";

describe("alert verbs", () => {
  it.each([
    ["alert.ack", { groupId: "secret.expiring.30.abcdef01" }, true],
    ["alert.ack", { groupId: "../x" }, false],
    ["alert.snooze", { groupId: "g", snoozeDays: "7", snoozeReason: "booked" }, true],
    ["alert.snooze", { groupId: "g", snoozeDays: "31" }, false],
    ["alert.snooze", { groupId: "g", snoozeDays: 0 }, false],
    ["alert.snooze", { groupId: "g" }, false],
    ["alert.snooze", { groupId: "g", snoozeDays: 1, snoozeReason: "x".repeat(301) }, false],
    ["alert.page", { groupId: "g", page: "3" }, true],
    ["alerts.inbox", { page: 1, history: true }, true],
    ["expiring.page", { days: "60", page: 2 }, true],
    ["expiring.page", { days: 0, page: 2 }, false],
  ] as const)("%s %j → %s", (verb, data, ok) => {
    expect(parseAlertVerb(verb, data).ok).toBe(ok);
  });
});
