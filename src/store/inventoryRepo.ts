/**
 * Synced inventory in the `inventory` container, one document per item, partitioned by the customer tenant id:
 * `{ id: "<kind>.<itemId>", tenantId, type: "inventory", kind, itemId, hash, data, runId, syncedAt }`.
 *
 * - a MANIFEST per tenant and kind (`manifest.<kind>.<part>` documents, 5,000 (itemId, hash) pairs each) says what is
 *   stored: `storedHashes` reads it with point reads (no query: queries cost a scan on the emulator and more RUs on
 *   Azure; the heads of a tenant's kinds asked for at once go as one request, pointReads.ts), for the sync's change
 *   detection and mark-and-sweep; `commit` writes it after a resource was read, only when it changed. An empty, incomplete manifest is written in the first batch of a tenant's kind's first items;
 *   an incomplete one (a crash during that first sync) is rebuilt from a query of the documents.
 * - `write` upserts, through the bulk helper (Cosmos 429s resent; `items.bulk` in calls of 100, bulkChunks.ts), only the items whose hash differs from the stored
 *   one: unchanged items are not rewritten.
 * - `remove` deletes items (a 404 counts as done).
 */
import type { Container, JSONObject, OperationInput } from "@azure/cosmos";
import { z } from "zod/v4";
import { contentHash } from "./canonicalJson";
import { executeBulk, type BulkOptions } from "./bulk";
import { BULK_CALL_LIMIT, chunkedBulkExecutor, tryBatch } from "./bulkChunks";
import { pointReaderFor } from "./pointReads";

export type InventoryKind = "organization" | "sku" | "device" | "app" | "user" | "machine";

export interface InventoryWriteItem {
  itemId: string;
  hash: string;
  data: Record<string, unknown>;
}

export interface InventoryDoc {
  id: string;
  tenantId: string;
  type: "inventory";
  kind: InventoryKind;
  itemId: string;
  hash: string;
  data: Record<string, unknown>;
  runId: string;
  syncedAt: string;
}

export const inventoryDocSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  type: z.literal("inventory"),
  kind: z.enum(["organization", "sku", "device", "app", "user", "machine"]),
  itemId: z.string(),
  hash: z.string(),
  data: z.record(z.string(), z.unknown()),
  runId: z.string(),
  syncedAt: z.string(),
});

export class InventoryWriteError extends Error {
  constructor(readonly failedStatuses: number[]) {
    super(`writing inventory failed for ${failedStatuses.length} item(s) (status ${[...new Set(failedStatuses)].join(", ")})`);
    this.name = "InventoryWriteError";
  }
}

export interface WriteOutcome {
  written: number;
  unchanged: number;
}

export interface InventoryRepo {
  /** itemId → hash of what is stored (from the manifest). */
  storedHashes(tenantId: string, kind: InventoryKind): Promise<Map<string, string>>;
  /** Records `stored` as the manifest of what is stored now (written only when it differs). */
  commit(tenantId: string, kind: InventoryKind, stored: ReadonlyMap<string, string>): Promise<void>;
  /** `stored`: the tenant's stored hashes of this kind (from storedHashes); updated with what was written. */
  write(tenantId: string, kind: InventoryKind, items: readonly InventoryWriteItem[], stored: Map<string, string>, meta: { runId: string; at: Date }): Promise<WriteOutcome>;
  remove(tenantId: string, kind: InventoryKind, itemIds: readonly string[]): Promise<number>;
  /**
   * A resource's last page, the removals of its sweep and its manifest together: as ONE transactional batch when
   * they fit (a small tenant's whole resource: one request), else write, remove and commit one after the other.
   */
  finish(tenantId: string, kind: InventoryKind, items: readonly InventoryWriteItem[], removeIds: readonly string[], stored: Map<string, string>, meta: { runId: string; at: Date }): Promise<{ written: number; removed: number }>;
  /**
   * The finishes of `expected` resources of one tenant (each calls `finish` once, or `skip` when it will not: failed
   * or done before), held until all have and then sent as ONE transactional batch when together they fit — a small
   * tenant's whole first sync in one request — else each as `finish` sends it. One that does not fit a batch on its
   * own goes at once.
   */
  finishTogether(tenantId: string, expected: number): FinishGroup;
  /** Streams a tenant's documents of one kind in pages (tenant view, tests). */
  list(tenantId: string, kind: InventoryKind, pageSize?: number): AsyncGenerator<InventoryDoc[]>;
  count(tenantId: string, kind: InventoryKind): Promise<number>;
}

