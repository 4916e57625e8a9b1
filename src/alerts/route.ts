/**
 * Pure: which conversation gets which alerts. A conversation's subscription holds filters (kinds, tenants; empty =
 * all); an alert goes to it when any filter matches, once however many match. With no subscription of its own, the
 * personal chat of the admin who installed the bot first gets everything (until `alerts off` there). Partner-side
 * alerts (apps, service account) match a filter only when it names no tenants.
 */
import type { AlertGroup } from "./plan";
import type { AlertKind, DetectedAlert } from "./types";

export interface AlertFilter {
  /** Empty: every kind. */
  kinds: AlertKind[];
  /** Customer tenant ids (lower case); empty: every tenant. */
  tenants: string[];
}

export interface Subscription {
  conversationKey: string;
  conversationType: "personal" | "groupChat" | "channel";
  /** `alerts off`: nothing is sent here (also stops the installer's default). */
  off: boolean;
  filters: AlertFilter[];
}

export interface Delivery {
  conversationKey: string;
  group: AlertGroup;
  /** The group's alerts this conversation gets (all or a filtered subset). */
  alerts: DetectedAlert[];
  newThread: boolean;
}

/** `sync.recovered` follows the subscriptions to sync failures. */
const kindOf = (k: AlertKind): AlertKind => (k === "sync.recovered" ? "sync.failed" : k);

export function matches(f: AlertFilter, a: DetectedAlert): boolean {
  if (f.kinds.length > 0 && !f.kinds.includes(kindOf(a.kind))) return false;
  if (f.tenants.length === 0) return true;
  return a.tenant !== undefined && f.tenants.includes(a.tenant.tenantId.toLowerCase());
}

/** Has this conversation chosen its alerts itself (filters of its own, or `alerts off`)? A digest alone is not a choice of alerts. */
export function hasOwnAlerts(s: Pick<Subscription, "off" | "filters"> | undefined): boolean {
  return s !== undefined && (s.off || s.filters.length > 0);
}

/** Everything: the installer's default. */
export const EVERYTHING: AlertFilter = { kinds: [], tenants: [] };

export function routeGroups(groups: readonly AlertGroup[], subscriptions: readonly Subscription[], installer: Subscription | undefined): Delivery[] {
  const subs = new Map<string, Subscription>();
  for (const s of subscriptions) subs.set(s.conversationKey, s);
  // The installer's chat keeps its default until it says otherwise: a subscription there that is only a digest (no
  // filters, not off) does not stop its alerts.
  if (installer && !hasOwnAlerts(subs.get(installer.conversationKey))) subs.set(installer.conversationKey, { ...installer, off: false, filters: [EVERYTHING] });
  const out: Delivery[] = [];
  for (const s of [...subs.values()].sort((a, b) => a.conversationKey.localeCompare(b.conversationKey))) {
    if (s.off) continue;
    for (const g of groups) {
      const alerts = g.alerts.filter((a) => s.filters.some((f) => matches(f, a)));
      if (alerts.length > 0) out.push({ conversationKey: s.conversationKey, group: g, alerts, newThread: s.conversationType === "channel" });
    }
  }
  return out;
}
