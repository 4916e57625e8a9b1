/**
 * The detection job: reads the facts saved by the latest check, the latest finished sync run, the stored alert
 * series and the subscriptions; runs the pure detectors and planner; writes the groups, enqueues one message per
 * conversation and group in the outbox, then writes the series' new state.
 *
 * Order and crashes: the group documents and the outbox messages are written before the series state. A crash in
 * between re-plans the same alerts with the same previous send times, so the same group ids and message ids come
 * out, and the outbox (idempotent by id) keeps one message each: at-least-once, never a duplicate card.
 *
 * Passes are serialized in a process and, across instances, run under the lease `alerts.detect` (a pass that cannot
 * get it is skipped: the holder is detecting the same state).
 */
import { randomUUID } from "node:crypto";
import type { AdaptiveCardJson } from "../cards/render";
import type { Clock } from "../clock";
import type { PartnerSnapshot } from "../domain/snapshot";
import type { Logger } from "../log/logger";
import type { AlertGroupDoc, AlertsRepo, SubscriptionDoc } from "../store/alertsRepo";
import { seriesDocId } from "../store/alertsRepo";
import type { LeaseRepo } from "../store/leases";
import { detectAccess } from "./detectAccess";
import { detectGdap } from "./detectGdap";
import { detectSecrets } from "./detectSecrets";
import { detectServiceAccount } from "./detectServiceAccount";
import { detectSync, type SyncTenantOutcome } from "./detectSync";
import { factsFromSnapshot } from "./facts";
import type { OutgoingMessage, Outbox } from "./outboxTypes";
import { groupAlerts, planAlerts, type AlertGroup, type SeriesState } from "./plan";
import { routeGroups, type Delivery, type Subscription } from "./route";
import { seriesKey, type AlertKind, type DetectedAlert } from "./types";

export interface ConversationInfo {
  conversationKey: string;
  conversationType: Subscription["conversationType"];
}

export interface DetectionDeps {
  repo: AlertsRepo;
  outbox: Outbox;
  /** Conversations the bot is installed in, oldest install first (the first personal one is the installer's chat). */
  conversations: () => Promise<ConversationInfo[]>;
  /** The latest finished sync run's tenants (undefined: none yet). */
  latestSync: () => Promise<{ finishedAt?: string; tenants: SyncTenantOutcome[] } | undefined>;
  /** Tenant ids (lower case) the sync has synced at least once. */
  syncedTenants: () => Promise<ReadonlySet<string>>;
  /** The lifecycle app's id (for the consent link of access.lost). */
  lifecycleAppId: () => Promise<string | undefined>;
  /** The card one conversation gets for a group (its own subset of the group's alerts). */
  card: (group: AlertGroupDoc, alerts: readonly DetectedAlert[]) => AdaptiveCardJson;
  clock: Clock;
  logger: Logger;
  leases?: LeaseRepo;
  instanceId?: string;
}

export interface DetectionOutcome {
  skipped: boolean;
  sent: number;
  groups: number;
  messages: number;
}

export interface AlertDetection {
  /** One pass. `replayTo`: also send this conversation every open alert it has not been sent (it just subscribed). */
  detect(reason: string, opts?: { replayTo?: string }): Promise<DetectionOutcome>;
  /** After a full check: saves the facts the time-based detectors judge, then detects. */
  afterCheck(snapshot: PartnerSnapshot): Promise<DetectionOutcome>;
}

export const DETECTION_LEASE_ID = "alerts.detect";
/** Closed series and groups older than this are deleted by the scheduled passes (acknowledge buttons then say so). */
export const KEEP_DAYS = 90;
const LEASE_TTL_MS = 120_000;

const FACT_KINDS: AlertKind[] = ["secret.expiring", "secret.longLifetime", "gdap.ending", "access.lost", "tenant.new", "serviceAccount.globalAdmin"];

const snoozedAt = (s: { snooze?: { until: string } }, now: Date): boolean => s.snooze !== undefined && Date.parse(s.snooze.until) > now.getTime();

