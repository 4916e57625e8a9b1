/**
 * View models of `tenant <query>`: one customer in detail (its verdict first, in the title, before any finding), or
 * the candidates when the query matched several customers or none. Pure.
 */
import type { CustomerResult, Verdict } from "../domain/findings";
import type { InventorySummary } from "../domain/inventorySummary";
import type { LastTenantSync } from "../domain/syncRun";
import { buildInventoryView, INVENTORY_MAX_BYTES, NOT_SYNCED_TEXT, type InventoryView } from "./sync/inventoryView";
import { action, cardTimeText, customers as customersText, VERDICT_COLORS, type ActionView, type TextColor } from "./checkContent";
import { fitFindings, literalText, moreFindingsText, TEXT_LIMITS, truncate, type FindingView } from "./findingView";
import type { TenantMatch, TenantRef } from "./tenantMatch";
import { actionData, type ActionData } from "./verbs";

/** Findings of one customer shown on its card, by count and estimated bytes (the rest is "…and N more"). */
export const MAX_TENANT_FINDINGS = 25;
export const MAX_TENANT_FINDING_BYTES = 20 * 1024;
export const MAX_CANDIDATES = 10;

export interface TenantDetailView {
  /** The first words of the title: Healthy, Warning or Broken. */
  verdict: Verdict;
  verdictColor: TextColor;
  /** The rest of the title: ": Fabrikam, Inc.". */
  titleRest: string;
  /** "fabrikam.onmicrosoft.com · tenant cc000000-…". */
  detailText: string;
  checkedAtText: string;
  findings: FindingView[];
  findingsTitle: string | null;
  moreText: string | null;
  /** When there is no finding. */
  allGoodText: string | null;
  /** Partner-side problems affect every customer: a pointer to `check`. */
  partnerNote: string | null;
  refresh: ActionView<ActionData<"tenant.open">>;
  /** The synced inventory (devices, apps, users, licences), when the sync has a summary of this tenant. */
  inventory: InventoryView | null;
  /** When inventory was asked for and there is none yet. */
  inventoryNote: string | null;
  /** The tenant's latest finished sync failed: when, why and the fix (the check may see nothing wrong). */
  lastSyncFailure: { title: string; fix: string } | null;
}

/** Pure: the failure line of a tenant's latest finished sync, or null when it succeeded (or is unknown). */
export function lastSyncFailureView(last: LastTenantSync | undefined): { title: string; fix: string } | null {
  if (!last || last.state === "done") return null;
  const why = last.cause ? `: ${truncate(last.cause.title, 120)}` : "";
  const fix = last.cause ? truncate(literalText(last.cause.fix), 600) : 'Type "sync status" to see the run.';
  return { title: `Last sync failed ${cardTimeText(last.finishedAt)}${why}`, fix: `Fix: ${fix}` };
}

/**
 * `inventory`: the sync's summary of the tenant (null: never synced, a note says how; undefined: not asked, no
 * inventory section). The findings shrink by the inventory's share of the card.
 */
export function buildTenantView(c: CustomerResult, opts: { checkedAt: string; partnerProblems?: number; inventory?: InventorySummary | null; lastSync?: LastTenantSync }): TenantDetailView {
  const lastSyncFailure = lastSyncFailureView(opts.lastSync);
  const maxBytes = MAX_TENANT_FINDING_BYTES - (opts.inventory ? INVENTORY_MAX_BYTES : 0);
  const fit = fitFindings(c.findings, { maxCount: MAX_TENANT_FINDINGS, maxBytes });
  const name = truncate(c.displayName, TEXT_LIMITS.name);
  const detail = [c.domain ? truncate(c.domain, TEXT_LIMITS.domain) : null, `tenant ${c.tenantId}`].filter((s) => s !== null).join(" · ");
  const p = opts.partnerProblems ?? 0;
  return {
    verdict: c.verdict,
    verdictColor: VERDICT_COLORS[c.verdict],
    titleRest: `: ${name}`,
    detailText: detail,
    checkedAtText: `Checked ${cardTimeText(opts.checkedAt)}`,
    findings: fit.shown,
    findingsTitle: fit.shown.length > 0 ? (c.findings.length === 1 ? "1 finding" : `${c.findings.length} findings`) : null,
    moreText: moreFindingsText(fit.more, ""),
    allGoodText:
      c.findings.length === 0
        ? c.verdict === "Healthy"
          ? lastSyncFailure
            ? "Every link of the chain the check verifies works; the last sync failed, though (below)."
            : "Every link of the chain works: nothing to fix."
          : "No finding was recorded for this customer: type **check** to check again."
        : null,
    partnerNote:
      p > 0 ? `${p} partner-side ${p === 1 ? "problem affects" : "problems affect"} every customer: type **check** to see ${p === 1 ? "it" : "them"}.` : null,
    refresh: action("Refresh", actionData("tenant.open", { tenantId: c.tenantId })),
    inventory: opts.inventory ? buildInventoryView(opts.inventory) : null,
    inventoryNote: opts.inventory === null ? NOT_SYNCED_TEXT : null,
    lastSyncFailure,
  };
}

export interface TenantCandidate extends TenantRef {
  /** The latest verdict, when one is stored. */
  verdict?: Verdict;
}

export interface CandidateView {
  displayName: string;
  detailText: string;
  verdictText: string;
  verdictColor: TextColor;
  open: ActionView<ActionData<"tenant.open">>;
}

export interface TenantCandidatesView {
  title: string;
  /** The query as typed (shown as plain text). */
  queryText: string;
  listTitle: string | null;
  candidates: CandidateView[];
  moreText: string | null;
  hint: string;
}

function candidateView(c: TenantCandidate): CandidateView {
  return {
    displayName: truncate(c.displayName, TEXT_LIMITS.name),
    detailText: c.domain ? truncate(c.domain, TEXT_LIMITS.domain) : c.tenantId,
    verdictText: c.verdict ?? "",
    verdictColor: c.verdict !== undefined ? VERDICT_COLORS[c.verdict] : "default",
    open: action("Open", actionData("tenant.open", { tenantId: c.tenantId })),
  };
}

/** Several matches (each with an Open button), or none (with the closest names, if any). */
export function buildCandidatesView<T extends TenantCandidate>(
  query: string,
  match: Exclude<TenantMatch<T>, { kind: "one" }>,
): TenantCandidatesView {
  const queryText = `“${truncate(query, 100)}”`;
  const list = match.kind === "several" ? match.candidates : match.closest;
  const shown = list.slice(0, MAX_CANDIDATES).map(candidateView);
  const more = list.length - shown.length;
  if (match.kind === "several") {
    return {
      title: `${customersText(list.length)} match`,
      queryText,
      listTitle: "Which one?",
      candidates: shown,
      moreText: more > 0 ? `…and ${more} more: type more of the name, its domain or its tenant id.` : null,
      hint: "Select **Open**, or type **tenant** with the domain or tenant id.",
    };
  }
  return {
    title: "No customer matches",
    queryText,
    listTitle: shown.length > 0 ? "Closest names:" : null,
    candidates: shown,
    moreText: null,
    hint:
      shown.length > 0
        ? "Select **Open**, or type **tenant** with another name, a domain or a tenant id. Type **check** to see all your customers."
        : "Try another name, a domain or a tenant id. Type **check** to see all your customers.",
  };
}

