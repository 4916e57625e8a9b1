/**
 * Teams SSO end to end, offline: the REAL teams-ai Application with ssoAuthenticationOptions, driven by botbuilder's
 * TestAdapter the way Teams drives it — a message that needs Graph gets the OAuth card; the `signin/tokenExchange`
 * invoke carrying a simulator-issued Teams SSO token is exchanged on-behalf-of by MSAL against the simulator's Entra
 * ID (200), and the Graph token works against the simulator's Graph; a token that cannot be exchanged (expired, wrong
 * audience, consent missing) answers 412 so Teams falls back to the sign-in button; `signin/verifyState` resends the
 * card. No token appears in a log line, a message or stored state.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Application, TurnState } from "@microsoft/teams-ai";
import { MemoryStorage, TestAdapter, type Activity, type TurnContext } from "botbuilder";
import { Agent, fetch } from "undici";
import { startSimulator, type Simulator } from "../../../sim/server";
import type { MicrosoftHosts } from "../../config";
import { closeMicrosoftNetwork } from "../../graph/network";
import { createLogger } from "../../log/logger";
import { SSO_GRAPH_PERMISSIONS, ssoAuthenticationOptions, SSO_SETTING_NAME } from "./settings";
import { attachSignInHandlers } from "./signInHandlers";
import { createTeamsSsoTokenSource, turnIdentity } from "./userGraphToken";

const BOT_APP_ID = "ab000000-0000-4000-8000-000000000002";
const BOT_SECRET = "demo-bot-secret-0001";
const LIFECYCLE_APP_ID = "ab000000-0000-4000-8000-000000000001";
const ALICE = "alice@contosoitpartners.onmicrosoft.com";
const DEMO = path.join(__dirname, "../../../sim/scenarios/demo.json");

type Json = Record<string, unknown>;
/** The demo scenario with the Tenant Pilot app's delegated Graph consent set to `graph` (what the README asks admins to consent). */
function demoWithBotConsent(graph: readonly string[]): Json {
  const s = JSON.parse(readFileSync(DEMO, "utf8")) as { partner: { applications: Json[] } };
  const app = s.partner.applications.find((a) => a.appId === BOT_APP_ID);
  if (!app) throw new Error("the demo scenario has no Tenant Pilot app");
  const required = (app.requiredDelegatedPermissions ?? {}) as Json;
  const granted = (app.grantedDelegatedPermissions ?? {}) as Json;
  app.requiredDelegatedPermissions = { ...required, graph: [...graph] };
  app.grantedDelegatedPermissions = { ...granted, graph: [...graph] };
  return s;
}

interface World {
  sim: Simulator;
  hosts: MicrosoftHosts;
  dispatcher: Agent;
  dir: string;
}
async function startWorld(scenario: Json): Promise<World> {
  const sim = await startSimulator({ scenario, port: 0 });
  const dir = mkdtempSync(path.join(tmpdir(), "tp-sso-"));
  const caFile = path.join(dir, "ca.pem");
  writeFileSync(caFile, sim.caPem);
  const hosts = { loginUrl: sim.urls.login, graphUrl: sim.urls.graph, partnerCenterUrl: sim.urls.partnerCenter, defenderUrl: sim.urls.defender, caFile };
  return { sim, hosts, dispatcher: new Agent({ connect: { ca: sim.caPem } }), dir };
}
async function stopWorld(w: World | undefined): Promise<void> {
  if (!w) return;
  await w.dispatcher.close();
  await w.sim.stop();
  rmSync(w.dir, { recursive: true, force: true });
}

