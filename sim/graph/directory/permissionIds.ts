/**
 * Ids of the app roles (application permissions) and OAuth2 scopes (delegated permissions) of the resources the product
 * uses — Microsoft Graph, Microsoft Partner Center, WindowsDefenderATP — as their service principals list them
 * (`appRoles`, `oauth2PermissionScopes`) and as requiredResourceAccess names them. Known public ids where we have them;
 * others get a stable, deterministic id [unconfirmed: not Microsoft's] so that names and ids still round-trip through
 * the simulator.
 */
import { stableGuid } from "../../core/random";

export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
export const PARTNER_CENTER_APP_ID = "fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd";
export const DEFENDER_APP_ID = "fc780465-2017-40d4-a0c5-307022471b92";

export type PermissionResource = "graph" | "partnerCenter" | "defender";

export const RESOURCE_APP_IDS: Readonly<Record<PermissionResource, string>> = {
  graph: MICROSOFT_GRAPH_APP_ID,
  partnerCenter: PARTNER_CENTER_APP_ID,
  defender: DEFENDER_APP_ID,
};

/** Microsoft Graph application permissions (appRoles). */
const GRAPH_APP_ROLES: Readonly<Record<string, string>> = {
  "User.Read.All": "df021288-bdef-4463-88db-98f22de89214",
  "User.ReadWrite.All": "741f803b-c850-494e-b5df-cde7c675a1ca",
  "User.ReadBasic.All": "97235f07-e226-4f63-ace3-39588e11d3a1",
  "Directory.Read.All": "7ab1d382-f21e-4acd-a863-ba3e13f7da61",
  "Directory.ReadWrite.All": "19dbc75e-c2e2-444c-a770-ec69d8559fc7",
  "Group.Read.All": "5b567255-7703-4780-807c-7be8301ae99b",
  "Group.ReadWrite.All": "62a82d76-70ea-41e2-9197-370581804d09",
  "GroupMember.Read.All": "98830695-27a2-44f7-8c18-0c3ebc9698f6",
  "Application.Read.All": "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
  "Application.ReadWrite.All": "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9",
  "Application.ReadWrite.OwnedBy": "18a4783c-866b-4cc7-a460-3d5e5662c884",
  "Organization.Read.All": "498476ce-e0fe-48b0-b801-37ba7e2685c6",
  "RoleManagement.Read.Directory": "483bed4a-2ad3-4361-a73b-c83ccdbdc53c",
  "RoleManagement.Read.All": "c7fbd983-d9aa-4fa7-84b8-17382c103bc4",
  "DeviceManagementManagedDevices.Read.All": "2f51be20-0bb4-4fed-bf7b-db946066c75e",
  "DeviceManagementApps.Read.All": "7a6ee1e7-141e-4cec-ae74-d9db155731ff",
  "DeviceManagementConfiguration.Read.All": "dc377aa6-52d8-4e23-b271-2a7ae04cedf3",
  "UserAuthenticationMethod.Read.All": "38d9df27-64da-44fd-b7c5-a6fbac20248f",
  "AuditLog.Read.All": "b0afded3-3588-46d8-8b3d-9842eff778da",
};

