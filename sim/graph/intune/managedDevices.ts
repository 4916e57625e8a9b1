/**
 * Intune device inventory on Graph (v1.0 and beta):
 *   GET /deviceManagement/managedDevices            pages of 1000, $top ≤ 1000, $select, simple $filter, $count
 *   GET /deviceManagement/managedDevices/{id}
 *   GET /deviceManagement/managedDevices/{id}/detectedApps   (beta only: v1.0 has no such navigation)
 *   GET /deviceManagement/detectedApps              tenant-wide discovered apps
 * Everything is served page by page from world.inventory: a tenant is never materialised.
 */
import type { Device } from "../../scenario/schema";
import type { SimContext, SimRequest, SimResponse, TenantState, World } from "../../core/types";
import { graphError, intuneInnerMessage } from "./errors";
import {
  DETECTED_APP_FILTERABLE,
  DETECTED_APP_PROPERTIES,
  MANAGED_DEVICE_FILTERABLE,
  MANAGED_DEVICE_PROPERTIES,
  detectedAppIdFor,
  platformFor,
  toDetectedApp,
  toManagedDevice,
  type InventoryApp,
} from "./devices";
import { writeManagedDevices } from "./deviceJson";
import { JsonBytes, RawJson } from "../../core/rawJson";
import { applySelect, decodeSkipToken, encodeSkipToken, parseCount, parseFilter, parseSelect, type Predicate } from "./query";

/** Intune's page size for managedDevices and detectedApps, and the largest $top it honours [cap: unconfirmed]. */
export const INTUNE_PAGE_SIZE = 1000;
/** Chunk read from the inventory while scanning for $filter matches or an id. */
const SCAN_CHUNK = 1000;

/**
 * What Graph answers for Intune calls in a tenant without an Intune licence: 400 BadRequest
 * "Request not applicable to target tenant." — the signature MSP tools (Microsoft365DSC, CIPP) match on to report
 * "tenant not registered for Intune". Some tenants have been reported to answer 403 with an FEF "Forbidden" document
 * instead [unconfirmed which one Intune uses when]: the simulator uses the 400.
 */
export const INTUNE_UNLICENSED = { status: 400, code: "BadRequest", message: "Request not applicable to target tenant." } as const;

type Version = "v1.0" | "beta";

const MANAGED_DEVICE = "microsoft.graph.managedDevice";
const DETECTED_APP = "microsoft.graph.detectedApp";

function versionOf(path: string): Version {
  return path.startsWith("/beta/") ? "beta" : "v1.0";
}

function now(ctx: SimContext): Date {
  return ctx.clock.now();
}

interface TenantOk {
  ok: true;
  tenant: TenantState;
}
interface Fail {
  ok: false;
  response: SimResponse;
}

/** The tenant the token speaks for, refused as Intune refuses unlicensed tenants. */
function intuneTenant(req: SimRequest, ctx: SimContext): TenantOk | Fail {
  const principal = req.principal;
  if (!principal) {
    return {
      ok: false,
      response: graphError(req, now(ctx), 401, "InvalidAuthenticationToken", "Access token is empty.", {
        "www-authenticate": 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
      }),
    };
  }
  const tenant = ctx.world.tenant(principal.tenantId);
  const licensed = tenant ? (tenant.customer ? tenant.customer.intune.licensed : true) : false;
  if (!tenant || !licensed) {
    return { ok: false, response: graphError(req, now(ctx), INTUNE_UNLICENSED.status, INTUNE_UNLICENSED.code, INTUNE_UNLICENSED.message) };
  }
  return { ok: true, tenant };
}

function badRequest(req: SimRequest, ctx: SimContext, message: string): SimResponse {
  return graphError(req, now(ctx), 400, "BadRequest", message);
}

/** Builds an @odata.nextLink that keeps the caller's query options and replaces $skiptoken. */
function nextLink(req: SimRequest, token: string): string {
  const parts: string[] = [];
  for (const [k, v] of req.query) {
    if (k.toLowerCase() === "$skiptoken" || k.toLowerCase() === "$skip") continue;
    parts.push(`${k}=${encodeURIComponent(v)}`);
  }
  parts.push(`$skiptoken=${token}`);
  return `${req.origin}${req.path}?${parts.join("&")}`;
}

function contextUrl(req: SimRequest, entitySet: string, select: string[] | undefined): string {
  return `${req.origin}/${versionOf(req.path)}/$metadata#${entitySet}${select ? `(${select.join(",")})` : ""}`;
}

interface ListOptions {
  top: number;
  start: number;
  select: string[] | undefined;
  filter: Predicate | undefined;
  count: boolean;
}

