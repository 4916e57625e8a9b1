/**
 * The request pipeline shared by every service: route match → body → auth → faults → throttling → latency → handler
 * → counters. Unknown paths answer in the service's error shape (never a silent empty list).
 */
import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Clock, Random, RouteDef, Service, SimContext, SimRequest, SimResponse, SubRequest } from "./types";
import type { Router } from "./router";
import type { TokenService } from "./tokens";
import { authenticate } from "./auth";
import { markSecretExpired, type FaultEngine } from "./faults";
import { retryAfterSeconds, type Throttler } from "./throttle";
import type { CounterStore } from "./counters";
import { jsonValue } from "./rawJson";
import type { SimWorld } from "./world";
import { aadstsError, defenderError, graphError, partnerCenterError, statusError, teamsError } from "./errors";

export interface RawRequest {
  service: Service;
  method: string;
  /** Path and query as received ("/v1.0/users?$top=1"). */
  url: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

export type DispatchOutcome = { kind: "response"; response: SimResponse } | { kind: "reset" };

export interface DispatchDeps {
  router: Router;
  tokens: TokenService;
  clock: Clock;
  world: () => SimWorld;
  throttler: Throttler;
  faults: () => FaultEngine;
  counters: () => CounterStore;
  /** Random source handed to handlers (seeded). */
  random: Random;
  /** Random source for latency jitter (seeded, separate so faults stay reproducible whatever the latency). */
  latencyRandom: Random;
  origins: Record<Service, string>;
  state: Map<string, unknown>;
  log?: (entry: Record<string, unknown>) => void;
  /** How the "slow" fault and the latency model wait (default: a real timer; tests inject a fake one). */
  sleep?: (ms: number) => Promise<void>;
}

const JSON_TYPES: Record<Service, string> = {
  graph: "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8",
  login: "application/json; charset=utf-8",
  partnerCenter: "application/json; charset=utf-8",
  defender: "application/json; odata.metadata=minimal; charset=utf-8",
  teams: "application/json; charset=utf-8",
};

export const realSleep = (ms: number): Promise<void> => new Promise<void>((r) => setTimeout(r, ms));

export class Dispatcher {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly d: DispatchDeps) {
    this.sleep = d.sleep ?? realSleep;
  }

