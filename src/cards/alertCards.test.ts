import type { DetectedAlert } from "../alerts/types";
import { buildAlertView, buildListView, type AlertGroupState } from "../dialogs/alerts/alertView";
import { buildExpiringView, expiringItems } from "../dialogs/alerts/expiringView";
import { ALERT_VERB_SCHEMAS, type AlertVerb } from "../dialogs/alerts/verbs";
import { alertCard, alertListCard } from "./alertCards";
import type { AdaptiveCardJson } from "./render";
import { ofType, expectGoodCard as goodCard } from "./testing/cardTree";


const expectGoodCard = (card: AdaptiveCardJson): void => {
  goodCard(card, { validData: (verb, data) => {
    // the Snooze form's inputs join the data when pressed
    const inputs = verb === "alert.snooze" ? { snoozeDays: "7", snoozeReason: "" } : {};
    return ALERT_VERB_SCHEMAS[verb as AlertVerb].safeParse({ ...data, ...inputs }).success;
  }, fallbackOptional: true });
};

const NOW = new Date("2026-12-02T08:00:00Z");
const tenantAlert = (i: number): DetectedAlert => ({
  kind: "gdap.ending",
  subject: `t${i}:r${i}`,
  threshold: "7",
  rank: 2,
  severity: "error",
  tenant: { tenantId: `0000000${i}-0000-4000-8000-000000000000`.slice(-36), displayName: `Customer *${i}* <b>` },
  label: `Rel ${i}`,
  message: `Customer ${i}'s GDAP relationship "Rel ${i}" ends in 5 days (2026-12-07) and auto-extend is off.`,
  endsAt: "2026-12-07T00:00:00Z",
  daysLeft: 5,
  fix: { text: "Turn on auto-extend (180 days) for this relationship in Partner Center.", url: "https://partner.microsoft.com/dashboard/x" },
});
const group: AlertGroupState = { id: "gdap.ending.7.abcdef01", kind: "gdap.ending", threshold: "7", createdAt: "2026-12-02T07:00:00Z" };

describe("alert card", () => {
  it("what, tenants, when, why, fix link, Acknowledge, Snooze 1/7/30 with reason, Open fix, refresh", () => {
    const card = alertCard(buildAlertView(group, [tenantAlert(1), tenantAlert(2)], { page: 0, now: NOW }));
    expectGoodCard(card);
    const json = JSON.stringify(card);
    expect(json).toContain("GDAP relationships ending within 7 days (2)");
    expect(json).toContain("Customer *1* <b>");
    expect(json).toContain("ends 2026-12-07");
    expect(json).toContain("Why it matters");
    expect(card.refresh).toEqual({ action: { type: "Action.Execute", title: "Refresh", verb: "alert.refresh", data: { verb: "alert.refresh", groupId: group.id, page: 0 } } });
    expect(ofType(card, "Action.Execute").map((a) => a.verb)).toEqual(expect.arrayContaining(["alert.ack", "alert.snooze"]));
    expect(ofType(card, "Input.ChoiceSet")[0].choices).toEqual([
      { title: "1 day", value: "1" },
      { title: "7 days", value: "7" },
      { title: "30 days", value: "30" },
    ]);
    expect(ofType(card, "Input.Text")[0].id).toBe("snoozeReason");
    expect(ofType(card, "Action.OpenUrl").some((a) => a.title === "Open fix")).toBe(true);
    // tenant names are plain TextRuns, never markdown
    expect(ofType(card, "TextBlock").some((t) => String(t.text).includes("Customer *1*"))).toBe(false);
  });

  it("a fix or message with our **command** marks reads as typed in its TextRun: the command in quotes", () => {
    const a = { ...tenantAlert(1), message: "Run `sync retry`.", fix: { text: "Store it in Tenant Pilot (or type **rotate secret**).", url: "https://entra.microsoft.com/" } };
    const card = alertCard(buildAlertView(group, [a], { page: 0, now: NOW }));
    expectGoodCard(card);
    const runs = ofType(card, "TextRun").map((t) => String(t.text));
    expect(runs).toEqual(expect.arrayContaining(['Store it in Tenant Pilot (or type "rotate secret").', 'Run "sync retry".']));
    expect(runs.some((t) => t.includes("**") || t.includes("`"))).toBe(false);
  });

  it("acknowledged: who and when, no more Acknowledge / Snooze", () => {
    const card = alertCard(buildAlertView({ ...group, ack: { by: "Alice Admin", at: "2026-12-02T08:15:00Z" } }, [tenantAlert(1)], { page: 0, now: NOW }));
    expectGoodCard(card);
    expect(JSON.stringify(card)).toContain("Acknowledged by Alice Admin at 2026-12-02 08:15 UTC.");
    expect(ofType(card, "Action.Execute").map((a) => a.verb)).toEqual(["alert.refresh"]);
  });

  it("snoozed shows until when and the reason", () => {
    const card = alertCard(buildAlertView({ ...group, snooze: { until: "2026-12-09T08:00:00Z", by: "Bob", reason: "renewal booked" } }, [tenantAlert(1)], { page: 0, now: NOW }));
    expectGoodCard(card);
    expect(JSON.stringify(card)).toContain("Snoozed by Bob until 2026-12-09 08:00 UTC: renewal booked.");
  });

  it("pages 120 tenants, each page under 28 KB with Previous / Next", () => {
    const alerts = Array.from({ length: 120 }, (_, i) => tenantAlert(i));
    const first = alertCard(buildAlertView(group, alerts, { page: 0, now: NOW }));
    const middle = alertCard(buildAlertView(group, alerts, { page: 5, now: NOW }));
    const last = alertCard(buildAlertView(group, alerts, { page: 99, now: NOW }));
    for (const c of [first, middle, last]) expectGoodCard(c);
    expect(JSON.stringify(first)).toContain("Page 1 of 12 · 120 in all");
    expect(ofType(first, "Action.Execute").filter((a) => a.verb === "alert.page").map((a) => a.title)).toEqual(["Next"]);
    expect(ofType(middle, "Action.Execute").filter((a) => a.verb === "alert.page").map((a) => a.title)).toEqual(["Previous", "Next"]);
    expect(JSON.stringify(last)).toContain("Page 12 of 12");
  });
});

