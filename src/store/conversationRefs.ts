/**
 * Repository of conversation references (container `conversations`), so later features can message proactively.
 * Plain types only: src/bot converts botbuilder's ConversationReference to and from StoredConversationRef.
 */
import { createHash } from "node:crypto";
import type { Container } from "@azure/cosmos";
import { cosmosStatus } from "./cosmos";

export interface StoredChannelAccount {
  id: string;
  name?: string;
  aadObjectId?: string;
  role?: string;
}

export interface StoredConversationAccount {
  id: string;
  name?: string;
  isGroup?: boolean;
  conversationType?: string;
  tenantId?: string;
  aadObjectId?: string;
  role?: string;
}

/** The fields of a Bot Framework ConversationReference. */
export interface StoredConversationRef {
  channelId: string;
  serviceUrl: string;
  conversation: StoredConversationAccount;
  bot: StoredChannelAccount;
  user?: StoredChannelAccount;
  activityId?: string;
  locale?: string;
}

export interface ConversationRefDoc {
  id: string;
  ref: StoredConversationRef;
  /** ISO time of the install that created the document. */
  installedAt: string;
  /** ISO time of the last write. */
  updatedAt: string;
  /**
   * Set when Teams refused a proactive message for good (403 MessageWritesBlocked, 404: the bot was removed or
   * blocked): nothing more is sent there. A new install (upsert) clears it.
   */
  inactive?: { at: string; reason: string };
}

export interface Page<T> {
  items: T[];
  /** Pass back to get the next page; undefined on the last page. */
  continuationToken?: string;
}

export interface ConversationRefRepository {
  /** Creates or replaces the reference. `created` is true when none was stored before (a new install). */
  upsert(ref: StoredConversationRef): Promise<{ created: boolean }>;
  /** Removes the reference; true if one was stored. */
  remove(channelId: string, conversationId: string): Promise<boolean>;
  get(channelId: string, conversationId: string): Promise<StoredConversationRef | undefined>;
  list(opts?: { pageSize?: number; continuationToken?: string }): Promise<Page<StoredConversationRef>>;
}

/** What proactive delivery needs besides (src/alerts/dispatch): lookup by key and the inactive mark. */
export interface ConversationDeliveryRefs {
  /** By document id (conversationDocId), with its inactive mark. */
  getByKey(key: string): Promise<{ ref: StoredConversationRef; inactive?: { at: string; reason: string } } | undefined>;
  /** Marks the conversation inactive (no more proactive sends); false when there is no such conversation. */
  markInactive(key: string, reason: string): Promise<boolean>;
  /** Several at once (one query per 100 keys); keys not stored are absent from the map. */
  getByKeys?(keys: readonly string[]): Promise<Map<string, { ref: StoredConversationRef; inactive?: { at: string; reason: string } }>>;
}

/** Document id: conversation ids contain characters Cosmos ids refuse and can be long, so hash them. */
export function conversationDocId(channelId: string, conversationId: string): string {
  return createHash("sha256").update(`${channelId}\n${conversationId}`).digest("hex");
}

export function createConversationRefRepository(container: Container, now: () => Date = () => new Date()): ConversationRefRepository & ConversationDeliveryRefs {
  return {
    async upsert(ref) {
      const id = conversationDocId(ref.channelId, ref.conversation.id);
      const time = now().toISOString();
      const doc: ConversationRefDoc = { id, ref, installedAt: time, updatedAt: time };
      try {
        await container.items.create(doc);
        return { created: true };
      } catch (err) {
        if (cosmosStatus(err) !== 409) throw err;
      }
      // Already there: keep installedAt, refresh the reference (serviceUrl can change).
      const { resource: existing } = await container.item(id, id).read<ConversationRefDoc>();
      await container.items.upsert<ConversationRefDoc>({ ...doc, installedAt: existing?.installedAt ?? time });
      return { created: false };
    },

    async remove(channelId, conversationId) {
      const id = conversationDocId(channelId, conversationId);
      try {
        await container.item(id, id).delete();
        return true;
      } catch (err) {
        if (cosmosStatus(err) === 404) return false;
        throw err;
      }
    },

    async get(channelId, conversationId) {
      const id = conversationDocId(channelId, conversationId);
      try {
        const { resource } = await container.item(id, id).read<ConversationRefDoc>();
        return resource?.ref;
      } catch (err) {
        if (cosmosStatus(err) === 404) return undefined;
        throw err;
      }
    },

    async getByKey(key) {
      try {
        const { resource } = await container.item(key, key).read<ConversationRefDoc>();
        if (!resource) return undefined;
        return resource.inactive ? { ref: resource.ref, inactive: resource.inactive } : { ref: resource.ref };
      } catch (err) {
        if (cosmosStatus(err) === 404) return undefined;
        throw err;
      }
    },

    async getByKeys(keys) {
      const out = new Map<string, { ref: StoredConversationRef; inactive?: { at: string; reason: string } }>();
      for (let i = 0; i < keys.length; i += 100) {
        const it = container.items.query<ConversationRefDoc>(
          { query: "SELECT * FROM c WHERE ARRAY_CONTAINS(@keys, c.id)", parameters: [{ name: "@keys", value: keys.slice(i, i + 100) }] },
          { maxItemCount: 100 },
        );
        while (it.hasMoreResults()) {
          const page = await it.fetchNext();
          for (const d of page.resources ?? []) out.set(d.id, d.inactive ? { ref: d.ref, inactive: d.inactive } : { ref: d.ref });
        }
      }
      return out;
    },

    async markInactive(key, reason) {
      const time = now().toISOString();
      for (let attempt = 0; attempt < 5; attempt++) {
        let doc: (ConversationRefDoc & { _etag?: string }) | undefined;
        try {
          doc = (await container.item(key, key).read<ConversationRefDoc & { _etag?: string }>()).resource;
        } catch (err) {
          if (cosmosStatus(err) === 404) return false;
          throw err;
        }
        if (!doc) return false;
        const { _etag: etag, ...rest } = doc;
        try {
          await container.item(key, key).replace<ConversationRefDoc>(
            { ...rest, inactive: { at: time, reason }, updatedAt: time },
            etag ? { accessCondition: { type: "IfMatch", condition: etag } } : {},
          );
          return true;
        } catch (err) {
          const status = cosmosStatus(err);
          if (status === 404) return false;
          if (status !== 412) throw err;
        }
      }
      return false;
    },

    async list(opts = {}) {
      const pageSize = Math.min(Math.max(opts.pageSize ?? 100, 1), 1000);
      const iterator = container.items.query<ConversationRefDoc>(
        { query: "SELECT * FROM c ORDER BY c.installedAt ASC" },
        { maxItemCount: pageSize, ...(opts.continuationToken !== undefined ? { continuationToken: opts.continuationToken } : {}) },
      );
      const page = await iterator.fetchNext();
      const items = (page.resources ?? []).map((d) => d.ref);
      return page.continuationToken ? { items, continuationToken: page.continuationToken } : { items };
    },
  };
}
