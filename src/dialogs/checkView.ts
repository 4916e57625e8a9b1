/**
 * The check card's view model from a CheckReport: summary counts per verdict, partner-side findings on top (first
 * page), then the customers with problems (Broken, then Warning) with their findings, then the Healthy ones as a
 * compact list; one page of them, filtered by verdict, with Action.Execute page and filter controls. Pure.
 *
 * Pages are cut by count (pageSize customers with problems, 5 × pageSize healthy names) and by an estimate of the
 * rendered bytes, so every page stays under Teams' 28 KB whatever the report holds. Page boundaries depend only on
 * the report, the filter and pageSize, so a page number in a card always means the same customers.
 */
import type { CheckReport, CustomerResult, Finding, Verdict } from "../domain/findings";
import type { CheckScope } from "./commands";
import { action, cardTimeText, customers as customersText, SCOPE_LABELS, VERDICT_COLORS, type ActionView, type TextColor } from "./checkContent";
import { fitFindings, jsonBytes, moreFindingsText, TEXT_LIMITS, truncate, type FindingView } from "./findingView";
import { actionData, VERDICT_FILTERS, type ActionData, type VerdictFilter } from "./verbs";

export const DEFAULT_PAGE_SIZE = 10;
/** Budget of one page's estimated bytes; the estimate is an upper bound, and Teams' limit (28 KB) leaves room for the activity. */
export const PAGE_BUDGET_BYTES = 25 * 1024;
/** Bytes of the card around the lists: title, summary, filters, pager (measured with a margin). */
export const CARD_BASE_BYTES = 5 * 1024;
/** Rendered bytes of one customer block besides its texts and findings. */
export const CUSTOMER_OVERHEAD_BYTES = 400;
/** One customer block never takes more than this (its other findings are summed up as "…and N more"). */
export const MAX_CUSTOMER_BYTES = 8 * 1024;
/** Partner-side findings take at most this on the first page. */
export const MAX_PARTNER_BYTES = 8 * 1024;
export const MAX_FINDINGS_PER_CUSTOMER = 5;
export const MAX_PARTNER_FINDINGS = 10;
const MAX_ASSUMPTIONS = 5;
const ASSUMPTION_LIMIT = 300;

export interface CheckViewOptions {
  page: number;
  pageSize?: number;
  filter: VerdictFilter;
  /** What was checked; carried in the page and filter actions. */
  scope?: CheckScope;
}

export interface CustomerView {
  tenantId: string;
  displayName: string;
  /** " · fabrikam.onmicrosoft.com", or "" without a domain. */
  domainText: string;
  verdict: Verdict;
  verdictColor: TextColor;
  findings: FindingView[];
  moreText: string | null;
}

export interface CheckReportView {
  title: string;
  checkedAtText: string;
  scope: CheckScope;
  summary: { total: number; Broken: number; Warning: number; Healthy: number };
  summaryText: string;
  /** One cell per verdict: the count and the word, in the verdict's colour. */
  summaryCells: Array<{ count: string; label: Verdict; color: TextColor }>;
  assumptionsTitle: string;
  assumptions: string[];
  /** Partner-side findings: on the first page only. */
  partnerTitle: string | null;
  partnerFindings: FindingView[];
  partnerMoreText: string | null;
  /** On other pages, a pointer to the first one; on the first page, "nothing to fix" when there is nothing. */
  partnerNote: string | null;
  customersTitle: string;
  customers: CustomerView[];
  /** "Healthy: A, B, C", the healthy customers of this page. */
  healthyText: string | null;
  emptyText: string | null;
  page: number;
  pageCount: number;
  pageText: string;
  filter: VerdictFilter;
  filters: Array<ActionView<ActionData<"check.page">>>;
  pager: Array<ActionView<ActionData<"check.page">>>;
  rerun: ActionView<ActionData<"check.run">>;
}

const VERDICT_RANK: Record<Verdict, number> = { Broken: 0, Warning: 1, Healthy: 2 };

function domainText(domain: string | null): string {
  return domain ? ` · ${truncate(domain, TEXT_LIMITS.domain)}` : "";
}

