/**
 * Graph representations of the directory objects of a tenant (typed with @microsoft/microsoft-graph-types), as v1.0
 * and beta return them.
 */
import type * as MG from "@microsoft/microsoft-graph-types";
import type { ApplicationState, RoleAssignmentState, ServicePrincipalState, TenantState, World } from "../../core/types";
import type { Group, User } from "../../scenario/schema";
import { stableGuid } from "../../core/random";
import { roleDisplayName } from "../../scenario/roles";
import { rec, type Rec, type Version } from "../odata";
import type { ObjectKind } from "./common";
import { RESOURCE_APP_IDS, permissionCatalogue, permissionId, resourceOfAppId, type PermissionResource } from "./permissionIds";

type Typed<T> = T & { "@odata.type"?: string };

export const USER_DEFAULT_V1 = [
  "id", "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName",
] as const;

export function userEntity(u: Omit<User, "directoryRoles">): MG.User {
  const [given, ...rest] = u.displayName.split(" ");
  return {
    id: u.id.toLowerCase(),
    businessPhones: [],
    displayName: u.displayName,
    givenName: rest.length > 0 ? given : null,
    jobTitle: null,
    mail: u.userPrincipalName,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: rest.length > 0 ? rest.join(" ") : null,
    userPrincipalName: u.userPrincipalName,
    accountEnabled: u.accountEnabled,
    userType: "Member",
    createdDateTime: u.createdDateTime ?? null,
  };
}

export function groupEntity(g: Group): MG.Group {
  return {
    id: g.id.toLowerCase(),
    displayName: g.displayName,
    description: g.description ?? null,
    securityEnabled: g.securityEnabled,
    mailEnabled: g.mailEnabled,
    mailNickname: g.displayName.replace(/[^A-Za-z0-9]/g, "") || "group",
    mail: null,
    groupTypes: [],
    visibility: null,
    isAssignableToRole: null,
    createdDateTime: g.createdDateTime ?? null,
  };
}

export function servicePrincipalEntity(sp: ServicePrincipalState, world: World): MG.ServicePrincipal {
  // A resource's service principal (Graph, Partner Center, WindowsDefenderATP) declares its permissions.
  const resource = resourceOfAppId(sp.appId);
  const app = world.applicationByAppId(sp.appId);
  const catalogue = resource ? permissionCatalogue(resource, scenarioPermissions(world, resource, "Role"), scenarioPermissions(world, resource, "Scope")) : undefined;
  return {
    id: sp.id.toLowerCase(),
    appId: sp.appId,
    displayName: sp.displayName,
    appDisplayName: sp.displayName,
    appOwnerOrganizationId: sp.appOwnerOrganizationId,
    accountEnabled: true,
    servicePrincipalType: "Application",
    servicePrincipalNames: [sp.appId, ...(app?.identifierUris ?? [])],
    signInAudience: app?.signInAudience ?? "AzureADMultipleOrgs",
    tags: [],
    appRoles: catalogue?.appRoles ?? [],
    oauth2PermissionScopes: catalogue?.oauth2PermissionScopes ?? [],
  };
}

/** Every permission of a resource the scenario names (partner registrations, required or granted, and explicit consents). */
function scenarioPermissions(world: World, resource: PermissionResource, kind: "Role" | "Scope"): string[] {
  const partner = world.tenant(world.partnerTenantId);
  const out: string[] = [];
  for (const a of partner?.applications.values() ?? []) {
    const sets = kind === "Role" ? [a.requiredApplicationPermissions, a.grantedApplicationPermissions] : [a.requiredDelegatedPermissions, a.grantedDelegatedPermissions];
    for (const set of sets) out.push(...set[resource]);
  }
  if (kind === "Role") {
    const consents = [...world.scenario.customers.flatMap((c) => c.consentedApps), ...(world.scenario.generatedCustomers?.consentedApps ?? [])];
    for (const ca of consents) out.push(...ca.applicationPermissions[resource]);
  }
  return out;
}

export function requiredResourceAccess(app: ApplicationState): MG.RequiredResourceAccess[] {
  const out: MG.RequiredResourceAccess[] = [];
  for (const resource of ["graph", "partnerCenter", "defender"] as PermissionResource[]) {
    const access: MG.ResourceAccess[] = [
      ...app.requiredDelegatedPermissions[resource].map((n) => ({ id: permissionId(resource, "Scope", n), type: "Scope" })),
      ...app.requiredApplicationPermissions[resource].map((n) => ({ id: permissionId(resource, "Role", n), type: "Role" })),
    ];
    if (access.length > 0) out.push({ resourceAppId: RESOURCE_APP_IDS[resource], resourceAccess: access });
  }
  return out;
}

