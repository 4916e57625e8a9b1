/** The Graph client against the simulator: paging, Retry-After and back-off through throttling and faults, 401 refresh-and-retry, $batch, mapped errors. */
import { readFileSync } from "node:fs";
import type { ManagedDevice, Organization, User } from "@microsoft/microsoft-graph-types";
import { metrics } from "../log/metrics";
import { createGraphClient, type GraphClient } from "./client";
import { DEMO, DEMO_SCENARIO } from "./testdata/harness";
import { microsoftFailure as failure, useSimHosts } from "./testdata/simSuite";
import { appTokenProvider, type AppCredentials, type TokenProvider } from "./tokens";

/** The demo with a tiny Intune limit (3 requests / 20 s per app per tenant) so throttling is easy to reach. */
const scenario = { ...(JSON.parse(readFileSync(DEMO_SCENARIO, "utf8")) as Record<string, unknown>), throttling: { profile: "microsoft", intunePerAppPerTenant: { limit: 3, windowSeconds: 20 } } };

/** `sleep` records the waits and moves the simulator's clock instead of real time, so throttling buckets refill. */
const { h, broker, waits, sleep } = useSimHosts(scenario);
beforeEach(() => {
  // Let every throttling bucket refill between tests.
  h.sim.control.advanceClock(60_000);
});

function client(tenant: string = DEMO.partner, app: AppCredentials = DEMO.botApp, token?: TokenProvider): GraphClient {
  return createGraphClient(h.hosts, token ?? appTokenProvider(broker, app, tenant, "graph"), { logger: h.logger, sleep, random: () => 0 });
}

const routeCount = (route: string, status?: number): number =>
  h.sim.control
    .counters()
    .entries.filter((e) => e.service === "graph" && e.route === route && (status === undefined || e.status === status))
    .reduce((n, e) => n + e.count, 0);

describe("requests and paging", () => {
  test("get: the partner's organization", async () => {
    const org = await client().get<{ value: Organization[] }>("/organization");
    expect(org.value[0]?.id).toBe(DEMO.partner);
  });

  test("pages / all follow nextLinks to the end; maxPages caps with an error", async () => {
    const c = client();
    const sizes: number[] = [];
    for await (const page of c.pages<User>("/users?$top=1&$select=id,userPrincipalName")) sizes.push(page.length);
    expect(sizes.length).toBeGreaterThanOrEqual(4);
    expect(sizes.every((n) => n === 1)).toBe(true);
    const all = await c.all<User>("/users?$top=2&$select=id,userPrincipalName");
    expect(all.map((u) => u.userPrincipalName)).toContain(DEMO.alice);
    expect(all).toHaveLength(sizes.length);
    expect(await failure(c.all<User>("/users?$top=1", { maxPages: 2 }))).toMatchObject({ code: "unknown", service: "graph" });
  });

  test("beta is reachable (service principals as group members)", async () => {
    const groups = await client().all<{ id: string; displayName: string }>("/groups?$filter=displayName eq 'AdminAgents'&$select=id,displayName", { version: "beta" });
    expect(groups[0]?.displayName).toBe("AdminAgents");
  });
});

