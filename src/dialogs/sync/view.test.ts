import { buildSyncHistoryView, buildSyncProgressView, buildSyncSummaryView, countText, durationText, FAILURES_PER_PAGE, triggerText } from "./view";
import { parseSyncVerb } from "./verbs";
import { runSummary, RUN, status } from "./testing/statuses";

const fact = (facts: { title: string; value: string }[], title: string) => facts.find((f) => f.title === title)?.value;

describe("numbers and durations", () => {
  test.each([
    [0, "0"],
    [999, "999"],
    [2850, "2,850"],
    [1234567, "1,234,567"],
    [-3, "0"],
  ])("countText(%s) = %s", (n, t) => expect(countText(n)).toBe(t));
  test.each([
    [0, "under a second"],
    [45_000, "45 s"],
    [60_000, "1 min"],
    [185_000, "3 min 5 s"],
    [3_720_000, "1 h 2 min"],
    [7_200_000, "2 h"],
  ])("durationText(%s) = %s", (ms, t) => expect(durationText(ms)).toBe(t));
  test.each<[Parameters<typeof triggerText>[0], string]>([
    [{ kind: "manual", by: "Alice" }, "Started by Alice"],
    [{ kind: "manual" }, "Started from Teams"],
    [{ kind: "schedule", by: "2026-12-02T02:00:00Z" }, "Started by the schedule"],
    [{ kind: "retry", by: "Bob" }, "Retry of the failed tenants, by Bob"],
    [{ kind: "wizard" }, "First sync after the MEM setup"],
  ])("triggerText(%j)", (t, text) => expect(triggerText(t)).toBe(text));
});

describe("progress view", () => {
  it("tenants done of total, devices, apps, users, failures, elapsed and estimate", () => {
    const v = buildSyncProgressView(status({ done: 4, running: 2, pending: 7, failed: { notConsented: 1 }, devices: 2850, apps: 312, users: 40, elapsedMs: 65_000, estimateMs: 130_000 }));
    expect(v.title).toBe("Syncing 14 tenants…");
    expect(v.subtitle).toMatch(/^Started by Alice Admin \{\{DATE\(2026-12-02T07:00:00Z, SHORT\)\}\}/);
    expect(v.facts).toEqual([
      { title: "Tenants", value: "5 of 14 done" },
      { title: "Devices", value: "2,850" },
      { title: "Apps", value: "312" },
      { title: "Users", value: "40" },
      { title: "Failures", value: "1" },
      { title: "Elapsed", value: "1 min 5 s" },
      { title: "Estimate", value: "about 2 min 10 s left" },
    ]);
    expect(v.joinedText).toBeNull();
    expect(parseSyncVerb("sync.status", v.refresh.data)).toEqual({ ok: true, data: { runId: RUN } });
  });
  test.each([
    [undefined, "estimating…"],
    [0, "finishing"],
  ])("estimate %s → %s", (estimateMs, text) => {
    const v = buildSyncProgressView(status({ running: 1, ...(estimateMs !== undefined ? { estimateMs } : {}) }));
    expect(fact(v.facts, "Estimate")).toBe(text);
  });
  it("a joined run says so; a run without tenants yet has a generic title", () => {
    expect(buildSyncProgressView(status({ running: 1 }), { joined: true }).joinedText).toMatch(/already running/);
    expect(buildSyncProgressView(status({})).title).toBe("Syncing your tenants…");
    expect(buildSyncProgressView(status({ running: 1 })).title).toBe("Syncing 1 tenant…");
  });
});

