/**
 * Directory role assignments (`/roleManagement/directory/roleAssignments`): $filter by principalId / roleDefinitionId,
 * $expand=principal (GDAP access containers of the partner come back as directoryObjectPartnerReference with
 * externalPartnerTenantId) and $expand=roleDefinition.
 */
import type { RoleAssignmentState, RouteDef, SimContext, SimRequest, TenantState } from "../../core/types";
import { errors } from "../errors";
import { apiVersion, entityResponse, listResponse, type CollectionSpec } from "../odata";
import { P, graphRoutes, tenantOf } from "./common";
import { rec } from "../odata";
import { roleAssignmentEntity, roleDefinitionEntity, rolePrincipal } from "./serialize";

/** The tenant's role assignments in force now (GDAP-derived ones included, as of the simulator clock). */
function assignments(ctx: SimContext, tenant: TenantState): RoleAssignmentState[] {
  return ctx.world.roleAssignments(tenant.tenantId, ctx.clock.now());
}

function spec(req: SimRequest, ctx: SimContext, tenant: TenantState, all: readonly RoleAssignmentState[]): CollectionSpec {
  const byId = new Map(all.map((ra) => [ra.id, ra]));
  return {
    context: "roleManagement/directory/roleAssignments",
    resource: "UnifiedRoleAssignment",
    entityType: "microsoft.graph.unifiedRoleAssignment",
    style: "directory",
    maxTop: 999,
    defaultTop: 100,
    count: true,
    filter: {
      id: ["eq", "in"],
      principalId: ["eq", "in"],
      roleDefinitionId: ["eq", "in"],
      directoryScopeId: ["eq", "in"],
      ...(apiVersion(req) === "beta" ? { principalOrganizationId: ["eq"] as const } : {}),
    },
    expand: {
      principal: (item) => {
        const ra = byId.get(String(item.id));
        return ra ? rolePrincipal(tenant, ctx.world, ra) : null;
      },
      roleDefinition: (item) => rec(roleDefinitionEntity(String(item.roleDefinitionId))),
    },
  };
}

const cost = { workload: "identity" as const, cost: 1 };

export const routes: RouteDef[] = [
  ...graphRoutes("GET", "/roleManagement/directory/roleAssignments", P.roleAssignments, cost, (req, ctx) => {
    const tenant = tenantOf(req, ctx);
    const version = apiVersion(req);
    const all = assignments(ctx, tenant);
    return listResponse(req, all.map((ra) => roleAssignmentEntity(ra, version)), spec(req, ctx, tenant, all));
  }, true),
  ...graphRoutes("GET", "/roleManagement/directory/roleAssignments/{id}", P.roleAssignments, cost, (req, ctx) => {
    const tenant = tenantOf(req, ctx);
    const all = assignments(ctx, tenant);
    const ra = all.find((r) => r.id.toLowerCase() === req.params.id.toLowerCase());
    if (!ra) throw errors.notFound(req.params.id);
    return entityResponse(req, roleAssignmentEntity(ra, apiVersion(req)), spec(req, ctx, tenant, all));
  }),
];