/** One customer with problems, its findings cut to what fits; `bytes` is an upper bound of its rendered size. */
export function customerView(c: CustomerResult): { view: CustomerView; bytes: number } {
  const displayName = truncate(c.displayName, TEXT_LIMITS.name);
  const dText = domainText(c.domain);
  const head = CUSTOMER_OVERHEAD_BYTES + jsonBytes(c.verdict + displayName + dText + c.tenantId);
  const fit = fitFindings(c.findings, { maxCount: MAX_FINDINGS_PER_CUSTOMER, maxBytes: MAX_CUSTOMER_BYTES - head - 200 });
  const moreText = moreFindingsText(fit.more, `: type tenant ${c.domain ?? c.tenantId} to see them all`);
  const view: CustomerView = {
    tenantId: c.tenantId,
    displayName,
    domainText: dText,
    verdict: c.verdict,
    verdictColor: VERDICT_COLORS[c.verdict],
    findings: fit.shown,
    moreText: moreText !== null ? truncate(moreText, 300) : null,
  };
  return { view, bytes: head + fit.bytes + (view.moreText !== null ? jsonBytes(view.moreText) + 150 : 0) };
}

type Item = { kind: "problem"; view: CustomerView; bytes: number } | { kind: "healthy"; name: string; bytes: number };

function items(report: CheckReport, filter: VerdictFilter): Item[] {
  return report.customers
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => filter === "all" || c.verdict === filter)
    .sort((a, b) => VERDICT_RANK[a.c.verdict] - VERDICT_RANK[b.c.verdict] || a.i - b.i)
    .map(({ c }): Item => {
      if (c.verdict === "Healthy") {
        const name = truncate(c.displayName, TEXT_LIMITS.name);
        return { kind: "healthy", name, bytes: jsonBytes(name) + 2 };
      }
      const { view, bytes } = customerView(c);
      return { kind: "problem", view, bytes };
    });
}

function partnerBlock(findings: readonly Finding[]): { shown: FindingView[]; moreText: string | null; bytes: number } {
  const fit = fitFindings(findings, { maxCount: MAX_PARTNER_FINDINGS, maxBytes: MAX_PARTNER_BYTES });
  const moreText = moreFindingsText(fit.more, " on the partner side");
  return { shown: fit.shown, moreText, bytes: fit.bytes + (moreText !== null ? 300 : 0) };
}

function assumptionsOf(report: CheckReport): { lines: string[]; bytes: number } {
  const lines = report.assumptions.slice(0, MAX_ASSUMPTIONS).map((a) => truncate(a, ASSUMPTION_LIMIT));
  if (report.assumptions.length > MAX_ASSUMPTIONS) lines.push(`…and ${report.assumptions.length - MAX_ASSUMPTIONS} more.`);
  return { lines, bytes: lines.reduce((n, l) => n + jsonBytes(l) + 150, 0) };
}

/** Cuts the items into pages: by count and by estimated bytes (each page holds at least one item). */
export function paginate<T extends { kind: "problem" | "healthy"; bytes: number }>(
  list: readonly T[],
  opts: { pageSize: number; firstPageBudget: number; budget: number },
): T[][] {
  const pages: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  let problems = 0;
  let healthy = 0;
  for (const item of list) {
    const budget = pages.length === 0 ? opts.firstPageBudget : opts.budget;
    const full =
      current.length > 0 &&
      (bytes + item.bytes > budget || (item.kind === "problem" ? problems >= opts.pageSize : healthy >= opts.pageSize * 5));
    if (full) {
      pages.push(current);
      current = [];
      bytes = 0;
      problems = 0;
      healthy = 0;
    }
    current.push(item);
    bytes += item.bytes;
    if (item.kind === "problem") problems++;
    else healthy++;
  }
  if (current.length > 0 || pages.length === 0) pages.push(current);
  return pages;
}

/**
 * Pages of a report per (filter, pageSize), remembered for as long as the report object lives: paging through a
 * report does not recompute every customer. Reports are plain data that nobody changes once built.
 */
const pageCache = new WeakMap<CheckReport, Map<string, { list: Item[]; pages: Item[][] }>>();

function pagesOf(report: CheckReport, filter: VerdictFilter, pageSize: number, compute: () => { list: Item[]; pages: Item[][] }) {
  let byKey = pageCache.get(report);
  if (!byKey) {
    byKey = new Map();
    pageCache.set(report, byKey);
  }
  const key = `${filter}/${pageSize}`;
  let hit = byKey.get(key);
  if (!hit) {
    hit = compute();
    byKey.set(key, hit);
  }
  return hit;
}

