/**
 * `expiring [days]`: every client secret of both apps and every active GDAP relationship ending within N days,
 * across tenants, soonest first (whatever auto-extend says: the list says it). Pure.
 */
import { daysUntil } from "../../checks/text";
import type { AlertFacts } from "../../alerts/types";
import { ALERT_PAGE_SIZE, type AlertListView } from "./alertView";
import { actionPayload } from "./payload";

export interface ExpiringItem {
  endsAt: string;
  daysLeft: number;
  title: string;
  detail: string;
}

const dayOf = (iso: string): string => new Date(Date.parse(iso)).toISOString().slice(0, 10);
const plural = (n: number): string => `${n} ${n === 1 ? "day" : "days"}`;

export function expiringItems(facts: Pick<AlertFacts, "secrets" | "gdap">, now: Date, days: number): ExpiringItem[] {
  const items: ExpiringItem[] = [];
  for (const s of facts.secrets) {
    const left = daysUntil(s.endDateTime, now);
    if (left <= 0 || left > days) continue;
    items.push({ endsAt: s.endDateTime, daysLeft: left, title: `Client secret · ${s.appName}`, detail: `${s.label} ends ${dayOf(s.endDateTime)} (${plural(left)}).` });
  }
  for (const r of facts.gdap) {
    const left = daysUntil(r.endDateTime, now);
    if (left <= 0 || left > days) continue;
    const extend = r.globalAdmin ? "cannot auto-extend (Global Administrator)" : r.autoExtendOff ? "auto-extend is off" : "auto-extends";
    items.push({ endsAt: r.endDateTime, daysLeft: left, title: `GDAP · ${r.tenantName}`, detail: `"${r.relationshipName}" ends ${dayOf(r.endDateTime)} (${plural(left)}); ${extend}.` });
  }
  return items.sort((a, b) => Date.parse(a.endsAt) - Date.parse(b.endsAt) || a.title.localeCompare(b.title));
}

export function buildExpiringView(items: readonly ExpiringItem[], opts: { days: number; page: number; now: Date; checkedAt?: string }): AlertListView {
  const pages = Math.max(1, Math.ceil(items.length / ALERT_PAGE_SIZE));
  const page = Math.min(Math.max(0, opts.page), pages - 1);
  return {
    title: `Ending in the next ${plural(opts.days)}`,
    subtitle: `${items.length} ${items.length === 1 ? "item" : "items"} · soonest first${opts.checkedAt ? ` · from the check of ${opts.checkedAt.slice(0, 16).replace("T", " ")} UTC` : ""}`,
    ...(items.length === 0 ? { emptyText: `Nothing ends in the next ${plural(opts.days)}.` } : {}),
    rows: items.slice(page * ALERT_PAGE_SIZE, (page + 1) * ALERT_PAGE_SIZE).map((i) => ({ title: i.title, detail: i.detail, status: `in ${plural(i.daysLeft)}` })),
    ...(pages > 1 ? { pageText: `Page ${page + 1} of ${pages}` } : {}),
    ...(page > 0 ? { prev: actionPayload("expiring.page", { days: opts.days, page: page - 1 }) } : {}),
    ...(page < pages - 1 ? { next: actionPayload("expiring.page", { days: opts.days, page: page + 1 }) } : {}),
  };
}
