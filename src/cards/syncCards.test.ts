import { buildSyncHistoryView, buildSyncProgressView, buildSyncSummaryView, FAILURES_PER_PAGE } from "../dialogs/sync/view";
import { parseSyncVerb, type SyncVerb } from "../dialogs/sync/verbs";
import { runSummary, status, CAUSES } from "../dialogs/sync/testing/statuses";
import type { SyncStatusInput } from "../dialogs/sync/types";
import type { AdaptiveCardJson } from "./render";
import { syncHistoryCard, syncProgressCard, syncSummaryCard } from "./syncCards";
import { tenantDetailCard } from "./checkCards";
import { buildTenantView } from "../dialogs/tenantView";
import { customer } from "../dialogs/testing/reports";
import { literalText } from "../dialogs/findingView";
import { MAX_CARD_BYTES, validateCard } from "./validate";
import { ofType, factsOf, expectGoodCard as goodCard } from "./testing/cardTree";

const facts = factsOf;

const expectGoodCard = (card: AdaptiveCardJson): number => {
  return goodCard(card, { validData: (verb, data) => parseSyncVerb(verb as SyncVerb, data).ok });
};

const longName = (i: number): string => `${"Contoso Subsidiary With A Very Long Registered Legal Name ".repeat(3).slice(0, 150)} ${i}`;

describe("sync cards", () => {
  it("progress: the facts as a FactSet, Refresh", () => {
    const card = syncProgressCard(buildSyncProgressView(status({ done: 3, running: 1, pending: 10, devices: 2850, apps: 40, users: 7, estimateMs: 90_000 }), { joined: true }));
    expectGoodCard(card);
    expect(facts(card)).toEqual(["Tenants: 3 of 14 done", "Devices: 2,850", "Apps: 40", "Users: 7", "Failures: 0", "Elapsed: 1 min 5 s", "Estimate: about 1 min 30 s left"]);
    expect(JSON.stringify(card)).toContain("already running");
    expect(ofType(card, "Action.Execute").map((a) => a.title)).toEqual(["Refresh"]);
  });

  it("summary without failures: no failure section, no buttons", () => {
    const card = syncSummaryCard(buildSyncSummaryView(status({ done: 14, finished: true, devices: 1725 })));
    expectGoodCard(card);
    expect(facts(card)).toContain("Devices: 1,725");
    expect(JSON.stringify(card)).not.toContain("Failures by cause");
    expect(ofType(card, "Action.Execute")).toEqual([]);
  });

  it("summary with failures grouped by cause, their fix and a Retry failed button", () => {
    const card = syncSummaryCard(buildSyncSummaryView(status({ done: 11, failed: { notConsented: 1, intuneNotLicensed: 1, throttled: 1 }, finished: true })));
    expectGoodCard(card);
    const text = JSON.stringify(card);
    const runs = ofType(card, "TextRun").map((t) => String(t.text));
    for (const c of Object.values(CAUSES)) {
      expect(text).toContain(c.title);
      // A TextRun shows markdown as typed: our **command** marks become quotes.
      expect(runs).toContain(literalText(c.fix));
    }
    expect(ofType(card, "Action.Execute").map((a) => a.title)).toEqual(["Retry failed"]);
  });

  it("worst case: 500 failed tenants with long names over every cause stay under 28 KB on every page", () => {
    const s: SyncStatusInput = status({ done: 0, failed: { notConsented: 200, intuneNotLicensed: 200, throttled: 100 }, finished: true, names: longName });
    // Nine causes, some with long fixes.
    s.failuresByCause = [...s.failuresByCause, ...Array.from({ length: 6 }, (_, k) => ({ code: `c${k}`, title: `Cause ${k} `.repeat(20), fix: "Do this. ".repeat(80), tenants: s.failuresByCause[0].tenants.slice(0, 1) }))];
    const pages = Math.ceil(s.failuresByCause.reduce((n, g) => n + g.tenants.length, 0) / FAILURES_PER_PAGE);
    let largest = 0;
    for (let p = 0; p < pages; p++) largest = Math.max(largest, expectGoodCard(syncSummaryCard(buildSyncSummaryView(s, { page: p }))));
    expect(largest).toBeLessThan(MAX_CARD_BYTES);
  });

  it("history: one row per run, and the empty history", () => {
    const card = syncHistoryCard(buildSyncHistoryView([runSummary(), runSummary({ status: "running", summary: undefined })]));
    expectGoodCard(card);
    expect(JSON.stringify(card)).toContain("11 of 14 tenants synced");
    expectGoodCard(syncHistoryCard(buildSyncHistoryView([])));
    expectGoodCard(syncHistoryCard(buildSyncHistoryView(Array.from({ length: 10 }, () => runSummary({ trigger: { kind: "manual", by: "x".repeat(256) } })))));
  });
});

