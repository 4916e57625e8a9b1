import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Agent, fetch } from "undici";
import { startSimulator, type Simulator } from "../../sim/server";
import { SSO_GRAPH_PERMISSIONS } from "../bot/sso/settings";
import { manualClock } from "../clock";
import type { MicrosoftHosts } from "../config";
import { MicrosoftError } from "../graph/errors";
import { closeMicrosoftNetwork } from "../graph/network";
import { createLogger } from "../log/logger";
import { createLocalUserTokenSource, LocalSignInError, ssoAppFromScenario, type LocalUserTokenOptions } from "./userToken";

const BOT_APP_ID = "ab000000-0000-4000-8000-000000000002";
const ALICE = "alice@contosoitpartners.onmicrosoft.com";
const DEMO = path.join(__dirname, "../../sim/scenarios/demo.json");
const IDENTITY = { userId: "29:playground-user" };
const FAKE_PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

type Json = Record<string, unknown>;
function demoWithBotConsent(graph: readonly string[]): Json {
  const s = JSON.parse(readFileSync(DEMO, "utf8")) as { partner: { applications: Json[] } };
  const app = s.partner.applications.find((a) => a.appId === BOT_APP_ID);
  if (!app) throw new Error("the demo scenario has no Tenant Pilot app");
  app.requiredDelegatedPermissions = { ...((app.requiredDelegatedPermissions ?? {}) as Json), graph: [...graph] };
  app.grantedDelegatedPermissions = { ...((app.grantedDelegatedPermissions ?? {}) as Json), graph: [...graph] };
  return s;
}

const hostsStub: MicrosoftHosts = { loginUrl: "https://127.0.0.1:1", graphUrl: "https://127.0.0.1:2", partnerCenterUrl: "https://127.0.0.1:3", defenderUrl: "https://127.0.0.1:4" };
const base = (over: Partial<LocalUserTokenOptions> = {}): LocalUserTokenOptions => ({
  mode: "local",
  controlUrl: "https://127.0.0.1:7005",
  caPem: FAKE_PEM,
  user: ALICE,
  app: { clientId: BOT_APP_ID, clientSecret: "demo-bot-secret-0001", tenantId: "c0c0c0c0-0000-4000-8000-000000000000" },
  hosts: hostsStub,
  logger: createLogger({ sink: () => undefined }),
  ...over,
});

describe("ssoAppFromScenario", () => {
  const demo = JSON.parse(readFileSync(DEMO, "utf8")) as Json;
  const partner = (applications: unknown[]) => ({ partner: { tenantId: "c0c0c0c0-0000-4000-8000-000000000000", applications } });
  const app = (appId: string, uris: string[], secrets: Array<{ secretText?: string }>) => ({ appId, identifierUris: uris, passwordCredentials: secrets });
  const ID = "ab000000-0000-4000-8000-000000000009";
  test.each<[string, unknown, unknown]>([
    ["the demo: Tenant Pilot", demo, { clientId: BOT_APP_ID, clientSecret: "demo-bot-secret-0001", tenantId: "c0c0c0c0-0000-4000-8000-000000000000" }],
    ["botid URI, case-insensitive", partner([app(ID, [`API://BOTID-${ID.toUpperCase()}`], [{ secretText: "s" }])]), { clientId: ID, clientSecret: "s", tenantId: "c0c0c0c0-0000-4000-8000-000000000000" }],
    ["first secret with a value", partner([app(ID, [`api://botid-${ID}`], [{}, { secretText: "second" }])]), expect.objectContaining({ clientSecret: "second" })],
    ["another app's botid URI does not count", partner([app(ID, [`api://botid-${BOT_APP_ID}`], [{ secretText: "s" }])]), undefined],
    ["no secret", partner([app(ID, [`api://botid-${ID}`], [])]), undefined],
    ["no applications", partner([]), undefined],
    ["not a scenario", "nope", undefined],
  ])("%s", (_name, scenario, expected) => {
    expect(ssoAppFromScenario(scenario)).toEqual(expected);
  });
});

describe("createLocalUserTokenSource: exists only in local mode", () => {
  it("refuses to be constructed in azure mode", () => {
    expect(() => createLocalUserTokenSource(base({ mode: "azure" }))).toThrow("The simulator sign-in is for local mode only: in azure mode users sign in with Teams SSO.");
  });

  test.each([
    ["a control API that is not on loopback", { controlUrl: "https://sim.example.com:7005" }, "controlUrl"],
    ["a plain-http control API", { controlUrl: "http://127.0.0.1:7005" }, "controlUrl"],
    ["a CA that is not PEM", { caPem: "nope" }, "caPem"],
    ["no user", { user: "" }, "user"],
    ["an app id that is not a GUID", { app: { ...base().app, clientId: "bot" } }, "app.clientId"],
  ])("refuses %s, naming the option and never the secret", (_name, over, field) => {
    let message = "";
    try {
      createLocalUserTokenSource(base(over));
    } catch (e) {
      message = e instanceof Error ? e.message : "";
    }
    expect(message).toContain(field);
    expect(message).not.toContain("demo-bot-secret-0001");
  });
});

