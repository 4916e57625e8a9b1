/** Tokens through the real MSAL against the simulator: client credentials, on-behalf-of, cache reuse, forceRefresh, each mapped error. */
import { ConfidentialClientApplication } from "@azure/msal-node";
import { DEMO, DEMO_SCENARIO, recordingSleep } from "./testdata/harness";
import { microsoftFailure as failure, useSimHosts } from "./testdata/simSuite";
import { createTokenBroker, type TokenBroker } from "./tokens";

const { h } = useSimHosts(DEMO_SCENARIO);
let broker: TokenBroker;
let waits: number[];

beforeEach(() => {
  const s = recordingSleep();
  waits = s.waits;
  // A fresh broker per test: MSAL's cache (and its own throttling memory) start empty.
  broker = createTokenBroker(h.hosts, { logger: h.logger, network: { sleep: s.sleep, random: () => 0 } });
});

const claims = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
const tokenRequests = (): number => h.sim.control.counters().byService.login ?? 0;

test("client credentials in the partner and in a consented customer; the second call comes from MSAL's cache", async () => {
  const t1 = await broker.appToken(DEMO.lifecycleApp, DEMO.partner, "graph");
  expect(claims(t1)).toMatchObject({ tid: DEMO.partner, aud: "https://graph.microsoft.com", appid: DEMO.lifecycleApp.clientId });
  const t2 = await broker.appToken(DEMO.lifecycleApp, DEMO.partner, "graph");
  expect(t2).toBe(t1);
  const c = await broker.appToken(DEMO.lifecycleApp, DEMO.fabrikam, "graph");
  expect(claims(c).tid).toBe(DEMO.fabrikam);
  expect(claims(c).roles).toEqual(expect.arrayContaining(["DeviceManagementManagedDevices.Read.All"]));
  expect(tokenRequests()).toBe(2);
});

test("forceRefresh skips the cache; concurrent requests for one token share one call", async () => {
  const [a, b, c] = await Promise.all([1, 2, 3].map(() => broker.appToken(DEMO.botApp, DEMO.partner, "graph")));
  expect(new Set([a, b, c]).size).toBe(1);
  expect(tokenRequests()).toBe(1);
  await broker.appToken(DEMO.botApp, DEMO.partner, "graph", { forceRefresh: true });
  expect(tokenRequests()).toBe(2);
});

test("a forced refresh replaces the token handed out from then on; a request begun before it does not bring the old one back", async () => {
  const [before, fresh] = await Promise.all([broker.appToken(DEMO.botApp, DEMO.partner, "graph"), broker.appToken(DEMO.botApp, DEMO.partner, "graph", { forceRefresh: true })]);
  expect(fresh).not.toBe(before);
  await expect(broker.appToken(DEMO.botApp, DEMO.partner, "graph")).resolves.toBe(fresh);
  const forcedAgain = await broker.appToken(DEMO.botApp, DEMO.partner, "graph", { forceRefresh: true });
  await expect(broker.appToken(DEMO.botApp, DEMO.partner, "graph")).resolves.toBe(forcedAgain);
  expect(tokenRequests()).toBe(3);
});

test("a token is not handed out again once it is within 5 minutes of expiring (the broker's clock)", async () => {
  let now = Date.now();
  const b = createTokenBroker(h.hosts, { logger: h.logger, now: () => now });
  const first = await b.appToken(DEMO.botApp, DEMO.partner, "graph");
  const exp = Number(claims(first).exp) * 1000;
  now = exp - 301_000;
  await expect(b.appToken(DEMO.botApp, DEMO.partner, "graph")).resolves.toBe(first);
  expect(tokenRequests()).toBe(1);
  // Past the renewal point the broker asks MSAL again (whose cache judges by real time, so it may answer from it).
  now = exp - 299_000;
  const spy = jest.spyOn(ConfidentialClientApplication.prototype, "acquireTokenByClientCredential");
  await b.appToken(DEMO.botApp, DEMO.partner, "graph");
  expect(spy).toHaveBeenCalledTimes(1);
  spy.mockRestore();
});

test("on-behalf-of a Teams SSO token of the bot app, for Graph and for Partner Center", async () => {
  const sso = h.sim.control.mintUserToken({ user: DEMO.alice, appId: DEMO.botApp.clientId, audience: `api://botid-${DEMO.botApp.clientId}` });
  const graph = await broker.onBehalfOf(DEMO.botApp, DEMO.partner, sso, ["https://graph.microsoft.com/DelegatedAdminRelationship.Read.All"]);
  expect(claims(graph)).toMatchObject({ tid: DEMO.partner, upn: DEMO.alice });
  expect(String(claims(graph).scp)).toContain("DelegatedAdminRelationship.Read.All");
  const again = await broker.onBehalfOf(DEMO.botApp, DEMO.partner, sso, ["https://graph.microsoft.com/DelegatedAdminRelationship.Read.All"]);
  expect(again).toBe(graph);
  const pc = await broker.onBehalfOf(DEMO.botApp, DEMO.partner, sso, ["https://api.partnercenter.microsoft.com/user_impersonation"]);
  expect(claims(pc).aud).toBe("https://api.partnercenter.microsoft.com");
});

