import type { CheckReport } from "../domain/findings";
import { buildCheckView, MAX_FINDINGS_PER_CUSTOMER, paginate, type CheckReportView } from "./checkView";
import { bigReport, customer, finding, report } from "./testing/reports";
import { parseVerbAction, VERDICT_FILTERS, type VerdictFilter } from "./verbs";

const demo = report(
  [customer(1, "Healthy"), customer(2, "Warning", 2), customer(3, "Broken", 1), customer(4, "Healthy"), customer(5, "Broken", 3)],
  { partnerFindings: [finding({ code: "serviceAccount.globalAdmin" })], assumptions: ["Assumed the group named X."] },
);

/** Every page of a filter, following the Next buttons as a user would. */
function allPages(r: CheckReport, filter: VerdictFilter, pageSize?: number): CheckReportView[] {
  const pages: CheckReportView[] = [];
  let page = 0;
  for (;;) {
    const v = buildCheckView(r, { page, filter, ...(pageSize ? { pageSize } : {}) });
    pages.push(v);
    const next = v.pager.find((a) => a.title === "Next page");
    if (!next) return pages;
    const parsed = parseVerbAction(next.verb, next.data);
    if (!parsed.ok || parsed.action.verb !== "check.page") throw new Error("bad next action");
    page = parsed.action.data.page;
    if (pages.length > 1000) throw new Error("no end");
  }
}

