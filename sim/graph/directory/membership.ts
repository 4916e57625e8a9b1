/**
 * Group membership in one tenant: direct parents, transitive closure (nested groups, cycles tolerated) and the
 * members of a group. Pure functions of the tenant state.
 */
import type { TenantState } from "../../core/types";
import type { ObjectKind } from "./common";

/** Groups that list `objectId` as a direct member. */
export function directGroups(tenant: TenantState, objectId: string): string[] {
  const k = objectId.toLowerCase();
  const out: string[] = [];
  for (const g of tenant.groups.values()) {
    if (g.members.some((m) => m.id.toLowerCase() === k)) out.push(g.id.toLowerCase());
  }
  return out;
}

/** Every group `objectId` belongs to, directly or through nested groups (breadth-first, direct ones first). */
export function transitiveGroups(tenant: TenantState, objectId: string): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  let frontier = [objectId.toLowerCase()];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const g of directGroups(tenant, id)) {
        if (seen.has(g)) continue;
        seen.add(g);
        order.push(g);
        next.push(g);
      }
    }
    frontier = next;
  }
  return order;
}

export interface MemberRef {
  type: ObjectKind;
  id: string;
}

/** Direct members of a group that exist in the tenant (dangling references are skipped, as Graph does for deleted objects). */
export function directMembers(tenant: TenantState, groupId: string): MemberRef[] {
  const g = tenant.groups.get(groupId.toLowerCase());
  if (!g) return [];
  const out: MemberRef[] = [];
  for (const m of g.members) {
    const id = m.id.toLowerCase();
    const exists = m.type === "user" ? tenant.users.has(id) : m.type === "group" ? tenant.groups.has(id) : tenant.servicePrincipals.has(id);
    if (exists) out.push({ type: m.type, id });
  }
  return out;
}

/** Members of a group and of its nested groups (each object once). */
export function transitiveMembers(tenant: TenantState, groupId: string): MemberRef[] {
  const seen = new Set<string>([groupId.toLowerCase()]);
  const out: MemberRef[] = [];
  let frontier = [groupId.toLowerCase()];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const gid of frontier) {
      for (const m of directMembers(tenant, gid)) {
        if (seen.has(m.id)) continue;
        seen.add(m.id);
        out.push(m);
        if (m.type === "group") next.push(m.id);
      }
    }
    frontier = next;
  }
  return out;
}