test.each([
  ["not consented (AADSTS700016)", () => broker.appToken(DEMO.lifecycleApp, DEMO.relecloud, "graph"), "notConsented", "AADSTS700016"],
  ["secret wrong (AADSTS7000215)", () => broker.appToken({ ...DEMO.lifecycleApp, clientSecret: "not-the-secret" }, DEMO.partner, "graph"), "secretInvalid", "AADSTS7000215"],
  ["tenant unknown (AADSTS90002)", () => broker.appToken(DEMO.lifecycleApp, "dd000000-0000-4000-8000-000000000099", "graph"), "tenantNotFound", "AADSTS90002"],
  [
    "consent missing for a delegated scope (AADSTS65001)",
    () => broker.onBehalfOf(DEMO.botApp, DEMO.partner, h.sim.control.mintUserToken({ user: DEMO.alice, appId: DEMO.botApp.clientId }), ["https://graph.microsoft.com/Mail.Read"]),
    "notConsented",
    "AADSTS65001",
  ],
])("%s", async (_name, run, code, microsoftCode) => {
  const e = await failure(run());
  expect(e).toMatchObject({ code, microsoftCode, service: "login" });
  expect(e.adminMessage).not.toMatch(/AADSTS|Trace ID|secret-/);
});

test("secret expired (AADSTS7000222, the secretExpired fault)", async () => {
  h.sim.control.addFault({ service: "login", kind: "secretExpired", count: 1 });
  const e = await failure(broker.appToken(DEMO.lifecycleApp, DEMO.partner, "graph"));
  expect(e).toMatchObject({ code: "secretExpired", microsoftCode: "AADSTS7000222" });
});

test("MFA required (AADSTS50076): on-behalf-of for Partner Center by a user without MFA", async () => {
  const sso = h.sim.control.mintUserToken({ user: DEMO.bob, appId: DEMO.botApp.clientId, mfa: false });
  const e = await failure(broker.onBehalfOf(DEMO.botApp, DEMO.partner, sso, ["https://api.partnercenter.microsoft.com/user_impersonation"]));
  expect(e).toMatchObject({ code: "mfaRequired", microsoftCode: "AADSTS50076" });
});

test("an expired SSO assertion asks the user to sign in again (AADSTS500133)", async () => {
  const sso = h.sim.control.mintUserToken({ user: DEMO.alice, appId: DEMO.botApp.clientId, lifetimeSeconds: 60 });
  h.sim.control.advanceClock(3_600_000);
  const e = await failure(broker.onBehalfOf(DEMO.botApp, DEMO.partner, sso, ["https://graph.microsoft.com/User.Read"]));
  expect(e).toMatchObject({ code: "unauthorized", microsoftCode: "AADSTS500133" });
});

test("a token outage (503 temporarily_unavailable) is retried by the network module; a lasting one is 'unavailable'", async () => {
  h.sim.control.addFault({ service: "login", kind: "tokenOutage", count: 1 });
  await expect(broker.appToken(DEMO.botApp, DEMO.partner, "graph")).resolves.toEqual(expect.any(String));
  expect(waits).toHaveLength(1);
  h.sim.control.addFault({ service: "login", kind: "tokenOutage", id: "outage" });
  const e = await failure(broker.appToken(DEMO.botApp, DEMO.fabrikam, "graph"));
  expect(e).toMatchObject({ code: "unavailable", service: "login" });
  expect(waits).toHaveLength(3);
});

test("invalid inputs are refused before any request", async () => {
  await expect(broker.appToken({ clientId: "nope", clientSecret: "x" }, DEMO.partner, "graph")).rejects.toMatchObject({ code: "badRequest" });
  await expect(broker.appToken(DEMO.botApp, "not a tenant!", "graph")).rejects.toMatchObject({ code: "badRequest" });
  expect(tokenRequests()).toBe(0);
});

test("no token, assertion or secret ever reaches the log", () => {
  const all = h.lines.join("\n");
  expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  expect(all).not.toContain(DEMO.lifecycleApp.clientSecret);
  expect(all).not.toContain(DEMO.botApp.clientSecret);
});

test("with a bounded number of MSAL clients, a tenant whose client was dropped keeps its token and gets a new client when it needs one", async () => {
  const b = createTokenBroker(h.hosts, { logger: h.logger, maxClients: 1 });
  const p1 = await b.appToken(DEMO.lifecycleApp, DEMO.partner, "graph");
  const f1 = await b.appToken(DEMO.lifecycleApp, DEMO.fabrikam, "graph"); // drops the partner's client
  expect(tokenRequests()).toBe(2);
  // Still handed out again: the reuse does not depend on the client.
  await expect(b.appToken(DEMO.lifecycleApp, DEMO.partner, "graph")).resolves.toBe(p1);
  await expect(b.appToken(DEMO.lifecycleApp, DEMO.fabrikam, "graph")).resolves.toBe(f1);
  expect(tokenRequests()).toBe(2);
  // A forced refresh in the dropped tenant builds a new client and asks once.
  const p2 = await b.appToken(DEMO.lifecycleApp, DEMO.partner, "graph", { forceRefresh: true });
  expect(p2).not.toBe(p1);
  expect(claims(p2).tid).toBe(DEMO.partner);
  expect(tokenRequests()).toBe(3);
  await expect(b.appToken(DEMO.lifecycleApp, DEMO.partner, "graph")).resolves.toBe(p2);
  expect(tokenRequests()).toBe(3);
});
