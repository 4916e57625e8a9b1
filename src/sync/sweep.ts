/**
 * Mark-and-sweep decisions (pure). While a resource is read, every item seen is marked; at the end, the stored items
 * not marked are deleted — but only when the resource was read to its LAST page in this run. A read that failed
 * mid-way, or that ended on a page without its nextLink while Microsoft's own count says items are missing (a
 * truncated page), deletes nothing.
 */
export type ReadEnd =
  /** Every page read, the last one without a nextLink, and no sign of a cut. */
  | { kind: "complete" }
  /** Ended without a nextLink but fewer items than Microsoft counted (or a full last page with no count to check). */
  | { kind: "truncated"; received: number; expected?: number }
  | { kind: "failed" };

export interface PagingFacts {
  /** Items received over all pages. */
  received: number;
  /** The largest `@odata.count` Microsoft gave (undefined when it gave none). */
  expected?: number;
  /** Size of the last page and the page size asked for ($top), to spot a full last page without a count. */
  lastPageSize: number;
  pageSize?: number;
}

/** How a read that ended without a nextLink really ended. */
export function readEnd(f: PagingFacts): ReadEnd {
  if (f.expected !== undefined) {
    return f.received < f.expected ? { kind: "truncated", received: f.received, expected: f.expected } : { kind: "complete" };
  }
  if (f.pageSize !== undefined && f.lastPageSize >= f.pageSize && f.received > 0) return { kind: "truncated", received: f.received };
  return { kind: "complete" };
}

/** Stored item ids to delete: those not seen, only after a complete read. */
export function sweepDecision(end: ReadEnd, stored: Iterable<string>, seen: ReadonlySet<string>): string[] {
  if (end.kind !== "complete") return [];
  const out: string[] = [];
  for (const id of stored) if (!seen.has(id)) out.push(id);
  return out;
}
