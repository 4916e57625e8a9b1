/**
 * Shared plumbing of the directory handlers: the caller's tenant, permission sets (Microsoft's least → most privileged
 * lists), route definitions for v1.0 and beta, directory-object lookups and request-body parsing.
 */
import type { Principal, RouteAuth, RouteDef, RouteThrottle, SimContext, SimRequest, SimResponse, TenantState } from "../../core/types";
import { GLOBAL_ADMINISTRATOR, ROLE_TEMPLATE_IDS } from "../../scenario/roles";
import { GraphHttpError, errors, graphHandler } from "../errors";

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function graphAuth(application: readonly string[], delegated: readonly string[], foreignUserRoles?: readonly string[]): RouteAuth {
  return { audience: "graph", application: [...application], delegated: [...delegated], ...(foreignUserRoles ? { foreignUserRoles: [...foreignUserRoles] } : {}) };
}

/** Defines a route under both /v1.0 and /beta. `path` starts after the version ("/users/{id}"). */
export function graphRoutes(
  method: RouteDef["method"],
  path: string,
  auth: RouteAuth,
  throttle: RouteThrottle,
  handler: (req: SimRequest, ctx: SimContext) => SimResponse,
  paged = false,
): RouteDef[] {
  const wrapped = graphHandler(handler);
  return (["/v1.0", "/beta"] as const).map((v) => ({ service: "graph", method, path: `${v}${path}`, auth, throttle, paged, handler: wrapped }));
}

export function principalOf(req: SimRequest): Principal {
  if (!req.principal) throw new GraphHttpError(401, "InvalidAuthenticationToken", "Access token is empty.");
  return req.principal;
}

/** The tenant the token was issued in: every directory read is scoped to it. */
export function tenantOf(req: SimRequest, ctx: SimContext): TenantState {
  const p = principalOf(req);
  const t = ctx.world.tenant(p.tenantId);
  if (!t) throw new GraphHttpError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
  return t;
}

/** The permissions the token carries (roles for app tokens, scopes for delegated ones). */
export function grantedPermissions(p: Principal): ReadonlySet<string> {
  return new Set(p.kind === "app" ? p.roles : p.scopes);
}

export function hasAnyPermission(p: Principal, names: readonly string[]): boolean {
  const granted = grantedPermissions(p);
  return names.some((n) => granted.has(n));
}

/**
 * Directory roles (template ids, lower case) the signed-in user of a delegated token holds in the tenant, directly or
 * through its groups, as of the simulator clock (a partner user's: what GDAP gives its groups; World.userRoles).
 */
export function callerRoles(req: SimRequest, ctx: SimContext, tenant: TenantState): Set<string> {
  const p = principalOf(req);
  return new Set(ctx.world.userRoles(tenant.tenantId, p.homeTenantId ?? tenant.tenantId, p.oid, ctx.clock.now()));
}

export const ROLES = {
  globalAdministrator: GLOBAL_ADMINISTRATOR,
  applicationAdministrator: ROLE_TEMPLATE_IDS["Application Administrator"],
  cloudApplicationAdministrator: ROLE_TEMPLATE_IDS["Cloud Application Administrator"],
  globalReader: ROLE_TEMPLATE_IDS["Global Reader"],
  securityReader: ROLE_TEMPLATE_IDS["Security Reader"],
  securityAdministrator: ROLE_TEMPLATE_IDS["Security Administrator"],
  privilegedRoleAdministrator: ROLE_TEMPLATE_IDS["Privileged Role Administrator"],
  userAdministrator: ROLE_TEMPLATE_IDS["User Administrator"],
  helpdeskAdministrator: ROLE_TEMPLATE_IDS["Helpdesk Administrator"],
} as const;

const R = ROLE_TEMPLATE_IDS;

