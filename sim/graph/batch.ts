/**
 * Graph JSON batching: POST /v1.0/$batch and /beta/$batch.
 * - at most 20 requests, ids unique (case-insensitive), relative urls; else the whole batch answers 400;
 * - each sub-request runs through the simulator's full pipeline (auth with the batch's bearer token, throttling,
 *   faults, handlers) via a `dispatch` function the core provides, so a sub-request can be throttled on its own
 *   (status 429 with its own Retry-After in the sub-response headers) while the batch itself answers 200;
 * - dependsOn: a request waits for the ones it names; if one of them failed (non-2xx), it answers 424 Failed Dependency;
 * - responses come back in request order (Graph allows any order; the simulator keeps it deterministic).
 * Exact wording of the whole-batch 400 messages is [unconfirmed]; the status codes and the 20 limit are documented
 * (learn.microsoft.com/graph/json-batching).
 */
import { z } from "zod/v4";
import type { RouteDef, SimContext, SimRequest, SimResponse, World } from "../core/types";
import { graphError } from "./intune/errors";

export const BATCH_LIMIT = 20;

/** One sub-request as the core must run it: method, path and query relative to the same Graph version as the batch. */
export interface BatchSubRequest {
  /** Id from the batch payload (for logs and counters). */
  id: string;
  method: string;
  /** Absolute path incl. version, e.g. "/v1.0/users". */
  path: string;
  /** Raw query string without "?", e.g. "$select=id&$top=5". */
  query: string;
  /** Headers of the sub-request merged over the batch's Authorization (and client-request-id) headers; lower-case names. */
  headers: Record<string, string>;
  body: unknown;
  /** The batch request it belongs to (origin, principal, request-id). */
  parent: SimRequest;
}

/** Runs a sub-request through the same pipeline as a top-level request (auth, throttling, faults, handler). */
export type SubDispatch = (sub: BatchSubRequest) => Promise<SimResponse>;

/** The core's hook on SimContext (sim/core/types.ts `SubRequest`): url is path + query as the service sees it. */
type CoreDispatch = (sub: { method: string; url: string; headers: Record<string, string>; body?: unknown }) => Promise<SimResponse>;

/** Adapts the core's `ctx.dispatch` to a SubDispatch. */
export function fromCoreDispatch(dispatch: CoreDispatch): SubDispatch {
  return (sub) => {
    const q = sub.query ? `?${sub.query}` : "";
    const url = `${sub.path.split("/").map(encodeURIComponent).join("/")}${q}`;
    return dispatch({ method: sub.method, url, headers: sub.headers, body: sub.body });
  };
}

const RequestItem = z.object({
  id: z.string().min(1),
  method: z.string().min(1),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
  dependsOn: z.array(z.string()).optional(),
});
const BatchBody = z.object({ requests: z.array(RequestItem) });
type Item = z.infer<typeof RequestItem>;

export interface BatchResponseItem {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

const METHODS = new Set(["GET", "POST", "PATCH", "PUT", "DELETE"]);

function lowerHeaders(h: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase()] = v;
  return out;
}

function firstHeader(req: SimRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Validates the payload; returns the ordered items or the 400 message. */
export function validateBatch(body: unknown): { ok: true; items: Item[] } | { ok: false; message: string } {
  const parsed = BatchBody.safeParse(body);
  if (!parsed.success) return { ok: false, message: "Invalid batch payload format." };
  const items = parsed.data.requests;
  if (items.length === 0) return { ok: false, message: "Invalid batch payload format: the batch contains no requests." };
  if (items.length > BATCH_LIMIT) return { ok: false, message: `The number of requests in the batch exceeds the maximum of ${BATCH_LIMIT}.` };
  const ids = new Set<string>();
  for (const it of items) {
    const key = it.id.toLowerCase();
    if (ids.has(key)) return { ok: false, message: `Batch request contains duplicate id '${it.id}'.` };
    ids.add(key);
  }
  for (const it of items) {
    for (const dep of it.dependsOn ?? []) {
      if (!ids.has(dep.toLowerCase()) || dep.toLowerCase() === it.id.toLowerCase()) {
        return { ok: false, message: `Request '${it.id}' depends on '${dep}', which is not a request of this batch.` };
      }
    }
  }
  // Cycles would wait forever.
  const byId = new Map(items.map((it) => [it.id.toLowerCase(), it]));
  const state = new Map<string, 1 | 2>();
  const visit = (id: string): boolean => {
    const s = state.get(id);
    if (s === 2) return true;
    if (s === 1) return false;
    state.set(id, 1);
    for (const d of byId.get(id)?.dependsOn ?? []) if (!visit(d.toLowerCase())) return false;
    state.set(id, 2);
    return true;
  };
  for (const id of byId.keys()) if (!visit(id)) return { ok: false, message: "The batch contains a circular dependsOn chain." };
  return { ok: true, items };
}

/** Splits a sub-request url into path and query; refuses absolute urls. Accepts "/users" and "users". */
export function subRequestTarget(version: string, url: string): { ok: true; path: string; query: string } | { ok: false; message: string } {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return { ok: false, message: "Relative URL is required for batch requests." };
  const rel = url.startsWith("/") ? url : `/${url}`;
  const q = rel.indexOf("?");
  const rawPath = q >= 0 ? rel.slice(0, q) : rel;
  const query = q >= 0 ? rel.slice(q + 1) : "";
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, message: "Invalid request URL." };
  }
  if (/^\/(v1\.0|beta)\//i.test(path)) return { ok: false, message: "The request URL must be relative to the batch's version (without /v1.0 or /beta)." };
  return { ok: true, path: `/${version}${path}`, query };
}