function filterTitle(f: VerdictFilter, n: number): string {
  return `${f === "all" ? "All" : f} (${n})`;
}

export function buildCheckView(report: CheckReport, opts: CheckViewOptions): CheckReportView {
  const scope = opts.scope ?? "all";
  const pageSize = Math.max(1, Math.floor(opts.pageSize ?? DEFAULT_PAGE_SIZE));
  const summary = { total: report.customers.length, Broken: 0, Warning: 0, Healthy: 0 };
  for (const c of report.customers) summary[c.verdict]++;
  const counts: Record<VerdictFilter, number> = { all: summary.total, Broken: summary.Broken, Warning: summary.Warning, Healthy: summary.Healthy };

  const partnerName = truncate(report.partner.displayName, TEXT_LIMITS.name);
  const partner = partnerBlock(report.partnerFindings);
  const assumptions = assumptionsOf(report);
  const fixed = CARD_BASE_BYTES + jsonBytes(partnerName) + assumptions.bytes;
  const { list, pages } = pagesOf(report, opts.filter, pageSize, () => {
    const list = items(report, opts.filter);
    return { list, pages: paginate(list, { pageSize, firstPageBudget: PAGE_BUDGET_BYTES - fixed - partner.bytes, budget: PAGE_BUDGET_BYTES - fixed }) };
  });
  const page = Math.min(Math.max(0, Math.floor(Number.isFinite(opts.page) ? opts.page : 0)), pages.length - 1);
  const onPage = pages[page];

  const problemViews = onPage.flatMap((i) => (i.kind === "problem" ? [i.view] : []));
  const healthyNames = onPage.flatMap((i) => (i.kind === "healthy" ? [i.name] : []));
  const first = page === 0;
  const nPartner = report.partnerFindings.length;

  const pageData = (p: number, filter: VerdictFilter) => actionData("check.page", { page: p, filter, scope });
  const pager: CheckReportView["pager"] = [];
  if (page > 0) pager.push(action("Previous page", pageData(page - 1, opts.filter)));
  if (page < pages.length - 1) pager.push(action("Next page", pageData(page + 1, opts.filter)));

  const emptyText =
    list.length > 0
      ? null
      : summary.total === 0
        ? "No customers found: there are no GDAP relationships and no Partner Center customers."
        : `No customer is ${opts.filter}.`;

  return {
    title: `${partnerName}: ${SCOPE_LABELS[scope]}`,
    checkedAtText: `Checked ${cardTimeText(report.checkedAt)}`,
    scope,
    summary,
    summaryText: `${customersText(summary.total)}: ${summary.Broken} Broken, ${summary.Warning} Warning, ${summary.Healthy} Healthy.`,
    summaryCells: (["Broken", "Warning", "Healthy"] as const).map((v) => ({ count: String(summary[v]), label: v, color: VERDICT_COLORS[v] })),
    assumptionsTitle: "Setup has not recorded your choices yet, so I assumed:",
    assumptions: assumptions.lines,
    partnerTitle: first && nPartner > 0 ? "Partner tenant" : null,
    partnerFindings: first ? partner.shown : [],
    partnerMoreText: first ? partner.moreText : null,
    partnerNote: first
      ? nPartner === 0
        ? "Partner tenant: nothing to fix."
        : null
      : nPartner > 0
        ? `Partner tenant: ${nPartner} ${nPartner === 1 ? "finding" : "findings"} on the first page.`
        : null,
    customersTitle: opts.filter === "all" ? "Customers" : `${opts.filter} customers`,
    customers: problemViews,
    healthyText: healthyNames.length > 0 ? healthyNames.join(", ") : null,
    emptyText,
    page,
    pageCount: pages.length,
    pageText: `Page ${page + 1} of ${pages.length}`,
    filter: opts.filter,
    filters: VERDICT_FILTERS.map((f) => action(filterTitle(f, counts[f]), pageData(0, f), f !== opts.filter)),
    pager,
    rerun: action("Check again", actionData("check.run", { scope })),
  };
}
