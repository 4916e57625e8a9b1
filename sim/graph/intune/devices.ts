/**
 * Scenario devices as Intune's managedDevice and detectedApp entities (Graph v1.0 / beta shapes).
 * Pure and deterministic: the same device always maps to the same entity.
 */
import { createHash } from "node:crypto";
import type { DetectedApp, ManagedDevice } from "@microsoft/microsoft-graph-types";
import type { Device } from "../../scenario/schema";
import type { DetectedApp as GeneratedDetectedApp } from "../../scenario/generate";
import { fmix32 } from "../../core/random";
import { relativeOffsetMs } from "../../scenario/dates";


/**
 * A scenario date (ISO, "now", "+12d", "-3d") as an ISO instant. The world normally resolves dates at load;
 * this keeps handlers correct if a lazily generated device still carries a relative one.
 */
export function resolveDate(spec: string, now: Date): string {
  // Fast path: already an instant in Graph's form ("2025-08-23T03:56:22Z").
  if (spec.length === 20 && spec.charCodeAt(19) === 90 /* Z */ && spec.charCodeAt(10) === 84 /* T */) return spec;
  if (spec === "now") return now.toISOString();
  const offset = relativeOffsetMs(spec);
  if (offset !== undefined) return new Date(now.getTime() + offset).toISOString();
  const t = Date.parse(spec);
  return Number.isNaN(t) ? spec : new Date(t).toISOString();
}

export function smallHash(seed: string, basis = 2166136261): number {
  let h = basis;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return fmix32(h);
}

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const HEX_BYTE_UPPER = HEX_BYTE.map((h) => h.toUpperCase());
const hex8 = (n: number) => HEX_BYTE[(n >>> 24) & 255] + HEX_BYTE[(n >>> 16) & 255] + HEX_BYTE[(n >>> 8) & 255] + HEX_BYTE[n & 255];

const HEX = "0123456789abcdef";

/** A GUID (version-4 layout) derived from a string: stable across runs, not cryptographic (hot path: every device). */
export function guidFrom(seed: string): string {
  let a = 2166136261, b = 0x9e3779b9, c = 0x7f4a7c15, d = 0x165667b1;
  for (let i = 0; i < seed.length; i++) {
    const ch = seed.charCodeAt(i);
    a = Math.imul(a ^ ch, 16777619);
    b = Math.imul(b ^ ch, 0x01000193) + 0x5bd1e995;
    c = Math.imul(c ^ ch, 0x85ebca6b);
    d = Math.imul(d ^ ch, 0xc2b2ae35);
  }
  const A = fmix32(a), B = fmix32(b ^ a), C = fmix32(c ^ b), D = fmix32(d ^ c);
  // Same text as hex8(A)-hex8(B)[0..4]-4hex8(B)[5..8]-variant hex8(C)[1..4]-hex8(C)[4..8]hex8(D), without slicing.
  return (
    `${hex8(A)}-${HEX_BYTE[B >>> 24]}${HEX_BYTE[(B >>> 16) & 255]}-4${HEX[(B >>> 8) & 15]}${HEX_BYTE[B & 255]}` +
    `-${HEX[((C >>> 28) & 3) | 8]}${HEX[(C >>> 24) & 15]}${HEX_BYTE[(C >>> 16) & 255]}-${HEX_BYTE[(C >>> 8) & 255]}${HEX_BYTE[C & 255]}${hex8(D)}`
  );
}

/**
 * Another GUID derived from a GUID by a per-position permutation of its hex digits (bijective, cheap: used for every
 * device's Entra device id). Falls back to guidFrom for ids that are not GUIDs.
 */
export function deriveGuid(id: string, salt: number): string {
  if (id.length !== 36) return guidFrom(`${salt}:${id}`);
  let out = "";
  for (let i = 0; i < 36; i++) {
    const ch = id.charCodeAt(i);
    if (ch === 45 /* - */) {
      out += "-";
      continue;
    }
    const v = ch <= 57 ? ch - 48 : (ch | 32) - 87;
    if (v < 0 || v > 15) return guidFrom(`${salt}:${id}`);
    if (i === 14) out += "4";
    else if (i === 19) out += HEX[8 | ((v + salt) & 3)];
    else out += HEX[(v + salt + 7 * i) & 15];
  }
  return out;
}

