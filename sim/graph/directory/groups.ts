/**
 * Groups: list ($filter=displayName eq 'AdminAgents' and friends), get, members and transitiveMembers.
 * Known Graph behaviour reproduced: v1.0 `members` does not list service principals, beta does, and so does
 * `$expand=members` on the group. Members of a type the caller may not read come back as id + @odata.type only.
 */
import type { RouteDef, SimContext, SimRequest, TenantState, World } from "../../core/types";
import { errors } from "../errors";
import { apiVersion, entityResponse, listResponse, rec, type CollectionSpec, type Rec } from "../odata";
import { P, SEE_TYPE, graphRoutes, hasAnyPermission, principalOf, requireGuid, tenantOf, type ObjectKind } from "./common";
import { directMembers, transitiveMembers, type MemberRef } from "./membership";
import { directoryObject, groupEntity } from "./serialize";

function memberObjects(req: SimRequest, tenant: TenantState, world: World, refs: MemberRef[]): Rec[] {
  const p = principalOf(req);
  const can: Record<ObjectKind, boolean> = {
    user: hasAnyPermission(p, SEE_TYPE.user),
    group: hasAnyPermission(p, SEE_TYPE.group),
    servicePrincipal: hasAnyPermission(p, SEE_TYPE.servicePrincipal),
  };
  return refs.map((m) => directoryObject(tenant, world, m.type, m.id, can[m.type]));
}

function groupsSpec(req: SimRequest, ctx: SimContext, tenant: TenantState): CollectionSpec {
  return {
    context: "groups",
    resource: "Group",
    entityType: "microsoft.graph.group",
    style: "directory",
    maxTop: 999,
    defaultTop: 100,
    count: true,
    filter: {
      id: ["eq", "ne", "in"],
      displayName: ["eq", "ne", "in", "startswith"],
      mailNickname: ["eq", "ne", "in", "startswith"],
      securityEnabled: ["eq", "ne"],
      mailEnabled: ["eq", "ne"],
      groupTypes: ["any", "eq"],
    },
    orderby: ["displayName"],
    expand: {
      // $expand=members lists every member type, service principals included, in v1.0 as in beta.
      members: (item) => memberObjects(req, tenant, ctx.world, directMembers(tenant, String(item.id))),
    },
  };
}

function requireGroup(tenant: TenantState, id: string): Rec {
  const g = tenant.groups.get(requireGuid(id));
  if (!g) throw errors.notFound(id);
  return rec(groupEntity(g));
}

function membersSpec(context: string): CollectionSpec {
  return {
    context,
    resource: "DirectoryObject",
    entityType: "microsoft.graph.directoryObject",
    style: "directory",
    maxTop: 999,
    defaultTop: 100,
    count: true,
    filter: { id: ["eq", "in"], displayName: ["eq", "startswith"] },
  };
}

function listMembers(req: SimRequest, ctx: SimContext, transitive: boolean) {
  const tenant = tenantOf(req, ctx);
  const id = requireGuid(req.params.id);
  if (!tenant.groups.has(id)) throw errors.notFound(req.params.id);
  let refs = transitive ? transitiveMembers(tenant, id) : directMembers(tenant, id);
  if (apiVersion(req) === "v1.0") refs = refs.filter((m) => m.type !== "servicePrincipal");
  return listResponse(req, memberObjects(req, tenant, ctx.world, refs), membersSpec("directoryObjects"));
}

export const routes: RouteDef[] = [
  ...graphRoutes("GET", "/groups", P.groupsRead, { workload: "identity", cost: 2 }, (req, ctx) => {
    const tenant = tenantOf(req, ctx);
    return listResponse(req, [...tenant.groups.values()].map((g) => rec(groupEntity(g))), groupsSpec(req, ctx, tenant));
  }, true),
  ...graphRoutes("GET", "/groups/{id}", P.groupsRead, { workload: "identity", cost: 1 }, (req, ctx) => {
    const tenant = tenantOf(req, ctx);
    return entityResponse(req, requireGroup(tenant, req.params.id), groupsSpec(req, ctx, tenant));
  }),
  ...graphRoutes("GET", "/groups/{id}/members", P.groupsRead, { workload: "identity", cost: 3 }, (req, ctx) => listMembers(req, ctx, false), true),
  ...graphRoutes("GET", "/groups/{id}/transitiveMembers", P.groupsRead, { workload: "identity", cost: 3 }, (req, ctx) => listMembers(req, ctx, true), true),
];