/**
 * Which directory roles let a partner user (GDAP, no member's default permissions in the customer) read what, from the
 * roles' permission lists (learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference). An
 * approximation at the granularity the simulator needs: e.g. Application Administrator manages applications and
 * service principals but does not read users (no microsoft.directory/users/standard/read) [per-role lists abridged].
 */
export const FOREIGN_USER_ROLES = {
  directory: [R["Global Administrator"], R["Global Reader"], R["Directory Readers"], R["User Administrator"], R["Helpdesk Administrator"], R["Privileged Role Administrator"], R["Security Reader"], R["Security Administrator"], R["Intune Administrator"], R["Exchange Administrator"]],
  applications: [R["Global Administrator"], R["Global Reader"], R["Directory Readers"], R["Application Administrator"], R["Cloud Application Administrator"], R["Privileged Role Administrator"], R["Security Reader"], R["Security Administrator"]],
  roles: [R["Global Administrator"], R["Global Reader"], R["Directory Readers"], R["Privileged Role Administrator"], R["Security Reader"], R["Security Administrator"]],
  authMethods: [R["Global Administrator"], R["Global Reader"], R["Security Reader"], R["Security Administrator"], "c4e39bd9-1100-46d3-8c65-fb160da0071f", "7be44c8a-adaf-4e2a-84d6-ab2649e08a13"],
  applicationWriters: [R["Global Administrator"], R["Application Administrator"], R["Cloud Application Administrator"]],
  /** Basic organization properties: any directory role reads them. */
  any: Object.values(R),
} as const;

const F = FOREIGN_USER_ROLES;