export function applicationEntity(app: ApplicationState, tenant: TenantState): MG.Application {
  return {
    id: app.id.toLowerCase(),
    appId: app.appId,
    displayName: app.displayName,
    signInAudience: app.signInAudience,
    identifierUris: app.identifierUris,
    publisherDomain: tenant.domain,
    createdDateTime: app.createdDateTime ?? null,
    keyCredentials: [],
    passwordCredentials: app.passwordCredentials.map((c) => ({
      customKeyIdentifier: null,
      displayName: c.displayName ?? null,
      endDateTime: c.endDateTime,
      hint: c.secretText.slice(0, 3),
      keyId: c.keyId,
      secretText: null,
      startDateTime: c.startDateTime,
    })),
    requiredResourceAccess: requiredResourceAccess(app),
  };
}

/** The directoryRole object of an activated role in a tenant (ids are per tenant, unlike the template id). */
export function directoryRoleEntity(tenantId: string, templateId: string): Typed<MG.DirectoryRole> {
  return {
    "@odata.type": "#microsoft.graph.directoryRole",
    id: stableGuid("directoryRole", `${tenantId.toLowerCase()}:${templateId.toLowerCase()}`),
    displayName: roleDisplayName(templateId) ?? templateId,
    description: roleDisplayName(templateId) ?? templateId,
    roleTemplateId: templateId,
  };
}

/** A directory object in a directoryObject collection, with its @odata.type; reduced to id + type when the caller may not read that type. */
export function directoryObject(tenant: TenantState, world: World, kind: ObjectKind, id: string, full: boolean): Rec {
  const type = `#microsoft.graph.${kind}`;
  if (!full) return { "@odata.type": type, id };
  if (kind === "user") {
    const u = tenant.users.get(id);
    return u ? { "@odata.type": type, ...rec(userEntity(u)) } : { "@odata.type": type, id };
  }
  if (kind === "group") {
    const g = tenant.groups.get(id);
    return g ? { "@odata.type": type, ...rec(groupEntity(g)) } : { "@odata.type": type, id };
  }
  const sp = tenant.servicePrincipals.get(id);
  return sp ? { "@odata.type": type, ...rec(servicePrincipalEntity(sp, world)) } : { "@odata.type": type, id };
}

export function roleAssignmentEntity(ra: RoleAssignmentState, version: Version): Rec {
  const out: MG.UnifiedRoleAssignment = {
    id: ra.id,
    principalId: ra.principalId,
    roleDefinitionId: ra.roleDefinitionId,
    directoryScopeId: ra.directoryScopeId,
  };
  // beta's unifiedRoleAssignment carries the principal's home tenant; v1.0 has no such property.
  return version === "beta" ? { ...rec(out), principalOrganizationId: ra.principalOrganizationId } : rec(out);
}

/** The expanded principal of a role assignment: a local object, or a partner reference for GDAP access containers. */
export function rolePrincipal(tenant: TenantState, world: World, ra: RoleAssignmentState): Rec | null {
  const pid = ra.principalId.toLowerCase();
  if (ra.principalOrganizationId.toLowerCase() !== tenant.tenantId.toLowerCase()) {
    const home = world.tenant(ra.principalOrganizationId);
    const g = home?.groups.get(pid);
    const ref: Typed<MG.DirectoryObjectPartnerReference> = {
      "@odata.type": "#microsoft.graph.directoryObjectPartnerReference",
      id: pid,
      displayName: g?.displayName ?? null,
      description: g?.description ?? null,
      externalPartnerTenantId: ra.principalOrganizationId,
      objectType: "Group",
    };
    return rec(ref);
  }
  const kind = tenant.users.has(pid) ? "user" : tenant.groups.has(pid) ? "group" : tenant.servicePrincipals.has(pid) ? "servicePrincipal" : undefined;
  return kind ? directoryObject(tenant, world, kind, pid, true) : null;
}

export function roleDefinitionEntity(templateId: string): MG.UnifiedRoleDefinition {
  return {
    id: templateId,
    templateId,
    displayName: roleDisplayName(templateId) ?? templateId,
    description: roleDisplayName(templateId) ?? templateId,
    isBuiltIn: true,
    isEnabled: true,
  };
}
