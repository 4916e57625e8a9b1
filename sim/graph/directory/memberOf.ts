/**
 * memberOf / transitiveMemberOf of users (and /me), groups and service principals: groups plus the directory roles
 * the object holds (directly, or through role-assignable groups for the transitive form).
 */
import type { RouteDef, SimContext, SimRequest, TenantState } from "../../core/types";
import { errors } from "../errors";
import { listResponse, rec, type CollectionSpec, type Rec } from "../odata";
import { P, SEE_TYPE, findUser, graphRoutes, hasAnyPermission, meId, principalOf, requireGuid, tenantOf, type ObjectKind } from "./common";
import { directGroups, transitiveGroups } from "./membership";
import { directoryObject, directoryRoleEntity } from "./serialize";

const SPEC: CollectionSpec = {
  context: "directoryObjects",
  resource: "DirectoryObject",
  entityType: "microsoft.graph.directoryObject",
  style: "directory",
  maxTop: 999,
  defaultTop: 100,
  count: true,
  filter: { id: ["eq", "in"], displayName: ["eq", "startswith"], roleTemplateId: ["eq"], securityEnabled: ["eq"] },
};

/** Resolves the subject of /{kind}/{id}/… in the caller's tenant, or 404. */
export function subjectId(tenant: TenantState, kind: ObjectKind, id: string): string {
  if (kind === "user") {
    const u = findUser(tenant, id);
    if (!u) throw errors.notFound(id);
    return u.id.toLowerCase();
  }
  const k = requireGuid(id);
  const exists = kind === "group" ? tenant.groups.has(k) : tenant.servicePrincipals.has(k);
  if (!exists) throw errors.notFound(id);
  return k;
}

export function memberOfObjects(req: SimRequest, ctx: SimContext, tenant: TenantState, objectId: string, transitive: boolean): Rec[] {
  const groups = transitive ? transitiveGroups(tenant, objectId) : directGroups(tenant, objectId);
  const seeGroups = hasAnyPermission(principalOf(req), SEE_TYPE.group) || principalOf(req).kind === "delegated";
  const holders = new Set([objectId.toLowerCase(), ...(transitive ? groups : [])]);
  const roles = new Set<string>();
  for (const ra of tenant.roleAssignments) {
    if (ra.principalOrganizationId.toLowerCase() === tenant.tenantId.toLowerCase() && holders.has(ra.principalId.toLowerCase())) {
      roles.add(ra.roleDefinitionId.toLowerCase());
    }
  }
  return [
    ...groups.map((g) => directoryObject(tenant, ctx.world, "group", g, seeGroups)),
    ...[...roles].map((r) => rec(directoryRoleEntity(tenant.tenantId, r))),
  ];
}

function handler(kind: ObjectKind | "me", transitive: boolean) {
  return (req: SimRequest, ctx: SimContext) => {
    const tenant = tenantOf(req, ctx);
    const id = kind === "me" ? subjectId(tenant, "user", meId(req)) : subjectId(tenant, kind, req.params.id);
    return listResponse(req, memberOfObjects(req, ctx, tenant, id, transitive), SPEC);
  };
}

const cost = { workload: "identity" as const, cost: 2 };

export const routes: RouteDef[] = [
  ...graphRoutes("GET", "/users/{id}/memberOf", P.memberOf, cost, handler("user", false), true),
  ...graphRoutes("GET", "/users/{id}/transitiveMemberOf", P.memberOf, cost, handler("user", true), true),
  ...graphRoutes("GET", "/me/memberOf", P.myMemberOf, cost, handler("me", false), true),
  ...graphRoutes("GET", "/me/transitiveMemberOf", P.myMemberOf, cost, handler("me", true), true),
  ...graphRoutes("GET", "/groups/{id}/memberOf", P.groupsRead, cost, handler("group", false), true),
  ...graphRoutes("GET", "/groups/{id}/transitiveMemberOf", P.groupsRead, cost, handler("group", true), true),
  ...graphRoutes("GET", "/servicePrincipals/{id}/memberOf", P.spMemberOf, cost, handler("servicePrincipal", false), true),
  ...graphRoutes("GET", "/servicePrincipals/{id}/transitiveMemberOf", P.spMemberOf, cost, handler("servicePrincipal", true), true),
];
