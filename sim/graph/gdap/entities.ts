/**
 * GDAP entities as Graph returns them (delegatedAdminRelationship / resellerDelegatedAdminRelationship,
 * delegatedAdminAccessAssignment, delegatedAdminCustomer), with the relationship's status as of the simulator clock:
 * an active relationship past its endDateTime is expired, unless it auto-extends (then its end moves by 180 days;
 * core/gdap.ts effectiveState).
 */
import type * as MG from "@microsoft/microsoft-graph-types";
import { createHash } from "node:crypto";
import type { GdapRelationshipState } from "../../core/types";
import { effectiveState } from "../../core/gdap";
import { rec, type Rec } from "../odata";

type Typed<T> = T & { "@odata.type": string; "@odata.etag"?: string };

export function relationshipEntity(r: GdapRelationshipState, now: Date): Rec {
  const { status, endDateTime } = effectiveState(r, now);
  const base: Typed<MG.DelegatedAdminRelationship> = {
    "@odata.type": r.reseller ? "#microsoft.graph.resellerDelegatedAdminRelationship" : "#microsoft.graph.delegatedAdminRelationship",
    "@odata.etag": r.etag,
    id: r.id,
    displayName: r.displayName,
    duration: r.duration,
    customer: { tenantId: r.customerTenantId, displayName: r.customerDisplayName },
    accessDetails: { unifiedRoles: r.roles.map((roleDefinitionId) => ({ roleDefinitionId })) },
    status,
    autoExtendDuration: r.autoExtendDuration,
    createdDateTime: r.createdDateTime,
    lastModifiedDateTime: r.lastModifiedDateTime,
    activatedDateTime: r.activatedDateTime,
    endDateTime,
  };
  if (!r.reseller) return rec(base);
  const reseller: Typed<MG.ResellerDelegatedAdminRelationship> = {
    ...base,
    isPartnerConsentPending: r.reseller.isPartnerConsentPending,
    indirectProviderTenantId: r.reseller.indirectProviderTenantId,
  };
  return rec(reseller);
}

export function accessAssignmentEntity(a: GdapRelationshipState["accessAssignments"][number]): Rec {
  const out: Typed<MG.DelegatedAdminAccessAssignment> = {
    "@odata.type": "#microsoft.graph.delegatedAdminAccessAssignment",
    "@odata.etag": a.etag,
    id: a.id,
    status: a.status,
    accessContainer: { accessContainerId: a.groupId, accessContainerType: "securityGroup" },
    accessDetails: { unifiedRoles: a.roles.map((roleDefinitionId) => ({ roleDefinitionId })) },
    createdDateTime: a.createdDateTime,
    lastModifiedDateTime: a.lastModifiedDateTime,
  };
  return rec(out);
}

export function customerEntity(tenantId: string, displayName: string): Rec {
  const c: Typed<MG.DelegatedAdminCustomer> = {
    "@odata.type": "#microsoft.graph.delegatedAdminCustomer",
    id: tenantId,
    tenantId,
    displayName,
  };
  return rec(c);
}

/** A weak etag in Graph's GDAP format (W/"base64"), new for each modification. */
export function newEtag(id: string, version: string): string {
  const h = createHash("sha1").update(`${id}\u0000${version}`).digest("hex").slice(0, 32);
  return `W/"${Buffer.from(`'"${h}"'`).toString("base64")}"`;
}
