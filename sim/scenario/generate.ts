/**
 * Lazy, deterministic generators: generated customers (computed from their index on demand) and device / detected-app
 * inventory (computed page by page). Nothing here materialises a whole tenant, so 1,000 tenants × 1,000 devices costs
 * almost no memory.
 */
import type { Customer, Device, GeneratedCustomers, GeneratedInventory } from "./schema";
import type { InventorySource } from "../core/types";
import { formatGuid, hash32, hex8, mix32, stableGuid } from "../core/random";
import { createHash } from "node:crypto";
import { resolveDate, toGraphDate } from "./dates";

// ---------------------------------------------------------------------------------------------------------------------
// Generated customers

/** Tenant id of generated customer `index`: 20 hex digits from a seeded hash, then the index in the last 12 (so lookups are O(1)). */
export function generatedTenantId(seed: number, index: number): string {
  const h = createHash("sha1").update(`${seed}\u0000generatedCustomer\u0000${index}`).digest("hex");
  return formatGuid(h.slice(0, 20) + index.toString(16).padStart(12, "0"));
}

/** Index of a generated customer's tenant id, or undefined if the id is not one of them. */
export function generatedTenantIndex(seed: number, count: number, tenantId: string): number | undefined {
  const t = tenantId.toLowerCase();
  if (t.length !== 36) return undefined;
  const index = parseInt(t.slice(24), 16);
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) return undefined;
  return generatedTenantId(seed, index) === t ? index : undefined;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "") || "customer";
}