export function createAlertDetection(deps: DetectionDeps): AlertDetection {
  const log = deps.logger.child({ component: "alerts" });
  const owner = deps.instanceId ?? `alerts-${randomUUID().slice(0, 8)}`;
  let chain: Promise<unknown> = Promise.resolve();

  const installerAndSubs = async (): Promise<{ subs: SubscriptionDoc[]; installer: Subscription | undefined }> => {
    const [subs, convs] = await Promise.all([deps.repo.listSubscriptions(), deps.conversations()]);
    const installed = new Set(convs.map((c) => c.conversationKey));
    const first = convs.find((c) => c.conversationType === "personal");
    return {
      // A conversation the bot was removed from gets nothing.
      subs: subs.filter((s) => installed.has(s.conversationKey)),
      installer: first ? { conversationKey: first.conversationKey, conversationType: "personal", off: false, filters: [] } : undefined,
    };
  };

  const messagesFor = (deliveries: readonly Delivery[], docs: ReadonlyMap<string, AlertGroupDoc>, nowIso: string): OutgoingMessage[] =>
    deliveries.map((d) => {
      const doc = docs.get(d.group.id) as AlertGroupDoc;
      return {
        id: `alert:${d.group.id}:${d.conversationKey}`,
        conversationKey: d.conversationKey,
        kind: "alert",
        card: deps.card(doc, d.alerts),
        newThread: d.newThread,
        subject: d.group.id,
        createdAt: nowIso,
      };
    });

  const pass = async (reason: string, replayTo: string | undefined): Promise<DetectionOutcome> => {
    const now = deps.clock.now();
    const nowIso = now.toISOString();
    const [facts, run, states, synced, appId] = await Promise.all([
      deps.repo.readFacts(),
      deps.latestSync(),
      deps.repo.listSeries(),
      deps.syncedTenants(),
      deps.lifecycleAppId(),
    ]);
    const detected: DetectedAlert[] = [];
    const evaluated = new Set<AlertKind>();
    if (facts) {
      detected.push(...detectSecrets(facts, now), ...detectGdap(facts, now), ...detectAccess(facts, appId, synced), ...detectServiceAccount(facts, now));
      FACT_KINDS.forEach((k) => evaluated.add(k));
    }
    const sync = detectSync(run, appId);
    if (run?.finishedAt !== undefined) evaluated.add("sync.failed");
    detected.push(...sync.failures);

    const plan = planAlerts({ detected, evaluated, states, healthySync: sync.healthy, now });
    const groups = groupAlerts(plan.send);
    const { subs, installer } = await installerAndSubs();
    const deliveries = routeGroups(groups, subs, installer);

    const seriesRef = (a: DetectedAlert) => ({ id: seriesDocId(seriesKey(a)), tenantId: a.tenant?.tenantId ?? "_partner" });
    const docs = new Map<string, AlertGroupDoc>();
    for (const g of groups) {
      const doc: AlertGroupDoc = { id: g.id, kind: g.kind, threshold: g.threshold, createdAt: nowIso, alerts: g.alerts, series: g.alerts.filter((a) => a.kind !== "sync.recovered").map(seriesRef) };
      await deps.repo.writeGroup(doc);
      docs.set(g.id, (await deps.repo.readGroup(g.id)) ?? doc);
    }
    const messages = messagesFor(deliveries, docs, nowIso);

    // Replay for a conversation that just subscribed: the open alerts (not acknowledged, not snoozed) sent before.
    if (replayTo !== undefined) {
      const sentNow = new Set(plan.send.map((s) => seriesKey(s.alert)));
      const open = states.filter((s) => s.status === "open" && !sentNow.has(s.id) && s.groupId !== undefined && !s.ack && !snoozedAt(s, now));
      const byGroup = new Map<string, SeriesState[]>();
      for (const s of open) byGroup.set(s.groupId as string, [...(byGroup.get(s.groupId as string) ?? []), s]);
      const replayGroups: AlertGroup[] = [];
      for (const [id, list] of byGroup) {
        const doc = await deps.repo.readGroup(id);
        if (!doc) continue;
        docs.set(id, doc);
        replayGroups.push({ id, kind: doc.kind, threshold: doc.threshold, alerts: list.map((s) => s.alert) });
      }
      const target = subs.filter((s) => s.conversationKey === replayTo);
      const replayInstaller = installer?.conversationKey === replayTo ? installer : undefined;
      messages.push(...messagesFor(routeGroups(replayGroups, target, replayInstaller), docs, nowIso));
    }

    if (messages.length > 0) await deps.outbox.enqueue(messages);
    const groupOf = new Map<string, string>();
    for (const g of groups) for (const a of g.alerts) groupOf.set(seriesKey(a), g.id);
    await deps.repo.writeSeries(plan.states.map((s) => (groupOf.has(s.id) && s.status === "open" ? { ...s, groupId: groupOf.get(s.id) } : s)));
    if (reason === "schedule") {
      const pruned = await deps.repo.prune(new Date(now.getTime() - KEEP_DAYS * 86_400_000).toISOString());
      if (pruned > 0) log.info("old alerts deleted", { pruned });
    }
    const outcome = { skipped: false, sent: plan.send.length, groups: groups.length, messages: messages.length };
    log.info("alert detection done", { reason, ...outcome, series: plan.states.length });
    return outcome;
  };

  const locked = async (reason: string, replayTo: string | undefined): Promise<DetectionOutcome> => {
    if (!deps.leases) return pass(reason, replayTo);
    const lease = await deps.leases.claim(DETECTION_LEASE_ID, owner, LEASE_TTL_MS);
    if (!lease) {
      log.info("alert detection skipped: another instance holds the lease", { reason });
      return { skipped: true, sent: 0, groups: 0, messages: 0 };
    }
    try {
      return await pass(reason, replayTo);
    } finally {
      await deps.leases.release(lease).catch((err: unknown) => log.warn("alert detection lease release failed", { error: err }));
    }
  };

  const detect = (reason: string, opts: { replayTo?: string } = {}): Promise<DetectionOutcome> => {
    const next = chain.then(() => locked(reason, opts.replayTo));
    chain = next.catch(() => undefined);
    return next;
  };

  return {
    detect,
    async afterCheck(snapshot) {
      const previous = await deps.repo.readFacts();
      await deps.repo.saveFacts(factsFromSnapshot(snapshot, previous));
      return detect("check");
    },
  };
}

