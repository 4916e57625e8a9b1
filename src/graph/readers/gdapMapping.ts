/**
 * Pure mapping of GDAP entities as Graph returns them (delegatedAdminRelationship, resellerDelegatedAdminRelationship,
 * delegatedAdminAccessAssignment) to the snapshot's plain types. Zod at the edge: an item that does not parse is
 * dropped (the caller counts and logs it), never a crash.
 */
import { z } from "zod/v4";
import type { AccessAssignmentSnapshot, AccessAssignmentStatus, GdapRelationshipSnapshot, GdapStatus } from "../../domain/snapshot";

const GDAP_STATUSES: readonly GdapStatus[] = [
  "activating", "active", "approvalPending", "approved", "created", "expired", "expiring",
  "terminated", "terminating", "terminationRequested", "unknownFutureValue",
];
const ASSIGNMENT_STATUSES: readonly AccessAssignmentStatus[] = ["pending", "active", "deleting", "deleted", "error", "unknownFutureValue"];

const RESELLER_TYPE = "#microsoft.graph.resellerDelegatedAdminRelationship";

const AccessDetails = z
  .object({ unifiedRoles: z.array(z.object({ roleDefinitionId: z.string() })).nullish() })
  .nullish();

const RelationshipSchema = z.object({
  "@odata.type": z.string().nullish(),
  id: z.string().min(1),
  displayName: z.string().nullish(),
  status: z.string().nullish(),
  customer: z.object({ tenantId: z.string().min(1), displayName: z.string().nullish() }),
  accessDetails: AccessDetails,
  autoExtendDuration: z.string().nullish(),
  createdDateTime: z.string().nullish(),
  activatedDateTime: z.string().nullish(),
  endDateTime: z.string().nullish(),
  indirectProviderTenantId: z.string().nullish(),
});

const AssignmentSchema = z.object({
  id: z.string().min(1),
  status: z.string().nullish(),
  accessContainer: z.object({ accessContainerId: z.string().min(1) }),
  accessDetails: AccessDetails,
});

function oneOf<T extends string>(values: readonly T[], v: string | null | undefined): T {
  return values.find((x) => x === v) ?? values[values.length - 1];
}

function roleIds(details: z.infer<typeof AccessDetails>): string[] {
  return (details?.unifiedRoles ?? []).map((r) => r.roleDefinitionId.toLowerCase());
}

/** A relationship without its access assignments, and the customer it belongs to. */
export interface RelationshipRow {
  customerTenantId: string;
  customerName: string | null;
  relationship: Omit<GdapRelationshipSnapshot, "accessAssignments">;
}

/** One item of `tenantRelationships/delegatedAdminRelationships`, or null when it does not parse. */
export function toRelationship(raw: unknown): RelationshipRow | null {
  const p = RelationshipSchema.safeParse(raw);
  if (!p.success) return null;
  const r = p.data;
  return {
    customerTenantId: r.customer.tenantId.toLowerCase(),
    customerName: r.customer.displayName ?? null,
    relationship: {
      id: r.id,
      displayName: r.displayName ?? "",
      status: oneOf(GDAP_STATUSES, r.status),
      roles: roleIds(r.accessDetails),
      autoExtendDuration: r.autoExtendDuration ?? "PT0S",
      createdDateTime: r.createdDateTime ?? null,
      activatedDateTime: r.activatedDateTime ?? null,
      endDateTime: r.endDateTime ?? null,
      isReseller: r["@odata.type"] === RESELLER_TYPE || Boolean(r.indirectProviderTenantId),
    },
  };
}

/** One item of `.../accessAssignments`, or null when it does not parse. */
export function toAccessAssignment(raw: unknown): AccessAssignmentSnapshot | null {
  const p = AssignmentSchema.safeParse(raw);
  if (!p.success) return null;
  const a = p.data;
  return {
    id: a.id,
    status: oneOf(ASSIGNMENT_STATUSES, a.status),
    groupId: a.accessContainer.accessContainerId.toLowerCase(),
    roles: roleIds(a.accessDetails),
  };
}

/** Maps every item; `dropped` counts the items that did not parse. */
export function mapAll<T>(items: readonly unknown[], map: (raw: unknown) => T | null): { values: T[]; dropped: number } {
  const values: T[] = [];
  let dropped = 0;
  for (const raw of items) {
    const v = map(raw);
    if (v === null) dropped++;
    else values.push(v);
  }
  return { values, dropped };
}