describe("local sign-in against the simulator (control API → on-behalf-of → Graph)", () => {
  let sim: Simulator;
  let dir: string;
  let hosts: MicrosoftHosts;
  let dispatcher: Agent;
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", sink: (_l, line) => lines.push(line) });
  const clock = manualClock("2025-01-01T00:00:00Z");

  beforeAll(async () => {
    sim = await startSimulator({ scenario: demoWithBotConsent(SSO_GRAPH_PERMISSIONS), port: 0 });
    clock.set(sim.clock.now());
    dir = mkdtempSync(path.join(tmpdir(), "tp-local-sso-"));
    writeFileSync(path.join(dir, "ca.pem"), sim.caPem);
    hosts = { loginUrl: sim.urls.login, graphUrl: sim.urls.graph, partnerCenterUrl: sim.urls.partnerCenter, defenderUrl: sim.urls.defender, caFile: path.join(dir, "ca.pem") };
    dispatcher = new Agent({ connect: { ca: sim.caPem } });
  });
  afterAll(async () => {
    await dispatcher.close();
    await sim.stop();
    await closeMicrosoftNetwork();
    rmSync(dir, { recursive: true, force: true });
  });

  const source = (over: Partial<LocalUserTokenOptions> = {}) =>
    createLocalUserTokenSource(
      base({ controlUrl: sim.urls.control, caPem: sim.caPem, hosts, logger, clock, app: { ...base().app, tenantId: sim.world.partnerTenantId }, ...over }),
    );
  /** Requests the simulator's Entra ID answered (token endpoint). */
  const tokenRequests = (): number => sim.control.counters().byService.login ?? 0;
  const graph = async (token: string) =>
    fetch(`${sim.urls.graph}/v1.0/tenantRelationships/delegatedAdminRelationships`, { headers: { authorization: `Bearer ${token}` }, dispatcher });

  it("gets Alice's delegated Graph token, which reads the partner's GDAP relationships", async () => {
    const s = source();
    try {
      const token = await s.getGraphToken(IDENTITY);
      const claims = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()) as { scp: string; upn?: string; tid: string };
      expect(claims.scp.split(" ").sort()).toEqual([...SSO_GRAPH_PERMISSIONS].sort());
      expect(claims.tid).toBe(sim.world.partnerTenantId);
      const res = await graph(token);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { value: unknown[] }).value.length).toBeGreaterThan(0);
      expect(s.kind).toBe("localSimulator");
    } finally {
      await s.close();
    }
  });

  it("reuses the SSO token and MSAL's cached Graph token; forceRefresh gets new ones", async () => {
    const s = source();
    try {
      const first = await s.getGraphToken(IDENTITY);
      const loginsAfterFirst = tokenRequests();
      expect(await s.getGraphToken(IDENTITY)).toBe(first);
      expect(tokenRequests()).toBe(loginsAfterFirst);
      sim.control.advanceClock(1000); // the simulator's clock moves, so a new token differs in iat/exp
      clock.set(sim.clock.now());
      const forced = await s.getGraphToken(IDENTITY, { forceRefresh: true });
      expect(forced).not.toBe(first);
      expect(tokenRequests()).toBeGreaterThan(loginsAfterFirst);
    } finally {
      await s.close();
    }
  });

  it("mints a new SSO token when local mode's clock (the simulator's) nears its expiry", async () => {
    const s = source();
    const mints = () => lines.filter((l) => l.includes("local sign-in: user token from the simulator")).length;
    try {
      await s.getGraphToken(IDENTITY);
      const before = mints();
      await s.getGraphToken(IDENTITY);
      expect(mints()).toBe(before);
      sim.control.advanceClock(2 * 3_600_000);
      clock.set(sim.clock.now());
      const token = await s.getGraphToken(IDENTITY, { forceRefresh: true });
      expect(mints()).toBe(before + 1);
      expect((await graph(token)).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it("an unknown user: LocalSignInError naming the user, no token", async () => {
    const s = source({ user: "nobody@contosoitpartners.onmicrosoft.com" });
    try {
      const err: unknown = await s.getGraphToken(IDENTITY).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LocalSignInError);
      expect((err as Error).message).toContain("nobody@contosoitpartners.onmicrosoft.com");
    } finally {
      await s.close();
    }
  });

  it("a wrong secret: the on-behalf-of failure is a MicrosoftError (secretInvalid)", async () => {
    const s = source({ app: { clientId: BOT_APP_ID, clientSecret: "wrong-secret-value", tenantId: sim.world.partnerTenantId } });
    try {
      const err: unknown = await s.getGraphToken(IDENTITY).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MicrosoftError);
      expect((err as MicrosoftError).code).toBe("secretInvalid");
    } finally {
      await s.close();
    }
  });

  it("no log line holds a token or the secret", async () => {
    const s = source();
    try {
      const token = await s.getGraphToken(IDENTITY);
      const all = lines.join("\n");
      expect(all).not.toContain(token);
      expect(all).not.toContain(token.split(".")[2]);
      expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\./);
      expect(all).not.toContain("demo-bot-secret-0001");
      expect(all).not.toContain("wrong-secret-value");
    } finally {
      await s.close();
    }
  });
});
