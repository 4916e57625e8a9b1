/**
 * Ids of Microsoft Graph's app roles (application permissions) and OAuth2 scopes (delegated permissions), as listed on
 * Microsoft Graph's service principal and in requiredResourceAccess. Known public ids where we have them; others get a
 * stable, deterministic id [unconfirmed: not Microsoft's] so that names and ids still round-trip through the simulator.
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

/** The id of a permission of a resource: Microsoft's where known, else a stable derived id. */
export function permissionId(resource: PermissionResource, kind: "Role" | "Scope", name: string): string {
  if (resource === "graph") {
    const known = kind === "Role" ? GRAPH_APP_ROLES[name] : GRAPH_SCOPES[name];
    if (known) return known;
  }
  return stableGuid("permission", `${resource}:${kind}:${name}`);
}

/** The app roles and scopes Microsoft Graph's service principal lists (the known ones plus any the scenario names). */
export function graphPermissionCatalogue(extraRoles: Iterable<string> = [], extraScopes: Iterable<string> = []): {
  appRoles: { id: string; value: string; displayName: string; allowedMemberTypes: string[]; isEnabled: boolean; description: string; origin: string }[];
  oauth2PermissionScopes: { id: string; value: string; type: string; isEnabled: boolean; adminConsentDisplayName: string; adminConsentDescription: string }[];
} {
  const roles = new Set([...Object.keys(GRAPH_APP_ROLES), ...extraRoles]);
  const scopes = new Set([...Object.keys(GRAPH_SCOPES), ...extraScopes]);
  return {
    appRoles: [...roles].sort().map((value) => ({
      id: permissionId("graph", "Role", value),
      value,
      displayName: value,
      description: value,
      allowedMemberTypes: ["Application"],
      isEnabled: true,
      origin: "Application",
    })),
    oauth2PermissionScopes: [...scopes].sort().map((value) => ({
      id: permissionId("graph", "Scope", value),
      value,
      type: "Admin",
      isEnabled: true,
      adminConsentDisplayName: value,
      adminConsentDescription: value,
    })),
  };
}
