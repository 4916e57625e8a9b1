import type { CheckReport, CustomerResult, Finding } from "../domain/findings";
import { checkErrorContent, checkProgressContent, type CheckFailureReason } from "../dialogs/checkContent";
import { buildCheckView, PAGE_BUDGET_BYTES, type CheckReportView } from "../dialogs/checkView";
import { matchTenant } from "../dialogs/tenantMatch";
import { buildCandidatesView, buildTenantView } from "../dialogs/tenantView";
import { bigReport, customer, finding, PARTNER, report, tenantIdOf } from "../dialogs/testing/reports";
import { parseVerbAction, VERDICT_FILTERS, type VerdictFilter } from "../dialogs/verbs";
import { checkErrorCard, checkProgressCard, checkReportCard, tenantCandidatesCard, tenantDetailCard } from "./checkCards";
import type { AdaptiveCardJson } from "./render";
import { ofType, expectGoodCard as goodCard, type CardNode as Node } from "./testing/cardTree";


const expectGoodCard = (card: AdaptiveCardJson): number => {
  return goodCard(card, { validData: (verb, data) => parseVerbAction(verb, data).ok });
};

/** Texts that Adaptive Cards treat as markdown (TextBlock, FactSet); TextRuns are plain. */
function markdownTexts(card: unknown): string[] {
  return [...ofType(card, "TextBlock").map((n) => String(n.text)), ...ofType(card, "Fact").map((n) => `${String(n.title)} ${String(n.value)}`)];
}

function reportPages(r: CheckReport, filter: VerdictFilter): CheckReportView[] {
  const first = buildCheckView(r, { page: 0, filter });
  return Array.from({ length: first.pageCount }, (_, page) => buildCheckView(r, { page, filter }));
}

/** First, second, middle and last page (rendering is ~40 ms a page: a sample, not every page). */
function sample<T>(pages: readonly T[]): T[] {
  return [...new Set([0, 1, Math.floor(pages.length / 2), pages.length - 1])].filter((i) => i < pages.length).map((i) => pages[i]);
}

