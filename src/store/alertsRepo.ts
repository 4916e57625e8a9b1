/**
 * Alert state in the `alerts` container (partition `/tenantId`), every document `{ id, tenantId, type, data }` with
 * `data` validated by zod both ways:
 * - series (kind + subject: the last threshold sent, acknowledge, snooze), id `series.<kind>|<subject>`, in the
 *   customer's partition (partner-side alerts in `_partner`); open ones are listed by one query on `type`;
 * - groups (one card: the alerts of one kind and threshold sent together in a pass, with its acknowledge / snooze),
 *   in the reserved partition `_groups`, point-read by the card's verbs and listed by `alerts history`;
 * - the facts the time-based detectors judge (saved by each check), id `facts` in `_facts`;
 * - subscriptions (one per conversation: filters, off, digest) in `_subscriptions`, so detection and digests read
 *   them with one single-partition query.
 */
import type { Container } from "@azure/cosmos";
import { z } from "zod/v4";
import { ALERT_KINDS, type AlertFacts } from "../alerts/types";
import type { SeriesState } from "../alerts/plan";
import type { Subscription } from "../alerts/route";
import { cosmosStatus } from "./cosmos";
import { DocConflictError } from "./versionedDoc";

export const PARTNER_ALERTS_PARTITION = "_partner";
export const GROUPS_PARTITION = "_groups";
export const FACTS_PARTITION = "_facts";
export const SUBSCRIPTIONS_PARTITION = "_subscriptions";

const kind = z.enum(ALERT_KINDS);
export const detectedAlertSchema = z.object({
  kind,
  subject: z.string().max(400),
  threshold: z.string().max(100),
  rank: z.number(),
  severity: z.enum(["error", "warning", "info"]),
  tenant: z.object({ tenantId: z.string(), displayName: z.string() }).optional(),
  label: z.string(),
  message: z.string(),
  endsAt: z.string().optional(),
  daysLeft: z.number().optional(),
  fix: z.object({ text: z.string(), url: z.string() }),
});

const ack = z.object({ by: z.string().max(256), at: z.string() });
const snooze = z.object({ until: z.string(), by: z.string().max(256), reason: z.string().max(500).optional() });

export const seriesSchema = z.object({
  id: z.string(),
  kind,
  subject: z.string(),
  threshold: z.string(),
  rank: z.number(),
  status: z.enum(["open", "closed"]),
  openedAt: z.string(),
  lastSentAt: z.string().optional(),
  closedAt: z.string().optional(),
  ack: ack.optional(),
  snooze: snooze.optional(),
  groupId: z.string().optional(),
  alert: detectedAlertSchema,
});

export const groupDocSchema = z.object({
  id: z.string(),
  kind,
  threshold: z.string(),
  createdAt: z.string(),
  alerts: z.array(detectedAlertSchema),
  /** The series of its alerts (id and partition), so acknowledge / snooze reach them. */
  series: z.array(z.object({ id: z.string(), tenantId: z.string() })),
  ack: ack.optional(),
  snooze: snooze.optional(),
});
export type AlertGroupDoc = z.infer<typeof groupDocSchema>;

export const digestSchema = z.object({
  cadence: z.enum(["daily", "weekly"]),
  /** HH:MM, 24 hours. */
  time: z.string().regex(/^\d{2}:\d{2}$/),
  timeZone: z.string().min(1).max(64),
  /** Nothing new: post nothing (true) or a short "all quiet" line (false). */
  skipQuiet: z.boolean(),
  /** Totals of the last digest posted (the change since it). */
  last: z.object({ at: z.string(), devices: z.number(), apps: z.number(), users: z.number() }).optional(),
});
export type DigestSettings = z.infer<typeof digestSchema>;

export const subscriptionSchema = z.object({
  conversationKey: z.string().min(1).max(128),
  conversationType: z.enum(["personal", "groupChat", "channel"]),
  off: z.boolean(),
  filters: z.array(z.object({ kinds: z.array(kind), tenants: z.array(z.string()) })).max(50),
  digest: digestSchema.optional(),
  updatedAt: z.string(),
  updatedBy: z.string().max(256).optional(),
});
export type SubscriptionDoc = z.infer<typeof subscriptionSchema> & Subscription;