let conv = 0;
/** One bot (fresh MSAL cache, fresh storage) and what it logs, sends and stores. */
function bot(w: World) {
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", sink: (_l, line) => lines.push(line) });
  const memory: Record<string, string> = {};
  const app = new Application<TurnState>({
    storage: new MemoryStorage(memory),
    authentication: ssoAuthenticationOptions({ app: { clientId: BOT_APP_ID, clientSecret: BOT_SECRET, tenantId: w.sim.world.partnerTenantId }, publicBaseUrl: "https://tp.example.test" }, w.hosts, logger),
    startTypingTimer: false,
    longRunningMessages: false,
    removeRecipientMention: true,
  });
  const source = createTeamsSsoTokenSource();
  const graphTokens: string[] = [];
  /** What a `check` route does first: the user's Graph token, then a partner-tenant read. */
  const readRelationships = async (ctx: TurnContext, state: TurnState): Promise<void> => {
    const token = await source.getGraphToken(turnIdentity(ctx, state, app));
    graphTokens.push(token);
    const res = await fetch(`${w.sim.urls.graph}/v1.0/tenantRelationships/delegatedAdminRelationships`, { headers: { authorization: `Bearer ${token}` }, dispatcher: w.dispatcher });
    const body = (await res.json()) as { value?: unknown[] };
    await ctx.sendActivity(`relationships: ${res.status} ${body.value?.length ?? -1}`);
  };
  app.message(/^check\b/i, readRelationships);
  app.message(/^help\b/i, async (ctx) => {
    await ctx.sendActivity("help card");
  });
  attachSignInHandlers(app, { onSignedIn: (ctx, state) => readRelationships(ctx, state), onFailed: async (ctx) => void (await ctx.sendActivity("sign-in failed")) }, logger);
  const adapter = new TestAdapter(async (ctx) => {
    await app.run(ctx);
  });
  const conversationId = `a:sso-${++conv}`;
  const user = (upn: string) => {
    const u = w.sim.world.user(w.sim.world.partnerTenantId, upn);
    if (!u) throw new Error(`no user ${upn}`);
    return { id: `29:${u.id}`, name: u.displayName, aadObjectId: u.id };
  };
  const send = async (upn: string, a: Partial<Activity>): Promise<Array<Partial<Activity>>> => {
    adapter.activeQueue.splice(0);
    await adapter.processActivity({
      channelId: "msteams",
      serviceUrl: "https://smba.example.test/",
      from: user(upn),
      recipient: { id: "28:tenant-pilot", name: "Tenant Pilot" },
      conversation: { id: conversationId, conversationType: "personal", tenantId: w.sim.world.partnerTenantId } as Activity["conversation"],
      ...a,
    });
    return adapter.activeQueue.splice(0);
  };
  const message = (upn: string, text: string) => send(upn, { type: "message", text });
  const exchange = (upn: string, id: string, token: string) => send(upn, { type: "invoke", name: "signin/tokenExchange", value: { id, connectionName: "", token } });
  const verifyState = (upn: string) => send(upn, { type: "invoke", name: "signin/verifyState", value: { state: "123456" } });
  return { app, lines, memory, graphTokens, message, exchange, verifyState };
}

/** The OAuth card teams-ai sends, and its token exchange id. */
function oauthCard(replies: Array<Partial<Activity>>): { exchangeId: string; signInLink: string } {
  expect(replies).toHaveLength(1);
  const att = replies[0].attachments?.[0];
  expect(att?.contentType).toBe("application/vnd.microsoft.card.oauth");
  const content = att?.content as { tokenExchangeResource?: { id?: string }; buttons?: Array<{ type?: string; value?: string }> };
  const exchangeId = content.tokenExchangeResource?.id ?? "";
  expect(exchangeId).toMatch(new RegExp(`^[0-9a-f-]{36}-${SSO_SETTING_NAME}$`));
  expect(content.buttons?.[0]?.type).toBe("signin");
  return { exchangeId, signInLink: content.buttons?.[0]?.value ?? "" };
}

/** Token requests the simulator's Entra ID refused (400: AADSTS errors). */
function loginRefusals(w: World): number {
  return w.sim.control
    .counters()
    .entries.filter((e) => e.service === "login" && e.status === 400)
    .reduce((n, e) => n + e.count, 0);
}

function invokeResponse(replies: Array<Partial<Activity>>): { status: number; body: { id?: string; failureDetail?: string } } {
  const r = replies.find((a) => a.type === "invokeResponse");
  expect(r).toBeDefined();
  return r?.value as { status: number; body: { id?: string; failureDetail?: string } };
}

