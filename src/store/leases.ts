/**
 * Leases in the `leases` container: Cosmos DB is the coordination service (etag-conditional writes), no protocol of
 * our own. A lease document `{ id, owner, fence, expiresAt, acquiredAt }` is
 * - claimed by creating it (409: someone else has it) or, once expired (or already ours), by replacing exactly the
 *   version read (IfMatch `_etag`; 412: someone else got in first);
 * - renewed by its holder with the same conditional replace, before it expires: IfMatch the etag it holds, so no read
 *   first (a 412 means it changed: lost);
 * - released by marking it expired, the same way (never deleted, so its fencing value keeps growing).
 * Every takeover increments `fence`: work guarded by a lease writes its fence with its results and a writer holding a
 * smaller fence than the stored one has lost its lease and must stop (see sync's tenant checkpoints).
 *
 * A claim costs one request when it can: the repository remembers the last version of each lease it wrote (its
 * etag), and claims a lease it released (or holds) by replacing exactly that version — a 412 means someone wrote it
 * since, and the claim reads it and decides as above; a lease it never saw is created first (409: it exists, read it).
 */
import type { Container } from "@azure/cosmos";
import { z } from "zod/v4";
import { cosmosStatus } from "./cosmos";

export interface Lease {
  id: string;
  owner: string;
  fence: number;
  /** Epoch ms. */
  expiresAt: number;
  etag: string;
  /** Epoch ms of the claim (kept through renewals). */
  acquiredAt?: number;
}

const LeaseDocSchema = z.object({
  id: z.string(),
  owner: z.string(),
  fence: z.number().int().min(0),
  expiresAt: z.number(),
  acquiredAt: z.number(),
  _etag: z.string(),
});

export interface LeaseRepo {
  /** The lease, or undefined when someone else holds an unexpired one (or won the race). */
  claim(id: string, owner: string, ttlMs: number): Promise<Lease | undefined>;
  /** The renewed lease, or undefined when it was lost (taken over, or changed). */
  renew(lease: Lease, ttlMs: number): Promise<Lease | undefined>;
  /** Gives it up (only if still ours); false when it was no longer ours. */
  release(lease: Lease): Promise<boolean>;
  read(id: string): Promise<Lease | undefined>;
  /** Whether `lease` is still the stored one, unexpired (a fresh read). */
  stillHeld(lease: Lease): Promise<boolean>;
}

const LAST_WRITTEN_MAX = 50_000;

export function createLeaseRepo(container: Container, opts: { now: () => number }): LeaseRepo {
  const toLease = (raw: unknown): Lease | undefined => {
    const r = LeaseDocSchema.safeParse(raw);
    return r.success ? { id: r.data.id, owner: r.data.owner, fence: r.data.fence, expiresAt: r.data.expiresAt, etag: r.data._etag, acquiredAt: r.data.acquiredAt } : undefined;
  };
  const read = async (id: string): Promise<(Lease & { acquiredAt: number }) | undefined> => {
    try {
      const { resource } = await container.item(id, id).read<Record<string, unknown>>();
      const lease = toLease(resource);
      return lease === undefined ? undefined : { ...lease, acquiredAt: typeof resource?.acquiredAt === "number" ? resource.acquiredAt : 0 };
    } catch (err) {
      if (cosmosStatus(err) === 404) return undefined;
      throw err;
    }
  };
  /** The last version of each lease this repository wrote (bounded: forgotten wholesale past LAST_WRITTEN_MAX). */
  const lastWritten = new Map<string, Lease>();
  const remember = (lease: Lease | undefined): Lease | undefined => {
    if (lease !== undefined) {
      if (lastWritten.size >= LAST_WRITTEN_MAX) lastWritten.clear();
      lastWritten.set(lease.id, lease);
    }
    return lease;
  };
  const replace = async (etag: string, doc: Record<string, unknown> & { id: string }): Promise<Lease | undefined> => {
    try {
      const { resource } = await container.item(doc.id, doc.id).replace(doc, { accessCondition: { type: "IfMatch", condition: etag } });
      return remember(toLease(resource));
    } catch (err) {
      const status = cosmosStatus(err);
      if (status === 412 || status === 404) {
        lastWritten.delete(doc.id);
        return undefined;
      }
      throw err;
    }
  };
  /** The new lease, or "exists" (409). */
  const create = async (id: string, owner: string, now: number, ttlMs: number): Promise<Lease | "exists" | undefined> => {
    try {
      const { resource } = await container.items.create({ id, owner, fence: 1, expiresAt: now + ttlMs, acquiredAt: now });
      return remember(toLease(resource));
    } catch (err) {
      if (cosmosStatus(err) === 409) return "exists";
      throw err;
    }
  };
  const takeOver = (current: Lease, owner: string, now: number, ttlMs: number): Promise<Lease | undefined> => replace(current.etag, { id: current.id, owner, fence: current.fence + 1, expiresAt: now + ttlMs, acquiredAt: now });
  return {
    async claim(id, owner, ttlMs) {
      const now = opts.now();
      const known = lastWritten.get(id);
      if (known === undefined) {
        // Never seen here: most likely never claimed at all (a tenant's first sync).
        const created = await create(id, owner, now, ttlMs);
        if (created !== "exists") return created;
      } else if (known.expiresAt <= now || known.owner === owner) {
        // As this repository last wrote it (released, expired or ours), if nobody wrote it since.
        const taken = await takeOver(known, owner, now, ttlMs);
        if (taken !== undefined) return taken;
      }
      const current = await read(id);
      if (current === undefined) {
        const created = await create(id, owner, now, ttlMs);
        return created === "exists" ? undefined : created;
      }
      if (current.expiresAt > now && current.owner !== owner) return undefined;
      return takeOver(current, owner, now, ttlMs);
    },
    async renew(lease, ttlMs) {
      // The version we hold, replaced only if unchanged (the etag proves it is still ours).
      if (lease.acquiredAt !== undefined) return replace(lease.etag, { id: lease.id, owner: lease.owner, fence: lease.fence, expiresAt: opts.now() + ttlMs, acquiredAt: lease.acquiredAt });
      const current = await read(lease.id);
      if (current === undefined || current.etag !== lease.etag || current.owner !== lease.owner || current.fence !== lease.fence) return undefined;
      return replace(lease.etag, { id: lease.id, owner: lease.owner, fence: lease.fence, expiresAt: opts.now() + ttlMs, acquiredAt: current.acquiredAt });
    },
    async release(lease) {
      if (lease.acquiredAt !== undefined) return (await replace(lease.etag, { id: lease.id, owner: lease.owner, fence: lease.fence, expiresAt: 0, acquiredAt: lease.acquiredAt })) !== undefined;
      const current = await read(lease.id);
      if (current === undefined || current.owner !== lease.owner || current.fence !== lease.fence) return false;
      return (await replace(current.etag, { id: lease.id, owner: lease.owner, fence: lease.fence, expiresAt: 0, acquiredAt: current.acquiredAt })) !== undefined;
    },
    read: async (id) => {
      const l = await read(id);
      return l === undefined ? undefined : { id: l.id, owner: l.owner, fence: l.fence, expiresAt: l.expiresAt, etag: l.etag };
    },
    async stillHeld(lease) {
      const current = await read(lease.id);
      return current !== undefined && current.owner === lease.owner && current.fence === lease.fence && current.expiresAt > opts.now();
    },
  };
}