const secretFact = z.object({
  app: z.enum(["lifecycle", "partnerCenter"]),
  appId: z.string(),
  appName: z.string(),
  keyId: z.string(),
  label: z.string(),
  startDateTime: z.string(),
  endDateTime: z.string(),
});
export const factsSchema = z.object({
  takenAt: z.string(),
  partnerTenantId: z.string(),
  secrets: z.array(secretFact),
  gdap: z.array(
    z.object({
      tenantId: z.string(),
      tenantName: z.string(),
      relationshipId: z.string(),
      relationshipName: z.string(),
      endDateTime: z.string(),
      autoExtendOff: z.boolean(),
      globalAdmin: z.boolean(),
    }),
  ),
  access: z.array(
    z.object({
      tenantId: z.string(),
      tenantName: z.string(),
      consent: z.boolean().nullable(),
      lifecycleGroupInGdap: z.boolean().nullable(),
      consentSeen: z.boolean(),
      groupSeen: z.boolean(),
      newlyReachable: z.boolean().optional(),
    }),
  ),
  serviceAccountGlobalAdmin: z.boolean().nullable(),
  serviceAccountUpn: z.string().optional(),
  serviceAccountId: z.string().optional(),
  m365ConnectedSince: z.string().optional(),
}) satisfies z.ZodType<AlertFacts>;

export interface AlertsRepo {
  readFacts(): Promise<AlertFacts | undefined>;
  saveFacts(facts: AlertFacts): Promise<void>;
  /** Every series (open and closed), one query. */
  listSeries(): Promise<SeriesState[]>;
  writeSeries(states: readonly SeriesState[]): Promise<void>;
  /** Creates the group if absent (a pass retried after a crash writes the same group again). */
  writeGroup(group: AlertGroupDoc): Promise<void>;
  readGroup(id: string): Promise<AlertGroupDoc | undefined>;
  /** Re-reads and re-applies `fn` on conflict (two people pressing Acknowledge); undefined when the group is unknown. */
  updateGroup(id: string, fn: (g: AlertGroupDoc) => AlertGroupDoc): Promise<AlertGroupDoc | undefined>;
  /** Applies `fn` to each series of the group (acknowledge / snooze reach the series so detection honours them). */
  updateSeries(refs: readonly { id: string; tenantId: string }[], fn: (s: SeriesState) => SeriesState): Promise<void>;
  /** Newest first. */
  recentGroups(limit: number): Promise<AlertGroupDoc[]>;
  listSubscriptions(): Promise<SubscriptionDoc[]>;
  readSubscription(conversationKey: string): Promise<SubscriptionDoc | undefined>;
  saveSubscription(doc: SubscriptionDoc): Promise<void>;
  /** Deletes series closed before `before` and groups raised before it (TTL does not expire locally): how many. */
  prune(before: string): Promise<number>;
}