function listOptions(req: SimRequest, ctx: SimContext, tenantId: string, known: ReadonlySet<string>, filterable: Parameters<typeof parseFilter>[1], entityType: string): { ok: true; value: ListOptions } | Fail {
  const fail = (m: string): Fail => ({ ok: false, response: badRequest(req, ctx, m) });
  const top = parseCount(req.query.get("$top"), "$top", INTUNE_PAGE_SIZE, INTUNE_PAGE_SIZE);
  if (!top.ok) return fail(top.message);
  const skip = parseCount(req.query.get("$skip"), "$skip", 0, Number.MAX_SAFE_INTEGER, 0);
  if (!skip.ok) return fail(skip.message);
  let start = skip.value;
  const token = req.query.get("$skiptoken");
  if (token !== null) {
    const decoded = decodeSkipToken(token, tenantId);
    if (!decoded.ok) return fail(decoded.message);
    start = decoded.value;
  }
  const select = parseSelect(req.query.get("$select"), known, entityType);
  if (!select.ok) return fail(select.message);
  const filter = parseFilter(req.query.get("$filter"), filterable);
  if (!filter.ok) return fail(filter.message);
  if (req.query.has("$orderby")) return fail("OrderBy is not supported on this resource by the simulator.");
  if (req.query.has("$expand")) return fail("Expand is not supported on this resource by the simulator.");
  const countRaw = req.query.get("$count");
  if (countRaw !== null && countRaw !== "true" && countRaw !== "false") return fail(`Invalid value '${countRaw}' for query option $count.`);
  return { ok: true, value: { top: top.value, start, select: select.value, filter: filter.value, count: countRaw === "true" } };
}

/**
 * One page of a lazily read stream: reads `fetch(skip, n)` from `start`, keeps the items that pass `filter`,
 * stops at `top` matches. Returns the page and where the next page starts (undefined at the end).
 */
export function pageOf<T>(
  total: number,
  fetch: (skip: number, n: number) => T[],
  start: number,
  top: number,
  filter: ((item: T) => boolean) | undefined,
): { items: T[]; next: number | undefined } {
  if (!filter) {
    const items = start < total ? fetch(start, Math.min(top, total - start)) : [];
    const end = start + items.length;
    return { items, next: end < total ? end : undefined };
  }
  const items: T[] = [];
  let pos = start;
  while (pos < total && items.length < top) {
    const chunk = fetch(pos, Math.min(SCAN_CHUNK, total - pos));
    if (chunk.length === 0) break;
    let used = 0;
    for (const item of chunk) {
      used++;
      if (filter(item)) {
        items.push(item);
        if (items.length === top) break;
      }
    }
    pos += used;
  }
  return { items, next: pos < total ? pos : undefined };
}

function countMatches<T>(total: number, fetch: (skip: number, n: number) => T[], filter: ((item: T) => boolean) | undefined): number {
  if (!filter) return total;
  let n = 0;
  for (let pos = 0; pos < total; pos += SCAN_CHUNK) for (const item of fetch(pos, Math.min(SCAN_CHUNK, total - pos))) if (filter(item)) n++;
  return n;
}

// ---- managedDevices --------------------------------------------------------------------------------------

const GRAPH_JSON = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/**
 * Pages of devices written as JSON text directly (managedDeviceWriter): no entity objects, no JSON.stringify of the
 * page. $filter still evaluates against the reference entity (toManagedDevice); the output is the same either way.
 */
export function listManagedDevices(req: SimRequest, ctx: SimContext): SimResponse {
  const t = intuneTenant(req, ctx);
  if (!t.ok) return t.response;
  const tenantId = t.tenant.tenantId;
  const opts = listOptions(req, ctx, tenantId, MANAGED_DEVICE_PROPERTIES, MANAGED_DEVICE_FILTERABLE, MANAGED_DEVICE);
  if (!opts.ok) return opts.response;
  const { top, start, select, filter, count } = opts.value;
  const inv = ctx.world.inventory;
  const at = now(ctx);
  const total = inv.deviceCount(tenantId);
  const fetch = (skip: number, n: number) => inv.devices(tenantId, skip, n);
  const pred = filter ? (d: Device) => filter(toManagedDevice(d, at)) : undefined;
  const page = pageOf(total, fetch, start, top, pred);
  const w = new JsonBytes(64 + page.items.length * (select ? 48 * select.length : 1800));
  w.text(`{"@odata.context":${JSON.stringify(contextUrl(req, "deviceManagement/managedDevices", select))}`);
  if (count) w.text(`,"@odata.count":${countMatches(total, fetch, pred)}`);
  w.text(',"value":[');
  writeManagedDevices(w, page.items, select, at);
  w.text("]");
  if (page.next !== undefined) w.text(`,"@odata.nextLink":${JSON.stringify(nextLink(req, encodeSkipToken(page.next, tenantId)))}`);
  w.text("}");
  return { status: 200, headers: { "content-type": GRAPH_JSON }, body: new RawJson(w.result()) };
}

export function findDevice(world: World, tenantId: string, id: string): Device | undefined {
  return world.inventory.deviceById(tenantId, id);
}

function deviceNotFound(req: SimRequest, ctx: SimContext, id: string): SimResponse {
  // Intune's 404 carries its FEF document in `message` [shape from public reports; unconfirmed for this exact path].
  const url = `https://fef.msua06.manage.microsoft.com/DeviceFE/StatelessDeviceFEService/deviceManagement/managedDevices('${id}')?api-version=2023-07-04`;
  return graphError(req, now(ctx), 404, "ResourceNotFound", intuneInnerMessage(req.requestId, url));
}

