/**
 * What GDAP grants, as of a given instant: a relationship's effective status (an active relationship past its
 * endDateTime is expired unless it auto-extends by 180 days) and the customer-side role assignments its access
 * assignments give the partner's groups. Derived at request time from the relationship and assignment state, so
 * access ends when GDAP ends (the clock passes endDateTime, a relationship or an assignment changes status).
 */
import { durationMs, toGraphDate } from "../scenario/dates";
import { stableGuid } from "./random";
import type { GdapRelationshipState, RoleAssignmentState } from "./types";

/** Status and end date of a relationship as of `now`. */
export function effectiveState(r: GdapRelationshipState, now: Date): { status: GdapRelationshipState["status"]; endDateTime: string | null } {
  if ((r.status !== "active" && r.status !== "expiring") || !r.endDateTime) return { status: r.status, endDateTime: r.endDateTime };
  const end = Date.parse(r.endDateTime);
  const t = now.getTime();
  if (end > t) return { status: r.status, endDateTime: r.endDateTime };
  if (r.autoExtendDuration === "P180D") {
    const step = durationMs("P180D");
    const periods = Math.floor((t - end) / step) + 1;
    return { status: "active", endDateTime: toGraphDate(end + periods * step) };
  }
  return { status: "expired", endDateTime: r.endDateTime };
}

/** Relationship statuses under which access assignments grant their roles (`expiring`: still active until it ends). */
const IN_FORCE = new Set<GdapRelationshipState["status"]>(["active", "expiring"]);

/** Whether a relationship grants access at `now` (in force and, as of `now`, not past its end). */
export function relationshipInForce(r: GdapRelationshipState, now: Date): boolean {
  const { status, endDateTime } = effectiveState(r, now);
  return IN_FORCE.has(status) && (!endDateTime || Date.parse(endDateTime) > now.getTime());
}

/**
 * The role assignments that a customer's relationships give the partner's groups at `now`: for every `active` access
 * assignment of a relationship in force, one per role that is both in the assignment and in the relationship.
 */
export function gdapRoleAssignments(relationships: readonly GdapRelationshipState[], partnerTenantId: string, seed: number, now: Date): RoleAssignmentState[] {
  const out: RoleAssignmentState[] = [];
  for (const r of relationships) {
    if (!relationshipInForce(r, now)) continue;
    const relRoles = new Set(r.roles.map((x) => x.toLowerCase()));
    const tid = r.customerTenantId.toLowerCase();
    for (const a of r.accessAssignments) {
      if (a.status !== "active") continue;
      for (const role of a.roles) {
        if (!relRoles.has(role.toLowerCase())) continue;
        out.push({
          id: stableGuid(seed, `ra:${tid}:${r.id}:${a.groupId}:${role}`),
          roleDefinitionId: role,
          principalId: a.groupId,
          directoryScopeId: "/",
          principalOrganizationId: partnerTenantId,
        });
      }
    }
  }
  return out;
}