export const seriesDocId = (seriesId: string): string => `series.${seriesId}`.replace(/[/\\?#]/g, "_");
export const seriesPartition = (s: Pick<SeriesState, "alert">): string => s.alert.tenant?.tenantId ?? PARTNER_ALERTS_PARTITION;

interface Envelope {
  id: string;
  tenantId: string;
  type: string;
  data: unknown;
  _etag?: string;
}

export function createAlertsRepo(container: Container): AlertsRepo {
  const read = async <T>(id: string, pk: string, schema: z.ZodType<T>): Promise<{ value: T; etag: string } | undefined> => {
    try {
      const { resource } = await container.item(id, pk).read<Envelope>();
      if (!resource) return undefined;
      const r = schema.safeParse(resource.data);
      return r.success ? { value: r.data, etag: resource._etag ?? "" } : undefined;
    } catch (err) {
      if (cosmosStatus(err) === 404) return undefined;
      throw err;
    }
  };
  const query = async <T>(q: string, params: { name: string; value: string }[], schema: z.ZodType<T>, partitionKey?: string): Promise<T[]> => {
    const it = container.items.query<Envelope>({ query: q, parameters: params }, { maxItemCount: 500, ...(partitionKey !== undefined ? { partitionKey } : {}) });
    const out: T[] = [];
    while (it.hasMoreResults()) {
      const { resources } = await it.fetchNext();
      for (const raw of resources ?? []) {
        const r = schema.safeParse(raw.data);
        if (r.success) out.push(r.data);
      }
    }
    return out;
  };
  const upsert = async (id: string, tenantId: string, type: string, data: unknown): Promise<void> => {
    await container.items.upsert({ id, tenantId, type, data });
  };
  const update = async <T extends object>(id: string, pk: string, type: string, schema: z.ZodType<T>, fn: (v: T) => T): Promise<T | undefined> => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const current = await read(id, pk, schema);
      if (!current) return undefined;
      const next = schema.parse(fn(current.value));
      try {
        await container.item(id, pk).replace({ id, tenantId: pk, type, data: next }, { accessCondition: { type: "IfMatch", condition: current.etag } });
        return next;
      } catch (err) {
        const s = cosmosStatus(err);
        if (s !== 412 && s !== 404) throw err;
      }
    }
    throw new DocConflictError(id, 412, 8);
  };

  return {
    readFacts: async () => (await read("facts", FACTS_PARTITION, factsSchema))?.value,
    saveFacts: (facts) => upsert("facts", FACTS_PARTITION, "facts", factsSchema.parse(facts)),
    listSeries: () => query("SELECT * FROM c WHERE c.type = 'series'", [], seriesSchema),
    async writeSeries(states) {
      for (const s of states) await upsert(seriesDocId(s.id), seriesPartition(s), "series", seriesSchema.parse(s));
    },
    async writeGroup(group) {
      try {
        await container.items.create({ id: group.id, tenantId: GROUPS_PARTITION, type: "group", data: groupDocSchema.parse(group) });
      } catch (err) {
        if (cosmosStatus(err) !== 409) throw err;
      }
    },
    readGroup: async (id) => (await read(id, GROUPS_PARTITION, groupDocSchema))?.value,
    updateGroup: (id, fn) => update(id, GROUPS_PARTITION, "group", groupDocSchema, fn),
    async updateSeries(refs, fn) {
      for (const r of refs) await update(r.id, r.tenantId, "series", seriesSchema, fn);
    },
    async recentGroups(limit) {
      const all = await query("SELECT * FROM c WHERE c.tenantId = @p AND c.type = 'group'", [{ name: "@p", value: GROUPS_PARTITION }], groupDocSchema, GROUPS_PARTITION);
      return all.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id)).slice(0, Math.max(1, limit));
    },
    listSubscriptions: () =>
      query("SELECT * FROM c WHERE c.tenantId = @p AND c.type = 'subscription'", [{ name: "@p", value: SUBSCRIPTIONS_PARTITION }], subscriptionSchema, SUBSCRIPTIONS_PARTITION),
    readSubscription: async (key) => (await read(`sub.${key}`, SUBSCRIPTIONS_PARTITION, subscriptionSchema))?.value,
    saveSubscription: (doc) => upsert(`sub.${doc.conversationKey}`, SUBSCRIPTIONS_PARTITION, "subscription", subscriptionSchema.parse(doc)),
    async prune(before) {
      const ref = z.object({ id: z.string(), tenantId: z.string() });
      const refOf = (raw: Envelope) => ref.safeParse(raw);
      const old: { id: string; tenantId: string }[] = [];
      for (const [q, pk] of [
        ["SELECT c.id, c.tenantId FROM c WHERE c.type = 'series' AND c.data.status = 'closed' AND c.data.closedAt < @b", undefined],
        ["SELECT c.id, c.tenantId FROM c WHERE c.tenantId = @p AND c.type = 'group' AND c.data.createdAt < @b", GROUPS_PARTITION],
      ] as const) {
        const params = [{ name: "@b", value: before }, ...(pk ? [{ name: "@p", value: pk }] : [])];
        const it = container.items.query<Envelope>({ query: q, parameters: params }, { maxItemCount: 500, ...(pk ? { partitionKey: pk } : {}) });
        while (it.hasMoreResults()) for (const raw of (await it.fetchNext()).resources ?? []) {
          const r = refOf(raw);
          if (r.success) old.push(r.data);
        }
      }
      for (const d of old) {
        await container
          .item(d.id, d.tenantId)
          .delete()
          .catch((err: unknown) => {
            if (cosmosStatus(err) !== 404) throw err;
          });
      }
      return old.length;
    },
  };
}
