import { buildCandidatesView, buildTenantView, lastSyncFailureView, MAX_CANDIDATES } from "./tenantView";
import { customer, tenantIdOf } from "./testing/reports";

describe("buildTenantView", () => {
  it.each([
    ["Broken", 2, "attention"],
    ["Warning", 1, "warning"],
    ["Healthy", 0, "good"],
  ] as const)("%s", (verdict, n, color) => {
    const c = customer(5, verdict, n);
    const v = buildTenantView(c, { checkedAt: "2025-06-01T10:00:00Z" });
    expect(v.verdict).toBe(verdict);
    expect(v.verdictColor).toBe(color);
    expect(v.titleRest).toBe(": Customer 005");
    expect(v.detailText).toBe(`customer5.onmicrosoft.com · tenant ${tenantIdOf(5)}`);
    expect(v.findings).toHaveLength(n);
    expect(v.findingsTitle).toBe(n === 0 ? null : n === 1 ? "1 finding" : `${n} findings`);
    expect(v.allGoodText !== null).toBe(n === 0);
    expect(v.partnerNote).toBeNull();
    expect(v.refresh.data).toEqual({ verb: "tenant.open", tenantId: tenantIdOf(5) });
  });

  it("partner-side problems are pointed to; no domain shows the tenant id only", () => {
    const v = buildTenantView({ ...customer(1, "Broken"), domain: null }, { checkedAt: "x", partnerProblems: 1 });
    expect(v.partnerNote).toBe("1 partner-side problem affects every customer: type **check** to see it.");
    expect(v.detailText).toBe(`tenant ${tenantIdOf(1)}`);
    expect(v.checkedAtText).toBe("Checked at an unknown time");
  });

  const cause = { code: "gdapRoleMissing", title: "GDAP role missing", fix: "Add Directory Readers to the group's access assignment." };
  it.each([
    ["never finished a sync", undefined, null],
    ["its last sync succeeded", { state: "done", finishedAt: "2026-12-02T15:42:00Z" }, null],
    ["failed", { state: "failed", finishedAt: "2026-12-02T15:42:00Z", cause }, { title: "Last sync failed {{DATE(2026-12-02T15:42:00Z, SHORT)}} at {{TIME(2026-12-02T15:42:00Z)}}: GDAP role missing", fix: `Fix: ${cause.fix}` }],
    ["parked without a cause", { state: "parked", finishedAt: "2026-12-02T15:42:00Z" }, { title: "Last sync failed {{DATE(2026-12-02T15:42:00Z, SHORT)}} at {{TIME(2026-12-02T15:42:00Z)}}", fix: 'Fix: Type "sync status" to see the run.' }],
  ] as const)("the last sync's failure line: %s", (_n, last, expected) => {
    expect(lastSyncFailureView(last)).toEqual(expected);
  });

  it("a Healthy customer whose last sync failed is not told 'nothing to fix'", () => {
    const v = buildTenantView(customer(1, "Healthy", 0), { checkedAt: "x", lastSync: { state: "failed", finishedAt: "2026-12-02T15:42:00Z", cause } });
    expect(v.allGoodText).toBe("Every link of the chain the check verifies works; the last sync failed, though (below).");
    expect(v.lastSyncFailure?.title).toMatch(/^Last sync failed .*: GDAP role missing$/);
    expect(buildTenantView(customer(1, "Healthy", 0), { checkedAt: "x", lastSync: { state: "done", finishedAt: "2026-12-02T15:42:00Z" } }).allGoodText).toBe("Every link of the chain works: nothing to fix.");
  });

  it("a Broken customer without findings says so instead of 'nothing to fix'", () => {
    expect(buildTenantView(customer(1, "Broken", 0), { checkedAt: "x" }).allGoodText).toMatch(/No finding was recorded/);
  });

  it("many findings: capped with 'and N more'", () => {
    const v = buildTenantView(customer(1, "Broken", 100), { checkedAt: "x" });
    expect(v.findings.length).toBeLessThan(100);
    expect(v.moreText).toBe(`…and ${100 - v.findings.length} more findings.`);
    expect(v.findingsTitle).toBe("100 findings");
  });
});

describe("buildCandidatesView", () => {
  const refs = Array.from({ length: 12 }, (_, i) => ({ tenantId: tenantIdOf(i), displayName: `Contoso ${i}`, domain: i % 2 ? null : `c${i}.com`, ...(i === 0 ? { verdict: "Broken" as const } : {}) }));
  it("several: at most MAX_CANDIDATES with Open, and 'and N more'", () => {
    const v = buildCandidatesView("contoso", { kind: "several", by: "name", candidates: refs });
    expect(v.title).toBe("12 customers match");
    expect(v.queryText).toBe("“contoso”");
    expect(v.candidates).toHaveLength(MAX_CANDIDATES);
    expect(v.candidates[0]).toMatchObject({ displayName: "Contoso 0", detailText: "c0.com", verdictText: "Broken", verdictColor: "attention" });
    expect(v.candidates[1]).toMatchObject({ detailText: tenantIdOf(1), verdictText: "", verdictColor: "default" });
    expect(v.candidates[1].open.data).toEqual({ verb: "tenant.open", tenantId: tenantIdOf(1) });
    expect(v.moreText).toBe("…and 2 more: type more of the name, its domain or its tenant id.");
  });
  it("none, with and without closest names", () => {
    expect(buildCandidatesView("x", { kind: "none", closest: refs.slice(0, 2) })).toMatchObject({ title: "No customer matches", listTitle: "Closest names:", moreText: null });
    expect(buildCandidatesView("x", { kind: "none", closest: [] })).toMatchObject({ listTitle: null, candidates: [], hint: expect.stringMatching(/Try another name/) });
  });
});