describe("buildCheckView", () => {
  it("title, time, summary counts per verdict, assumptions", () => {
    const v = buildCheckView(demo, { page: 0, filter: "all" });
    expect(v.title).toBe("Contoso IT Partners: full check");
    expect(v.checkedAtText).toBe("Checked {{DATE(2025-06-01T10:00:00Z, SHORT)}} at {{TIME(2025-06-01T10:00:00Z)}}");
    expect(v.summary).toEqual({ total: 5, Broken: 2, Warning: 1, Healthy: 2 });
    expect(v.summaryCells).toEqual([
      { count: "2", label: "Broken", color: "attention" },
      { count: "1", label: "Warning", color: "warning" },
      { count: "2", label: "Healthy", color: "good" },
    ]);
    expect(v.summaryText).toBe("5 customers: 2 Broken, 1 Warning, 2 Healthy.");
    expect(v.assumptions).toEqual(["Assumed the group named X."]);
  });

  it("partner findings on top of the first page; problems first (Broken, Warning), then Healthy compactly", () => {
    const v = buildCheckView(demo, { page: 0, filter: "all" });
    expect(v.partnerTitle).toBe("Partner tenant");
    expect(v.partnerFindings.map((f) => f.code)).toEqual(["serviceAccount.globalAdmin"]);
    expect(v.customers.map((c) => [c.displayName, c.verdict])).toEqual([
      ["Customer 003", "Broken"],
      ["Customer 005", "Broken"],
      ["Customer 002", "Warning"],
    ]);
    expect(v.customers[1].findings.map((f) => f.code)).toEqual(["gdap.rule0", "gdap.rule1", "gdap.rule2"]);
    expect(v.customers[1].findings[0]).toMatchObject({ severityLabel: "Broken", fixUrl: expect.stringMatching(/^https:\/\/partner\.microsoft\.com\//), hasFixUrl: true });
    expect(v.customers[0].domainText).toBe(" · customer3.onmicrosoft.com");
    expect(v.healthyText).toBe("Customer 001, Customer 004");
    expect(v.emptyText).toBeNull();
    expect(v.pageCount).toBe(1);
    expect(v.pager).toEqual([]);
  });

  it.each<[VerdictFilter, string[]]>([
    ["all", ["Customer 003", "Customer 005", "Customer 002"]],
    ["Broken", ["Customer 003", "Customer 005"]],
    ["Warning", ["Customer 002"]],
    ["Healthy", []],
  ])("filter %s", (filter, problems) => {
    const v = buildCheckView(demo, { page: 0, filter });
    expect(v.customers.map((c) => c.displayName)).toEqual(problems);
    expect(v.healthyText !== null).toBe(filter === "all" || filter === "Healthy");
    expect(v.filter).toBe(filter);
    // the current filter's button is disabled; every button carries valid check.page data for page 0
    for (const b of v.filters) {
      expect(b.isEnabled).toBe(b.data.filter !== filter);
      expect(parseVerbAction(b.verb, b.data)).toEqual({ ok: true, action: { verb: "check.page", data: { page: 0, filter: b.data.filter, scope: "all" } } });
    }
    expect(v.filters.map((b) => b.title)).toEqual(["All (5)", "Broken (2)", "Warning (1)", "Healthy (2)"]);
    // the summary is of the whole report, whatever the filter
    expect(v.summary.total).toBe(5);
  });

  it("empty states", () => {
    expect(buildCheckView(report([]), { page: 0, filter: "all" }).emptyText).toMatch(/No customers found/);
    expect(buildCheckView(report([customer(1, "Healthy")]), { page: 0, filter: "Broken" }).emptyText).toBe("No customer is Broken.");
    expect(buildCheckView(report([]), { page: 0, filter: "all" }).partnerNote).toBe("Partner tenant: nothing to fix.");
  });

  it("a customer with many findings shows the first ones and 'and N more'", () => {
    const v = buildCheckView(report([customer(1, "Broken", 12)]), { page: 0, filter: "all" });
    expect(v.customers[0].findings).toHaveLength(MAX_FINDINGS_PER_CUSTOMER);
    expect(v.customers[0].moreText).toBe(`…and ${12 - MAX_FINDINGS_PER_CUSTOMER} more findings: type tenant customer1.onmicrosoft.com to see them all.`);
  });

  it("most severe findings first within a customer", () => {
    const c = { ...customer(1, "Broken", 0), findings: [finding({ code: "a" }, "info"), finding({ code: "b" }, "warning"), finding({ code: "c" }, "error")] };
    expect(buildCheckView(report([c]), { page: 0, filter: "all" }).customers[0].findings.map((f) => f.code)).toEqual(["c", "b", "a"]);
  });

  it("scope travels in every action", () => {
    const v = buildCheckView(bigReport(60, 1), { page: 1, filter: "all", scope: "gdap" });
    expect(v.title).toBe("Contoso IT Partners: GDAP check");
    for (const a of [...v.filters, ...v.pager]) expect(a.data.scope).toBe("gdap");
    expect(v.rerun.data).toEqual({ verb: "check.run", scope: "gdap" });
  });

  it("paginates 500 customers × 3 findings: every customer exactly once, in order, partner findings only on page 1", () => {
    const r = bigReport(500, 3);
    for (const filter of VERDICT_FILTERS) {
      const pages = allPages(r, filter);
      const seen = pages.flatMap((p) => [...p.customers.map((c) => c.displayName), ...(p.healthyText ? p.healthyText.split(", ") : [])]);
      const expected = r.customers
        .filter((c) => filter === "all" || c.verdict === filter)
        .sort((a, b) => ({ Broken: 0, Warning: 1, Healthy: 2 })[a.verdict] - ({ Broken: 0, Warning: 1, Healthy: 2 })[b.verdict])
        .map((c) => c.displayName);
      expect(seen).toEqual(expected);
      expect(pages[0].partnerFindings).toHaveLength(3);
      for (const p of pages.slice(1)) {
        expect(p.partnerFindings).toEqual([]);
        expect(p.partnerNote).toBe("Partner tenant: 3 findings on the first page.");
      }
      pages.forEach((p, i) => {
        expect(p.page).toBe(i);
        expect(p.pageCount).toBe(pages.length);
        expect(p.pageText).toBe(`Page ${i + 1} of ${pages.length}`);
        expect(p.customers.length).toBeLessThanOrEqual(10);
      });
      // Previous goes back.
      if (pages.length > 1) expect(pages[1].pager[0]).toMatchObject({ title: "Previous page", data: { page: 0, filter } });
    }
  });

  it("a page past the end shows the last page; a negative or fractional one the nearest", () => {
    const r = bigReport(60, 1);
    const last = buildCheckView(r, { page: 0, filter: "all" }).pageCount - 1;
    expect(buildCheckView(r, { page: 9999, filter: "all" }).page).toBe(last);
    expect(buildCheckView(r, { page: -3, filter: "all" }).page).toBe(0);
    expect(buildCheckView(r, { page: 1.7, filter: "all" }).page).toBe(1);
  });

  it("pageSize: smaller pages, same customers", () => {
    const r = bigReport(30, 1);
    const small = allPages(r, "Broken", 3);
    expect(small).toHaveLength(4);
    expect(small.every((p) => p.customers.length <= 3)).toBe(true);
  });
});

describe("paginate", () => {
  const p = (n: number, bytes = 10) => ({ kind: "problem" as const, bytes, n });
  const h = (n: number, bytes = 10) => ({ kind: "healthy" as const, bytes, n });
  it.each<[string, Array<ReturnType<typeof p> | ReturnType<typeof h>>, { pageSize: number; firstPageBudget: number; budget: number }, number[][]]>([
    ["empty list: one empty page", [], { pageSize: 2, firstPageBudget: 100, budget: 100 }, [[]]],
    ["by count of problems", [p(1), p(2), p(3)], { pageSize: 2, firstPageBudget: 100, budget: 100 }, [[1, 2], [3]]],
    ["healthy count 5× pageSize", Array.from({ length: 12 }, (_, i) => h(i)), { pageSize: 1, firstPageBudget: 1000, budget: 1000 }, [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11]]],
    ["by bytes, first page smaller", [p(1, 40), p(2, 40), p(3, 40), p(4, 40)], { pageSize: 10, firstPageBudget: 50, budget: 100 }, [[1], [2, 3], [4]]],
    ["an item over budget still gets a page", [p(1, 500), p(2, 10)], { pageSize: 10, firstPageBudget: 100, budget: 100 }, [[1], [2]]],
    ["mixed", [p(1), p(2), h(3), h(4)], { pageSize: 2, firstPageBudget: 100, budget: 100 }, [[1, 2, 3, 4]]],
  ])("%s", (_name, list, opts, expected) => {
    expect(paginate(list, opts).map((page) => page.map((i) => i.n))).toEqual(expected);
  });
});