describe("retries", () => {
  test("429 without Retry-After (faults) is retried with jittered exponential back-off", async () => {
    h.sim.control.addFault({ service: "graph", path: "^/v1.0/organization", kind: "status", status: 429, count: 2 });
    await expect(client().get("/organization")).resolves.toBeDefined();
    expect(waits).toEqual([500, 1000]);
  });

  test("Intune throttling: Retry-After is honoured, then the request succeeds; the 429 is counted in the metrics", async () => {
    const throttled = jest.spyOn(metrics, "throttled");
    const c = client(DEMO.fabrikam, DEMO.lifecycleApp);
    for (let i = 0; i < 4; i++) await c.get<{ value: ManagedDevice[] }>("/deviceManagement/managedDevices?$top=1&$select=id");
    expect(routeCount("/v1.0/deviceManagement/managedDevices", 429)).toBe(1);
    expect(throttled.mock.calls).toEqual([[{ service: "graph" }]]);
    throttled.mockRestore();
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    expect((waits[0] ?? 0) % 1000).toBe(0);
  });

  test("a lasting 503 gives up after the retries: unavailable", async () => {
    h.sim.control.addFault({ service: "graph", path: "^/v1.0/organization", kind: "status", status: 503 });
    const e = await failure(client().get("/organization"));
    expect(e).toMatchObject({ code: "unavailable", status: 503, service: "graph" });
    expect(waits).toHaveLength(5);
  });

  test("a connection reset on a GET is retried", async () => {
    h.sim.control.addFault({ service: "graph", path: "^/v1.0/organization", kind: "reset", count: 1 });
    await expect(client().get("/organization")).resolves.toBeDefined();
    expect(waits).toHaveLength(1);
  });

  test("an answer slower than the timeout is abandoned and the GET sent again", async () => {
    h.sim.control.addFault({ service: "graph", path: "^/v1.0/organization", kind: "slow", delayMs: 3000, count: 1 });
    const c = createGraphClient(h.hosts, appTokenProvider(broker, DEMO.botApp, DEMO.partner, "graph"), { logger: h.logger, sleep, random: () => 0, timeoutMs: 1000 });
    await expect(c.get("/organization")).resolves.toBeDefined();
    expect(waits).toEqual([500]);
  });

  test("throttling without Retry-After on Intune (throttleNoRetryAfter) backs off", async () => {
    h.sim.control.addFault({ service: "graph", path: "^/v1.0/deviceManagement", kind: "throttleNoRetryAfter", count: 1 });
    await expect(client(DEMO.fabrikam, DEMO.lifecycleApp).get("/deviceManagement/managedDevices?$top=1")).resolves.toBeDefined();
    expect(waits).toEqual([500]);
  });
});

describe("401 InvalidAuthenticationToken", () => {
  test("a cached token the service no longer accepts gets ONE fresh token and one retry", async () => {
    const calls: boolean[] = [];
    const provider: TokenProvider = (o) => {
      calls.push(o.forceRefresh);
      return broker.appToken(DEMO.botApp, DEMO.partner, "graph", o);
    };
    const c = client(DEMO.partner, DEMO.botApp, provider);
    await c.get("/organization");
    // The simulator's clock moves 2 hours: MSAL's cached token (valid by our clock) is expired for Microsoft.
    h.sim.control.advanceClock(2 * 3_600_000);
    const before = h.sim.control.counters().byService.login ?? 0;
    await expect(c.get("/organization")).resolves.toBeDefined();
    expect(calls).toEqual([false, false, true]);
    expect((h.sim.control.counters().byService.login ?? 0) - before).toBe(1);
  });

  test("a token that stays invalid fails as unauthorized after one refresh", async () => {
    const calls: boolean[] = [];
    const c = client(DEMO.partner, DEMO.botApp, (o) => {
      calls.push(o.forceRefresh);
      return Promise.resolve("not-a-token");
    });
    const e = await failure(c.get("/organization"));
    expect(e).toMatchObject({ code: "unauthorized", status: 401, microsoftCode: "InvalidAuthenticationToken" });
    expect(calls).toEqual([false, true]);
  });
});

describe("mapped errors", () => {
  test("Intune not licensed: 400 'Request not applicable to target tenant.'", async () => {
    const e = await failure(client(DEMO.contosoPharma, DEMO.lifecycleApp).get("/deviceManagement/managedDevices?$top=1"));
    expect(e).toMatchObject({ code: "intuneNotLicensed", status: 400 });
  });

  test("forbidden: 403 Authorization_RequestDenied", async () => {
    const e = await failure(client(DEMO.partner, DEMO.lifecycleApp).get("/users/0a000000-0000-4000-8000-000000000001/authentication/methods"));
    expect(e).toMatchObject({ code: "forbidden", status: 403, microsoftCode: "Authorization_RequestDenied" });
  });

  test("Intune without the permission: 403", async () => {
    const e = await failure(client(DEMO.partner, DEMO.botApp).get("/deviceManagement/managedDevices?$top=1"));
    expect(e).toMatchObject({ code: "forbidden", status: 403 });
  });

  test("not found: 404 Request_ResourceNotFound", async () => {
    const e = await failure(client().get("/users/0a000000-0000-4000-8000-0000000000ff"));
    expect(e).toMatchObject({ code: "notFound", status: 404 });
  });

  test("a nextLink to another host is refused (the token never leaves the Graph host)", async () => {
    const e = await failure(client().get("https://example.com/v1.0/users"));
    expect(e.service).toBe("graph");
    expect(routeCount("/v1.0/users")).toBe(0);
  });
});

