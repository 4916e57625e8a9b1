/**
 * The outbox (container `outbox`): messages to deliver to Teams conversations (alerts, digests), one document each.
 *
 * Partitioning: `/shard`, one of OUTBOX_SHARDS fixed shard partitions chosen by a hash of the conversation key. The
 * dispatcher finds work with one single-partition query per shard (`WHERE c.shard = @s AND c.state IN open`), never
 * a scan of every partition; a conversation's messages share a shard, so they are listed together and in order.
 * A deployment serves one MSP: a few thousand open messages at most, far below a logical partition's limits.
 *
 * Identity: the document id is sha256 of the message's deterministic id (ids hold characters Cosmos refuses), so
 * enqueueing the same message twice is one document (create; 409 = already there).
 *
 * Life of a message: `pending` (due at `dueAt`) → `claimed` by one instance (conditional replace on `_etag`, with
 * `claim.until`) → `sent` (with the activity id), or back to `pending` with a later `dueAt` (retry), or `failed` /
 * `skipped` (conversation inactive). A claim past its `until` is open again: an instance that crashed between claim
 * and send is replaced by the next one, which sends again (at-least-once). Terminal documents stay as history
 * (expire them by query: TTL does not expire anything locally).
 */
import { createHash } from "node:crypto";
import type { Container } from "@azure/cosmos";
import { z } from "zod/v4";
import type { OutgoingMessage } from "../alerts/outboxTypes";
import { cosmosStatus } from "./cosmos";

export const OUTBOX_SHARDS = 8;

export type OutboxState = "pending" | "claimed" | "sent" | "failed" | "skipped";

export interface OutboxDoc {
  id: string;
  shard: string;
  message: OutgoingMessage;
  state: OutboxState;
  /** Epoch ms: not before. */
  dueAt: number;
  /** Send attempts so far. */
  attempts: number;
  claim?: { owner: string; until: number };
  sentAt?: string;
  activityId?: string;
  /** The last refusal, for history ("429", "MessageWritesBlocked"); never a secret. */
  lastError?: string;
  _etag: string;
}

export type Outcome =
  | { state: "sent"; activityId?: string; at: number }
  | { state: "pending"; dueAt: number; error: string }
  | { state: "failed" | "skipped"; error: string };

export interface OutboxRepo {
  /** Creates what is not there yet (idempotent by message id); returns the documents created now. */
  enqueue(messages: readonly OutgoingMessage[]): Promise<OutboxDoc[]>;
  /** Open documents (pending, or claimed) of one shard. */
  listOpen(shard: string): Promise<OutboxDoc[]>;
  /** Claims exactly the version read; undefined when someone else changed it first. */
  claim(doc: OutboxDoc, owner: string, until: number): Promise<OutboxDoc | undefined>;
  /** Records the outcome over exactly our claimed version; undefined when our claim was lost meanwhile. */
  finish(claimed: OutboxDoc, outcome: Outcome): Promise<OutboxDoc | undefined>;
  /** Marks every open message of a conversation skipped (it became inactive); returns how many. */
  skipConversation(conversationKey: string, reason: string): Promise<number>;
  /** Marks one open message skipped, over exactly the version read; false when it changed meanwhile. */
  skip(doc: OutboxDoc, reason: string): Promise<boolean>;
  get(messageId: string, conversationKey: string): Promise<OutboxDoc | undefined>;
}

export function outboxDocId(messageId: string): string {
  return createHash("sha256").update(messageId).digest("hex");
}

export function outboxShard(conversationKey: string): string {
  const n = createHash("sha256").update(conversationKey).digest().readUInt32BE(0) % OUTBOX_SHARDS;
  return `s${n}`;
}

export const ALL_SHARDS: readonly string[] = Array.from({ length: OUTBOX_SHARDS }, (_, i) => `s${i}`);

const MessageSchema = z.object({
  id: z.string().min(1).max(1024),
  conversationKey: z.string().min(1).max(256),
  kind: z.enum(["alert", "digest", "notice"]),
  card: z.looseObject({ type: z.literal("AdaptiveCard"), version: z.string() }),
  newThread: z.boolean().optional(),
  subject: z.string().max(1024).optional(),
  createdAt: z.string().min(1),
});

const DocSchema = z.object({
  id: z.string(),
  shard: z.string(),
  message: MessageSchema,
  state: z.enum(["pending", "claimed", "sent", "failed", "skipped"]),
  dueAt: z.number(),
  attempts: z.number().int().min(0),
  claim: z.object({ owner: z.string(), until: z.number() }).optional(),
  sentAt: z.string().optional(),
  activityId: z.string().optional(),
  lastError: z.string().optional(),
  _etag: z.string(),
});

