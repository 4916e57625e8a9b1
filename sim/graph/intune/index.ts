/** Intune routes (Graph v1.0 and beta), wired into the simulator by sim-core. */
import type { RouteAuth, RouteDef } from "../../core/types";
import { ROLE_TEMPLATE_IDS } from "../../scenario/roles";
import { intuneForbidden } from "./errors";
import { getManagedDevice, listDetectedApps, listDeviceDetectedApps, listManagedDevices } from "./managedDevices";

/**
 * managedDevices and detectedApps both need DeviceManagementManagedDevices.Read.All (or ReadWrite.All), delegated or
 * application — not DeviceManagementApps.Read.All, which covers deviceAppManagement/mobileApps (learn.microsoft.com:
 * intune-devices-manageddevice-list, intune-devices-detectedapp-list).
 */
const DEVICE_SCOPES = ["DeviceManagementManagedDevices.Read.All", "DeviceManagementManagedDevices.ReadWrite.All"];

export const INTUNE_DEVICES_AUTH: RouteAuth = {
  audience: "graph",
  application: DEVICE_SCOPES,
  delegated: DEVICE_SCOPES,
  forbidden: (req, now) => intuneForbidden(req, now, DEVICE_SCOPES),
  // A partner user through GDAP: the Entra roles Intune maps to its own RBAC (read: Global Reader).
  foreignUserRoles: [ROLE_TEMPLATE_IDS["Global Administrator"], ROLE_TEMPLATE_IDS["Intune Administrator"], ROLE_TEMPLATE_IDS["Global Reader"]],
};

const versions = ["v1.0", "beta"] as const;

export const routes: RouteDef[] = versions.flatMap((v): RouteDef[] => [
  { service: "graph", method: "GET", path: `/${v}/deviceManagement/managedDevices`, auth: INTUNE_DEVICES_AUTH, throttle: { workload: "intune" }, paged: true, handler: listManagedDevices },
  { service: "graph", method: "GET", path: `/${v}/deviceManagement/managedDevices/{id}`, auth: INTUNE_DEVICES_AUTH, throttle: { workload: "intune" }, handler: getManagedDevice },
  { service: "graph", method: "GET", path: `/${v}/deviceManagement/managedDevices/{id}/detectedApps`, auth: INTUNE_DEVICES_AUTH, throttle: { workload: "intune" }, paged: true, handler: listDeviceDetectedApps },
  { service: "graph", method: "GET", path: `/${v}/deviceManagement/detectedApps`, auth: INTUNE_DEVICES_AUTH, throttle: { workload: "intune" }, paged: true, handler: listDetectedApps },
]);