/** No line, reply or stored state holds any of the tokens (nor any JWT at all). */
function expectNoToken(where: Record<string, string>, tokens: string[]): void {
  for (const [name, text] of Object.entries(where)) {
    for (const t of tokens) {
      expect({ name, leaked: text.includes(t) }).toEqual({ name, leaked: false });
      // a token cut in pieces (signature alone) would be as bad
      expect({ name, leaked: text.includes(t.split(".")[2] ?? t) }).toEqual({ name, leaked: false });
    }
    expect({ name, jwt: /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\./.test(text) }).toEqual({ name, jwt: false });
  }
}

describe("Teams SSO token exchange (teams-ai Application + simulator)", () => {
  let w: World | undefined;
  const world = (): World => {
    if (!w) throw new Error("simulator not started");
    return w;
  };
  beforeAll(async () => {
    w = await startWorld(demoWithBotConsent(SSO_GRAPH_PERMISSIONS));
  });
  afterAll(async () => {
    await stopWorld(w);
    await closeMicrosoftNetwork();
  });

  it("help does not sign in", async () => {
    const b = bot(world());
    expect((await b.message(ALICE, "help")).map((a) => a.text)).toEqual(["help card"]);
  });

  it("check → OAuth card; tokenExchange with Alice's SSO token → 200, the command runs with a Graph token that works", async () => {
    const consoleSpy = jest.spyOn(console, "warn");
    const errorSpy = jest.spyOn(console, "error");
    const logSpy = jest.spyOn(console, "log");
    try {
      const b = bot(world());
      const card = oauthCard(await b.message(ALICE, "check"));
      expect(card.signInLink).toMatch(/^https:\/\/tp\.example\.test\/auth-start\.html\?scope=/);
      expect(card.signInLink).toContain(`clientId=${BOT_APP_ID}`);

      const ssoToken = world().sim.control.mintUserToken({ user: ALICE, appId: BOT_APP_ID });
      const replies = await b.exchange(ALICE, card.exchangeId, ssoToken);
      expect(invokeResponse(replies)).toEqual({ status: 200, body: { id: card.exchangeId, failureDetail: "" } });
      // the original "check" ran after sign-in, with a delegated Graph token the simulator's Graph accepts
      const text = replies.filter((a) => a.type === "message").map((a) => a.text);
      expect(text).toHaveLength(1);
      expect(text[0]).toMatch(/^relationships: 200 [1-9]\d*$/);
      expect(b.graphTokens).toHaveLength(1);
      const claims = JSON.parse(Buffer.from(b.graphTokens[0].split(".")[1], "base64url").toString()) as { aud: string; scp: string; upn?: string };
      expect(claims.aud).toMatch(/graph\.microsoft\.com|00000003-0000-0000-c000-000000000000/);
      expect(claims.scp.split(" ").sort()).toEqual([...SSO_GRAPH_PERMISSIONS].sort());

      // the next command needs no new exchange: teams-ai finds the token in its MSAL cache
      const again = await b.message(ALICE, "check");
      expect(again.map((a) => a.text)).toEqual([text[0]]);

      expect(b.lines.some((l) => l.includes("sso: token exchanged"))).toBe(true);
      const consoleText = [...consoleSpy.mock.calls, ...errorSpy.mock.calls, ...logSpy.mock.calls].map((c) => c.map(String).join(" ")).join("\n");
      expectNoToken(
        { logs: b.lines.join("\n"), console: consoleText, replies: JSON.stringify([...replies, ...again]), storage: JSON.stringify(b.memory) },
        [ssoToken, ...b.graphTokens],
      );
    } finally {
      consoleSpy.mockRestore();
      errorSpy.mockRestore();
      logSpy.mockRestore();
    }
  });

  it("the Application ID URI audience (api://botid-…) is exchanged too", async () => {
    const b = bot(world());
    const card = oauthCard(await b.message(ALICE, "check"));
    const ssoToken = world().sim.control.mintUserToken({ user: ALICE, appId: BOT_APP_ID, audience: `api://botid-${BOT_APP_ID}` });
    expect(invokeResponse(await b.exchange(ALICE, card.exchangeId, ssoToken)).status).toBe(200);
  });

  it("wrong audience (a token for another app) → 412, Teams falls back to the sign-in button; verifyState resends the card", async () => {
    const b = bot(world());
    const card = oauthCard(await b.message(ALICE, "check"));
    const foreign = world().sim.control.mintUserToken({ user: ALICE, appId: LIFECYCLE_APP_ID });
    const refused = loginRefusals(world());
    const replies = await b.exchange(ALICE, card.exchangeId, foreign);
    expect(loginRefusals(world())).toBe(refused + 1); // Entra (the simulator) refused it: AADSTS50013
    expect(invokeResponse(replies)).toEqual({ status: 412, body: { id: card.exchangeId, failureDetail: expect.any(String) } });
    expect(replies.filter((a) => a.type === "message")).toEqual([]); // the command did not run, nothing leaked
    expect(b.graphTokens).toEqual([]);
    expect(b.lines.some((l) => l.includes("sso: token exchange refused") && l.includes('"status":412'))).toBe(true);

    // after the fallback page: Teams sends signin/verifyState → the card again, answered 200
    const verify = await b.verifyState(ALICE);
    expect(invokeResponse(verify).status).toBe(200);
    const again = oauthCard(verify.filter((a) => a.type === "message"));
    // …and the new exchange with a good token completes the original command
    const ok = await b.exchange(ALICE, again.exchangeId, world().sim.control.mintUserToken({ user: ALICE, appId: BOT_APP_ID }));
    expect(invokeResponse(ok).status).toBe(200);
    expect(ok.filter((a) => a.type === "message").map((a) => a.text)[0]).toMatch(/^relationships: 200 /);
    expectNoToken({ logs: b.lines.join("\n"), storage: JSON.stringify(b.memory) }, [foreign, ...b.graphTokens]);
  });

  it("expired SSO token → 412", async () => {
    const w0 = world();
    const b = bot(w0);
    const card = oauthCard(await b.message(ALICE, "check"));
    const expired = w0.sim.control.mintUserToken({ user: ALICE, appId: BOT_APP_ID, lifetimeSeconds: 60 });
    const before = w0.sim.clock.now();
    w0.sim.control.advanceClock(15 * 60_000); // past exp + Entra's 5 minutes of skew
    try {
      const refused = loginRefusals(w0);
      const replies = await b.exchange(ALICE, card.exchangeId, expired);
      expect(invokeResponse(replies).status).toBe(412);
      expect(loginRefusals(w0)).toBe(refused + 1); // AADSTS500133
      expect(replies.filter((a) => a.type === "message")).toEqual([]);
      expectNoToken({ logs: b.lines.join("\n") }, [expired]);
    } finally {
      w0.sim.control.setClock(before);
    }
  });

  it("an empty token → 412, not a crash", async () => {
    const b = bot(world());
    const card = oauthCard(await b.message(ALICE, "check"));
    expect(invokeResponse(await b.exchange(ALICE, card.exchangeId, "")).status).toBe(412);
  });
});

describe("Teams SSO when the admin has not consented every scope", () => {
  let w: World | undefined;
  beforeAll(async () => {
    w = await startWorld(demoWithBotConsent(SSO_GRAPH_PERMISSIONS.filter((p) => p !== "UserAuthenticationMethod.Read.All")));
  });
  afterAll(async () => {
    await stopWorld(w);
    await closeMicrosoftNetwork();
  });

  it("AADSTS65001 → 412 (Teams shows the sign-in button, whose page asks for consent)", async () => {
    if (!w) throw new Error("simulator not started");
    const b = bot(w);
    const card = oauthCard(await b.message(ALICE, "check"));
    const refused = loginRefusals(w);
    const replies = await b.exchange(ALICE, card.exchangeId, w.sim.control.mintUserToken({ user: ALICE, appId: BOT_APP_ID }));
    expect(invokeResponse(replies).status).toBe(412);
    expect(loginRefusals(w)).toBe(refused + 1);
    expect(b.graphTokens).toEqual([]);
  });
});
