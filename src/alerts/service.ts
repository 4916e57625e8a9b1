/**
 * What the alert commands and card verbs do, over the store (no botbuilder): subscribe / unsubscribe a conversation,
 * its settings, the inbox and history, `expiring`, acknowledge and snooze a group (its series too, so detection
 * honours them), the card of a group as a conversation sees it, and digests' settings.
 */
import type { AdaptiveCardJson } from "../cards/render";
import { alertCard, alertListCard } from "../cards/alertCards";
import type { Clock } from "../clock";
import { buildAlertView, buildListView, type InboxItem } from "../dialogs/alerts/alertView";
import { buildExpiringView, expiringItems } from "../dialogs/alerts/expiringView";
import { actionPayload } from "../dialogs/alerts/payload";
import { matchTenant, type TenantRef } from "../dialogs/tenantMatch";
import type { AlertGroupDoc, AlertsRepo, DigestSettings, SubscriptionDoc } from "../store/alertsRepo";
import type { AlertDetection } from "./detection";
import { EVERYTHING, hasOwnAlerts, matches, type AlertFilter, type Subscription } from "./route";
import type { AlertKind, DetectedAlert } from "./types";

export interface ConversationId {
  conversationKey: string;
  conversationType: Subscription["conversationType"];
}

export type SubscribeOutcome =
  | { ok: true; filter: AlertFilter; tenantNames: string[] }
  | { ok: false; problem: "unknownTenant" | "ambiguousTenant"; query: string; candidates: string[] };

export interface AlertsService {
  subscribe(c: ConversationId, kinds: AlertKind[], tenantQueries: string[], by: string): Promise<SubscribeOutcome>;
  unsubscribe(c: ConversationId, by: string): Promise<void>;
  /** The conversation's subscription, or the installer's default (everything) when it has none. */
  settings(c: ConversationId): Promise<{ subscription?: SubscriptionDoc; isDefault: boolean }>;
  inboxCard(opts: { kinds: AlertKind[]; tenantQueries: string[]; page: number; history: boolean }): Promise<AdaptiveCardJson>;
  expiringCard(days: number, page: number): Promise<AdaptiveCardJson | undefined>;
  /** The group's card as conversation `c` sees it (its filtered subset); undefined when the group is unknown. */
  groupCard(groupId: string, page: number, c: ConversationId | undefined): Promise<AdaptiveCardJson | undefined>;
  acknowledge(groupId: string, by: string): Promise<AlertGroupDoc | undefined>;
  snooze(groupId: string, days: number, reason: string | undefined, by: string): Promise<AlertGroupDoc | undefined>;
  setDigest(c: ConversationId, digest: DigestSettings | undefined, by: string): Promise<SubscriptionDoc>;
  /** The alert card of a group for a conversation's subset (detection's renderer). */
  renderGroup(group: AlertGroupDoc, alerts: readonly DetectedAlert[], page?: number): AdaptiveCardJson;
}

export interface AlertsServiceDeps {
  repo: AlertsRepo;
  detection?: AlertDetection;
  clock: Clock;
  /** The customers of the latest check (names, domains, ids), to resolve `alerts here <tenants>`. */
  customers: () => Promise<TenantRef[]>;
  /** Installer's personal chat (default subscription), or undefined. */
  installerKey: () => Promise<string | undefined>;
}

const DAY_MS = 86_400_000;
export const MAX_SNOOZE_DAYS = 30;