describe("checkReport card", () => {
  const demo = report([customer(1, "Broken", 2), customer(2, "Warning"), customer(3, "Healthy")], {
    partnerFindings: [finding({ code: "serviceAccount.globalAdmin" })],
    assumptions: ['Assumed the security group named "GDAP Lifecycle Manager".'],
  });

  it("title with partner and time, summary, assumptions, partner findings, customers with code/message/fix link, filters", () => {
    const card = checkReportCard(buildCheckView(demo, { page: 0, filter: "all" }));
    expectGoodCard(card);
    const json = JSON.stringify(card);
    const runs = ofType(card, "TextRun").map((n) => n.text);
    expect(runs[0]).toBe("Contoso IT Partners: full check");
    expect(json).toContain("{{DATE(2025-06-01T10:00:00Z, SHORT)}}");
    expect(runs).toEqual(expect.arrayContaining(["  serviceAccount.globalAdmin", "  gdap.rule0", "  gdap.rule1", "  Customer 001", 'Assumed the security group named "GDAP Lifecycle Manager".'.replace(/^/, "• ")]));
    expect(ofType(card, "Action.OpenUrl").map((a) => a.url)).toContain(`https://partner.microsoft.com/dashboard/v2/customers/${tenantIdOf(1)}/adminrelationships`);
    // partner findings come before the customers
    expect(json.indexOf("serviceAccount.globalAdmin")).toBeLessThan(json.indexOf("Customer 001"));
    const counts = ofType(card, "Column").map((c) => ((c.items as Node[])[0].text as string) + " " + ((c.items as Node[])[1].text as string));
    expect(counts).toEqual(["1 Broken", "1 Warning", "1 Healthy"]);
    expect(ofType(card, "Action.Execute").map((a) => a.title)).toEqual(["All (3)", "Broken (1)", "Warning (1)", "Healthy (1)", "Check again"]);
    // one page only: no pager, no page text
    expect(json).not.toContain("Next page");
    expect(json).not.toContain("Page 1 of");
  });

  it("empty report renders", () => {
    expectGoodCard(checkReportCard(buildCheckView(report([]), { page: 0, filter: "all" })));
    expectGoodCard(checkReportCard(buildCheckView(demo, { page: 0, filter: "Healthy" })));
  });

  it("500 customers × 3 findings: every page of every filter is a valid card under 28 KB (and under the page budget)", () => {
    const r = bigReport(500, 3);
    let pages = 0;
    for (const filter of VERDICT_FILTERS) {
      const views = reportPages(r, filter);
      expect(views.length).toBeGreaterThan(1);
      for (const v of sample(views)) {
        const card = checkReportCard(v);
        expect(expectGoodCard(card)).toBeLessThanOrEqual(PAGE_BUDGET_BYTES);
        expect(JSON.stringify(card)).toContain(`Page ${v.page + 1} of ${views.length}`);
        pages++;
      }
    }
    expect(pages).toBeGreaterThanOrEqual(12);
  });

  it("500 Broken customers with 3 findings each", () => {
    const r = report(Array.from({ length: 500 }, (_, i) => customer(i + 1, "Broken", 3)));
    const views = reportPages(r, "all");
    expect(views.flatMap((v) => v.customers)).toHaveLength(500);
    for (const v of sample(views)) expect(expectGoodCard(checkReportCard(v))).toBeLessThanOrEqual(PAGE_BUDGET_BYTES);
  });

  it("worst case texts (huge, escaped, non-Latin, long URLs) still fit: the size estimate is an upper bound", () => {
    const long = (s: string) => s.repeat(Math.ceil(6000 / s.length)).slice(0, 6000);
    const nasty = (i: number): Finding => ({
      severity: i % 2 ? "error" : "warning",
      code: long("code."),
      tenantId: tenantIdOf(i),
      subject: long('"Ünïcödé" \\ '),
      message: long('Zeile "zwei"\n\t\u0001 — 日本語テキスト 🚀 '),
      fix: { text: long("修正する "), url: `https://partner.microsoft.com/${"a".repeat(2000)}` },
    });
    const c = (i: number): CustomerResult => ({
      tenantId: tenantIdOf(i),
      displayName: long("名前 \"Ä\" "),
      domain: long("sub.") + ".example",
      verdict: i % 3 === 0 ? "Warning" : "Broken",
      findings: Array.from({ length: 8 }, (_, k) => nasty(k)),
    });
    const healthy = Array.from({ length: 300 }, (_, i): CustomerResult => ({ ...customer(1000 + i, "Healthy"), displayName: long("😀") }));
    const r = report([...Array.from({ length: 40 }, (_, i) => c(i)), ...healthy], {
      partner: { ...PARTNER, displayName: long("P") },
      partnerFindings: Array.from({ length: 30 }, (_, k) => nasty(k)),
      assumptions: Array.from({ length: 9 }, () => long("assumed ")),
    });
    for (const filter of VERDICT_FILTERS) {
      for (const v of sample(reportPages(r, filter))) expect(expectGoodCard(checkReportCard(v))).toBeLessThanOrEqual(PAGE_BUDGET_BYTES);
    }
  });

  it("names and messages from tenants are never markdown (a customer name cannot become a link)", () => {
    const evil = "[Click to fix](https://evil.example) **now**";
    const r = report([{ ...customer(1, "Broken"), displayName: evil, domain: "[x](https://evil.example)" }, { ...customer(2, "Healthy"), displayName: evil }], {
      partner: { ...PARTNER, displayName: evil },
      partnerFindings: [finding({ code: "x", message: evil, subject: evil, fix: { text: evil, url: "javascript:alert(1)" } })],
      assumptions: [evil],
    });
    const card = checkReportCard(buildCheckView(r, { page: 0, filter: "all" }));
    expectGoodCard(card);
    for (const t of markdownTexts(card)) expect(t).not.toContain("evil");
    expect(JSON.stringify(card)).not.toContain("javascript:");
  });
});

describe("checkProgress card", () => {
  it.each<[Parameters<typeof checkProgressContent>[0], string[]]>([
    [{ customers: 14 }, ["Checking 14 customers…", "Full check"]],
    [{ customers: 1, partnerName: "Contoso IT Partners", scope: "gdap" }, ["Checking 1 customer…", "Contoso IT Partners: GDAP check"]],
    [{ customers: 500, done: 120 }, ["Checking 500 customers…", "120 of 500 done. This card updates itself."]],
    [{ customers: null }, ["Checking your customers…"]],
  ])("%j", (input, texts) => {
    const card = checkProgressCard(checkProgressContent(input));
    expectGoodCard(card);
    const all = [...ofType(card, "TextBlock").map((n) => n.text), ...ofType(card, "TextRun").map((n) => n.text)];
    expect(all).toEqual(expect.arrayContaining(texts));
  });
});

describe("checkError card", () => {
  it.each<CheckFailureReason>(["signInRequired", "forbidden", "throttled", "unavailable", "internal"])("%s: what to do, a reference, Try again", (reason) => {
    const card = checkErrorCard(checkErrorContent({ reason, correlationId: "a1b2c3d4e5f6", scope: "apps" }));
    expectGoodCard(card);
    const json = JSON.stringify(card);
    expect(json).toContain("Reference: a1b2c3d4e5f6");
    expect(json).not.toMatch(/Error:|stack|at Object\./);
    const [retry] = ofType(card, "Action.Execute");
    expect(retry).toMatchObject({ verb: "check.run", title: "Try again", data: { verb: "check.run", scope: "apps" } });
  });
});

