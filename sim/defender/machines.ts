/**
 * Defender for Endpoint `GET /api/machines` (learn.microsoft.com/defender-endpoint/api/get-machines):
 * OData `$top` (max 10,000, also the page size) and `$skip`, `$filter` on a subset of the documented properties,
 * Machine.Read.All / Machine.ReadWrite.All. Rate limits (100/min, 1,500/hour) are enforced by the core's throttler
 * (workload "defender"). Errors: `{"error": {"code", "message", "target"}}` (Defender API common errors).
 * Machines are the tenant's inventory devices (the same aadDeviceId as Intune's azureADDeviceId), read lazily.
 */
import { createHash } from "node:crypto";
import type { Device } from "../scenario/schema";
import type { SimContext, SimRequest, SimResponse } from "../core/types";
import { deriveGuid, resolveDate } from "../graph/intune/devices";
import { parseFilter, type Predicate } from "../graph/intune/query";
import { pageOf } from "../graph/intune/managedDevices";

export const DEFENDER_MAX_TOP = 10_000;

export function defenderError(req: Pick<SimRequest, "requestId">, status: number, code: string, message: string): SimResponse {
  return { status, headers: { "content-type": "application/json; charset=utf-8" }, body: { error: { code, message, target: req.requestId } } };
}

/**
 * A tenant where Defender for Endpoint is not onboarded: 403 DisabledFeature "Tenant feature is not enabled"
 * (documented error code; observed for APIs of features a tenant lacks [unconfirmed that /api/machines answers exactly
 * this before onboarding]).
 */
export const NOT_ONBOARDED = { status: 403, code: "DisabledFeature", message: "Tenant feature is not enabled." } as const;

export interface Machine {
  id: string;
  computerDnsName: string;
  firstSeen: string;
  lastSeen: string;
  osPlatform: string;
  osVersion: string | null;
  osProcessor: string;
  version: string;
  lastIpAddress: string;
  lastExternalIpAddress: string;
  agentVersion: string;
  osBuild: number;
  healthStatus: string;
  deviceValue: string;
  rbacGroupId: number;
  rbacGroupName: string | null;
  riskScore: string;
  exposureLevel: string;
  isAadJoined: boolean;
  aadDeviceId: string;
  machineTags: string[];
  defenderAvStatus: string;
  onboardingStatus: string;
  osArchitecture: string;
  managedBy: string;
  managedByStatus: string;
  ipAddresses: { ipAddress: string; macAddress: string; type: string; operationalStatus: string }[];
  vmMetadata: null;
}

const LEVELS = ["None", "Low", "Medium", "High"];

function platform(d: Device): string {
  switch (d.operatingSystem) {
    case "Windows": return d.osVersion.startsWith("10.0.2") ? "Windows11" : "Windows10";
    default: return d.operatingSystem;
  }
}

export function toMachine(d: Device, now: Date): Machine {
  const hex = createHash("sha1").update(`mde:${d.id}`).digest("hex");
  const h = parseInt(hex.slice(0, 8), 16);
  const lastSeen = resolveDate(d.lastSyncDateTime, now);
  const inactive = now.getTime() - Date.parse(lastSeen) > 7 * 86_400_000;
  const build = Number(d.osVersion.split(".")[2] ?? 0) || 0;
  const ip = `10.${(h >>> 16) & 255}.${(h >>> 8) & 255}.${(h & 253) + 1}`;
  return {
    id: hex,
    computerDnsName: d.deviceName.toLowerCase(),
    firstSeen: resolveDate(d.enrolledDateTime, now),
    lastSeen,
    osPlatform: platform(d),
    osVersion: null,
    osProcessor: "x64",
    version: d.operatingSystem === "Windows" ? (build >= 22631 ? "23H2" : build >= 22621 ? "22H2" : "Other") : d.osVersion,
    lastIpAddress: ip,
    lastExternalIpAddress: `203.0.113.${h % 254 + 1}`,
    agentVersion: "10.8760.22621.1000",
    osBuild: build,
    healthStatus: inactive ? "Inactive" : "Active",
    deviceValue: "Normal",
    rbacGroupId: 0,
    rbacGroupName: null,
    riskScore: LEVELS[h % 4] ?? "None",
    exposureLevel: LEVELS[1 + ((h >>> 4) % 3)] ?? "Low",
    isAadJoined: true,
    aadDeviceId: deriveGuid(d.id, 5),
    machineTags: [],
    defenderAvStatus: "Updated",
    onboardingStatus: "Onboarded",
    osArchitecture: "64-bit",
    managedBy: "Intune",
    managedByStatus: "Success",
    ipAddresses: [{ ipAddress: ip, macAddress: hex.slice(8, 20).toUpperCase(), type: "Ethernet", operationalStatus: "Up" }],
    vmMetadata: null,
  };
}

