/**
 * View models of the alert cards: one alert group (what, which tenants / app, when, why it matters, the fix, who
 * acknowledged or snoozed it), the inbox / history list and the `expiring` list. Pure plain data for src/cards.
 */
import type { AlertKind, AlertSeverity, DetectedAlert } from "../../alerts/types";
import { literalText } from "../findingView";
import { actionPayload } from "./payload";

export const ALERT_PAGE_SIZE = 10;

export interface AlertGroupState {
  id: string;
  kind: AlertKind;
  threshold: string;
  createdAt: string;
  ack?: { by: string; at: string };
  snooze?: { until: string; by: string; reason?: string };
}

export interface AlertRowView {
  name: string;
  message: string;
  when: string;
  fixText: string;
  fixUrl: string;
}

export interface AlertCardView {
  title: string;
  severityLabel: string;
  severityColor: "Attention" | "Warning" | "Accent" | "Good";
  countText: string;
  why: string;
  rows: AlertRowView[];
  pageText?: string;
  prev?: Record<string, unknown>;
  next?: Record<string, unknown>;
  fixText: string;
  fixUrl: string;
  /** "Acknowledged by Alice at 2026-12-02 08:15 UTC". */
  statusText?: string;
  /** Acknowledge and Snooze shown (not once acknowledged). */
  open: boolean;
  ack: Record<string, unknown>;
  snooze: Record<string, unknown>;
  refresh: Record<string, unknown>;
  snoozeChoices: { title: string; value: string }[];
}

const WHY: Record<AlertKind, string> = {
  "secret.expiring": "When the last client secret expires, the integration stops: no sync, no Partner Center discovery, until a new secret is stored.",
  "secret.longLifetime": "Microsoft recommends client secrets of at most 6 months: a long-lived secret that leaks stays usable for longer.",
  "gdap.ending": "When a GDAP relationship ends, the service account loses access to that customer: its Microsoft 365 and Intune data stop syncing.",
  "sync.failed": "The customer's inventory (devices and apps, or users and licences) is not up to date until the sync works again.",
  "sync.recovered": "The customer's inventory is up to date again.",
  "access.lost": "Without this access the sync cannot read the customer any more.",
  "tenant.new": "A customer the integration can reach but has not synced is missing from the lifecycle manager.",
  "serviceAccount.globalAdmin": "The integration needs Global Administrator during setup only; keeping it widens what a stolen sign-in could do.",
};