describe("tenantDetail card", () => {
  const at = "2025-06-01T10:00:00Z";
  it.each([
    ["Broken", customer(7, "Broken", 3)],
    ["Warning", customer(8, "Warning", 1)],
    ["Healthy", customer(9, "Healthy")],
  ] as const)("%s: the verdict comes first, in the title, before any finding; each finding shows code, message and fix link", (verdict, c) => {
    const card = tenantDetailCard(buildTenantView(c, { checkedAt: at, partnerProblems: 2 }));
    expectGoodCard(card);
    const body = card.body as Node[];
    expect(body[0].type).toBe("RichTextBlock");
    const title = body[0].inlines as Node[];
    expect(title.map((i) => i.text)).toEqual([verdict, `: ${c.displayName}`]);
    const json = JSON.stringify(card);
    expect(json.indexOf(verdict)).toBe(json.indexOf(`"text":"${verdict}"`) + 8);
    for (const f of c.findings) {
      expect(json).toContain(f.code);
      expect(json).toContain(JSON.stringify(f.message));
      expect(ofType(card, "Action.OpenUrl").map((a) => a.url)).toContain(f.fix.url);
      expect(json.indexOf(f.code)).toBeGreaterThan(json.indexOf(verdict));
    }
    expect(json).toContain(`{{DATE(${at}, SHORT)}}`);
    expect(json).toContain("2 partner-side problems affect every customer");
    if (verdict === "Healthy") expect(json).toContain("Every link of the chain works");
    expect(ofType(card, "Action.Execute")[0]).toMatchObject({ verb: "tenant.open", data: { tenantId: c.tenantId } });
  });

  it("a customer with 200 findings stays under 28 KB with 'and N more'", () => {
    const c = customer(1, "Broken", 200);
    const card = tenantDetailCard(buildTenantView(c, { checkedAt: at }));
    expectGoodCard(card);
    expect(JSON.stringify(card)).toMatch(/…and \d+ more findings\./);
  });
});

describe("tenantCandidates card", () => {
  const customers = [
    { ...customer(1, "Broken"), displayName: "Fabrikam, Inc." },
    { ...customer(2, "Healthy"), displayName: "Fabrikam North" },
    { ...customer(3, "Warning"), displayName: "Litware Inc." },
  ];
  const refs = customers.map((c) => ({ tenantId: c.tenantId, displayName: c.displayName, domain: c.domain, verdict: c.verdict }));

  it("several matches: each listed with an Open action for its tenant id", () => {
    const m = matchTenant("fabrikam", refs);
    if (m.kind !== "several") throw new Error(m.kind);
    const card = tenantCandidatesCard(buildCandidatesView("fabrikam", m));
    expectGoodCard(card);
    const opens = ofType(card, "Action.Execute");
    expect(opens.map((a) => (a.data as Node).tenantId)).toEqual([tenantIdOf(1), tenantIdOf(2)]);
    expect(opens.every((a) => a.verb === "tenant.open")).toBe(true);
    expect(ofType(card, "TextRun").map((r) => r.text)).toEqual(expect.arrayContaining(["Fabrikam, Inc.", "Fabrikam North", "  Broken", "  Healthy"]));
    expect(JSON.stringify(card)).toContain("2 customers match");
  });

  it("no match: the closest names, each with Open", () => {
    const m = matchTenant("litwre", refs);
    if (m.kind !== "none") throw new Error(m.kind);
    const card = tenantCandidatesCard(buildCandidatesView("litwre", m));
    expectGoodCard(card);
    expect(JSON.stringify(card)).toContain("No customer matches");
    expect(JSON.stringify(card)).toContain("Closest names:");
    expect(ofType(card, "Action.Execute").map((a) => (a.data as Node).tenantId)).toEqual([tenantIdOf(3)]);
  });

  it("no match and nothing close", () => {
    const m = matchTenant("zzzzzz", refs);
    if (m.kind !== "none") throw new Error(m.kind);
    const card = tenantCandidatesCard(buildCandidatesView("zzzzzz", m));
    expectGoodCard(card);
    expect(ofType(card, "Action.Execute")).toEqual([]);
    expect(JSON.stringify(card)).toContain("Type **check** to see all your customers");
  });

  it("many matches: at most 10 shown, with 'and N more', under 28 KB", () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ tenantId: tenantIdOf(i), displayName: `Contoso ${"x".repeat(200)} ${i}`, domain: null }));
    const m = matchTenant("contoso", many);
    if (m.kind !== "several") throw new Error(m.kind);
    const card = tenantCandidatesCard(buildCandidatesView("contoso", m));
    expectGoodCard(card);
    expect(ofType(card, "Action.Execute")).toHaveLength(10);
    expect(JSON.stringify(card)).toContain("…and 50 more");
  });
});