/** The full customer description of generated customer `index` (same shape as an explicit one). */
export function generatedCustomer(g: GeneratedCustomers, scenarioSeed: number, index: number, _now: Date): Customer {
  const seed = g.seed ?? scenarioSeed;
  const tenantId = generatedTenantId(seed, index);
  const n = String(index + 1).padStart(4, "0");
  return {
    tenantId,
    displayName: `${g.namePrefix} ${n}`,
    domain: `${slug(g.namePrefix)}${n}.${g.domainSuffix}`,
    relationshipToPartner: "reseller",
    userCount: 100,
    users: [],
    gdapRelationships: [
      {
        id: `${stableGuid(seed, `gdap:${tenantId}:a`)}-${stableGuid(seed, `gdap:${tenantId}:b`)}`,
        displayName: `GDAP ${g.namePrefix} ${n}`.slice(0, 50),
        status: "active",
        roles: g.gdapRoles,
        duration: "P730D",
        autoExtendDuration: "P180D",
        createdDateTime: "-365d",
        activatedDateTime: "-365d",
        endDateTime: g.gdapEndsIn,
        accessAssignments: g.accessGroupIds.map((groupId) => ({ groupId, status: "active" as const, roles: g.gdapRoles })),
      },
    ],
    consentedApps: g.consentedApps,
    intune: { licensed: true },
    defender: { onboarded: false },
    subscribedSkus: [{ skuPartNumber: "SPE_E3", prepaidUnits: 100, consumedUnits: 90 }],
    inventory: g.inventory ? { generate: { ...g.inventory, seed: g.inventory.seed ?? mix32(seed, index) } } : { devices: [] },
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Inventory

export type InventorySpec =
  | { kind: "explicit"; devices: Device[] }
  | { kind: "generated"; spec: GeneratedInventory; domain: string };

export interface DetectedApp {
  id: string;
  displayName: string;
  version: string;
  publisher: string;
  platform: string;
  deviceCount: number;
  sizeInByte: number;
}

type OsName = Device["operatingSystem"];

const OS_DETAILS: Record<OsName, { versions: string[]; makers: [string, string[]][]; prefix: string; platform: string }> = {
  Windows: {
    versions: ["10.0.22631.4460", "10.0.22631.4602", "10.0.19045.5131", "10.0.26100.2314"],
    makers: [["Dell Inc.", ["Latitude 5440", "OptiPlex 7010", "XPS 13 9340"]], ["HP", ["EliteBook 840 G10", "ProBook 450 G9"]], ["LENOVO", ["ThinkPad T14 Gen 4", "ThinkPad X1 Carbon Gen 11"]], ["Microsoft Corporation", ["Surface Laptop 5", "Surface Pro 9"]]],
    prefix: "DESKTOP-",
    platform: "windows",
  },
  macOS: { versions: ["14.6.1", "15.1", "13.7.1"], makers: [["Apple", ["MacBook Air (M2, 2022)", "MacBook Pro (14-inch, 2023)"]]], prefix: "MAC-", platform: "macOS" },
  iOS: { versions: ["17.6.1", "18.1", "18.1.1"], makers: [["Apple", ["iPhone 14", "iPhone 15", "iPad (10th generation)"]]], prefix: "IPHONE-", platform: "ios" },
  Android: { versions: ["13", "14", "15"], makers: [["samsung", ["SM-S911B", "SM-A546B"]], ["Google", ["Pixel 8", "Pixel 7a"]]], prefix: "ANDROID-", platform: "androidWorkProfile" },
  Linux: { versions: ["22.04", "24.04"], makers: [["Dell Inc.", ["Precision 3581"]]], prefix: "LINUX-", platform: "unknown" },
};

const APP_NAMES: [string, string][] = [
  ["Microsoft Edge", "Microsoft Corporation"], ["Microsoft Teams", "Microsoft Corporation"], ["Microsoft 365 Apps for enterprise", "Microsoft Corporation"],
  ["Google Chrome", "Google LLC"], ["Mozilla Firefox", "Mozilla"], ["Zoom Workplace", "Zoom Video Communications, Inc."], ["Adobe Acrobat Reader", "Adobe"],
  ["7-Zip", "Igor Pavlov"], ["Notepad++", "Notepad++ Team"], ["VLC media player", "VideoLAN"], ["Slack", "Slack Technologies"],
  ["Visual Studio Code", "Microsoft Corporation"], ["Git", "The Git Development Community"], ["Python", "Python Software Foundation"],
  ["Node.js", "OpenJS Foundation"], ["Java Runtime Environment", "Oracle Corporation"], ["Webex", "Cisco"], ["Dropbox", "Dropbox, Inc."],
  ["OneDrive", "Microsoft Corporation"], ["Company Portal", "Microsoft Corporation"], ["Windows App", "Microsoft Corporation"],
  ["1Password", "AgileBits Inc."], ["KeePass Password Safe", "Dominik Reichl"], ["WinRAR", "win.rar GmbH"], ["PuTTY", "Simon Tatham"],
  ["FileZilla", "Tim Kosse"], ["TeamViewer", "TeamViewer"], ["AnyDesk", "AnyDesk Software GmbH"], ["Spotify", "Spotify AB"],
  ["Power BI Desktop", "Microsoft Corporation"], ["Snagit", "TechSmith Corporation"], ["Greenshot", "Greenshot"], ["Paint.NET", "dotPDN LLC"],
  ["Postman", "Postman"], ["Docker Desktop", "Docker Inc."], ["WinSCP", "Martin Prikryl"], ["Citrix Workspace", "Citrix Systems, Inc."],
  ["FortiClient VPN", "Fortinet Technologies Inc"], ["Cisco Secure Client", "Cisco Systems, Inc."], ["Sophos Endpoint Agent", "Sophos Limited"],
];

const PLATFORM_BY_INDEX = ["windows", "windows", "windows", "macOS", "ios", "androidWorkProfile"];

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const VARIANT = ["8", "9", "a", "b"];

// Date strings shared by every tenant (all are generated against the same load time): toISOString per device
// would otherwise be one of the slowest parts of serving a page.
const dateCache = new Map<number, string>();
const minuteCache = new Map<number, string>();

function cachedDate(ms: number): string {
  let v = dateCache.get(ms);
  if (v === undefined) {
    if (dateCache.size > 50_000) dateCache.clear();
    v = toGraphDate(ms);
    dateCache.set(ms, v);
  }
  return v;
}

function cachedMinutePrefix(minute: number): string {
  let v = minuteCache.get(minute);
  if (v === undefined) {
    if (minuteCache.size > 50_000) minuteCache.clear();
    v = toGraphDate(minute * 60_000).slice(0, 17);
    minuteCache.set(minute, v);
  }
  return v;
}

function fastHex8(n: number): string {
  return HEX_BYTE[(n >>> 24) & 255] + HEX_BYTE[(n >>> 16) & 255] + HEX_BYTE[(n >>> 8) & 255] + HEX_BYTE[n & 255];
}

// eslint-disable-next-line no-control-regex -- matching the control characters JSON escapes is the point
const NEEDS_JSON_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/**
 * Whether a device's strings can be written into JSON between quotes as they are (generated devices of a tenant whose
 * domain needs no escaping). Lets the managedDevices writer skip escaping on its hot path.
 */
export function isJsonSafeDevice(d: Device): boolean {
  return GeneratedDevice.isJsonSafe(d);
}

/**
 * A generated device: plain data fields (one hidden class, fast to build and serialise) and `apps` as a prototype
 * getter, computed only when asked for and never serialised (managedDevices does not carry apps).
 */
class GeneratedDevice {
  readonly #index: number;
  readonly #appsOf: (i: number) => Device["apps"];
  readonly #jsonSafe: boolean;

  /** True when none of the device's strings holds a character JSON escapes (the tenant's domain was checked once). */
  static isJsonSafe(d: object): boolean {
    return #jsonSafe in d && d.#jsonSafe;
  }

  constructor(
    readonly id: string,
    readonly deviceName: string,
    readonly operatingSystem: OsName,
    readonly osVersion: string,
    readonly complianceState: Device["complianceState"],
    readonly serialNumber: string,
    readonly manufacturer: string,
    readonly model: string,
    readonly userPrincipalName: string,
    readonly enrolledDateTime: string,
    readonly lastSyncDateTime: string,
    readonly isEncrypted: boolean,
    index: number,
    appsOf: (i: number) => Device["apps"],
    jsonSafe: boolean,
  ) {
    this.#index = index;
    this.#appsOf = appsOf;
    this.#jsonSafe = jsonSafe;
  }

  get apps(): Device["apps"] {
    return this.#appsOf(this.#index);
  }
}

interface TenantInventory {
  count: number;
  device: (i: number) => Device;
  /** O(1): generated ids end with the device's index; explicit ones are indexed on first use. */
  byId: (id: string) => Device | undefined;
  appCount: number;
  app: (i: number) => DetectedApp;
}

const U32 = 4294967296;

function generatedTenantInventory(tenantId: string, spec: GeneratedInventory, domain: string, now: Date): TenantInventory {
  const tseed = mix32(spec.seed ?? 1, hash32(tenantId.toLowerCase()));
  // Every other string of a generated device comes from the tables above: only the domain can need JSON escaping.
  const jsonSafe = !NEEDS_JSON_ESCAPE.test(domain);
  const oses = (Object.entries(spec.osMix) as [OsName, number][]).filter(([, w]) => w > 0);
  const total = oses.reduce((a, [, w]) => a + w, 0) || 1;
  let acc = 0;
  const cumulative = oses.map(([os, w]) => {
    acc += w / total;
    return { os, upTo: acc };
  });
  if (cumulative.length === 0) cumulative.push({ os: "Windows", upTo: 1 });
  const nowMs = Math.floor(now.getTime() / 1000) * 1000;
  const C = spec.appCatalogSize;
  const perDevice = Math.min(spec.appsPerDevice, C);
  const users = Math.max(1, Math.ceil(spec.devices / 1.2));
  const appCache = new Map<number, DetectedApp>();
  const app = (idx: number): DetectedApp => {
    const cached = appCache.get(idx);
    if (cached) return cached;
    const h = mix32(tseed ^ 0x5bd1e995, idx);
    const [name, publisher] = APP_NAMES[idx % APP_NAMES.length];
    const totalSlots = spec.devices * perDevice;
    const deviceCount = Math.floor(totalSlots / C) + (idx < totalSlots % C ? 1 : 0);
    const a: DetectedApp = {
      id: `${hex8(h)}${hex8(mix32(h, 1))}${hex8(mix32(h, 2))}${hex8(mix32(h, 3))}${hex8(idx)}0000`,
      displayName: name,
      version: `${(h % 30) + 1}.${Math.floor(idx / APP_NAMES.length)}.${mix32(h, 4) % 10000}`,
      publisher,
      platform: PLATFORM_BY_INDEX[h % PLATFORM_BY_INDEX.length],
      deviceCount,
      sizeInByte: (mix32(h, 5) % 500_000_000) + 100_000,
    };
    if (appCache.size < 100_000) appCache.set(idx, a);
    return a;
  };
  const enrolledAt = (days: number): string => cachedDate(nowMs - days * 86_400_000 - 86_400_000);
  const syncedAt = (secondsAgo: number): string => {
    const t = nowMs - secondsAgo * 1000;
    return `${cachedMinutePrefix(Math.floor(t / 60_000))}${TWO_DIGITS[Math.floor(t / 1000) % 60]}Z`;
  };
  const appsOf = (i: number): Device["apps"] => {
    const out: Device["apps"] = [];
    for (let j = 0; j < perDevice; j++) {
      const a = app((i * perDevice + j) % C);
      out.push({ displayName: a.displayName, version: a.version, publisher: a.publisher });
    }
    return out;
  };
  const device = (i: number): Device => {
    const h1 = mix32(tseed, i);
    const h2 = mix32(h1, 1);
    const h3 = mix32(h1, 2);
    const h4 = mix32(h1, 3);
    const r = h2 / U32;
    let os: OsName = cumulative[cumulative.length - 1].os;
    for (const c of cumulative) {
      if (r < c.upTo) {
        os = c.os;
        break;
      }
    }
    const d = OS_DETAILS[os];
    const [manufacturer, models] = d.makers[h3 % d.makers.length];
    const x2 = fastHex8(h2);
    const x3 = fastHex8(h3);
    const serial = h4.toString(36).toUpperCase();
    return new GeneratedDevice(
      `${fastHex8(h1)}-${x2.slice(0, 4)}-4${x2.slice(5, 8)}-${VARIANT[h3 & 3]}${x3.slice(1, 4)}-${x3.slice(4, 8)}${fastHex8(i)}`,
      `${d.prefix}${serial.padStart(7, "0").slice(0, 7)}`,
      os,
      d.versions[h4 % d.versions.length],
      (h3 >>> 8) / 16777216 < spec.noncompliantRatio ? "noncompliant" : "compliant",
      `${serial}${i.toString(36).toUpperCase()}`,
      manufacturer,
      models[h4 % models.length],
      `user${(i % users) + 1}@${domain}`,
      enrolledAt(h4 % 700),
      syncedAt(h1 % 259_200),
      (h4 & 0xff) > 20,
      i,
      appsOf,
      jsonSafe,
    );
  };
  const byId = (id: string): Device | undefined => {
    const lower = id.toLowerCase();
    if (lower.length !== 36) return undefined;
    const i = parseInt(lower.slice(28), 16);
    if (!Number.isSafeInteger(i) || i < 0 || i >= spec.devices) return undefined;
    const d = device(i);
    return d.id === lower ? d : undefined;
  };
  return { count: spec.devices, device, byId, appCount: spec.devices > 0 ? C : 0, app };
}

function explicitTenantInventory(tenantId: string, devices: Device[]): TenantInventory {
  const byKey = new Map<string, DetectedApp>();
  for (const d of devices) {
    for (const a of d.apps) {
      const key = `${a.displayName}\u0000${a.version}`;
      const found = byKey.get(key);
      if (found) found.deviceCount++;
      else {
        const h = stableGuid(tenantId, `detectedApp:${key}`).replace(/-/g, "");
        byKey.set(key, {
          id: `${h}${h.slice(0, 12)}`,
          displayName: a.displayName,
          version: a.version,
          publisher: a.publisher,
          platform: OS_DETAILS[d.operatingSystem].platform,
          deviceCount: 1,
          sizeInByte: parseInt(h.slice(0, 7), 16),
        });
      }
    }
  }
  const apps = [...byKey.values()];
  let index: Map<string, Device> | undefined;
  const byId = (id: string): Device | undefined => {
    index ??= new Map(devices.map((d) => [d.id.toLowerCase(), d]));
    return index.get(id.toLowerCase());
  };
  return { count: devices.length, device: (i) => devices[i], byId, appCount: apps.length, app: (i) => apps[i] };
}

/** InventorySource over explicit and generated specs; per-tenant generators are cached (bounded), pages are computed on demand. */
export function createInventorySource(lookup: (tenantId: string) => InventorySpec | undefined, now: Date): InventorySource {
  const cache = new Map<string, TenantInventory | null>();
  const get = (tenantId: string): TenantInventory | null => {
    const key = tenantId.toLowerCase();
    let inv = cache.get(key);
    if (inv !== undefined) return inv;
    const spec = lookup(key);
    inv = !spec ? null : spec.kind === "explicit" ? explicitTenantInventory(key, spec.devices) : generatedTenantInventory(key, spec.spec, spec.domain, now);
    if (cache.size >= 2000) cache.delete(cache.keys().next().value as string);
    cache.set(key, inv);
    return inv;
  };
  const range = <T>(count: number, skip: number, top: number, f: (i: number) => T): T[] => {
    const out: T[] = [];
    const end = Math.min(count, Math.max(0, skip) + Math.max(0, top));
    for (let i = Math.max(0, skip); i < end; i++) out.push(f(i));
    return out;
  };
  return {
    deviceCount: (t) => get(t)?.count ?? 0,
    deviceById: (t, id) => get(t)?.byId(id),
    devices: (t, skip, top) => {
      const inv = get(t);
      return inv ? range(inv.count, skip, top, inv.device) : [];
    },
    detectedAppCount: (t) => get(t)?.appCount ?? 0,
    detectedApps: (t, skip, top) => {
      const inv = get(t);
      return inv ? range(inv.appCount, skip, top, inv.app) : [];
    },
  };
}

/** Resolves the relative dates of explicit devices. */
export function resolveDevices(devices: Device[], now: Date): Device[] {
  return devices.map((d) => ({ ...d, enrolledDateTime: resolveDate(d.enrolledDateTime, now), lastSyncDateTime: resolveDate(d.lastSyncDateTime, now) }));
}
