/**
 * View models of the sync cards (pure): the live progress of a run, its summary once finished (counts, failures
 * grouped by cause with the fix, paged, and a Retry failed button), and the recent runs. Cards render these in
 * src/cards/syncCards.ts; numbers are written out ("2,850") and times as Adaptive Cards' DATE/TIME functions.
 */
import { cardTimeText, type TextColor } from "../checkContent";
import { literalText, truncate, TEXT_LIMITS } from "../findingView";
import type { RunSummaryInput, SyncProgressInput, SyncStatusInput, SyncTriggerInput } from "./types";
import { syncAction, type SyncActionView } from "./verbs";

/** Tenants listed per summary page (failure groups cut across pages): a page stays far under 28 KB. */
export const FAILURES_PER_PAGE = 40;
export const MAX_HISTORY_RUNS = 10;

export interface Fact {
  title: string;
  value: string;
}

/** "2,850" (grouping with commas, whatever the locale). */
export function countText(n: number): string {
  const v = Math.max(0, Math.round(n));
  return String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "under a second", "45 s", "3 min 5 s", "1 h 2 min". */
export function durationText(ms: number): string {
  const s = Math.round(Math.max(0, ms) / 1000);
  if (s < 1) return "under a second";
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${countText(n)} ${n === 1 ? one : many}`;

/** Who or what started a run, in words. */
export function triggerText(t: SyncTriggerInput): string {
  const by = t.by !== undefined && t.by.trim() !== "" ? truncate(t.by.trim(), 120) : undefined;
  switch (t.kind) {
    case "manual":
      return by !== undefined ? `Started by ${by}` : "Started from Teams";
    case "schedule":
      return "Started by the schedule";
    case "retry":
      return by !== undefined ? `Retry of the failed tenants, by ${by}` : "Retry of the failed tenants";
    case "wizard":
      return by !== undefined ? `First sync after the MEM setup, by ${by}` : "First sync after the MEM setup";
  }
}

export interface SyncProgressView {
  title: string;
  subtitle: string;
  /** A `sync` joined a run that was already going. */
  joinedText: string | null;
  facts: Fact[];
  footer: string;
  refresh: SyncActionView<"sync.status">;
}

function progressFacts(p: SyncProgressInput, finished: boolean): Fact[] {
  const facts: Fact[] = [
    { title: "Tenants", value: finished ? `${countText(p.tenantsDone)} of ${countText(p.tenantsTotal)}` : `${countText(p.tenantsDone)} of ${countText(p.tenantsTotal)} done` },
    { title: "Devices", value: countText(p.devices) },
    { title: "Apps", value: countText(p.apps) },
    { title: "Users", value: countText(p.users) },
    { title: "Failures", value: countText(p.failures) },
    { title: finished ? "Duration" : "Elapsed", value: durationText(p.elapsedMs) },
  ];
  if (!finished) facts.push({ title: "Estimate", value: p.estimateMs === undefined ? "estimating…" : p.estimateMs <= 0 ? "finishing" : `about ${durationText(p.estimateMs)} left` });
  return facts;
}

/** The progress card of a running run. */
export function buildSyncProgressView(s: SyncStatusInput, opts: { joined?: boolean } = {}): SyncProgressView {
  const p = s.progress;
  return {
    title: p.tenantsTotal > 0 ? `Syncing ${plural(p.tenantsTotal, "tenant")}…` : "Syncing your tenants…",
    subtitle: `${triggerText(s.trigger)} ${cardTimeText(s.startedAt)}`,
    joinedText: opts.joined === true ? "A sync was already running, so I started nothing new: this is its progress." : null,
    facts: progressFacts(p, false),
    footer: "This card updates itself every few seconds; at the end it shows the summary.",
    refresh: syncAction("Refresh", "sync.status", { runId: s.runId }),
  };
}

export interface FailureGroupView {
  title: string;
  fix: string;
  tenantsText: string;
}

export interface SyncSummaryView {
  title: string;
  titleColor: TextColor;
  subtitle: string;
  facts: Fact[];
  newTenantsText: string | null;
  failuresTitle: string | null;
  groups: FailureGroupView[];
  pageText: string | null;
  retry: SyncActionView<"sync.retry"> | null;
  previous: SyncActionView<"sync.page"> | null;
  next: SyncActionView<"sync.page"> | null;
  /** The card's buttons in order: Retry failed, Previous, Next (those that apply). */
  actions: SyncActionView[];
}

/** The summary of a finished run; `page` pages through its failed tenants (FAILURES_PER_PAGE per page). */
export function buildSyncSummaryView(s: SyncStatusInput, opts: { page?: number } = {}): SyncSummaryView {
  const p = s.progress;
  const ok = s.tenants.filter((t) => t.state === "done").length;
  const failedTotal = s.failuresByCause.reduce((n, g) => n + g.tenants.length, 0);
  const pairs = s.failuresByCause.flatMap((g, gi) => g.tenants.map((t) => ({ gi, name: truncate(t.displayName, TEXT_LIMITS.name) })));
  const pages = Math.max(1, Math.ceil(pairs.length / FAILURES_PER_PAGE));
  const page = Math.min(Math.max(0, opts.page ?? 0), pages - 1);
  const slice = pairs.slice(page * FAILURES_PER_PAGE, (page + 1) * FAILURES_PER_PAGE);
  const groups: FailureGroupView[] = [];
  for (const gi of [...new Set(slice.map((x) => x.gi))]) {
    const g = s.failuresByCause[gi];
    groups.push({
      title: `${truncate(g.title, 120)} · ${plural(g.tenants.length, "tenant")}`,
      fix: truncate(literalText(g.fix), TEXT_LIMITS.fixText * 2), // a TextRun: shown as typed
      tenantsText: slice.filter((x) => x.gi === gi).map((x) => x.name).join(", "),
    });
  }
  const facts: Fact[] = [
    { title: "Synced", value: `${countText(ok)} of ${plural(s.tenants.length, "tenant")}` },
    ...progressFacts(p, true).filter((f) => f.title !== "Tenants"),
  ];
  const incomplete = s.tenants.filter((t) => t.state === "done" && t.incomplete.length > 0).length;
  if (incomplete > 0) facts.push({ title: "Cut short", value: `${plural(incomplete, "tenant")} (kept what was stored before)` });
  const retry = failedTotal > 0 ? syncAction("Retry failed", "sync.retry", { runId: s.runId }) : null;
  const previous = page > 0 ? syncAction("Previous", "sync.page", { runId: s.runId, page: page - 1 }) : null;
  const next = page < pages - 1 ? syncAction("Next", "sync.page", { runId: s.runId, page: page + 1 }) : null;
  return {
    title: failedTotal === 0 ? "Sync finished" : `Sync finished with ${plural(failedTotal, "failure")}`,
    titleColor: failedTotal === 0 ? "good" : ok === 0 ? "attention" : "warning",
    subtitle: `${triggerText(s.trigger)} ${cardTimeText(s.startedAt)}${s.finishedAt !== undefined ? `, finished ${cardTimeText(s.finishedAt)}` : ""}`,
    facts,
    newTenantsText: s.newTenants.length > 0 ? `${plural(s.newTenants.length, "tenant")} seen for the first time.` : null,
    failuresTitle: failedTotal > 0 ? "Failures by cause" : null,
    groups,
    pageText: pages > 1 ? `Failures page ${page + 1} of ${pages}` : null,
    retry,
    previous,
    next,
    actions: [retry, previous, next].filter((a): a is SyncActionView<"sync.retry"> | SyncActionView<"sync.page"> => a !== null),
  };
}

export interface HistoryRowView {
  title: string;
  detail: string;
  color: TextColor;
}

export interface SyncHistoryView {
  title: string;
  rows: HistoryRowView[];
  emptyText: string | null;
}

export function buildSyncHistoryView(runs: readonly RunSummaryInput[]): SyncHistoryView {
  const rows = runs.slice(0, MAX_HISTORY_RUNS).map((r): HistoryRowView => {
    const title = `${cardTimeText(r.startedAt)} · ${triggerText(r.trigger)}`;
    if (r.status === "running" || !r.summary) return { title, detail: `Running: ${plural(r.tenants, "tenant")}. Type **sync status** to follow it.`, color: "accent" };
    const s = r.summary;
    const failed = s.failed > 0 ? ` · ${plural(s.failed, "failure")}` : "";
    return {
      title,
      detail: `${countText(s.done)} of ${plural(r.tenants, "tenant")} synced${failed} · ${plural(s.devices, "device")} · ${plural(s.apps, "app")} · ${plural(s.users, "user")} · ${durationText(s.durationMs)}`,
      color: s.failed > 0 ? (s.done === 0 ? "attention" : "warning") : "good",
    };
  });
  return {
    title: rows.length > 0 ? `Last ${plural(rows.length, "sync", "syncs")}` : "No sync yet",
    rows,
    emptyText: rows.length === 0 ? "No sync has run yet. Type **sync** to start one." : null,
  };
}
