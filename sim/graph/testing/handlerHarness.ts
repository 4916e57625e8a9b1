/**
 * Calls Graph route handlers without a socket: builds the world from a scenario (sim/core/world), resolves a route
 * by method + path like the dispatcher would (without its auth, which the contract tests cover), and forges the
 * principal. For handler-level table tests of sim/graph/directory and sim/graph/gdap.
 */
import { createManualClock } from "../../core/clock";
import { createRandom } from "../../core/random";
import { Router } from "../../core/router";
import type { Principal, RouteDef, SimContext, SimRequest, SimResponse } from "../../core/types";
import { createWorld } from "../../core/world";
import { ScenarioSchema, type ScenarioInput } from "../../scenario/schema";

export const NOW = new Date("2025-01-15T09:00:00Z");

export interface HandlerHarness {
  ctx: SimContext;
  call(opts: { method?: string; url: string; principal: Principal; body?: unknown; headers?: Record<string, string> }): SimResponse;
}

export function harness(input: ScenarioInput, routes: RouteDef[]): HandlerHarness {
  const scenario = ScenarioSchema.parse(input);
  const clock = createManualClock(NOW);
  const world = createWorld(scenario, clock.now());
  const origin = "https://127.0.0.1:4431";
  const ctx: SimContext = {
    world,
    clock,
    random: createRandom(1),
    origins: { login: origin, graph: origin, partnerCenter: origin, defender: origin, teams: origin },
  };
  const router = new Router(routes);
  let n = 0;
  return {
    ctx,
    call({ method = "GET", url, principal, body, headers = {} }) {
      const u = new URL(url, origin);
      const path = decodeURIComponent(u.pathname);
      const m = router.match("graph", method, path);
      if (m.kind !== "match") return { status: m.kind === "methodNotAllowed" ? 405 : 404, body: { error: { code: "NoRoute", message: path } } };
      const raw = body === undefined ? "" : JSON.stringify(body);
      const req: SimRequest = {
        service: "graph",
        method,
        path,
        query: u.searchParams,
        headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
        rawBody: raw,
        body,
        params: m.params,
        requestId: `req-${++n}`,
        origin,
        principal,
      };
      const res = m.route.handler(req, ctx);
      if (res instanceof Promise) throw new Error("graph handlers are synchronous");
      return res;
    },
  };
}

export function appPrincipal(tenantId: string, roles: string[], appId = "11111111-1111-1111-1111-111111111111"): Principal {
  return { kind: "app", tenantId, appId, roles, scopes: [], oid: "22222222-2222-2222-2222-222222222222", audience: "https://graph.microsoft.com" };
}

export function userPrincipal(tenantId: string, oid: string, scopes: string[], appId = "11111111-1111-1111-1111-111111111111"): Principal {
  return { kind: "delegated", tenantId, appId, roles: [], scopes, oid, audience: "https://graph.microsoft.com" };
}

/** The body of a JSON answer as a record (tests only). */
export function json(res: SimResponse): Record<string, unknown> {
  if (typeof res.body !== "object" || res.body === null) throw new Error(`not a JSON body: ${String(res.body)}`);
  return res.body as Record<string, unknown>;
}

export function values(res: SimResponse): Record<string, unknown>[] {
  const v = json(res).value;
  if (!Array.isArray(v)) throw new Error("no value array");
  return v as Record<string, unknown>[];
}

export function errorCode(res: SimResponse): string {
  const e = json(res).error as { code?: string } | undefined;
  return e?.code ?? "";
}

export function errorMessage(res: SimResponse): string {
  const e = json(res).error as { message?: string } | undefined;
  return e?.message ?? "";
}