describe("summary view", () => {
  it("a clean run: counts, no failures, no buttons", () => {
    const v = buildSyncSummaryView(status({ done: 3, finished: true, devices: 800, apps: 90, users: 12, elapsedMs: 42_000 }));
    expect(v.title).toBe("Sync finished");
    expect(v.titleColor).toBe("good");
    expect(v.facts).toEqual([
      { title: "Synced", value: "3 of 3 tenants" },
      { title: "Devices", value: "800" },
      { title: "Apps", value: "90" },
      { title: "Users", value: "12" },
      { title: "Failures", value: "0" },
      { title: "Duration", value: "42 s" },
    ]);
    expect(v.failuresTitle).toBeNull();
    expect(v.actions).toEqual([]);
    expect(v.subtitle).toMatch(/finished \{\{DATE/);
  });
  it("failures grouped by cause, largest first, each with its fix and tenants; Retry failed", () => {
    const v = buildSyncSummaryView(status({ done: 11, failed: { intuneNotLicensed: 1, notConsented: 2 }, finished: true, newTenants: 2 }));
    expect(v.title).toBe("Sync finished with 3 failures");
    expect(v.titleColor).toBe("warning");
    expect(v.groups.map((g) => g.title)).toEqual(["App not consented · 2 tenants", "Intune not licensed · 1 tenant"]);
    expect(v.groups[0].fix).toMatch(/admin consent/);
    expect(v.groups[0].tenantsText).toBe("Customer 13, Customer 14");
    expect(v.newTenantsText).toBe("2 tenants seen for the first time.");
    expect(v.actions.map((a) => a.title)).toEqual(["Retry failed"]);
    expect(parseSyncVerb("sync.retry", v.actions[0].data)).toEqual({ ok: true, data: { runId: RUN } });
    expect(v.pageText).toBeNull();
  });
  it("everything failed: attention", () => {
    expect(buildSyncSummaryView(status({ failed: { throttled: 2 }, finished: true })).titleColor).toBe("attention");
  });
  it("long failure lists page, groups cut across pages, Previous/Next carry the page", () => {
    const s = status({ done: 1, failed: { notConsented: 70, throttled: 30 }, finished: true });
    const pages = Math.ceil(100 / FAILURES_PER_PAGE);
    const seen: string[] = [];
    for (let p = 0; p < pages; p++) {
      const v = buildSyncSummaryView(s, { page: p });
      expect(v.pageText).toBe(`Failures page ${p + 1} of ${pages}`);
      for (const g of v.groups) seen.push(...g.tenantsText.split(", "));
      expect(v.actions.map((a) => a.title)).toEqual(["Retry failed", ...(p > 0 ? ["Previous"] : []), ...(p < pages - 1 ? ["Next"] : [])]);
      const next = v.actions.find((a) => a.title === "Next");
      if (next) expect(parseSyncVerb("sync.page", next.data)).toEqual({ ok: true, data: { runId: RUN, page: p + 1 } });
    }
    expect(seen).toHaveLength(100);
    expect(new Set(seen).size).toBe(100);
    expect(buildSyncSummaryView(s, { page: 99 }).pageText).toBe(`Failures page ${pages} of ${pages}`);
  });
  it("tenants whose read was cut short are counted", () => {
    const s = status({ done: 2, finished: true });
    s.tenants[0].incomplete = ["device"];
    expect(fact(buildSyncSummaryView(s).facts, "Cut short")).toBe("1 tenant (kept what was stored before)");
  });
});

describe("history view", () => {
  it("newest first as given, with counts, failures and duration; a running one points to sync status", () => {
    const v = buildSyncHistoryView([runSummary({ status: "running", summary: undefined }), runSummary(), runSummary({ summary: { done: 14, failed: 0, devices: 2850, apps: 180, users: 3, durationMs: 61_000 }, trigger: { kind: "schedule" } })]);
    expect(v.title).toBe("Last 3 syncs");
    expect(v.rows[0]).toMatchObject({ color: "accent", detail: "Running: 14 tenants. Type **sync status** to follow it." });
    expect(v.rows[1]).toMatchObject({ color: "warning", detail: "11 of 14 tenants synced · 3 failures · 1,725 devices · 180 apps · 0 users · 2 min 5 s" });
    expect(v.rows[2].title).toMatch(/Started by the schedule$/);
    expect(v.rows[2].color).toBe("good");
    expect(v.emptyText).toBeNull();
  });
  it("no runs", () => {
    expect(buildSyncHistoryView([])).toEqual({ title: "No sync yet", rows: [], emptyText: "No sync has run yet. Type **sync** to start one." });
  });
  it("at most 10 rows", () => {
    expect(buildSyncHistoryView(Array.from({ length: 15 }, () => runSummary())).rows).toHaveLength(10);
  });
});

describe("verbs", () => {
  test.each<[Parameters<typeof parseSyncVerb>[0], unknown, boolean]>([
    ["sync.status", { runId: RUN, verb: "sync.status", msteams: {} }, true],
    ["sync.page", { runId: RUN, page: "2" }, true],
    ["sync.page", { runId: RUN, page: -1 }, false],
    ["sync.status", { runId: "../../x" }, false],
    ["sync.retry", {}, false],
    ["sync.retry", null, false],
  ])("%s %j → %s", (verb, data, ok) => expect(parseSyncVerb(verb, data).ok).toBe(ok));
});