/** "2026-12-02 08:15 UTC". */
export function when(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${new Date(t).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
const dayOf = (iso: string): string => (Number.isNaN(Date.parse(iso)) ? iso : new Date(Date.parse(iso)).toISOString().slice(0, 10));

export function alertTitle(kind: AlertKind, threshold: string, count: number, first: DetectedAlert | undefined): string {
  const n = count === 1 ? "" : ` (${count})`;
  const t = threshold.replace(/\.globalAdmin$/, "");
  switch (kind) {
    case "secret.expiring":
      return t === "expired" ? `Client secret expired: ${first?.label ?? ""}` : `Client secret expires within ${t} ${t === "1" ? "day" : "days"}: ${first?.label ?? ""}`;
    case "secret.longLifetime":
      return `Client secret lives longer than 6 months: ${first?.label ?? ""}`;
    case "gdap.ending":
      return `GDAP relationships ending within ${t} ${t === "1" ? "day" : "days"}${threshold.endsWith(".globalAdmin") ? " (Global Administrator: no auto-extend)" : ""}${n}`;
    case "sync.failed":
      return `Sync failed${n}`;
    case "sync.recovered":
      return `Sync recovered${n}`;
    case "access.lost":
      return `Access lost${n}`;
    case "tenant.new":
      return `New customer reachable, not synced yet${n}`;
    case "serviceAccount.globalAdmin":
      return "Service account still Global Administrator";
  }
}

const SEVERITY: Record<AlertSeverity, { label: string; color: AlertCardView["severityColor"] }> = {
  error: { label: "Action needed", color: "Attention" },
  warning: { label: "Warning", color: "Warning" },
  info: { label: "Info", color: "Accent" },
};

function worst(alerts: readonly DetectedAlert[]): AlertSeverity {
  if (alerts.some((a) => a.severity === "error")) return "error";
  if (alerts.some((a) => a.severity === "warning")) return "warning";
  return "info";
}

export const SNOOZE_CHOICES = [
  { title: "1 day", value: "1" },
  { title: "7 days", value: "7" },
  { title: "30 days", value: "30" },
];

export function buildAlertView(group: AlertGroupState, alerts: readonly DetectedAlert[], opts: { page: number; now: Date }): AlertCardView {
  const pages = Math.max(1, Math.ceil(alerts.length / ALERT_PAGE_SIZE));
  const page = Math.min(Math.max(0, opts.page), pages - 1);
  const slice = alerts.slice(page * ALERT_PAGE_SIZE, (page + 1) * ALERT_PAGE_SIZE);
  const sev = group.kind === "sync.recovered" ? { label: "Recovered", color: "Good" as const } : SEVERITY[worst(alerts)];
  const tenants = new Set(alerts.map((a) => a.tenant?.tenantId).filter((t) => t !== undefined)).size;
  const snoozed = group.snooze !== undefined && Date.parse(group.snooze.until) > opts.now.getTime();
  let statusText: string | undefined;
  if (group.ack) statusText = `Acknowledged by ${group.ack.by} at ${when(group.ack.at)}.`;
  else if (snoozed && group.snooze)
    statusText = `Snoozed by ${group.snooze.by} until ${when(group.snooze.until)}${group.snooze.reason ? `: ${group.snooze.reason}` : ""}.`;
  const first = alerts[0];
  const base = { groupId: group.id };
  return {
    title: alertTitle(group.kind, group.threshold, alerts.length, first),
    severityLabel: sev.label,
    severityColor: sev.color,
    countText: `${tenants > 0 ? `${tenants} ${tenants === 1 ? "customer" : "customers"} · ` : ""}raised ${when(group.createdAt)}`,
    why: WHY[group.kind],
    rows: slice.map((a) => ({
      name: a.tenant?.displayName ?? a.label,
      // TextRuns: shown as typed, so our **command** marks become quotes.
      message: literalText(a.message),
      when: a.endsAt ? `ends ${dayOf(a.endsAt)}` : "",
      fixText: literalText(a.fix.text),
      fixUrl: a.fix.url,
    })),
    ...(pages > 1 ? { pageText: `Page ${page + 1} of ${pages} · ${alerts.length} in all` } : {}),
    ...(page > 0 ? { prev: actionPayload("alert.page", { ...base, page: page - 1 }) } : {}),
    ...(page < pages - 1 ? { next: actionPayload("alert.page", { ...base, page: page + 1 }) } : {}),
    fixText: first?.fix.text ?? "",
    fixUrl: first?.fix.url ?? "https://entra.microsoft.com/",
    ...(statusText !== undefined ? { statusText } : {}),
    open: group.ack === undefined && group.kind !== "sync.recovered",
    ack: actionPayload("alert.ack", { ...base, page }),
    snooze: actionPayload("alert.snooze", { ...base, page }),
    refresh: actionPayload("alert.refresh", { ...base, page }),
    snoozeChoices: SNOOZE_CHOICES,
  };
}

export interface ListRowView {
  title: string;
  detail: string;
  status: string;
}

export interface AlertListView {
  title: string;
  subtitle: string;
  emptyText?: string;
  rows: ListRowView[];
  pageText?: string;
  prev?: Record<string, unknown>;
  next?: Record<string, unknown>;
}

export interface InboxItem {
  alert: DetectedAlert;
  status: "open" | "closed";
  at: string;
  ack?: { by: string; at: string };
  snooze?: { until: string; by: string };
}

export function buildListView(
  items: readonly InboxItem[],
  opts: { page: number; now: Date; title: string; emptyText: string; pageData: (page: number) => Record<string, unknown> },
): AlertListView {
  const pages = Math.max(1, Math.ceil(items.length / ALERT_PAGE_SIZE));
  const page = Math.min(Math.max(0, opts.page), pages - 1);
  const rows = items.slice(page * ALERT_PAGE_SIZE, (page + 1) * ALERT_PAGE_SIZE).map((i) => {
    const snoozed = i.snooze !== undefined && Date.parse(i.snooze.until) > opts.now.getTime();
    const status = i.ack ? `acknowledged by ${i.ack.by}` : snoozed && i.snooze ? `snoozed until ${when(i.snooze.until)}` : i.status === "closed" ? "resolved" : "open";
    return {
      title: `${SEVERITY[i.alert.severity].label} · ${i.alert.tenant?.displayName ?? i.alert.label}`,
      detail: i.alert.message,
      status: `${status} · ${when(i.at)}`,
    };
  });
  return {
    title: opts.title,
    subtitle: `${items.length} ${items.length === 1 ? "alert" : "alerts"} · ${when(opts.now.toISOString())}`,
    ...(items.length === 0 ? { emptyText: opts.emptyText } : {}),
    rows,
    ...(pages > 1 ? { pageText: `Page ${page + 1} of ${pages}` } : {}),
    ...(page > 0 ? { prev: opts.pageData(page - 1) } : {}),
    ...(page < pages - 1 ? { next: opts.pageData(page + 1) } : {}),
  };
}