describe("$batch", () => {
  test("per-item 429s are retried on their own after the longest Retry-After; results in input order", async () => {
    await broker.appToken(DEMO.lifecycleApp, DEMO.fabrikam, "graph", { forceRefresh: true });
    h.sim.control.clearCounters();
    const c = client(DEMO.fabrikam, DEMO.lifecycleApp);
    const items = ["a", "b", "c", "d", "e"].map((id) => ({ id, method: "GET" as const, url: "/deviceManagement/managedDevices?$top=1&$select=id" }));
    const out = await c.batch(items);
    expect(out.map((r) => [r.id, r.status])).toEqual(items.map((i) => [i.id, 200]));
    // 3 pass, 2 are throttled and sent again alone (the bucket refills one request at a time, so maybe in two rounds).
    expect(routeCount("/v1.0/deviceManagement/managedDevices", 200)).toBe(5);
    const throttled = routeCount("/v1.0/deviceManagement/managedDevices", 429);
    expect(throttled).toBeGreaterThanOrEqual(2);
    expect(routeCount("/v1.0/$batch")).toBe(1 + waits.length);
    expect(waits.length).toBeGreaterThanOrEqual(1);
    for (const w of waits) expect(w).toBeGreaterThanOrEqual(1000);
  });

  test("items refused for a stale token (401 InvalidAuthenticationToken) are sent again once with a fresh token", async () => {
    const c = client();
    await c.get("/organization");
    h.sim.control.advanceClock(2 * 3_600_000);
    const before = h.sim.control.counters().byService.login ?? 0;
    const out = await c.batch([1, 2, 3].map((i) => ({ id: String(i), method: "GET" as const, url: "/organization?$select=id" })));
    expect(out.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((h.sim.control.counters().byService.login ?? 0) - before).toBe(1);
    expect(routeCount("/v1.0/$batch")).toBe(2);
  });

  test("more than 20 items go in chunks of 20; item failures come back mapped, not thrown", async () => {
    const items = Array.from({ length: 45 }, (_, i) => ({ id: `r${i}`, method: "GET" as const, url: i === 7 ? "/users/0a000000-0000-4000-8000-0000000000ff" : "/organization?$select=id" }));
    const out = await client().batch(items);
    expect(routeCount("/v1.0/$batch")).toBe(3);
    expect(out.map((r) => r.id)).toEqual(items.map((i) => i.id));
    expect(out[7]).toMatchObject({ status: 404, error: { code: "notFound" } });
    expect(out.filter((r) => r.status === 200)).toHaveLength(44);
  });

  test("duplicate ids and absolute urls are refused before sending", async () => {
    await expect(client().batch([{ id: "x", method: "GET", url: "/organization" }, { id: "X", method: "GET", url: "/organization" }])).rejects.toMatchObject({ code: "badRequest" });
    await expect(client().batch([{ id: "x", method: "GET", url: "https://graph.microsoft.com/v1.0/organization" }])).rejects.toMatchObject({ code: "badRequest" });
    expect(routeCount("/v1.0/$batch")).toBe(0);
  });

  test("a POST item carries its body (checkMemberGroups)", async () => {
    const out = await client().batch([
      { id: "1", method: "POST", url: "/groups/06000000-0000-4000-8000-000000000003/checkMemberGroups", body: { groupIds: ["06000000-0000-4000-8000-000000000004"] } },
    ]);
    expect(out[0]?.status).toBe(200);
    expect(out[0]?.body).toMatchObject({ value: expect.any(Array) });
  });
});
