/**
 * GDAP: the partner's relationships ($top=300, paged) and the access assignments of every relationship through
 * $batch (20 a call, one call per 20 relationships, started as each page arrives). One relationship's assignments that
 * cannot be read become its own Readable failure; a failure of the list itself fails the whole GDAP read.
 */
import type { AccessAssignmentSnapshot, Readable } from "../../domain/snapshot";
import type { BatchItem, BatchResult } from "../client";
import { toReadFailure } from "../errors";
import { request, type ReadContext } from "./context";
import type { GdapCustomerRow } from "./customers";
import { mapAll, toAccessAssignment, toRelationship, type RelationshipRow } from "./gdapMapping";
import { MAX_CHECK_IDS } from "./memberGroups";
import { readFailed, readOk } from "./readable";
import { relativeToVersionRoot } from "./relativePath";
import { z } from "zod/v4";

export const RELATIONSHIPS = "/tenantRelationships/delegatedAdminRelationships";
const BATCH_SIZE = MAX_CHECK_IDS; // Graph's $batch takes 20 requests, the same number as checkMemberGroups' ids.

const Collection = z.object({ value: z.array(z.unknown()), "@odata.nextLink": z.string().optional() });

export interface GdapRead {
  read: Readable<true>;
  rows: GdapCustomerRow[];
}

/** The first page's path: all relationships, or one customer's when only one tenant is asked for. */
export function relationshipsPath(only: ReadonlySet<string> | undefined): string {
  if (only && only.size === 1) return `${RELATIONSHIPS}?$top=300&$filter=customer/tenantId eq '${[...only][0]}'`;
  return `${RELATIONSHIPS}?$top=300`;
}

async function assignmentsFrom(ctx: ReadContext, result: BatchResult): Promise<Readable<AccessAssignmentSnapshot[]>> {
  if (result.status < 200 || result.status > 299) return readFailed(toReadFailure(result.error ?? new Error(`status ${result.status}`)));
  const page = Collection.safeParse(result.body);
  if (!page.success) return readFailed(toReadFailure(new Error("the access assignments answer is not a collection")));
  let items = page.data.value;
  const next = page.data["@odata.nextLink"];
  if (next) {
    try {
      items = [...items, ...(await request(ctx, (g) => g.all<unknown>(relativeToVersionRoot(next))))];
    } catch (e) {
      return readFailed(toReadFailure(e));
    }
  }
  return readOk(mapAll(items, toAccessAssignment).values);
}

async function readAssignments(ctx: ReadContext, rows: readonly RelationshipRow[]): Promise<GdapCustomerRow[]> {
  const items: BatchItem[] = rows.map((r, i) => ({
    id: String(i + 1),
    method: "GET",
    url: `${RELATIONSHIPS}/${encodeURIComponent(r.relationship.id)}/accessAssignments?$top=300`,
  }));
  let results: BatchResult[] | undefined;
  let failure: Readable<AccessAssignmentSnapshot[]> | undefined;
  try {
    results = await request(ctx, (g) => g.batch(items));
  } catch (e) {
    failure = readFailed(toReadFailure(e));
  }
  return Promise.all(
    rows.map(async (r, i) => {
      const res = results?.[i];
      const accessAssignments = res ? await assignmentsFrom(ctx, res) : (failure ?? readFailed(toReadFailure(new Error("no answer in the batch"))));
      return { customerTenantId: r.customerTenantId, customerName: r.customerName, relationship: { ...r.relationship, accessAssignments } };
    }),
  );
}

/**
 * Reads every relationship (of `only`'s tenants when given) with its access assignments. `onCustomer` is called once
 * per customer tenant as soon as its first relationship is seen, so per-customer work can start before the last page.
 */
export async function readGdap(ctx: ReadContext, only: ReadonlySet<string> | undefined, onCustomer: (tenantId: string, name: string | null) => void): Promise<GdapRead> {
  const pending: Promise<GdapCustomerRow[]>[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  try {
    for await (const page of ctx.graph.pages<unknown>(relationshipsPath(only))) {
      const mapped = mapAll(page, toRelationship);
      dropped += mapped.dropped;
      const rows = mapped.values.filter((r) => !only || only.has(r.customerTenantId));
      for (const r of rows) {
        if (seen.has(r.customerTenantId)) continue;
        seen.add(r.customerTenantId);
        onCustomer(r.customerTenantId, r.customerName);
      }
      for (let i = 0; i < rows.length; i += BATCH_SIZE) pending.push(readAssignments(ctx, rows.slice(i, i + BATCH_SIZE)));
    }
  } catch (e) {
    await Promise.allSettled(pending);
    return { read: readFailed(toReadFailure(e)), rows: [] };
  }
  if (dropped > 0) ctx.logger.warn("GDAP relationships that did not parse were skipped", { dropped });
  return { read: readOk(true), rows: (await Promise.all(pending)).flat() };
}
