/**
 * The managedDevices hot path: a device's JSON text written straight from its fields, without building the
 * 56-property entity and stringifying it. `toManagedDevice` (devices.ts) stays the reference mapping; deviceJson.test.ts
 * proves JSON.parse of this output equals it, in full and under $select. Constant parts are pre-joined (per OS and
 * flag where a constant depends on one); values go between quotes as they are, which is only done for devices whose
 * strings need no escaping (generated ones: isJsonSafeDevice) — any other device takes the reference mapping.
 */
import type { Device } from "../../scenario/schema";
import { isJsonSafeDevice } from "../../scenario/generate";
import { STORAGE_GB, deriveGuid, guidFrom, macFrom, resolveDate, smallHash, toManagedDevice } from "./devices";
import { applySelect } from "./query";
import { JsonBytes, bytesOf } from "../../core/rawJson";
import { declaredDefault, isDeclaredExactly } from "../declared";

const MANAGED_DEVICE = "microsoft.graph.managedDevice";

const GB = 1024 * 1024 * 1024;

function userNameOf(upn: string): string {
  const at = upn.indexOf("@");
  return at >= 0 ? upn.slice(0, at) : upn;
}

const isMobile = (os: string) => os === "iOS" || os === "Android";
const totalBytes = (h: number) => (STORAGE_GB[h % STORAGE_GB.length] ?? 256) * GB;
const freeBytes = (h: number) => {
  const total = totalBytes(h);
  return Math.floor(total * (0.1 + ((h >>> 8) % 70) / 100));
};
const managedDeviceName = (d: Device) => `${userNameOf(d.userPrincipalName)}_${d.operatingSystem}_${d.enrolledDateTime.slice(0, 10)}`;
const enrollmentType = (os: string) => (os === "Windows" ? '"windowsAzureADJoin"' : '"userEnrollment"');
const userIdOf = (upn: string) => (upn ? guidFrom(`user:${upn}`) : "");

/**
 * One full managedDevice (every property, in toManagedDevice's order) from a device whose strings need no escaping
 * (isJsonSafeDevice): values go between quotes as they are.
 */
function fullSafe(d: Device, now: Date): string {
  const h = smallHash(d.id);
  const upn = d.userPrincipalName;
  const os = d.operatingSystem;
  const mobile = isMobile(os);
  const userName = userNameOf(upn);
  return (
    `{"id":"${d.id}","userId":"${userIdOf(upn)}","deviceName":"${d.deviceName}","managedDeviceOwnerType":"company","deviceActionResults":[],"enrolledDateTime":"${resolveDate(d.enrolledDateTime, now)}","lastSyncDateTime":"${resolveDate(d.lastSyncDateTime, now)}","operatingSystem":"${os}","complianceState":"${d.complianceState}"` +
    `${mobile ? ',"jailBroken":"False","managementAgent":"mdm","osVersion":"' : ',"jailBroken":"Unknown","managementAgent":"mdm","osVersion":"'}${d.osVersion}` +
    `${os === "Windows" ? '","easActivated":false,"easDeviceId":"","easActivationDateTime":"0001-01-01T00:00:00Z","azureADRegistered":true,"deviceEnrollmentType":"windowsAzureADJoin","activationLockBypassCode":null,"emailAddress":"' : '","easActivated":false,"easDeviceId":"","easActivationDateTime":"0001-01-01T00:00:00Z","azureADRegistered":true,"deviceEnrollmentType":"userEnrollment","activationLockBypassCode":null,"emailAddress":"'}${upn}` +
    `","azureADDeviceId":"${deriveGuid(d.id, 5)}","deviceRegistrationState":"registered","deviceCategoryDisplayName":"Unknown Category","isSupervised":false,"exchangeLastSuccessfulSyncDateTime":"0001-01-01T00:00:00Z","exchangeAccessState":"none","exchangeAccessStateReason":"none","remoteAssistanceSessionUrl":"","remoteAssistanceSessionErrorDetails":""` +
    `${d.isEncrypted ? ',"isEncrypted":true,"userPrincipalName":"' : ',"isEncrypted":false,"userPrincipalName":"'}${upn}","model":"${d.model}","manufacturer":"${d.manufacturer}","imei":"","complianceGracePeriodExpirationDateTime":"9999-12-31T23:59:59Z","serialNumber":"${d.serialNumber}"` +
    `,"phoneNumber":"","androidSecurityPatchLevel":"","userDisplayName":"${userName}","configurationManagerClientEnabledFeatures":null,"wiFiMacAddress":"${macFrom(h, 1)}","deviceHealthAttestationState":null,"subscriberCarrier":"","meid":"","totalStorageSpaceInBytes":${totalBytes(h)},"freeStorageSpaceInBytes":${freeBytes(h)}` +
    `,"managedDeviceName":"${userName}_${os}_${d.enrolledDateTime.slice(0, 10)}","partnerReportedThreatState":"unknown","iccid":null,"udid":null,"notes":null,"ethernetMacAddress":null,"physicalMemoryInBytes":0,"enrollmentProfileName":null}`
  );
}