export interface FinishOutcome {
  written: number;
  removed: number;
}

/** See InventoryRepo.finishTogether. */
export interface FinishGroup {
  finish(kind: InventoryKind, items: readonly InventoryWriteItem[], removeIds: readonly string[], stored: Map<string, string>, meta: { runId: string; at: Date }): Promise<FinishOutcome>;
  skip(): void;
}

/** A resource's finish as batch operations, and what to record once they are stored. */
interface FinishBatch {
  ops: OperationInput[];
  stored: () => FinishOutcome;
}

/** Document id of an item: readable when the item id is safe for Cosmos, a hash of it otherwise. */
export function inventoryDocId(kind: InventoryKind, itemId: string): string {
  const safe = /^[A-Za-z0-9._:@-]{1,200}$/.test(itemId);
  return `${kind}.${safe ? itemId : `h-${contentHash(itemId)}`}`;
}

const HashRow = z.object({ itemId: z.string(), hash: z.string() });
const MANIFEST_PART = 5000;
const ManifestDoc = z.object({ id: z.string(), type: z.literal("manifest"), parts: z.number().int().min(0), complete: z.boolean(), entries: z.record(z.string(), z.string()) });
const manifestId = (kind: InventoryKind, part: number): string => `manifest.${kind}.${part}`;
const parseManifest = (doc: unknown): z.infer<typeof ManifestDoc> | undefined => {
  // None stored (a first sync): no parse, whose failure would build an error to throw away.
  if (doc === undefined || doc === null) return undefined;
  const r = ManifestDoc.safeParse(doc);
  return r.success ? r.data : undefined;
};
const ok = (s: number): boolean => s >= 200 && s < 300;