/** Permissions, least → most privileged, as Microsoft's pages list them; then the roles a GDAP user needs (FOREIGN_USER_ROLES). */
export const P = {
  usersRead: graphAuth(
    ["User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    ["User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    F.directory,
  ),
  me: graphAuth([], ["User.Read", "User.ReadWrite", "User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"], F.any),
  authMethods: graphAuth(
    ["UserAuthenticationMethod.Read.All", "UserAuthenticationMethod.ReadWrite.All"],
    ["UserAuthenticationMethod.Read.All", "UserAuthenticationMethod.ReadWrite.All"],
    F.authMethods,
  ),
  myAuthMethods: graphAuth([], ["UserAuthenticationMethod.Read", "UserAuthenticationMethod.ReadWrite", "UserAuthenticationMethod.Read.All", "UserAuthenticationMethod.ReadWrite.All"], F.any),
  memberOf: graphAuth(
    ["User.ReadBasic.All", "User.Read.All", "GroupMember.Read.All", "Group.Read.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    ["User.ReadBasic.All", "User.Read.All", "GroupMember.Read.All", "Group.Read.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    F.directory,
  ),
  myMemberOf: graphAuth([], ["User.Read", "GroupMember.Read.All", "Group.Read.All", "Directory.Read.All", "Directory.ReadWrite.All"], F.any),
  spMemberOf: graphAuth(
    ["Application.Read.All", "GroupMember.Read.All", "Group.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    ["Application.Read.All", "GroupMember.Read.All", "Group.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    [...F.directory, ...F.applications],
  ),
  groupsRead: graphAuth(
    ["GroupMember.Read.All", "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    ["GroupMember.Read.All", "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    F.directory,
  ),
  memberGroups: graphAuth(
    ["GroupMember.Read.All", "Group.Read.All", "User.Read.All", "Application.Read.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    ["GroupMember.Read.All", "Group.Read.All", "User.Read.All", "Application.Read.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    [...F.directory, ...F.applications],
  ),
  myMemberGroups: graphAuth([], ["User.Read", "GroupMember.Read.All", "Group.Read.All", "User.Read.All", "Directory.Read.All", "Directory.ReadWrite.All"], F.any),
  roleAssignments: graphAuth(
    ["RoleManagement.Read.Directory", "RoleManagement.Read.All", "RoleManagement.ReadWrite.Directory", "Directory.Read.All", "Directory.ReadWrite.All"],
    ["RoleManagement.Read.Directory", "RoleManagement.Read.All", "RoleManagement.ReadWrite.Directory", "Directory.Read.All", "Directory.ReadWrite.All"],
    F.roles,
  ),
  applicationsRead: graphAuth(
    ["Application.Read.All", "Application.ReadWrite.OwnedBy", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    F.applications,
  ),
  applicationsWrite: graphAuth(["Application.ReadWrite.OwnedBy", "Application.ReadWrite.All"], ["Application.ReadWrite.All", "Directory.AccessAsUser.All"], F.applicationWriters),
  appRoleAssignments: graphAuth(
    ["Application.Read.All", "AppRoleAssignment.ReadWrite.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    ["Application.Read.All", "AppRoleAssignment.ReadWrite.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    F.applications,
  ),
  grants: graphAuth(
    ["DelegatedPermissionGrant.Read.All", "DelegatedPermissionGrant.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    ["DelegatedPermissionGrant.Read.All", "DelegatedPermissionGrant.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    F.applications,
  ),
  organization: graphAuth(
    ["Organization.Read.All", "Organization.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    ["User.Read", "Organization.Read.All", "Organization.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    F.any,
  ),
  skus: graphAuth(
    ["LicenseAssignment.Read.All", "Organization.Read.All", "Directory.Read.All", "Organization.ReadWrite.All", "Directory.ReadWrite.All"],
    ["LicenseAssignment.Read.All", "Organization.Read.All", "Directory.Read.All", "Organization.ReadWrite.All", "Directory.ReadWrite.All"],
    F.directory,
  ),
} as const;

/** Permissions that let a caller see full objects of each type in directoryObject collections (members, memberOf). */
export const SEE_TYPE: Readonly<Record<"user" | "group" | "servicePrincipal", readonly string[]>> = {
  user: ["User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  group: ["GroupMember.Read.All", "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  servicePrincipal: ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
};

export type ObjectKind = "user" | "group" | "servicePrincipal";

/** What kind of directory object an id is in this tenant. */
export function objectKind(tenant: TenantState, id: string): ObjectKind | undefined {
  const k = id.toLowerCase();
  if (tenant.users.has(k)) return "user";
  if (tenant.groups.has(k)) return "group";
  if (tenant.servicePrincipals.has(k)) return "servicePrincipal";
  return undefined;
}

export function requireGuid(id: string): string {
  if (!GUID.test(id)) throw errors.invalidObjectId(id);
  return id.toLowerCase();
}

/** A user by object id or userPrincipalName (Graph accepts both in /users/{id}). */
export function findUser(tenant: TenantState, idOrUpn: string): ReturnType<TenantState["users"]["get"]> {
  const k = idOrUpn.toLowerCase();
  const byId = tenant.users.get(k);
  if (byId) return byId;
  if (GUID.test(k)) return undefined;
  for (const u of tenant.users.values()) if (u.userPrincipalName.toLowerCase() === k) return u;
  return undefined;
}

/** The signed-in user of a delegated token (for /me). */
export function meId(req: SimRequest): string {
  const p = principalOf(req);
  if (p.kind !== "delegated") {
    throw errors.badRequest("/me request is only valid with delegated authentication flow.", "BadRequest");
  }
  return p.oid.toLowerCase();
}

export function jsonBody(req: SimRequest): Record<string, unknown> {
  const b = req.body;
  if (b === undefined || b === null || req.rawBody.trim() === "") {
    throw new GraphHttpError(400, "BadRequest", "Empty Payload. JSON content expected.");
  }
  if (typeof b !== "object" || Array.isArray(b)) throw new GraphHttpError(400, "BadRequest", "Invalid request body: a JSON object was expected.");
  return b as Record<string, unknown>;
}

export function ok(body: unknown, status = 200): SimResponse {
  return { status, headers: { "content-type": "application/json" }, body };
}

export function noContent(): SimResponse {
  return { status: 204 };
}