describe("list cards", () => {
  it("inbox rows with status, empty text, pages", () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ alert: tenantAlert(i), status: "open" as const, at: "2026-12-01T00:00:00Z", ...(i === 0 ? { ack: { by: "Alice", at: "2026-12-01T01:00:00Z" } } : {}) }));
    const card = alertListCard(buildListView(items, { page: 0, now: NOW, title: "Open alerts", emptyText: "none", pageData: (page) => ({ verb: "alerts.inbox", page, history: false }) }));
    expectGoodCard(card);
    expect(JSON.stringify(card)).toContain("acknowledged by Alice");
    const empty = alertListCard(buildListView([], { page: 0, now: NOW, title: "Open alerts", emptyText: "No open alerts.", pageData: (page) => ({ verb: "alerts.inbox", page }) }));
    expectGoodCard(empty);
    expect(JSON.stringify(empty)).toContain("No open alerts.");
  });

  it("expiring: secrets and relationships within N days, soonest first", () => {
    const facts = {
      secrets: [
        { app: "lifecycle" as const, appId: "a", appName: "Lifecycle", keyId: "k1", label: '"s1"', startDateTime: "2026-06-01T00:00:00Z", endDateTime: "2026-12-17T00:00:00Z" },
        { app: "lifecycle" as const, appId: "a", appName: "Lifecycle", keyId: "k2", label: '"s2"', startDateTime: "2026-06-01T00:00:00Z", endDateTime: "2027-06-01T00:00:00Z" },
      ],
      gdap: [{ tenantId: "t", tenantName: "Fabrikam", relationshipId: "r", relationshipName: "Rel", endDateTime: "2026-12-05T00:00:00Z", autoExtendOff: true, globalAdmin: false }],
    };
    const items = expiringItems(facts, NOW, 30);
    expect(items.map((i) => [i.title, i.daysLeft])).toEqual([
      ["GDAP · Fabrikam", 3],
      ["Client secret · Lifecycle", 15],
    ]);
    const card = alertListCard(buildExpiringView(items, { days: 30, page: 0, now: NOW }));
    expectGoodCard(card);
    expect(JSON.stringify(card)).toContain("auto-extend is off");
  });
});