/**
 * Appends the devices as the elements of a JSON array (comma-separated, no brackets): full entities (select
 * undefined) or the $select subset. Safe devices take the template writers, any other the reference mapping. One
 * native UTF-8 write per device into the page's buffer: no page-sized string is ever built (flattening one costs more
 * than writing the devices).
 */
export function writeManagedDevices(w: JsonBytes, devices: readonly Device[], select: readonly string[] | undefined, now: Date): void {
  const write = select ? managedDeviceWriter(select) : undefined;
  for (let i = 0; i < devices.length; i++) {
    if (i > 0) w.bytes(COMMA);
    const d = devices[i];
    if (write) w.text(write(d, now));
    else if (isJsonSafeDevice(d)) w.text(fullSafe(d, now));
    else w.text(JSON.stringify(toManagedDevice(d, now)));
  }
}

const COMMA = bytesOf(",");

/** One full managedDevice as JSON text: the fast writer for safe devices, the reference mapping for any other. */
export function managedDeviceJson(d: Device, now: Date): string {
  return isJsonSafeDevice(d) ? fullSafe(d, now) : JSON.stringify(toManagedDevice(d, now));
}

type ValueWriter = (d: Device, now: Date) => string;

const str = (s: string) => `"${s}"`;

const constant = (json: string): ValueWriter => () => json;

