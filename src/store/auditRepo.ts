/**
 * The audit trail in the `audit` container (partition key `/month`, "YYYY-MM" in UTC): one document per mutating
 * action, whatever its outcome (done, failed, refused), written by the ActionGuard (src/bot/access/guard.ts).
 * `recent` reads the newest entries: the current month's partition first, then earlier months, each a
 * single-partition query ordered by time (never a cross-partition scan). Entries hold names, ids and small facts,
 * never a secret; what is read back is validated with zod.
 */
import { randomUUID } from "node:crypto";
import type { Container } from "@azure/cosmos";
import { z } from "zod/v4";
import { systemClock, type Clock } from "../clock";

export const AUDIT_OUTCOMES = ["done", "failed", "refused"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

const Detail = z.union([z.string().max(256), z.number(), z.boolean()]);

export const auditEntrySchema = z.object({
  /** When (ISO 8601, UTC). */
  at: z.string(),
  /** Who: display name and Entra object id (as Teams gives them), the channel user id. */
  who: z.object({ name: z.string().max(256).optional(), aadObjectId: z.string().max(64).optional(), userId: z.string().max(256) }),
  /** `<feature>.<verb>`, e.g. "setup.verify". */
  action: z.string().min(1).max(64),
  target: z.string().max(256).optional(),
  details: z.record(z.string().max(64), Detail).optional(),
  outcome: z.enum(AUDIT_OUTCOMES),
  /** Why it was refused or failed, as a short code ("notAdmin", "noAdminGroup", "membershipUnknown", "error"). */
  reason: z.string().max(64).optional(),
  correlationId: z.string().max(64).optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

const auditDocSchema = auditEntrySchema.extend({ id: z.string(), month: z.string() });
type AuditDoc = z.infer<typeof auditDocSchema>;

export interface AuditRepo {
  /** Appends one entry (its time is `entry.at`, else the clock's now). */
  record(entry: Omit<AuditEntry, "at"> & { at?: string }): Promise<AuditEntry>;
  /** The newest `limit` entries, newest first, looking back at most `months` months (default 3). */
  recent(opts?: { limit?: number; months?: number }): Promise<AuditEntry[]>;
}

/** Pure: the partition of a time ("2026-12"). */
export function auditMonth(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** Pure: the month before "YYYY-MM". */
export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

export const MAX_RECENT = 100;

export function createAuditRepo(container: Container, opts: { clock?: Clock } = {}): AuditRepo {
  const clock = opts.clock ?? systemClock;
  return {
    async record(input) {
      const entry = auditEntrySchema.parse({ ...input, at: input.at ?? clock.now().toISOString() });
      const at = new Date(entry.at);
      // The id sorts by time within a month; the random part keeps two entries of the same millisecond apart.
      const doc: AuditDoc = { ...entry, id: `${entry.at}_${randomUUID().slice(0, 8)}`, month: auditMonth(at) };
      await container.items.create<AuditDoc>(doc);
      return entry;
    },

    async recent(o = {}) {
      const limit = Math.min(Math.max(o.limit ?? 20, 1), MAX_RECENT);
      const months = Math.min(Math.max(o.months ?? 3, 1), 24);
      const out: AuditEntry[] = [];
      let month = auditMonth(clock.now());
      for (let i = 0; i < months && out.length < limit; i++, month = previousMonth(month)) {
        const iterator = container.items.query<unknown>(
          { query: "SELECT * FROM c WHERE c.month = @month ORDER BY c.at DESC", parameters: [{ name: "@month", value: month }] },
          { partitionKey: month, maxItemCount: limit - out.length },
        );
        const page = await iterator.fetchNext();
        for (const raw of page.resources ?? []) {
          const p = auditDocSchema.safeParse(raw);
          if (!p.success) continue; // not ours or damaged: never shown
          const { id: _id, month: _m, ...entry } = p.data;
          out.push(entry);
          if (out.length >= limit) break;
        }
      }
      return out;
    },
  };
}