/** A message the outbox refuses (lists the paths, never the values). */
export class OutboxMessageInvalidError extends Error {
  constructor(readonly paths: string[]) {
    super(`outbox message is not valid at: ${paths.join(", ")}`);
    this.name = "OutboxMessageInvalidError";
  }
}

type Stored = Omit<OutboxDoc, "_etag">;

export function createOutboxRepo(container: Container, opts: { now: () => number }): OutboxRepo {
  const toDoc = (raw: unknown): OutboxDoc | undefined => {
    const r = DocSchema.safeParse(raw);
    return r.success ? r.data : undefined;
  };
  const strip = (doc: OutboxDoc): Stored => {
    const { _etag: _e, ...rest } = doc;
    return rest;
  };
  const replace = async (etag: string, next: Stored): Promise<OutboxDoc | undefined> => {
    try {
      const { resource } = await container.item(next.id, next.shard).replace(next, { accessCondition: { type: "IfMatch", condition: etag } });
      return toDoc(resource);
    } catch (err) {
      const status = cosmosStatus(err);
      if (status === 412 || status === 404) return undefined;
      throw err;
    }
  };
  const query = async (q: string, parameters: { name: string; value: string }[]): Promise<OutboxDoc[]> => {
    const out: OutboxDoc[] = [];
    const it = container.items.query<unknown>({ query: q, parameters }, { maxItemCount: 500 });
    while (it.hasMoreResults()) {
      const page = await it.fetchNext();
      for (const raw of page.resources ?? []) {
        const d = toDoc(raw);
        if (d) out.push(d);
      }
    }
    return out;
  };
  const listOpen = (shard: string): Promise<OutboxDoc[]> =>
    query("SELECT * FROM c WHERE c.shard = @s AND (c.state = 'pending' OR c.state = 'claimed')", [{ name: "@s", value: shard }]);

  return {
    async enqueue(messages) {
      const created: OutboxDoc[] = [];
      for (const m of messages) {
        const r = MessageSchema.safeParse(m);
        if (!r.success) throw new OutboxMessageInvalidError(r.error.issues.map((i) => i.path.map(String).join(".") || "(root)"));
        const doc: Stored = { id: outboxDocId(m.id), shard: outboxShard(m.conversationKey), message: m, state: "pending", dueAt: opts.now(), attempts: 0 };
        try {
          const { resource } = await container.items.create(doc);
          const d = toDoc(resource);
          if (d) created.push(d);
        } catch (err) {
          if (cosmosStatus(err) !== 409) throw err;
        }
      }
      return created;
    },
    listOpen,
    claim: (doc, owner, until) => replace(doc._etag, { ...strip(doc), state: "claimed", claim: { owner, until }, attempts: doc.attempts + 1 }),
    finish(claimed, outcome) {
      const { claim: _c, ...base } = strip(claimed);
      if (outcome.state === "sent") {
        return replace(claimed._etag, { ...base, state: "sent", sentAt: new Date(outcome.at).toISOString(), ...(outcome.activityId !== undefined ? { activityId: outcome.activityId } : {}) });
      }
      if (outcome.state === "pending") return replace(claimed._etag, { ...base, state: "pending", dueAt: outcome.dueAt, lastError: outcome.error });
      return replace(claimed._etag, { ...base, state: outcome.state, lastError: outcome.error });
    },
    async skip(doc, reason) {
      const { claim: _c, ...base } = strip(doc);
      return (await replace(doc._etag, { ...base, state: "skipped", lastError: reason })) !== undefined;
    },
    async skipConversation(conversationKey, reason) {
      const open = (await listOpen(outboxShard(conversationKey))).filter((d) => d.message.conversationKey === conversationKey);
      let n = 0;
      for (const d of open) {
        const { claim: _c, ...base } = strip(d);
        if (await replace(d._etag, { ...base, state: "skipped", lastError: reason })) n++;
      }
      return n;
    },
    async get(messageId, conversationKey) {
      try {
        const { resource } = await container.item(outboxDocId(messageId), outboxShard(conversationKey)).read<Record<string, unknown>>();
        return resource === undefined ? undefined : toDoc(resource);
      } catch (err) {
        if (cosmosStatus(err) === 404) return undefined;
        throw err;
      }
    },
  };
}
