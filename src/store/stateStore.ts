/**
 * Conversation/user state on the `botstate` container, shaped like botbuilder's `Storage`
 * (read/write/delete of string keys with optional `eTag`), without importing botbuilder.
 *
 * Concurrency: a write carrying an eTag is a conditional replace. When it hits 412 (another instance saved first),
 * the store re-reads the document, three-way merges (see stateMerge.ts) and retries, so the conflict never reaches
 * the turn. Transient Cosmos failures (503, 408, 449, connection errors; see cosmosRetry.ts) are retried briefly. Within one process, src/bot serializes turns per conversation, so conflicts only come from other instances.
 */
import { createHash } from "node:crypto";
import type { Container } from "@azure/cosmos";
import { cosmosStatus } from "./cosmos";
import { TURN_RETRY, withCosmosRetry, type CosmosRetryPolicy } from "./cosmosRetry";
import { mergeState, type StateObject } from "./stateMerge";

export type StateItem = StateObject & { eTag?: string };

export interface StateDoc {
  id: string;
  /** The botbuilder storage key (e.g. msteams/<bot>/conversations/<id>). */
  key: string;
  state: StateObject;
  updatedAt: string;
  _etag?: string;
}

export interface StateStoreOptions {
  now?: () => Date;
  /** Called after a conflict was resolved by merging (for logs and tests). */
  onConflict?: (info: { key: string; attempts: number }) => void;
  maxAttempts?: number;
  /** Retries of transient Cosmos failures per operation (default TURN_RETRY). */
  retry?: CosmosRetryPolicy;
}

export interface CosmosStateStore {
  read(keys: string[]): Promise<Record<string, StateItem>>;
  write(changes: Record<string, StateItem>): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

export class StateConflictError extends Error {
  constructor(readonly key: string) {
    super(`state for ${key} kept changing while saving`);
    this.name = "StateConflictError";
  }
}

export function stateDocId(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

const SNAPSHOT_LIMIT = 2000;

function withoutETag(item: StateItem): StateObject {
  const { eTag: _e, ...rest } = item;
  return JSON.parse(JSON.stringify(rest)) as StateObject;
}

export function createStateStore(container: Container, opts: StateStoreOptions = {}): CosmosStateStore {
  const now = opts.now ?? (() => new Date());
  const maxAttempts = opts.maxAttempts ?? 5;
  const io = <T>(op: () => Promise<T>): Promise<T> => withCosmosRetry(op, opts.retry ?? TURN_RETRY);
  // What was read (or written) for key+eTag: the merge base when a conditional write conflicts.
  const snapshots = new Map<string, StateObject>();
  const remember = (key: string, eTag: string | undefined, state: StateObject): void => {
    if (!eTag) return;
    const k = `${key}\u0000${eTag}`;
    snapshots.delete(k);
    snapshots.set(k, state);
    if (snapshots.size > SNAPSHOT_LIMIT) {
      const oldest = snapshots.keys().next().value;
      if (oldest !== undefined) snapshots.delete(oldest);
    }
  };

  const readDoc = async (id: string): Promise<StateDoc | undefined> => {
    try {
      const { resource } = await io(() => container.item(id, id).read<StateDoc>());
      return resource;
    } catch (err) {
      if (cosmosStatus(err) === 404) return undefined;
      throw err;
    }
  };

  const writeOne = async (key: string, item: StateItem): Promise<void> => {
    const id = stateDocId(key);
    const mine = withoutETag(item);
    const doc = (state: StateObject): StateDoc => ({ id, key, state, updatedAt: now().toISOString() });
    const done = (etag: string | undefined, state: StateObject): void => remember(key, etag, state);

    if (item.eTag === "*") {
      const { resource } = await io(() => container.items.upsert<StateDoc>(doc(mine)));
      done(resource?._etag, mine);
      return;
    }
    let base: StateObject | undefined;
    try {
      if (item.eTag === undefined) {
        const { resource } = await io(() => container.items.create<StateDoc>(doc(mine)));
        done(resource?._etag, mine);
        return;
      }
      const eTag = item.eTag;
      const { resource } = await io(() => container.item(id, id).replace<StateDoc>(doc(mine), { accessCondition: { type: "IfMatch", condition: eTag } }));
      done(resource?._etag, mine);
      return;
    } catch (err) {
      const status = cosmosStatus(err);
      if (status !== 409 && status !== 412 && status !== 404) throw err;
      base = item.eTag === undefined ? {} : snapshots.get(`${key}\u0000${item.eTag}`);
    }
    // Conflict: re-read, merge, retry conditionally.
    for (let attempt = 2; attempt <= maxAttempts; attempt++) {
      const latest = await readDoc(id);
      const merged = mergeState(base, mine, latest?.state);
      try {
        const { resource } = await io(() =>
          latest === undefined
            ? container.items.create<StateDoc>(doc(merged))
            : container.item(id, id).replace<StateDoc>(doc(merged), { accessCondition: { type: "IfMatch", condition: latest._etag ?? "" } }),
        );
        done(resource?._etag, merged);
        opts.onConflict?.({ key, attempts: attempt });
        return;
      } catch (err) {
        const status = cosmosStatus(err);
        if (status !== 409 && status !== 412 && status !== 404) throw err;
      }
    }
    throw new StateConflictError(key);
  };

  return {
    async read(keys) {
      const out: Record<string, StateItem> = {};
      await Promise.all(
        keys.map(async (key) => {
          const d = await readDoc(stateDocId(key));
          if (d === undefined) return;
          remember(key, d._etag, d.state);
          const item: StateItem = { ...(JSON.parse(JSON.stringify(d.state)) as StateObject) };
          if (d._etag !== undefined) item.eTag = d._etag;
          out[key] = item;
        }),
      );
      return out;
    },
    async write(changes) {
      await Promise.all(Object.entries(changes).map(([key, item]) => writeOne(key, item)));
    },
    async delete(keys) {
      await Promise.all(
        keys.map(async (key) => {
          const id = stateDocId(key);
          try {
            await io(() => container.item(id, id).delete());
          } catch (err) {
            if (cosmosStatus(err) !== 404) throw err;
          }
        }),
      );
    },
  };
}