describe("tenant card with its inventory", () => {
  const inventory = (long: boolean) => ({
    tenantId: "cc000000-0000-4000-8000-000000000001",
    displayName: "Fabrikam, Inc.",
    lastSuccessAt: "2026-12-02T07:01:00.000Z",
    lastDurationMs: 12_400,
    devices: {
      total: 3105,
      byOperatingSystem: Object.fromEntries(Array.from({ length: long ? 30 : 3 }, (_, i) => [`${long ? "x".repeat(200) : "OS"}${i}`, 100 + i])),
      byComplianceState: { compliant: 3000, noncompliant: 80, inGracePeriod: 25, unknown: 1, conflict: 1, error: 1, configManager: 1 },
      stale: 12,
    },
    topApps: Array.from({ length: 10 }, (_, i) => ({ displayName: `${long ? "An App With A Long Name ".repeat(10) : "App"} ${i}`, version: long ? "1.2.3.4567.89".repeat(5) : "1", deviceCount: 3000 - i })),
    appsTotal: 180,
    users: { total: 420, enabled: 400, licensed: 390, signedInLast30Days: 350 },
    licences: Array.from({ length: long ? 40 : 2 }, (_, i) => ({ skuPartNumber: `${long ? "SKU_".repeat(40) : "SPE_E"}${i}`, consumed: i, enabled: 400 })),
    defenderMachines: 3000,
  });

  it("the FactSets: 'Windows: 2,850'-style devices by OS, compliance, users, licences; parses; under 28 KB even with 200 findings", () => {
    const small = tenantDetailCard(buildTenantView(customer(1, "Healthy"), { checkedAt: "2026-12-02T07:00:00Z", inventory: inventory(false) }));
    expect(validateCard(small).problems).toEqual([]);
    expect(facts(small)).toEqual(expect.arrayContaining(["OS2: 102", "Compliant: 3,000", "Users: 420", "Licensed: 390", "SPE_E0: 0 of 400 used", "Machines: 3,000"]));
    expect(JSON.stringify(small)).toContain("12 stale devices");
    const failed = { state: "failed" as const, finishedAt: "2026-12-02T07:05:00Z", cause: { code: "unknown", title: "T".repeat(500), fix: "F".repeat(2000) } };
    const worst = tenantDetailCard(buildTenantView(customer(1, "Broken", 200), { checkedAt: "2026-12-02T07:00:00Z", inventory: inventory(true), lastSync: failed }));
    expect(JSON.stringify(worst)).toContain("Last sync failed");
    const v = validateCard(worst);
    expect(v.problems).toEqual([]);
    expect(v.sizeBytes).toBeLessThan(MAX_CARD_BYTES);
    const never = tenantDetailCard(buildTenantView(customer(1, "Healthy"), { checkedAt: "2026-12-02T07:00:00Z", inventory: null }));
    expect(validateCard(never).problems).toEqual([]);
    expect(JSON.stringify(never)).toContain("Not synced yet");
  });
});