  async handle(raw: RawRequest): Promise<DispatchOutcome> {
    const requestId = randomUUID();
    const q = raw.url.indexOf("?");
    let path: string;
    try {
      path = decodeURIComponent(q >= 0 ? raw.url.slice(0, q) : raw.url);
    } catch {
      path = q >= 0 ? raw.url.slice(0, q) : raw.url;
    }
    if (path.length > 1 && path.endsWith("/")) path = path.replace(/\/+$/, "");
    const query = new URLSearchParams(q >= 0 ? raw.url.slice(q + 1) : "");
    const req: SimRequest = {
      service: raw.service,
      method: raw.method.toUpperCase(),
      path,
      query,
      headers: raw.headers,
      rawBody: raw.rawBody,
      body: undefined,
      params: {},
      requestId,
      origin: this.d.origins[raw.service],
    };
    const now = this.d.clock.now();
    const m = this.d.router.match(raw.service, req.method, path);
    if (m.kind !== "match") {
      const res = m.kind === "methodNotAllowed" ? methodNotAllowed(req, now) : notFound(req, now);
      return this.finish(req, undefined, undefined, res, false);
    }
    req.params = m.params;
    const route = m.route;
    try {
      req.body = parseBody(raw);
    } catch {
      return this.finish(req, route, undefined, badBody(req, now), false);
    }
    const world = this.d.world();
    let tenantId: string | undefined;
    if (route.auth) {
      const a = authenticate(req, route.auth, { tokens: this.d.tokens, world, now, allowAnonymousTeams: world.scenario.teams.allowAnonymous });
      if (!a.ok) return this.finish(req, route, undefined, a.response, false);
      req.principal = a.principal;
      tenantId = a.principal?.tenantId;
    } else if (raw.service === "login") {
      const seg = path.split("/")[1] ?? "";
      tenantId = world.findTenant(seg)?.tenantId ?? seg;
    }

    const fault = this.d.faults().pick(raw.service, req.method, path, tenantId);
    if (fault && (fault.kind !== "truncatePage" || route.paged)) this.d.counters().recordFault(raw.service, route.path, tenantId?.toLowerCase(), fault.kind);
    if (fault) {
      switch (fault.kind) {
        case "reset":
          this.d.counters().record(raw.service, route.path, tenantId?.toLowerCase(), 0, false);
          return { kind: "reset" };
        case "slow":
          await this.sleep(fault.delayMs ?? 0);
          break;
        case "status":
          return this.finish(req, route, tenantId, statusError(raw.service, req, now, fault.status ?? 500), false);
        case "throttleNoRetryAfter":
          return this.finish(req, route, tenantId, throttledResponse(req, now, undefined), true);
        case "tokenOutage":
          return this.finish(req, route, tenantId, raw.service === "login" ? tokenOutage(req, now) : statusError(raw.service, req, now, 503), false);
        case "secretExpired":
          markSecretExpired(req);
          break;
        case "truncatePage":
          break;
      }
    }

    const ctx = this.context(world, raw);
    if (route.throttle || raw.service === "graph" || raw.service === "defender" || raw.service === "teams") {
      if (req.principal || raw.service === "teams") {
        const t = route.throttle?.tenant?.(req, ctx) ?? tenantId ?? "anonymous";
        const decision = this.d.throttler.check({
          service: raw.service,
          throttle: route.throttle,
          appId: req.principal?.appId ?? "anonymous",
          tenantId: t,
          userCount: world.tenant(t)?.userCount ?? 100,
          conversationId: req.params.conversationId,
        });
        if (!decision.ok) return this.finish(req, route, tenantId, throttledResponse(req, now, retryAfterSeconds(decision.retryAfterMs)), true);
      }
    }

    const lat = world.scenario.latency;
    if (lat.fixedMs > 0 || lat.jitterMs > 0) await this.sleep(lat.fixedMs + this.d.latencyRandom.next() * lat.jitterMs);

    let res: SimResponse;
    try {
      res = await route.handler(req, ctx);
    } catch (e) {
      this.d.log?.({ level: "error", msg: "handler failed", requestId, service: raw.service, route: route.path, error: e instanceof Error ? e.message : String(e) });
      res = statusError(raw.service, req, now, 500);
    }
    if (fault?.kind === "truncatePage" && route.paged) res = truncate(res);
    return this.finish(req, route, tenantId, res, false);
  }

  /** Runs a sub-request (for $batch) through the same pipeline. */
  async dispatchSub(sub: SubRequest & { service: Service }): Promise<SimResponse> {
    const rawBody = sub.body === undefined ? "" : typeof sub.body === "string" ? sub.body : JSON.stringify(sub.body);
    const headers: IncomingHttpHeaders = { ...sub.headers };
    if (rawBody && !headers["content-type"]) headers["content-type"] = "application/json";
    const out = await this.handle({ service: sub.service, method: sub.method, url: sub.url, headers, rawBody });
    return out.kind === "reset" ? statusError(sub.service, { requestId: randomUUID(), headers }, this.d.clock.now(), 502) : out.response;
  }

  private context(world: SimWorld, raw: RawRequest): SimContext {
    return {
      world,
      clock: this.d.clock,
      random: this.d.random,
      origins: this.d.origins,
      dispatch: (sub) => this.dispatchSub({ ...sub, service: sub.service ?? raw.service }),
      state: this.d.state,
    };
  }

