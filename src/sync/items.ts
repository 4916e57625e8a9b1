/**
 * What the sync reads of each resource and how an item becomes an inventory item (pure): the `$select`ed fields only
 * (so a field Microsoft adds does not rewrite every document), an id, and the content hash that decides whether the
 * stored document must be rewritten.
 */
import { contentHash } from "../store/canonicalJson";

export type { InventoryKind } from "../store/inventoryRepo";
import type { InventoryKind } from "../store/inventoryRepo";
export const INVENTORY_KINDS: readonly InventoryKind[] = ["organization", "sku", "device", "app", "user", "machine"];

/** Intune's page size and largest $top. */
export const PAGE_SIZE = 1000;

export const DEVICE_FIELDS = [
  "id",
  "deviceName",
  "operatingSystem",
  "osVersion",
  "complianceState",
  "lastSyncDateTime",
  "enrolledDateTime",
  "serialNumber",
  "manufacturer",
  "model",
  "userPrincipalName",
  "isEncrypted",
  "managedDeviceOwnerType",
] as const;
export const APP_FIELDS = ["id", "displayName", "version", "publisher", "platform", "deviceCount", "sizeInByte"] as const;
export const SKU_FIELDS = ["skuId", "skuPartNumber", "capabilityStatus", "appliesTo", "prepaidUnits", "consumedUnits"] as const;
export const ORGANIZATION_FIELDS = ["id", "displayName", "verifiedDomains", "countryLetterCode", "createdDateTime", "tenantType"] as const;

/** Users: Graph's largest $top for directory objects. */
export const USER_PAGE_SIZE = 999;
export const USER_FIELDS = ["id", "displayName", "userPrincipalName", "accountEnabled", "assignedLicenses", "userType"] as const;
/** With the last sign-in: needs AuditLog.Read.All and Entra ID P1/P2 in the tenant (else Graph refuses the read). */
export const USER_FIELDS_WITH_SIGN_IN = [...USER_FIELDS, "signInActivity"] as const;
/** Defender for Endpoint machines (GET /api/machines): what the lifecycle view needs. */
export const MACHINE_FIELDS = ["id", "computerDnsName", "osPlatform", "osVersion", "healthStatus", "riskScore", "exposureLevel", "lastSeen", "onboardingStatus", "aadDeviceId"] as const;

export interface ResourceSpec {
  kind: InventoryKind;
  /** Path relative to the Graph version root, with its query. */
  path: string;
  /** Decides the token buckets (limits.ts). */
  workload: "graph" | "intune" | "identity" | "defender";
  /** The field that identifies an item. */
  idField: string;
  fields: readonly string[];
  /** $top asked for (to recognise a full last page). */
  pageSize?: number;
}

export const INTUNE_RESOURCES: readonly ResourceSpec[] = [
  { kind: "organization", path: `/organization?$select=${ORGANIZATION_FIELDS.join(",")}`, workload: "graph", idField: "id", fields: ORGANIZATION_FIELDS },
  { kind: "sku", path: `/subscribedSkus?$select=${SKU_FIELDS.join(",")}`, workload: "graph", idField: "skuId", fields: SKU_FIELDS },
  {
    kind: "device",
    path: `/deviceManagement/managedDevices?$select=${DEVICE_FIELDS.join(",")}&$top=${PAGE_SIZE}&$count=true`,
    workload: "intune",
    idField: "id",
    fields: DEVICE_FIELDS,
    pageSize: PAGE_SIZE,
  },
  {
    kind: "app",
    path: `/deviceManagement/detectedApps?$select=${APP_FIELDS.join(",")}&$top=${PAGE_SIZE}&$count=true`,
    workload: "intune",
    idField: "id",
    fields: APP_FIELDS,
    pageSize: PAGE_SIZE,
  },
];

export const ORGANIZATION_SPEC: ResourceSpec = INTUNE_RESOURCES[0];
export const SKU_SPEC: ResourceSpec = INTUNE_RESOURCES[1];

/** The M365 part's users (`signInActivity`: with the last sign-in). */
export function userSpec(signInActivity: boolean): ResourceSpec {
  const fields = signInActivity ? USER_FIELDS_WITH_SIGN_IN : USER_FIELDS;
  return { kind: "user", path: `/users?$select=${fields.join(",")}&$top=${USER_PAGE_SIZE}`, workload: "identity", idField: "id", fields, pageSize: USER_PAGE_SIZE };
}

/** Defender machines (the path is the Defender client's; kept for logs). */
export const MACHINE_SPEC: ResourceSpec = { kind: "machine", path: "/api/machines", workload: "defender", idField: "id", fields: MACHINE_FIELDS };

export interface InventoryItem {
  itemId: string;
  data: Record<string, unknown>;
  hash: string;
}

/** The item as stored, or undefined when Microsoft's item is not an object or has no usable id (1–200 characters). */
export function toItem(spec: Pick<ResourceSpec, "idField" | "fields">, raw: unknown): InventoryItem | undefined {
  // Checked by hand rather than with a schema: this runs for every item of every page.
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const id = r[spec.idField];
  if (typeof id !== "string" || id.length === 0 || id.length > 200) return undefined;
  const data: Record<string, unknown> = {};
  // In key order, so the content hash's canonical JSON needs no sort (the same text either way).
  for (const f of sortedFields(spec.fields)) data[f] = r[f] ?? null;
  return { itemId: id.toLowerCase(), data, hash: contentHash(data) };
}

const sortedOnce = new WeakMap<readonly string[], readonly string[]>();
function sortedFields(fields: readonly string[]): readonly string[] {
  let sorted = sortedOnce.get(fields);
  if (sorted === undefined) {
    sorted = [...fields].sort();
    sortedOnce.set(fields, sorted);
  }
  return sorted;
}