/** `$filter` properties the simulator supports (a subset of Defender's documented list). */
export const MACHINE_FILTERABLE: ReadonlyMap<string, "string" | "date" | "number" | "boolean"> = new Map([
  ["id", "string"],
  ["computerDnsName", "string"],
  ["osPlatform", "string"],
  ["healthStatus", "string"],
  ["onboardingStatus", "string"],
  ["riskScore", "string"],
  ["exposureLevel", "string"],
  ["aadDeviceId", "string"],
  ["lastIpAddress", "string"],
  ["lastSeen", "date"],
]);

function odataCount(raw: string | null, name: string, max: number | undefined): { ok: true; value: number | undefined } | { ok: false; message: string } {
  if (raw === null) return { ok: true, value: undefined };
  if (!/^\d+$/.test(raw.trim())) return { ok: false, message: `Invalid value '${raw}' for ${name} query option found. The ${name} query option requires a non-negative integer value.` };
  const n = Number(raw.trim());
  // ASP.NET OData's wording for an exceeded $top limit.
  if (max !== undefined && n > max) return { ok: false, message: `The limit of '${max}' for Top query has been exceeded. The value from the incoming request is '${n}'.` };
  return { ok: true, value: n };
}

export function listMachines(req: SimRequest, ctx: SimContext): SimResponse {
  const p = req.principal;
  if (!p) return defenderError(req, 401, "Unauthorized", "Unauthorized");
  const tenant = ctx.world.tenant(p.tenantId);
  const onboarded = tenant?.customer ? tenant.customer.defender.onboarded : false;
  if (!tenant || !onboarded) return defenderError(req, NOT_ONBOARDED.status, NOT_ONBOARDED.code, NOT_ONBOARDED.message);
  const top = odataCount(req.query.get("$top"), "$top", DEFENDER_MAX_TOP);
  if (!top.ok) return defenderError(req, 400, "ODataError", top.message);
  const skip = odataCount(req.query.get("$skip"), "$skip", undefined);
  if (!skip.ok) return defenderError(req, 400, "ODataError", skip.message);
  const filter = parseFilter(req.query.get("$filter"), MACHINE_FILTERABLE);
  if (!filter.ok) return defenderError(req, 400, "ODataError", filter.message);
  const pageSize = top.value ?? DEFENDER_MAX_TOP;
  const skipN = skip.value ?? 0;
  const tid = tenant.tenantId;
  const now = ctx.clock.now();
  const inv = ctx.world.inventory;
  const total = inv.deviceCount(tid);
  const fetch = (s: number, n: number) => inv.devices(tid, s, n).map((d) => toMachine(d, now));

  // $skip counts matching machines: without a filter it is a position in the stream.
  let start = skipN;
  const pred: Predicate | undefined = filter.value;
  if (pred && skipN > 0) {
    const skipped = pageOf(total, fetch, 0, skipN, pred);
    start = skipped.items.length < skipN ? total : (skipped.next ?? total);
  }
  const page = pageOf(total, fetch, Math.min(start, total), pageSize, pred);
  const body: Record<string, unknown> = {
    "@odata.context": `${req.origin}/api/$metadata#Machines`,
    value: page.items,
  };
  // A full page with more behind it carries a nextLink to the following $skip [unconfirmed that Defender adds one].
  if (page.next !== undefined && page.items.length === pageSize) {
    const params = new URLSearchParams(req.query);
    params.set("$skip", String(skipN + pageSize));
    if (!params.has("$top")) params.set("$top", String(pageSize));
    body["@odata.nextLink"] = `${req.origin}${req.path}?${[...params].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")}`;
  }
  return { status: 200, headers: { "content-type": "application/json; odata.metadata=minimal; charset=utf-8" }, body };
}