function subResponse(id: string, res: SimResponse): BatchResponseItem {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers ?? {})) {
    const key = k.toLowerCase() === "retry-after" ? "Retry-After" : k.toLowerCase() === "content-type" ? "Content-Type" : k;
    headers[key] = v;
  }
  if (res.body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === "content-type")) {
    headers["Content-Type"] = typeof res.body === "string" ? "text/plain" : "application/json";
  }
  const item: BatchResponseItem = { id, status: res.status, headers };
  if (res.body !== undefined) item.body = res.body;
  return item;
}

export async function runBatch(req: SimRequest, ctx: SimContext, dispatch: SubDispatch): Promise<SimResponse> {
  const now = ctx.clock.now();
  const version = req.path.toLowerCase().startsWith("/beta/") ? "beta" : "v1.0";
  const auth = firstHeader(req, "authorization");
  if (!auth) {
    return graphError(req, now, 401, "InvalidAuthenticationToken", "Access token is empty.", {
      "WWW-Authenticate": 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    });
  }
  const v = validateBatch(req.body);
  if (!v.ok) return graphError(req, now, 400, "BadRequest", v.message);
  const inherited: Record<string, string> = { authorization: auth };
  const crid = firstHeader(req, "client-request-id");
  if (crid) inherited["client-request-id"] = crid;

  const results = new Map<string, Promise<BatchResponseItem>>();
  const run = async (it: Item): Promise<BatchResponseItem> => {
    // Let the loop below register every request's promise before dependencies are looked up.
    await Promise.resolve();
    const deps = await Promise.all((it.dependsOn ?? []).map((d) => results.get(d.toLowerCase()) ?? Promise.resolve(undefined)));
    if (deps.some((d) => !d || d.status < 200 || d.status >= 300)) {
      return subResponse(it.id, graphError(req, ctx.clock.now(), 424, "FailedDependency", "Failed dependency."));
    }
    const method = it.method.toUpperCase();
    if (!METHODS.has(method)) return subResponse(it.id, graphError(req, ctx.clock.now(), 400, "BadRequest", `Invalid method '${it.method}'.`));
    const target = subRequestTarget(version, it.url);
    if (!target.ok) return subResponse(it.id, graphError(req, ctx.clock.now(), 400, "BadRequest", target.message));
    const headers = { ...inherited, ...lowerHeaders(it.headers) };
    if (it.body !== undefined && !headers["content-type"]) {
      return subResponse(it.id, graphError(req, ctx.clock.now(), 400, "BadRequest", "Content-Type header is required when a body is present."));
    }
    try {
      const res = await dispatch({ id: it.id, method, path: target.path, query: target.query, headers, body: it.body, parent: req });
      return subResponse(it.id, res);
    } catch {
      return subResponse(it.id, graphError(req, ctx.clock.now(), 500, "InternalServerError", "An internal server error occurred."));
    }
  };
  for (const it of v.items) results.set(it.id.toLowerCase(), run(it));
  const responses = await Promise.all(v.items.map((it) => results.get(it.id.toLowerCase()) ?? Promise.reject(new Error("unreachable"))));
  return { status: 200, headers: { "content-type": "application/json" }, body: { responses } };
}

/** Batch routes bound to a dispatcher (the core's pipeline). */
export function createBatchRoutes(dispatch: SubDispatch): RouteDef[] {
  return (["v1.0", "beta"] as const).map((v): RouteDef => ({
    service: "graph",
    method: "POST",
    path: `/${v}/$batch`,
    handler: (req, ctx) => runBatch(req, ctx, dispatch),
  }));
}

/**
 * The static `routes` use the core's `ctx.dispatch` (SimContext, sim/core/dispatcher.ts). Alternative wiring for a
 * pipeline without it: register a dispatcher for a world (`registerBatchDispatch(world, fn)`).
 */
const dispatchers = new WeakMap<World, SubDispatch>();

export function registerBatchDispatch(world: World, dispatch: SubDispatch): void {
  dispatchers.set(world, dispatch);
}

export const routes: RouteDef[] = (["v1.0", "beta"] as const).map((v): RouteDef => ({
  service: "graph",
  method: "POST",
  path: `/${v}/$batch`,
  handler: (req, ctx) => {
    const core = (ctx as { dispatch?: CoreDispatch }).dispatch;
    const dispatch = core ? fromCoreDispatch(core) : dispatchers.get(ctx.world);
    if (!dispatch) return graphError(req, ctx.clock.now(), 501, "NotImplemented", "JSON batching is not wired into this simulator instance.");
    return runBatch(req, ctx, dispatch);
  },
}));