export function getManagedDevice(req: SimRequest, ctx: SimContext): SimResponse {
  const t = intuneTenant(req, ctx);
  if (!t.ok) return t.response;
  const id = req.params.id ?? "";
  const select = parseSelect(req.query.get("$select"), MANAGED_DEVICE_PROPERTIES, MANAGED_DEVICE);
  if (!select.ok) return badRequest(req, ctx, select.message);
  const device = findDevice(ctx.world, t.tenant.tenantId, id);
  if (!device) return deviceNotFound(req, ctx, id);
  const entity = applySelect(toManagedDevice(device, now(ctx)), select.value, MANAGED_DEVICE);
  return {
    status: 200,
    headers: { "content-type": "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8" },
    body: { "@odata.context": `${contextUrl(req, "deviceManagement/managedDevices", select.value)}/$entity`, ...entity },
  };
}

// ---- detectedApps ----------------------------------------------------------------------------------------

export function listDetectedApps(req: SimRequest, ctx: SimContext): SimResponse {
  const t = intuneTenant(req, ctx);
  if (!t.ok) return t.response;
  const tenantId = t.tenant.tenantId;
  const opts = listOptions(req, ctx, tenantId, DETECTED_APP_PROPERTIES, DETECTED_APP_FILTERABLE, DETECTED_APP);
  if (!opts.ok) return opts.response;
  const { top, start, select, filter, count } = opts.value;
  const inv = ctx.world.inventory;
  const total = inv.detectedAppCount(tenantId);
  const fetch = (skip: number, n: number) => inv.detectedApps(tenantId, skip, n).map(toDetectedApp);
  const pred = filter;
  const page = pageOf(total, fetch, start, top, pred);
  const body: Record<string, unknown> = { "@odata.context": contextUrl(req, "deviceManagement/detectedApps", select) };
  if (count) body["@odata.count"] = countMatches(total, fetch, pred);
  body.value = page.items.map((a) => applySelect(a, select, DETECTED_APP));
  if (page.next !== undefined) body["@odata.nextLink"] = nextLink(req, encodeSkipToken(page.next, tenantId));
  return { status: 200, headers: { "content-type": "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8" }, body };
}

/** Catalogue index by "displayName\0version", built once per tenant and world (bounded by the catalogue size). */
const catalogues = new WeakMap<World, Map<string, Map<string, InventoryApp>>>();
const MAX_INDEXED_CATALOGUE = 100_000;

function catalogueEntry(world: World, tenantId: string, displayName: string, version: string): InventoryApp | undefined {
  let perTenant = catalogues.get(world);
  if (!perTenant) {
    perTenant = new Map();
    catalogues.set(world, perTenant);
  }
  let index = perTenant.get(tenantId);
  if (!index) {
    index = new Map();
    const total = world.inventory.detectedAppCount(tenantId);
    if (total <= MAX_INDEXED_CATALOGUE) {
      for (let pos = 0; pos < total; pos += SCAN_CHUNK) {
        for (const a of world.inventory.detectedApps(tenantId, pos, Math.min(SCAN_CHUNK, total - pos))) index.set(`${a.displayName}\u0000${a.version}`, a);
      }
    }
    perTenant.set(tenantId, index);
  }
  return index.get(`${displayName}\u0000${version}`);
}

export function listDeviceDetectedApps(req: SimRequest, ctx: SimContext): SimResponse {
  if (versionOf(req.path) === "v1.0") {
    // v1.0's managedDevice has no detectedApps navigation (microsoft-graph-docs, managedDevice resource: relationships).
    return badRequest(req, ctx, "Resource not found for the segment 'detectedApps'.");
  }
  const t = intuneTenant(req, ctx);
  if (!t.ok) return t.response;
  const id = req.params.id ?? "";
  const select = parseSelect(req.query.get("$select"), DETECTED_APP_PROPERTIES, DETECTED_APP);
  if (!select.ok) return badRequest(req, ctx, select.message);
  const device = findDevice(ctx.world, t.tenant.tenantId, id);
  if (!device) return deviceNotFound(req, ctx, id);
  const apps = device.apps.map((app) => {
    const known = catalogueEntry(ctx.world, t.tenant.tenantId, app.displayName, app.version);
    return toDetectedApp(
      known ?? {
        id: detectedAppIdFor(app.displayName, app.version),
        displayName: app.displayName,
        version: app.version,
        publisher: app.publisher,
        platform: platformFor(device.operatingSystem),
        deviceCount: 1,
        sizeInByte: 0,
      },
    );
  });
  return {
    status: 200,
    headers: { "content-type": "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8" },
    body: {
      "@odata.context": `${req.origin}/beta/$metadata#deviceManagement/managedDevices('${id}')/detectedApps${select.value ? `(${select.value.join(",")})` : ""}`,
      value: apps.map((a) => applySelect(a, select.value, DETECTED_APP)),
    },
  };
}