export const STORAGE_GB = [64, 128, 256, 512];

/** The properties a managedDevice carries in our answers (also the $select vocabulary). */
export const MANAGED_DEVICE_PROPERTIES: ReadonlySet<string> = new Set([
  "id", "userId", "deviceName", "managedDeviceOwnerType", "enrolledDateTime", "lastSyncDateTime", "operatingSystem",
  "complianceState", "jailBroken", "managementAgent", "osVersion", "easActivated", "easDeviceId", "azureADRegistered",
  "deviceEnrollmentType", "emailAddress", "azureADDeviceId", "deviceRegistrationState", "deviceCategoryDisplayName",
  "isSupervised", "exchangeAccessState", "isEncrypted", "userPrincipalName", "model", "manufacturer", "imei",
  "complianceGracePeriodExpirationDateTime", "serialNumber", "phoneNumber", "androidSecurityPatchLevel",
  "userDisplayName", "wiFiMacAddress", "subscriberCarrier", "meid", "totalStorageSpaceInBytes",
  "freeStorageSpaceInBytes", "managedDeviceName", "partnerReportedThreatState", "iccid", "udid", "notes",
  "ethernetMacAddress", "physicalMemoryInBytes", "enrollmentProfileName", "deviceActionResults", "easActivationDateTime",
  "activationLockBypassCode", "exchangeLastSuccessfulSyncDateTime", "exchangeAccessStateReason",
  "remoteAssistanceSessionUrl", "remoteAssistanceSessionErrorDetails", "configurationManagerClientEnabledFeatures",
  "deviceHealthAttestationState",
]);

/** Properties the simulator accepts in $filter on managedDevices [Intune's real list is longer; unconfirmed]. */
export const MANAGED_DEVICE_FILTERABLE: ReadonlyMap<string, "string" | "date" | "number" | "boolean"> = new Map([
  ["operatingSystem", "string"],
  ["complianceState", "string"],
  ["deviceName", "string"],
  ["userPrincipalName", "string"],
  ["serialNumber", "string"],
  ["managedDeviceOwnerType", "string"],
  ["azureADDeviceId", "string"],
  ["lastSyncDateTime", "date"],
  ["enrolledDateTime", "date"],
  ["isEncrypted", "boolean"],
]);

export function macFrom(h: number, salt: number): string {
  const x = (h ^ Math.imul(salt, 2654435761)) >>> 0;
  return `00155D${HEX_BYTE_UPPER[x >>> 24]}${HEX_BYTE_UPPER[(x >>> 16) & 255]}${HEX_BYTE_UPPER[(x >>> 8) & 255]}`;
}