export function createInventoryRepo(container: Container, opts: { bulk?: BulkOptions; chunk?: number } = {}): InventoryRepo {
  /** Through the container's point reader: the heads (part 0) of a tenant's kinds asked for at once go as one request. */
  const reads = pointReaderFor(container);
  const readManifest = async (tenantId: string, kind: InventoryKind, part: number): Promise<z.infer<typeof ManifestDoc> | undefined> => parseManifest(await reads.read(manifestId(kind, part), tenantId));
  /**
   * What storedHashes handed out, by the map it returned: how many manifest parts are stored, whether the stored
   * manifest is complete and equal to the map as loaded, and whether write/remove changed the map since. `commit`
   * then needs no read, and writes nothing when nothing changed (a resync over unchanged data).
   */
  const loaded = new WeakMap<ReadonlyMap<string, string>, { parts: number; clean: boolean; size: number; unmarked?: boolean }>();
  /** What the manifest says is stored (`unmarked`: there is none, not even the empty, incomplete one). */
  const load = async (tenantId: string, kind: InventoryKind): Promise<{ map: Map<string, string>; parts: number; clean: boolean; unmarked?: boolean }> => {
    const head = await readManifest(tenantId, kind, 0);
    if (head === undefined) return { map: new Map(), parts: 0, clean: false, unmarked: true };
    if (!head.complete) return { map: await queryHashes(tenantId, kind), parts: head.parts, clean: false };
    const out = new Map(Object.entries(head.entries));
    for (let part = 1; part < head.parts; part++) {
      const p = await readManifest(tenantId, kind, part);
      if (p === undefined) return { map: await queryHashes(tenantId, kind), parts: head.parts, clean: false };
      for (const [k, v] of Object.entries(p.entries)) out.set(k, v);
    }
    return { map: out, parts: head.parts, clean: true };
  };
  const queryHashes = async (tenantId: string, kind: InventoryKind): Promise<Map<string, string>> => {
    const out = new Map<string, string>();
    const iterator = container.items.query<unknown>(
      { query: "SELECT c.itemId, c.hash FROM c WHERE c.tenantId = @t AND c.kind = @k AND c.type = 'inventory'", parameters: [{ name: "@t", value: tenantId }, { name: "@k", value: kind }] },
      { partitionKey: tenantId, maxItemCount: 1000 },
    );
    while (iterator.hasMoreResults()) {
      const { resources } = await iterator.fetchNext();
      for (const raw of resources ?? []) {
        const r = HashRow.safeParse(raw);
        if (r.success) out.set(r.data.itemId, r.data.hash);
      }
    }
    return out;
  };
  const chunkSize = opts.chunk ?? 1000;
  const bulk: BulkOptions = { executor: chunkedBulkExecutor(container), ...opts.bulk };
  // Items (small documents, one tenant per call) as transactional batches; manifests (large) through bulk.
  const itemBulk: BulkOptions = { executor: chunkedBulkExecutor(container, { batchSinglePartition: true }), ...opts.bulk };
  const run = async (operations: OperationInput[], tolerate404: boolean, options: BulkOptions = bulk): Promise<void> => {
    for (let i = 0; i < operations.length; i += chunkSize) {
      const part = operations.slice(i, i + chunkSize);
      const { statuses } = await executeBulk(container, part, options);
      const failed = statuses.filter((s) => !ok(s) && !(tolerate404 && s === 404));
      if (failed.length > 0) throw new InventoryWriteError(failed);
    }
  };
  /** The upserts of the items whose hash differs from the stored one. */
  const upsertsOf = (tenantId: string, kind: InventoryKind, items: readonly InventoryWriteItem[], stored: ReadonlyMap<string, string>, meta: { runId: string; at: Date }): OperationInput[] => {
    const ops: OperationInput[] = [];
    for (const item of items) {
      if (stored.get(item.itemId) === item.hash) continue;
      const doc: InventoryDoc = {
        id: inventoryDocId(kind, item.itemId),
        tenantId,
        type: "inventory",
        kind,
        itemId: item.itemId,
        hash: item.hash,
        data: item.data,
        runId: meta.runId,
        syncedAt: meta.at.toISOString(),
      };
      // `data` came from Microsoft's JSON (JSON.parse): JSON values only.
      ops.push({ operationType: "Upsert", partitionKey: tenantId, resourceBody: doc as unknown as JSONObject });
    }
    return ops;
  };
  /** The manifest of `stored` in parts (part 0 first), and the deletes of the parts beyond them. */
  const manifestOps = (tenantId: string, kind: InventoryKind, stored: ReadonlyMap<string, string>, oldParts: number): { ops: OperationInput[]; stale: OperationInput[]; parts: number } => {
    const keys = [...stored.keys()].sort();
    const parts = Math.max(1, Math.ceil(keys.length / MANIFEST_PART));
    const ops: OperationInput[] = [];
    for (let part = 0; part < parts; part++) {
      const entries: Record<string, string> = {};
      for (const k of keys.slice(part * MANIFEST_PART, (part + 1) * MANIFEST_PART)) entries[k] = stored.get(k) ?? "";
      ops.push({ operationType: "Upsert", partitionKey: tenantId, resourceBody: { id: manifestId(kind, part), tenantId, type: "manifest", kind, parts, complete: true, entries } });
    }
    const stale: OperationInput[] = [];
    for (let part = parts; part < oldParts; part++) stale.push({ operationType: "Delete", partitionKey: tenantId, id: manifestId(kind, part) });
    return { ops, stale, parts };
  };
  /**
   * What a resource's finish sends: nothing (unchanged, `result`); or its last page, removals and manifest as one
   * batch (`batch`: one part and nothing stale, up to 5,000 items, within the batch's 100 operations), with what to
   * record once it is stored; `steps`: write, remove and commit one after the other (also when the batch is refused —
   * a delete of an item already gone fails it, the steps tolerate that).
   */
  const prepareFinish = (tenantId: string, kind: InventoryKind, items: readonly InventoryWriteItem[], removeIds: readonly string[], stored: Map<string, string>, meta: { runId: string; at: Date }): { result?: FinishOutcome; batch?: FinishBatch; steps: () => Promise<FinishOutcome> } => {
    const steps = async (): Promise<FinishOutcome> => {
      const { written } = await repo.write(tenantId, kind, items, stored, meta);
      const removed = removeIds.length > 0 ? await repo.remove(tenantId, kind, removeIds) : 0;
      for (const id of removeIds) stored.delete(id);
      await repo.commit(tenantId, kind, stored);
      return { written, removed };
    };
    const state = loaded.get(stored);
    if (state === undefined) return { steps };
    const itemOps = upsertsOf(tenantId, kind, items, stored, meta);
    const removals = removeIds.map((itemId): OperationInput => ({ operationType: "Delete", partitionKey: tenantId, id: inventoryDocId(kind, itemId) }));
    if (itemOps.length + removals.length + 1 > BULK_CALL_LIMIT) return { steps };
    const after = new Map(stored);
    for (const item of items) after.set(item.itemId, item.hash);
    for (const id of removeIds) after.delete(id);
    if (itemOps.length === 0 && removals.length === 0 && state.clean && state.size === stored.size) return { result: { written: 0, removed: 0 }, steps };
    const manifest = manifestOps(tenantId, kind, after, state.parts);
    if (manifest.ops.length !== 1 || manifest.stale.length !== 0) return { steps };
    return {
      steps,
      batch: {
        ops: [...itemOps, ...removals, ...manifest.ops],
        stored: () => {
          for (const [k, v] of after) stored.set(k, v);
          for (const id of removeIds) stored.delete(id);
          loaded.set(stored, { parts: 1, clean: true, size: stored.size });
          return { written: itemOps.length, removed: removals.length };
        },
      },
    };
  };
  /** A finish's own batch, or its steps when the batch is refused. */
  const sendAlone = async (batch: FinishBatch, steps: () => Promise<FinishOutcome>): Promise<FinishOutcome> => ((await tryBatch(container, batch.ops)) !== undefined ? batch.stored() : steps());
  const repo: InventoryRepo = {
    async storedHashes(tenantId, kind) {
      const { map, parts, clean, unmarked } = await load(tenantId, kind);
      loaded.set(map, { parts, clean, size: map.size, ...(unmarked ? { unmarked } : {}) });
      return map;
    },
    async commit(tenantId, kind, stored) {
      let state = loaded.get(stored);
      if (state === undefined) {
        // A map this repository did not hand out: compare with what is stored.
        const before = await load(tenantId, kind);
        const same = before.clean && before.map.size === stored.size && [...stored].every(([k, v]) => before.map.get(k) === v);
        state = { parts: before.parts, clean: same, size: stored.size };
      }
      // Unchanged: nothing written since it was loaded (writes mark it) and nothing removed from it (the size).
      if (state.clean && state.size === stored.size) return;
      const { ops, stale, parts } = manifestOps(tenantId, kind, stored, state.parts);
      // Parts beyond the new count first go, then the new parts (part 0, which says how many, last).
      if (ops.length > 1 || stale.length > 0) await run([...ops.slice(1), ...stale], true);
      await run(ops.slice(0, 1), false);
      loaded.set(stored, { parts, clean: true, size: stored.size });
    },
    async finish(tenantId, kind, items, removeIds, stored, meta) {
      const f = prepareFinish(tenantId, kind, items, removeIds, stored, meta);
      if (f.result) return f.result;
      return f.batch ? sendAlone(f.batch, f.steps) : f.steps();
    },
    finishTogether(tenantId, expected) {
      let settled = 0;
      const waiting: Array<{ batch: FinishBatch; steps: () => Promise<FinishOutcome>; resolve: (r: Promise<FinishOutcome> | FinishOutcome) => void }> = [];
      const flush = async (): Promise<void> => {
        const all = waiting.flatMap((w) => w.batch.ops);
        if (waiting.length > 1 && all.length <= BULK_CALL_LIMIT && (await tryBatch(container, all)) !== undefined) {
          for (const w of waiting) w.resolve(w.batch.stored());
          return;
        }
        // Together they do not fit, or the batch was refused: each as `finish` sends it.
        for (const w of waiting) w.resolve(sendAlone(w.batch, w.steps));
      };
      const settle = (): void => {
        settled++;
        if (settled === expected) void flush();
      };
      return {
        finish(kind, items, removeIds, stored, meta) {
          const f = prepareFinish(tenantId, kind, items, removeIds, stored, meta);
          if (f.result || !f.batch) {
            settle();
            return f.result ? Promise.resolve(f.result) : f.steps();
          }
          const batch = f.batch;
          return new Promise<FinishOutcome>((resolve) => {
            waiting.push({ batch, steps: f.steps, resolve });
            settle();
          });
        },
        skip: settle,
      };
    },
    async write(tenantId, kind, items, stored, meta) {
      const ops = upsertsOf(tenantId, kind, items, stored, meta);
      const unchanged = items.length - ops.length;
      const state = loaded.get(stored);
      const written = ops.length;
      if (state?.unmarked === true && ops.length > 0) {
        // The first items of this kind: the empty, incomplete manifest goes in the same (atomic) batch as the first
        // of them, and that batch before the others, so no item is ever stored without a manifest that says "rebuild
        // me from the documents" after a crash (and no request of its own is spent on it).
        const marker: OperationInput = { operationType: "Upsert", partitionKey: tenantId, resourceBody: { id: manifestId(kind, 0), tenantId, type: "manifest", kind, parts: 1, complete: false, entries: {} } };
        await run([marker, ...ops.slice(0, BULK_CALL_LIMIT - 1)], false, itemBulk);
        await run(ops.slice(BULK_CALL_LIMIT - 1), false, itemBulk);
      } else {
        await run(ops, false, itemBulk);
      }
      for (const item of items) stored.set(item.itemId, item.hash);
      if (state && ops.length > 0) {
        state.clean = false;
        if (state.unmarked === true) {
          delete state.unmarked;
          state.parts = Math.max(state.parts, 1);
        }
      }
      return { written, unchanged };
    },
    async remove(tenantId, kind, itemIds) {
      const ops = itemIds.map((itemId): OperationInput => ({ operationType: "Delete", partitionKey: tenantId, id: inventoryDocId(kind, itemId) }));
      await run(ops, true);
      return ops.length;
    },
    async *list(tenantId, kind, pageSize = 1000) {
      const iterator = container.items.query<unknown>(
        { query: "SELECT * FROM c WHERE c.tenantId = @t AND c.kind = @k AND c.type = 'inventory'", parameters: [{ name: "@t", value: tenantId }, { name: "@k", value: kind }] },
        { partitionKey: tenantId, maxItemCount: pageSize },
      );
      while (iterator.hasMoreResults()) {
        const { resources } = await iterator.fetchNext();
        const page: InventoryDoc[] = [];
        for (const raw of resources ?? []) {
          const r = inventoryDocSchema.safeParse(raw);
          if (r.success) page.push(r.data);
        }
        if (page.length > 0) yield page;
      }
    },
    async count(tenantId, kind) {
      return (await load(tenantId, kind)).map.size;
    },
  };
  return repo;
}
