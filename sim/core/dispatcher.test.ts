import { Dispatcher, type RawRequest } from "./dispatcher";
import { Router } from "./router";
import { TokenService, appTokenClaims } from "./tokens";
import { createManualClock } from "./clock";
import { createRandom } from "./random";
import { SimWorld } from "./world";
import { FaultEngine } from "./faults";
import { Throttler } from "./throttle";
import { CounterStore } from "./counters";
import { ScenarioSchema } from "../scenario/schema";
import type { RouteDef, SimResponse } from "./types";

const P = "10000000-0000-4000-8000-000000000001";
const scenario = ScenarioSchema.parse({ name: "d", partner: { tenantId: P, displayName: "P", domain: "p.example" } });
const AUTH = { audience: "graph" as const, application: ["Organization.Read.All"], delegated: [] };
const routes: RouteDef[] = [
  { service: "graph", method: "GET", path: "/v1.0/organization", auth: AUTH, handler: () => ({ status: 200, body: { value: [{ id: P }] } }) },
  { service: "graph", method: "GET", path: "/v1.0/paged", auth: AUTH, paged: true, handler: (req) => ({ status: 200, body: { value: [1], "@odata.nextLink": `${req.origin}/v1.0/paged?$skiptoken=x` } }) },
  { service: "graph", method: "GET", path: "/v1.0/boom", auth: AUTH, handler: () => { throw new Error("secret detail"); } },
];

function setup(opts: { graphPerApp?: { limit: number; windowSeconds: number } } = {}) {
  const clock = createManualClock(new Date("2025-01-15T09:00:00Z"));
  const tokens = new TokenService();
  const world = new SimWorld(scenario, clock.now());
  const faults = new FaultEngine([], 1);
  const counters = new CounterStore();
  const d = new Dispatcher({
    router: new Router(routes), tokens, clock, world: () => world, throttler: new Throttler(opts.graphPerApp ? { graphPerApp: opts.graphPerApp } : {}, clock),
    faults: () => faults, counters: () => counters, random: createRandom(1), latencyRandom: createRandom(2),
    origins: { login: "https://l", graph: "https://g", partnerCenter: "https://p", defender: "https://d", teams: "https://t" }, state: new Map(),
  });
  const token = (roles: string[]) => tokens.sign(appTokenClaims({ tenantId: P, appId: "app", audience: "https://graph.microsoft.com", roles, servicePrincipalId: "sp", nowMs: clock.now().getTime() }));
  const get = async (url: string, tok?: string): Promise<SimResponse> => {
    const raw: RawRequest = { service: "graph", method: "GET", url, headers: tok ? { authorization: `Bearer ${tok}` } : {}, rawBody: "" };
    const out = await d.handle(raw);
    if (out.kind !== "response") throw new Error("reset");
    return out.response;
  };
  return { d, clock, faults, counters, token, get };
}

const errorOf = (r: SimResponse) => (r.body as { error: { code: string; message: string } }).error;

test.each([
  ["/v1.0/nothing", 400, "BadRequest", "Resource not found for the segment 'nothing'."],
  ["/v2/organization", 400, "BadRequest", "Invalid version: v2"],
])("unknown path %s → %i %s", async (url, status, code, message) => {
  const { get, token } = setup();
  const r = await get(url, token(["Organization.Read.All"]));
  expect(r.status).toBe(status);
  expect(errorOf(r)).toMatchObject({ code, message });
  expect(r.headers?.["request-id"]).toBeDefined();
});

test.each([
  [undefined, 401, "InvalidAuthenticationToken"],
  [["User.Read.All"], 403, "Authorization_RequestDenied"],
  [["Organization.Read.All"], 200, undefined],
])("auth with roles %j → %i", async (roles, status, code) => {
  const { get, token } = setup();
  const r = await get("/v1.0/organization", roles ? token(roles) : undefined);
  expect(r.status).toBe(status);
  if (code) expect(errorOf(r).code).toBe(code);
});

test("throttling: 429 with Retry-After from the bucket, counted as throttled", async () => {
  const { get, token, clock, counters } = setup({ graphPerApp: { limit: 2, windowSeconds: 10 } });
  const t = token(["Organization.Read.All"]);
  expect((await get("/v1.0/organization", t)).status).toBe(200);
  expect((await get("/v1.0/organization", t)).status).toBe(200);
  const r = await get("/v1.0/organization", t);
  expect(r.status).toBe(429);
  expect(r.headers?.["Retry-After"]).toBe("5");
  expect(counters.snapshot().throttled).toBe(1);
  clock.advance(5000);
  expect((await get("/v1.0/organization", t)).status).toBe(200);
});

test("faults: status, no Retry-After, truncated page, reset", async () => {
  const { d, get, token, faults } = setup();
  const t = token(["Organization.Read.All"]);
  faults.add({ service: "graph", path: "^/v1.0/organization$", kind: "status", status: 503, count: 1 });
  expect((await get("/v1.0/organization", t)).status).toBe(503);
  expect((await get("/v1.0/organization", t)).status).toBe(200);
  faults.add({ service: "graph", kind: "throttleNoRetryAfter", count: 1 });
  const th = await get("/v1.0/organization", t);
  expect(th.status).toBe(429);
  expect(th.headers?.["Retry-After"]).toBeUndefined();
  expect((await get("/v1.0/paged", t)).body).toHaveProperty(["@odata.nextLink"]);
  faults.add({ service: "graph", path: "paged", kind: "truncatePage", count: 1 });
  expect((await get("/v1.0/paged", t)).body).not.toHaveProperty(["@odata.nextLink"]);
  faults.add({ service: "graph", kind: "reset", count: 1 });
  expect((await d.handle({ service: "graph", method: "GET", url: "/v1.0/organization", headers: { authorization: `Bearer ${t}` }, rawBody: "" })).kind).toBe("reset");
});

test("a failing handler answers 500 without its message", async () => {
  const { get, token } = setup();
  const r = await get("/v1.0/boom", token(["Organization.Read.All"]));
  expect(r.status).toBe(500);
  expect(JSON.stringify(r.body)).not.toContain("secret detail");
});

test("sub-requests run through the same pipeline", async () => {
  const { d, token } = setup();
  const r = await d.dispatchSub({ service: "graph", method: "GET", url: "/v1.0/organization", headers: { authorization: `Bearer ${token(["User.Read.All"])}` } });
  expect(r.status).toBe(403);
});