export function toManagedDevice(device: Device, now: Date): ManagedDevice & { id: string } {
  const h = smallHash(device.id);
  const totalGb = STORAGE_GB[h % STORAGE_GB.length] ?? 256;
  const total = totalGb * 1024 * 1024 * 1024;
  const free = Math.floor(total * (0.1 + ((h >>> 8) % 70) / 100));
  const isMobile = device.operatingSystem === "iOS" || device.operatingSystem === "Android";
  const upn = device.userPrincipalName;
  const userName = upn.includes("@") ? upn.slice(0, upn.indexOf("@")) : upn;
  return {
    id: device.id,
    userId: upn ? guidFrom(`user:${upn}`) : "",
    deviceName: device.deviceName,
    managedDeviceOwnerType: "company",
    deviceActionResults: [],
    enrolledDateTime: resolveDate(device.enrolledDateTime, now),
    lastSyncDateTime: resolveDate(device.lastSyncDateTime, now),
    operatingSystem: device.operatingSystem,
    complianceState: device.complianceState,
    jailBroken: isMobile ? "False" : "Unknown",
    managementAgent: "mdm",
    osVersion: device.osVersion,
    easActivated: false,
    easDeviceId: "",
    easActivationDateTime: "0001-01-01T00:00:00Z",
    azureADRegistered: true,
    deviceEnrollmentType: device.operatingSystem === "Windows" ? "windowsAzureADJoin" : "userEnrollment",
    activationLockBypassCode: null,
    emailAddress: upn,
    azureADDeviceId: deriveGuid(device.id, 5),
    deviceRegistrationState: "registered",
    deviceCategoryDisplayName: "Unknown Category",
    isSupervised: false,
    exchangeLastSuccessfulSyncDateTime: "0001-01-01T00:00:00Z",
    exchangeAccessState: "none",
    exchangeAccessStateReason: "none",
    remoteAssistanceSessionUrl: "",
    remoteAssistanceSessionErrorDetails: "",
    isEncrypted: device.isEncrypted,
    userPrincipalName: upn,
    model: device.model,
    manufacturer: device.manufacturer,
    imei: "",
    complianceGracePeriodExpirationDateTime: "9999-12-31T23:59:59Z",
    serialNumber: device.serialNumber,
    phoneNumber: "",
    androidSecurityPatchLevel: "",
    userDisplayName: userName,
    configurationManagerClientEnabledFeatures: null,
    wiFiMacAddress: macFrom(h, 1),
    deviceHealthAttestationState: null,
    subscriberCarrier: "",
    meid: "",
    totalStorageSpaceInBytes: total,
    freeStorageSpaceInBytes: free,
    managedDeviceName: `${userName}_${device.operatingSystem}_${device.enrolledDateTime.slice(0, 10)}`,
    partnerReportedThreatState: "unknown",
    iccid: null,
    udid: null,
    notes: null,
    ethernetMacAddress: null,
    physicalMemoryInBytes: 0,
    enrollmentProfileName: null,
  };
}

/** A detected app of a tenant's inventory (the generator's shape, before it becomes a Graph detectedApp). */
export type InventoryApp = GeneratedDetectedApp;

export const DETECTED_APP_PROPERTIES: ReadonlySet<string> = new Set([
  "id", "displayName", "version", "sizeInByte", "deviceCount", "publisher", "platform",
]);

export const DETECTED_APP_FILTERABLE: ReadonlyMap<string, "string" | "date" | "number" | "boolean"> = new Map([
  ["displayName", "string"],
  ["publisher", "string"],
  ["platform", "string"],
  ["version", "string"],
  ["deviceCount", "number"],
]);

/** Graph's detectedAppPlatformType values. */
const PLATFORMS = new Set(["unknown", "windows", "windowsMobile", "windowsHolographic", "ios", "macOS", "chromeOS", "androidOSP", "androidDeviceAdministrator", "androidWorkProfile", "androidDedicatedAndFullyManaged"]);

export function platformFor(os: string): string {
  switch (os) {
    case "Windows": return "windows";
    case "macOS": return "macOS";
    case "iOS": return "ios";
    case "Android": return "androidWorkProfile";
    default: return "unknown";
  }
}

export function toDetectedApp(app: InventoryApp): DetectedApp & { id: string } {
  const platform = PLATFORMS.has(app.platform) ? app.platform : platformFor(app.platform);
  return {
    id: app.id,
    displayName: app.displayName,
    version: app.version,
    sizeInByte: app.sizeInByte,
    deviceCount: app.deviceCount,
    publisher: app.publisher,
    // detectedAppPlatformType is a string enum in the types package
    platform: platform as DetectedApp["platform"],
  };
}

/** Id of an app seen on a device, when the tenant's catalogue does not list it: Intune's ids are opaque 44-char strings. */
export function detectedAppIdFor(displayName: string, version: string): string {
  return createHash("sha256").update(`${displayName}\u0000${version}`).digest("hex").slice(0, 44);
}