  private finish(req: SimRequest, route: RouteDef | undefined, tenantId: string | undefined, res: SimResponse, throttled: boolean): DispatchOutcome {
    const headers: Record<string, string> = { ...(res.headers ?? {}) };
    if (req.service === "graph") {
      headers["request-id"] ??= req.requestId;
      headers["client-request-id"] ??= headerValue(req.headers["client-request-id"]) ?? req.requestId;
    }
    if (res.body !== undefined && typeof res.body !== "string" && !hasHeader(headers, "content-type")) headers["Content-Type"] = JSON_TYPES[req.service];
    this.d.counters().record(req.service, route?.path ?? "(unmatched)", tenantId?.toLowerCase(), res.status, throttled);
    return { kind: "response", response: { ...res, headers } };
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function hasHeader(h: Record<string, string>, name: string): boolean {
  return Object.keys(h).some((k) => k.toLowerCase() === name);
}

function parseBody(raw: RawRequest): unknown {
  if (!raw.rawBody) return undefined;
  const ct = headerValue(raw.headers["content-type"]) ?? "";
  if (ct.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw.rawBody));
  if (ct.includes("json") || /^\s*[[{]/.test(raw.rawBody)) return JSON.parse(raw.rawBody) as unknown;
  return undefined;
}

function badBody(req: SimRequest, now: Date): SimResponse {
  switch (req.service) {
    case "login":
      return aadstsError(req, now, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
    case "graph":
      return graphError(req, now, 400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
    default:
      return statusError(req.service, req, now, 400);
  }
}

function notFound(req: SimRequest, now: Date): SimResponse {
  switch (req.service) {
    case "graph": {
      const segs = req.path.split("/").filter(Boolean);
      if (!segs.length || !/^(v1\.0|beta)$/i.test(segs[0])) return graphError(req, now, 400, "BadRequest", `Invalid version: ${segs[0] ?? ""}`);
      return graphError(req, now, 400, "BadRequest", `Resource not found for the segment '${segs[segs.length - 1] ?? ""}'.`);
    }
    case "partnerCenter":
      return partnerCenterError(req, 404, 404, "The requested resource was not found.");
    case "defender":
      return defenderError(req, 404, "ResourceNotFound", `Resource ${req.path} does not exist.`);
    case "teams":
      return teamsError(404, "NotFound", "The requested resource was not found.");
    case "login":
      return aadstsError(req, now, 404, "invalid_request", 900561, "The endpoint only accepts POST, OPTIONS requests. Received a GET request.");
  }
}

function methodNotAllowed(req: SimRequest, now: Date): SimResponse {
  if (req.service === "graph") return graphError(req, now, 405, "Request_BadRequest", "Specified HTTP method is not allowed for the request uri.");
  return statusError(req.service, req, now, 405);
}

function throttledResponse(req: SimRequest, now: Date, retryAfter: number | undefined): SimResponse {
  const h: Record<string, string> = retryAfter === undefined ? {} : { "Retry-After": String(retryAfter) };
  switch (req.service) {
    case "defender":
      return defenderError(req, 429, "TooManyRequests", "API calls quota exceeded! Maximum allowed 100 per 1 minutes.", h);
    case "teams":
      // Bot Connector's own body for a throttled write (not Graph's TooManyRequests).
      return teamsError(429, "Throttled", "Too many requests.", h);
    case "partnerCenter":
      return partnerCenterError(req, 429, 429, "Rate limit is exceeded.", h);
    case "login":
      return aadstsError(req, now, 429, "temporarily_unavailable", 90055, "The request was throttled. Please retry later.");
    default:
      return graphError(req, now, 429, "TooManyRequests", "Too many requests.", h);
  }
}

function tokenOutage(req: SimRequest, now: Date): SimResponse {
  return aadstsError(req, now, 503, "temporarily_unavailable", 90033, "A transient error has occurred. Please try again.");
}

/** Drops a paged answer's continuation link (Graph @odata.nextLink, Partner Center links.next, Defender @odata.nextLink). */
export function truncate(res: SimResponse): SimResponse {
  const value = jsonValue(res.body);
  if (typeof value !== "object" || value === null || Array.isArray(value)) return res;
  const body = { ...(value as Record<string, unknown>) };
  delete body["@odata.nextLink"];
  const links = body.links;
  if (typeof links === "object" && links !== null && !Array.isArray(links)) {
    const l = { ...(links as Record<string, unknown>) };
    delete l.next;
    body.links = l;
  }
  return { ...res, body };
}