/** Microsoft Graph delegated permissions (oauth2PermissionScopes). */
const GRAPH_SCOPES: Readonly<Record<string, string>> = {
  "User.Read": "e1fe6dd8-ba31-4d61-89e7-88639da4683d",
  "User.ReadBasic.All": "b340eb25-3456-403f-be2f-af7a0d370277",
  "User.Read.All": "a154be20-db9c-4678-8ab7-66f6cc099a59",
  "Directory.Read.All": "06da0dbc-49e2-44d2-8312-53f166ab848a",
  "Directory.AccessAsUser.All": "0e263e50-5827-48a4-b97c-d940288653c7",
  "Group.Read.All": "5f8c59db-677d-491f-a6b8-5f174b11ec1d",
  "GroupMember.Read.All": "bc024368-1153-4739-b217-4326f2e966d0",
  "Application.Read.All": "c79f8feb-a9db-4090-85f9-90d820caa0eb",
  "Application.ReadWrite.All": "bdfbf15f-ee85-4955-8675-146e8e5296b5",
  "Organization.Read.All": "4908d5b9-3fb2-4b1e-9336-1888b7937185",
  "RoleManagement.Read.All": "48fec646-b2ba-4019-8681-8eb31435aded",
  "RoleManagement.Read.Directory": "741c54c3-0c1e-44a1-818b-3f97ab4e8c83",
  "DelegatedAdminRelationship.Read.All": "0c0064ea-477b-4130-82a5-4c2cc4ff68aa",
  "DeviceManagementApps.Read.All": "4edf5f54-4666-44af-9de9-0144fb4b6e8c",
  "DeviceManagementConfiguration.Read.All": "f1493658-876a-4c87-8fa7-edb559b3476a",
  "DeviceManagementManagedDevices.Read.All": "314874da-47d6-4978-88dc-cf0d37f0bb82",
  "UserAuthenticationMethod.Read.All": "aec28ec7-4d02-4e8c-b864-50163aea77eb",
  "AuditLog.Read.All": "e4c9e354-4dc5-45b8-9e7c-e1393b0b1a20",
  openid: "37f7f235-527c-4136-accd-4a02d197296e",
  profile: "14dad69e-099b-42c9-810b-d002981feec1",
  email: "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0",
  offline_access: "7427e0e9-2fba-42fe-b0c0-848c9e6a8182",
};

/**
 * Microsoft Partner Center (fa3d9a0c-…) declares one delegated permission, `user_impersonation` ("Access Partner
 * Center"), and no app roles: https://learn.microsoft.com/partner-center/developer/partner-center-authentication
 * (the web app's "Access Partner Center API" delegated permission). The id is the one Microsoft's Partner Center
 * samples put in requiredResourceAccess (e.g. Partner-Center-PowerShell's New-PartnerWebApp / secure application model
 * scripts) and its service principal lists.
 */
const PARTNER_CENTER_SCOPES: Readonly<Record<string, KnownPermission>> = {
  user_impersonation: { id: "1cebfa2a-fb4d-419e-b5f9-839b4383e05a", displayName: "Access Partner Center", description: "Allow the application to access Partner Center on behalf of the signed-in user." },
};

/**
 * WindowsDefenderATP (fc780465-…), the resource of https://api.securitycenter.microsoft.com. Names and display names as
 * Microsoft Learn lists them per API (e.g. https://learn.microsoft.com/defender-endpoint/api/get-machines: Machine.Read.All
 * "Read all machine profiles", Machine.ReadWrite.All "Read and write all machine information"; Machine.Read / Machine.ReadWrite
 * delegated; the vulnerability and software APIs: Vulnerability.Read.All, Software.Read.All). Learn gives no ids: these are
 * the ids WindowsDefenderATP's service principal lists in its appRoles / oauth2PermissionScopes (as exported from tenants).
 */
const DEFENDER_APP_ROLES: Readonly<Record<string, KnownPermission>> = {
  "Machine.Read.All": { id: "ea8291d3-4b9a-44b5-bc3a-6cea3026dc79", displayName: "Read all machine profiles", description: "Allows the app to read all machine profiles, including the commands that were sent to each machine" },
  "Machine.ReadWrite.All": { id: "aa027352-232b-4ed4-b963-a705fc4d6d2c", displayName: "Read and write all machine information", description: "Allows the app to create machine records and to read or update any machine record" },
  "Vulnerability.Read.All": { id: "41269fc5-d04d-4bfd-bce7-43a51cea049a", displayName: "Read Threat and Vulnerability Management vulnerability information", description: "Allows the app to read any Threat and Vulnerability Management vulnerability information" },
  "Software.Read.All": { id: "37f71c98-d198-41ae-964d-2c49aab74926", displayName: "Read Threat and Vulnerability Management software information", description: "Allows the app to read any Threat and Vulnerability Management software information" },
};