/** JSON value text of each property of a safe device, by name (the $select vocabulary: MANAGED_DEVICE_PROPERTIES). */
const VALUE_WRITERS: ReadonlyMap<string, ValueWriter> = new Map<string, ValueWriter>([
  ["id", (d) => str(d.id)],
  ["userId", (d) => `"${userIdOf(d.userPrincipalName)}"`],
  ["deviceName", (d) => str(d.deviceName)],
  ["managedDeviceOwnerType", constant('"company"')],
  ["deviceActionResults", constant("[]")],
  ["enrolledDateTime", (d, now) => str(resolveDate(d.enrolledDateTime, now))],
  ["lastSyncDateTime", (d, now) => str(resolveDate(d.lastSyncDateTime, now))],
  ["operatingSystem", (d) => str(d.operatingSystem)],
  ["complianceState", (d) => str(d.complianceState)],
  ["jailBroken", (d) => (isMobile(d.operatingSystem) ? '"False"' : '"Unknown"')],
  ["managementAgent", constant('"mdm"')],
  ["osVersion", (d) => str(d.osVersion)],
  ["easActivated", constant("false")],
  ["easDeviceId", constant('""')],
  ["easActivationDateTime", constant('"0001-01-01T00:00:00Z"')],
  ["azureADRegistered", constant("true")],
  ["deviceEnrollmentType", (d) => enrollmentType(d.operatingSystem)],
  ["activationLockBypassCode", constant("null")],
  ["emailAddress", (d) => str(d.userPrincipalName)],
  ["azureADDeviceId", (d) => `"${deriveGuid(d.id, 5)}"`],
  ["deviceRegistrationState", constant('"registered"')],
  ["deviceCategoryDisplayName", constant('"Unknown Category"')],
  ["isSupervised", constant("false")],
  ["exchangeLastSuccessfulSyncDateTime", constant('"0001-01-01T00:00:00Z"')],
  ["exchangeAccessState", constant('"none"')],
  ["exchangeAccessStateReason", constant('"none"')],
  ["remoteAssistanceSessionUrl", constant('""')],
  ["remoteAssistanceSessionErrorDetails", constant('""')],
  ["isEncrypted", (d) => (d.isEncrypted ? "true" : "false")],
  ["userPrincipalName", (d) => str(d.userPrincipalName)],
  ["model", (d) => str(d.model)],
  ["manufacturer", (d) => str(d.manufacturer)],
  ["imei", constant('""')],
  ["complianceGracePeriodExpirationDateTime", constant('"9999-12-31T23:59:59Z"')],
  ["serialNumber", (d) => str(d.serialNumber)],
  ["phoneNumber", constant('""')],
  ["androidSecurityPatchLevel", constant('""')],
  ["userDisplayName", (d) => str(userNameOf(d.userPrincipalName))],
  ["configurationManagerClientEnabledFeatures", constant("null")],
  ["wiFiMacAddress", (d) => `"${macFrom(smallHash(d.id), 1)}"`],
  ["deviceHealthAttestationState", constant("null")],
  ["subscriberCarrier", constant('""')],
  ["meid", constant('""')],
  ["totalStorageSpaceInBytes", (d) => String(totalBytes(smallHash(d.id)))],
  ["freeStorageSpaceInBytes", (d) => String(freeBytes(smallHash(d.id)))],
  ["managedDeviceName", (d) => str(managedDeviceName(d))],
  ["partnerReportedThreatState", constant('"unknown"')],
  ["iccid", constant("null")],
  ["udid", constant("null")],
  ["notes", constant("null")],
  ["ethernetMacAddress", constant("null")],
  ["physicalMemoryInBytes", constant("0")],
  ["enrollmentProfileName", constant("null")],
]);

export type DeviceJsonWriter = (d: Device, now: Date) => string;

const selectWriters = new Map<string, DeviceJsonWriter>();

/**
 * The writer for a $select list (undefined: every property): the selected properties in the order first named,
 * duplicates once, names neither modelled nor declared skipped (as applySelect does). Compiled once per distinct list (bounded cache).
 */
export function managedDeviceWriter(select: readonly string[] | undefined): DeviceJsonWriter {
  if (!select) return managedDeviceJson;
  const key = select.join(",");
  const cached = selectWriters.get(key);
  if (cached) return cached;
  const seen = new Set<string>();
  const prefixes: string[] = [];
  const writers: ValueWriter[] = [];
  for (const name of select) {
    // A declared property the simulator does not model is written with Graph's default (declared.ts), as applySelect does.
    const w = VALUE_WRITERS.get(name) ?? (isDeclaredExactly(MANAGED_DEVICE, name) ? constant(JSON.stringify(declaredDefault(MANAGED_DEVICE, name))) : undefined);
    if (!w || seen.has(name)) continue;
    seen.add(name);
    prefixes.push(`${prefixes.length === 0 ? "{" : ","}${JSON.stringify(name)}:`);
    writers.push(w);
  }
  const n = writers.length;
  const writer: DeviceJsonWriter = (d, now) => {
    if (!isJsonSafeDevice(d)) return JSON.stringify(applySelect(toManagedDevice(d, now), select, MANAGED_DEVICE));
    if (n === 0) return "{}";
    let out = "";
    for (let i = 0; i < n; i++) out += prefixes[i] + writers[i](d, now);
    return `${out}}`;
  };
  if (selectWriters.size >= 256) selectWriters.clear();
  selectWriters.set(key, writer);
  return writer;
}
