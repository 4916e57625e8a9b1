/** The permissions the two MEM apps need, and matching them against an app's PermissionRefs. */
import type { PermissionRef } from "../domain/snapshot";

/** Azure AD Graph (legacy), which the Partner Center guide names for Directory.* and User.Read. */
const AAD_GRAPH = "00000002-0000-0000-c000-000000000000";
const ALIASES: Record<string, readonly string[]> = {
  graph: ["graph", "00000003-0000-0000-c000-000000000000", AAD_GRAPH],
  partnerCenter: ["partnercenter", "fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd"],
  defender: ["defender", "fc780465-2017-40d4-a0c5-307022471b92"],
};

const RESOURCE_NAMES: Record<string, string> = {
  graph: "Microsoft Graph",
  partnerCenter: "Partner Center",
  defender: "WindowsDefenderATP",
};

export const PARTNER_CENTER_APP_PERMISSIONS: readonly PermissionRef[] = [
  { resource: "graph", kind: "delegated", name: "Directory.AccessAsUser.All" },
  { resource: "graph", kind: "delegated", name: "User.Read" },
  { resource: "partnerCenter", kind: "delegated", name: "user_impersonation" },
  { resource: "graph", kind: "application", name: "Directory.Read.All" },
];

export const LIFECYCLE_APP_PERMISSIONS: readonly PermissionRef[] = [
  { resource: "graph", kind: "application", name: "Organization.Read.All" },
  { resource: "graph", kind: "application", name: "DeviceManagementManagedDevices.Read.All" },
  { resource: "graph", kind: "application", name: "DeviceManagementApps.Read.All" },
];

export const DEFENDER_PERMISSION: PermissionRef = { resource: "defender", kind: "application", name: "Machine.Read.All" };

function sameResource(actual: string, wanted: string): boolean {
  const a = actual.toLowerCase();
  return (ALIASES[wanted] ?? [wanted.toLowerCase()]).includes(a);
}

export function samePermission(actual: PermissionRef, wanted: PermissionRef): boolean {
  return (
    actual.kind === wanted.kind &&
    actual.name.toLowerCase() === wanted.name.toLowerCase() &&
    sameResource(actual.resource, wanted.resource)
  );
}

export function includesPermission(have: readonly PermissionRef[], wanted: PermissionRef): boolean {
  return have.some((p) => samePermission(p, wanted));
}

/** "Machine.Read.All (WindowsDefenderATP, application)". */
export function permissionLabel(p: PermissionRef): string {
  return `${p.name} (${RESOURCE_NAMES[p.resource] ?? p.resource}, ${p.kind})`;
}