const DEFENDER_SCOPES: Readonly<Record<string, KnownPermission>> = {
  "Machine.Read": { id: "fbd3d33a-b1f5-4573-906c-51b39682fbcf", displayName: "Read machine information", description: "Allows the app to read machine profiles (including the commands that were sent to each machine), that the signed in user can access" },
  "Machine.ReadWrite": { id: "f6846c57-9e3c-4a65-81aa-2f5e09ff4f0b", displayName: "Read and write machine information", description: "Allows the app to create machine records and to read or update any machine record that the signed-in user can create, read or update." },
  "Vulnerability.Read": { id: "63a677ce-818c-4409-9d12-5c6d2e2a6bfe", displayName: "Read Threat and Vulnerability Management vulnerability information", description: "Allows the app to read Threat and Vulnerability Management vulnerability information on behalf of the signed-in user" },
  "Software.Read": { id: "5f216ada-3f51-4a22-ace5-06b198328476", displayName: "Read Threat and Vulnerability Management software information", description: "Allows the app to read Threat and Vulnerability Management software information on behalf of the signed-in user" },
};

interface KnownPermission {
  id: string;
  displayName: string;
  description: string;
}

const named = (table: Readonly<Record<string, string>>): Record<string, KnownPermission> =>
  Object.fromEntries(Object.entries(table).map(([value, id]) => [value, { id, displayName: value, description: value }]));

/** What each resource's service principal declares (beyond these, names the scenario uses get derived ids). */
const KNOWN: Readonly<Record<PermissionResource, { Role: Readonly<Record<string, KnownPermission>>; Scope: Readonly<Record<string, KnownPermission>> }>> = {
  graph: { Role: named(GRAPH_APP_ROLES), Scope: named(GRAPH_SCOPES) },
  partnerCenter: { Role: {}, Scope: PARTNER_CENTER_SCOPES },
  defender: { Role: DEFENDER_APP_ROLES, Scope: DEFENDER_SCOPES },
};

/** The resource a service principal's appId stands for, if it is one of ours. */
export function resourceOfAppId(appId: string): PermissionResource | undefined {
  const id = appId.toLowerCase();
  return (Object.keys(RESOURCE_APP_IDS) as PermissionResource[]).find((r) => RESOURCE_APP_IDS[r] === id);
}

/** The id of a permission of a resource: Microsoft's where known, else a stable derived id. */
export function permissionId(resource: PermissionResource, kind: "Role" | "Scope", name: string): string {
  const known = Object.hasOwn(KNOWN[resource][kind], name) ? KNOWN[resource][kind][name] : undefined;
  return known?.id ?? stableGuid("permission", `${resource}:${kind}:${name}`);
}

export interface AppRoleEntry {
  id: string;
  value: string;
  displayName: string;
  allowedMemberTypes: string[];
  isEnabled: boolean;
  description: string;
  origin: string;
}

export interface PermissionScopeEntry {
  id: string;
  value: string;
  type: string;
  isEnabled: boolean;
  adminConsentDisplayName: string;
  adminConsentDescription: string;
}

/** The app roles and scopes a resource's service principal lists (the known ones plus any the scenario names). */
export function permissionCatalogue(
  resource: PermissionResource,
  extraRoles: Iterable<string> = [],
  extraScopes: Iterable<string> = [],
): { appRoles: AppRoleEntry[]; oauth2PermissionScopes: PermissionScopeEntry[] } {
  const known = KNOWN[resource];
  const info = (kind: "Role" | "Scope", value: string) => (Object.hasOwn(known[kind], value) ? known[kind][value] : undefined);
  const roles = new Set([...Object.keys(known.Role), ...extraRoles]);
  const scopes = new Set([...Object.keys(known.Scope), ...extraScopes]);
  return {
    appRoles: [...roles].sort().map((value) => ({
      id: permissionId(resource, "Role", value),
      value,
      displayName: info("Role", value)?.displayName ?? value,
      description: info("Role", value)?.description ?? value,
      allowedMemberTypes: ["Application"],
      isEnabled: true,
      origin: "Application",
    })),
    oauth2PermissionScopes: [...scopes].sort().map((value) => ({
      id: permissionId(resource, "Scope", value),
      value,
      type: "Admin",
      isEnabled: true,
      adminConsentDisplayName: info("Scope", value)?.displayName ?? value,
      adminConsentDescription: info("Scope", value)?.description ?? value,
    })),
  };
}
