/**
 * Service principals (consent of multitenant apps): list ($filter=appId eq …), by id, `servicePrincipals(appId='…')`,
 * appRoleAssignments (application permissions granted) and oauth2PermissionGrants (delegated, AllPrincipals).
 */
import type * as MG from "@microsoft/microsoft-graph-types";
import type { RouteDef, ServicePrincipalState, SimContext, SimRequest, TenantState } from "../../core/types";
import { stableGuid } from "../../core/random";
import { errors } from "../errors";
import { entityResponse, listResponse, rec, type CollectionSpec, type Rec } from "../odata";
import { P, graphRoutes, requireGuid, tenantOf } from "./common";
import { RESOURCE_APP_IDS, permissionId, type PermissionResource } from "./permissionIds";
import { servicePrincipalEntity } from "./serialize";

const RESOURCES: PermissionResource[] = ["graph", "partnerCenter", "defender"];
const RESOURCE_NAMES: Record<PermissionResource, string> = {
  graph: "Microsoft Graph",
  partnerCenter: "Microsoft Partner Center",
  defender: "WindowsDefenderATP",
};

const SPEC: CollectionSpec = {
  context: "servicePrincipals",
  resource: "ServicePrincipal",
  entityType: "microsoft.graph.servicePrincipal",
  style: "directory",
  maxTop: 999,
  defaultTop: 100,
  count: true,
  filter: {
    id: ["eq", "in"],
    appId: ["eq", "in"],
    displayName: ["eq", "ne", "in", "startswith"],
    appOwnerOrganizationId: ["eq", "in"],
    servicePrincipalNames: ["any", "eq", "startswith"],
    servicePrincipalType: ["eq", "ne", "in"],
    accountEnabled: ["eq", "ne"],
  },
  orderby: ["displayName"],
};

/** The object id of a resource's service principal in a tenant (present or not, a stable id). */
function resourceSpId(ctx: SimContext, tenant: TenantState, resource: PermissionResource): string {
  const appId = RESOURCE_APP_IDS[resource];
  return ctx.world.servicePrincipalByAppId(tenant.tenantId, appId)?.id ?? stableGuid("resource-sp", `${tenant.tenantId}:${appId}`);
}

export function appRoleAssignments(ctx: SimContext, tenant: TenantState, sp: ServicePrincipalState): Rec[] {
  const out: Rec[] = [];
  for (const resource of RESOURCES) {
    for (const name of sp.applicationPermissions[resource]) {
      const a: MG.AppRoleAssignment = {
        id: stableGuid("appRoleAssignment", `${tenant.tenantId}:${sp.id}:${resource}:${name}`),
        appRoleId: permissionId(resource, "Role", name),
        principalId: sp.id,
        principalType: "ServicePrincipal",
        principalDisplayName: sp.displayName,
        resourceId: resourceSpId(ctx, tenant, resource),
        resourceDisplayName: RESOURCE_NAMES[resource],
        createdDateTime: null,
        deletedDateTime: null,
      };
      out.push(rec(a));
    }
  }
  return out;
}

export function permissionGrants(ctx: SimContext, tenant: TenantState): Rec[] {
  const out: Rec[] = [];
  for (const sp of tenant.servicePrincipals.values()) {
    for (const resource of RESOURCES) {
      const scopes = sp.delegatedPermissions[resource];
      if (scopes.length === 0) continue;
      const g: MG.OAuth2PermissionGrant = {
        id: stableGuid("oauth2PermissionGrant", `${tenant.tenantId}:${sp.id}:${resource}`),
        clientId: sp.id,
        consentType: "AllPrincipals",
        principalId: null,
        resourceId: resourceSpId(ctx, tenant, resource),
        scope: scopes.join(" "),
      };
      out.push(rec(g));
    }
  }
  return out;
}

const GRANTS_SPEC: CollectionSpec = {
  context: "oauth2PermissionGrants",
  resource: "OAuth2PermissionGrant",
  entityType: "microsoft.graph.oAuth2PermissionGrant",
  style: "directory",
  maxTop: 999,
  defaultTop: 100,
  filter: { id: ["eq"], clientId: ["eq"], resourceId: ["eq"], consentType: ["eq"], principalId: ["eq"] },
};

function requireSp(tenant: TenantState, id: string): ServicePrincipalState {
  const sp = tenant.servicePrincipals.get(requireGuid(id));
  if (!sp) throw errors.notFound(id);
  return sp;
}

function spByAppId(tenant: TenantState, appId: string): ServicePrincipalState {
  for (const sp of tenant.servicePrincipals.values()) if (sp.appId.toLowerCase() === appId.toLowerCase()) return sp;
  throw errors.notFound(appId);
}

function assignmentsSpec(sp: ServicePrincipalState): CollectionSpec {
  return {
    context: `servicePrincipals('${sp.id}')/appRoleAssignments`,
    resource: "AppRoleAssignment",
    entityType: "microsoft.graph.appRoleAssignment",
    style: "directory",
    maxTop: 999,
    defaultTop: 100,
    filter: { resourceId: ["eq"], appRoleId: ["eq"] },
  };
}

const cost = { workload: "identity" as const, cost: 2 };

function listAssignments(req: SimRequest, ctx: SimContext, sp: ServicePrincipalState, tenant: TenantState) {
  return listResponse(req, appRoleAssignments(ctx, tenant, sp), assignmentsSpec(sp));
}

export const routes: RouteDef[] = [
  ...graphRoutes("GET", "/servicePrincipals", P.applicationsRead, cost, (req, ctx) => {
    const tenant = tenantOf(req, ctx);
    return listResponse(req, [...tenant.servicePrincipals.values()].map((sp) => rec(servicePrincipalEntity(sp, ctx.world))), SPEC);
  }, true),
  ...graphRoutes("GET", "/servicePrincipals/{id}", P.applicationsRead, cost, (req, ctx) => {
    const tenant = tenantOf(req, ctx);
    return entityResponse(req, rec(servicePrincipalEntity(requireSp(tenant, req.params.id), ctx.world)), SPEC);
  }),
  ...graphRoutes("GET", "/servicePrincipals(appId='{appId}')", P.applicationsRead, cost, (req, ctx) => {
    const tenant = tenantOf(req, ctx);
    return entityResponse(req, rec(servicePrincipalEntity(spByAppId(tenant, req.params.appId), ctx.world)), SPEC);
  }),
  ...graphRoutes("GET", "/servicePrincipals/{id}/appRoleAssignments", P.appRoleAssignments, cost, (req, ctx) => {
    const tenant = tenantOf(req, ctx);
    return listAssignments(req, ctx, requireSp(tenant, req.params.id), tenant);
  }, true),
  ...graphRoutes("GET", "/servicePrincipals(appId='{appId}')/appRoleAssignments", P.appRoleAssignments, cost, (req, ctx) => {
    const tenant = tenantOf(req, ctx);
    return listAssignments(req, ctx, spByAppId(tenant, req.params.appId), tenant);
  }, true),
  ...graphRoutes("GET", "/servicePrincipals/{id}/oauth2PermissionGrants", P.grants, cost, (req, ctx) => {
    const tenant = tenantOf(req, ctx);
    const sp = requireSp(tenant, req.params.id);
    return listResponse(req, permissionGrants(ctx, tenant).filter((g) => g.clientId === sp.id), GRANTS_SPEC);
  }, true),
  ...graphRoutes("GET", "/oauth2PermissionGrants", P.grants, cost, (req, ctx) => listResponse(req, permissionGrants(ctx, tenantOf(req, ctx)), GRANTS_SPEC), true),
];