export function createAlertsService(deps: AlertsServiceDeps): AlertsService {
  const now = () => deps.clock.now();
  const renderGroup = (group: AlertGroupDoc, alerts: readonly DetectedAlert[], page = 0): AdaptiveCardJson => alertCard(buildAlertView(group, alerts, { page, now: now() }));

  const subscriptionOf = async (c: ConversationId): Promise<SubscriptionDoc | undefined> => deps.repo.readSubscription(c.conversationKey);
  const filtersOf = async (c: ConversationId | undefined): Promise<AlertFilter[]> => {
    if (!c) return [EVERYTHING];
    const s = await subscriptionOf(c);
    if (s && !s.off && s.filters.length > 0) return s.filters;
    return [EVERYTHING];
  };

  const save = async (c: ConversationId, fn: (s: SubscriptionDoc) => SubscriptionDoc, by: string): Promise<SubscriptionDoc> => {
    const current = (await subscriptionOf(c)) ?? { conversationKey: c.conversationKey, conversationType: c.conversationType, off: false, filters: [], updatedAt: now().toISOString() };
    const next = { ...fn(current), updatedAt: now().toISOString(), updatedBy: by.slice(0, 256) };
    await deps.repo.saveSubscription(next);
    return next;
  };

  const resolveTenants = async (queries: readonly string[]): Promise<{ ok: true; ids: string[]; names: string[] } | Extract<SubscribeOutcome, { ok: false }>> => {
    if (queries.length === 0) return { ok: true, ids: [], names: [] };
    const customers = await deps.customers();
    const ids: string[] = [];
    const names: string[] = [];
    for (const q of queries) {
      const m = matchTenant(q, customers);
      if (m.kind === "one") {
        ids.push(m.match.tenantId.toLowerCase());
        names.push(m.match.displayName);
      } else if (m.kind === "several") return { ok: false, problem: "ambiguousTenant", query: q, candidates: m.candidates.slice(0, 5).map((x) => x.displayName) };
      else return { ok: false, problem: "unknownTenant", query: q, candidates: m.closest.slice(0, 3).map((x) => x.displayName) };
    }
    return { ok: true, ids: [...new Set(ids)], names };
  };

  const inboxItems = async (history: boolean): Promise<InboxItem[]> => {
    const series = await deps.repo.listSeries();
    if (!history) {
      return series
        .filter((s) => s.status === "open")
        .map((s) => ({ alert: s.alert, status: s.status, at: s.lastSentAt ?? s.openedAt, ...(s.ack ? { ack: s.ack } : {}), ...(s.snooze ? { snooze: s.snooze } : {}) }))
        .sort((a, b) => (a.alert.daysLeft ?? Infinity) - (b.alert.daysLeft ?? Infinity) || b.at.localeCompare(a.at));
    }
    const groups = await deps.repo.recentGroups(50);
    return groups.flatMap((g) =>
      g.alerts.map((alert) => ({ alert, status: "open" as const, at: g.createdAt, ...(g.ack ? { ack: g.ack } : {}), ...(g.snooze ? { snooze: g.snooze } : {}) })),
    );
  };

  return {
    renderGroup,
    async subscribe(c, kinds, tenantQueries, by) {
      const resolved = await resolveTenants(tenantQueries);
      if (!resolved.ok) return resolved;
      const filter: AlertFilter = { kinds: [...new Set(kinds)].sort(), tenants: [...resolved.ids].sort() };
      await save(
        c,
        (s) => {
          const isAll = filter.kinds.length === 0 && filter.tenants.length === 0;
          const existing = s.off ? [] : s.filters;
          const same = existing.some((f) => JSON.stringify(f) === JSON.stringify(filter));
          return { ...s, off: false, filters: isAll ? [EVERYTHING] : same ? existing : [...existing, filter].slice(-50) };
        },
        by,
      );
      if (deps.detection) await deps.detection.detect("subscribe", { replayTo: c.conversationKey });
      return { ok: true, filter, tenantNames: resolved.names };
    },
    async unsubscribe(c, by) {
      await save(c, (s) => ({ ...s, off: true, filters: [] }), by);
    },
    async settings(c) {
      const subscription = await subscriptionOf(c);
      const isDefault = !hasOwnAlerts(subscription) && (await deps.installerKey()) === c.conversationKey;
      return { ...(subscription ? { subscription } : {}), isDefault };
    },
    async inboxCard(opts) {
      const resolved = await resolveTenants(opts.tenantQueries);
      const filter: AlertFilter = { kinds: opts.kinds, tenants: resolved.ok ? resolved.ids : [] };
      const items = (await inboxItems(opts.history)).filter((i) => matches(filter, i.alert));
      return alertListCard(
        buildListView(items, {
          page: opts.page,
          now: now(),
          title: opts.history ? "Recent alerts" : "Open alerts",
          emptyText: opts.history ? "No alert was raised yet." : "No open alerts: everything detected so far is resolved.",
          pageData: (page) => actionPayload("alerts.inbox", { page, history: opts.history }),
        }),
      );
    },
    async expiringCard(days, page) {
      const facts = await deps.repo.readFacts();
      if (!facts) return undefined;
      return alertListCard(buildExpiringView(expiringItems(facts, now(), days), { days, page, now: now(), checkedAt: facts.takenAt }));
    },
    async groupCard(groupId, page, c) {
      const group = await deps.repo.readGroup(groupId);
      if (!group) return undefined;
      const filters = await filtersOf(c);
      const subset = group.alerts.filter((a) => filters.some((f) => matches(f, a)));
      return renderGroup(group, subset.length > 0 ? subset : group.alerts, page);
    },
    async acknowledge(groupId, by) {
      const at = now().toISOString();
      const g = await deps.repo.updateGroup(groupId, (x) => (x.ack ? x : { ...x, ack: { by: by.slice(0, 256), at } }));
      if (g) await deps.repo.updateSeries(g.series, (s) => (s.ack ? s : { ...s, ack: g.ack ?? { by, at } }));
      return g;
    },
    async snooze(groupId, days, reason, by) {
      const d = Math.min(Math.max(1, Math.floor(days)), MAX_SNOOZE_DAYS);
      const snooze = { until: new Date(now().getTime() + d * DAY_MS).toISOString(), by: by.slice(0, 256), ...(reason ? { reason: reason.slice(0, 300) } : {}) };
      // A snooze asks to be reminded: it replaces an acknowledge (which would keep the alert quiet for good).
      const g = await deps.repo.updateGroup(groupId, ({ ack: _ack, ...x }) => ({ ...x, snooze }));
      if (g) await deps.repo.updateSeries(g.series, ({ ack: _ack, ...s }) => ({ ...s, snooze }));
      return g;
    },
    async setDigest(c, digest, by) {
      return save(c, (s) => {
        const { digest: _old, ...rest } = s;
        return digest ? { ...rest, digest } : rest;
      }, by);
    },
  };
}
