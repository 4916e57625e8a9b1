/**
 * The secret scanner: real flows over the demo scenario — the bot in-process (startApp, as local mode runs it) with
 * the Agents Playground, the simulator and embedded Cosmos; the rehearsal applied and the service account connected
 * at start (refresh token issued and stored); `check`, `setup status` / `setup m365` with a Verify, `setup mem`'s
 * form with a wrong key and then the right ones, a full Intune sync, `audit` — all logged at debug level through the
 * real logger into a capture. Then every secret the simulator knows or issued (its control API `GET /secrets/issued`:
 * the scenario's client secrets, every access token it signed, authorization codes, refresh tokens) is looked for in
 * that output, whole and by its distinctive parts. None may appear.
 */
import { Agent, request } from "undici";
import { cardsOf, type Frame, type PlaygroundHarness, startOnConnectScenario } from "../e2e/playgroundHarness";

interface Issued {
  clientSecrets: string[];
  accessTokens: string[];
  accessTokensDropped: number;
  authorizationCodes: string[];
  refreshTokens: string[];
}

const LIFECYCLE = { appId: "ab000000-0000-4000-8000-000000000001", key: "demo-lifecycle-secret-0001" };
const PARTNER = "c0c0c0c0-0000-4000-8000-000000000000";

let h: PlaygroundHarness;
let conv: string;
let user: string;

beforeAll(async () => {
  ({ h, conv, user } = await startOnConnectScenario("keep"));
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const text = (f: Frame): string => JSON.stringify(f.message ?? {});
const inConv = (f: Frame): boolean => f.actionConversationId === conv;

const notWelcome = (f: Frame): boolean => !text(f).includes("Welcome to Tenant Pilot");

async function say(words: string, until: (f: Frame) => boolean, what: string, timeoutMs = 45_000): Promise<Frame> {
  const from = h.frames.length;
  const r = await h.post(`/_conversation/v1/conversations/${conv}/messages`, { from: { id: user }, text: words, textFormat: "plain" });
  expect(r.status).toBeLessThan(300);
  return h.waitFrame((f) => (f.action === "createMessage" || f.action === "updateMessage") && inConv(f) && notWelcome(f) && until(f), what, { fromIndex: from, timeoutMs });
}

/** Presses a button of the card `on` (Action.Execute on that message). */
async function execute(on: Frame, verb: string, data: Record<string, unknown>): Promise<string> {
  const r = await h.execute(conv, { replyToId: on.message?.messageId, verb, data: { ...data, verb } });
  if (r.status !== 200) throw new Error(`invoke ${verb}: HTTP ${r.status}`);
  return JSON.stringify(r.body);
}

/** Finds a value of the form `"verb":"<verb>"…"runId":"…"` in a card. */
function actionData(card: unknown, verb: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (v: unknown): void => {
    if (found) return;
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) {
      const o = v as Record<string, unknown>;
      if (o.type === "Action.Execute" && o.verb === verb && typeof o.data === "object" && o.data !== null) found = o.data as Record<string, unknown>;
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** The distinctive forms of a secret to look for: whole, and for a JWT its payload and signature (a token cut at a dot). */
export function formsOf(secret: string): string[] {
  const parts = secret.split(".");
  if (parts.length === 3 && secret.startsWith("eyJ")) return [secret, parts[1], parts[2]].filter((p) => p.length >= 16);
  return [secret];
}

it("real flows log no secret, token, code or refresh token the simulator issued", async () => {
  // check: the whole partner, every customer (tokens for Graph, Partner Center, each customer).
  await say("check", (f) => /Healthy/.test(text(f)) && /Broken/.test(text(f)) && !/Checking/.test(text(f)), "the check report", 60_000);

  // setup: status, the M365 wizard and a Verify, then the MEM form with a wrong key and the right ones.
  const wizardCard = (wizard: string) => (f: Frame): boolean => cardsOf(f).some((c) => [actionData(c, "setup.verify"), actionData(c, "setup.next")].some((d) => d?.wizard === wizard));
  await say("setup status", (f) => cardsOf(f).some((c) => actionData(c, "setup.open") !== undefined), "the setup status card");
  const m365 = await say("setup m365", wizardCard("m365"), "the M365 wizard");
  const verify = actionData(cardsOf(m365)[0], "setup.verify");
  expect(verify).toBeDefined();
  await execute(m365, "setup.verify", verify ?? {});
  const mem = await say("setup mem", wizardCard("mem"), "the MEM wizard");
  const at = actionData(cardsOf(mem)[0], "setup.next") ?? actionData(cardsOf(mem)[0], "setup.verify") ?? {};
  const form = { wizard: "mem", runId: at.runId, step: at.step, partnerTenantId: PARTNER, partnerCenterAppId: LIFECYCLE.appId, lifecycleAppId: LIFECYCLE.appId };
  await execute(mem, "setup.mem.save", { ...form, partnerCenterAppKey: "wrong-key-0000000000000", lifecycleAppKey: "wrong-key-0000000000000" });
  await execute(mem, "setup.mem.save", { ...form, partnerCenterAppKey: LIFECYCLE.key, lifecycleAppKey: LIFECYCLE.key });

  // sync: a full Intune run over every customer (app-only tokens per customer, Graph paging).
  const sync = h.bot.composition.services.sync.service;
  const started = await sync.startSync({ trigger: { kind: "manual", by: "secret scanner" } });
  expect(started).toBeDefined();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const s = await sync.status();
    if (s?.status === "finished") {
      expect(s.tenants.length).toBeGreaterThan(0);
      break;
    }
    if (Date.now() > deadline) throw new Error("the sync did not finish within 60 s");
    await new Promise((r) => setTimeout(r, 100)); // polling with a deadline: the run is another process's work
  }

  // audit: the trail of the above.
  await say("audit", (f) => text(f).includes("Audit trail"), "the audit card");

  // Everything the simulator knows or issued.
  const agent = new Agent({ connect: { ca: h.sim?.caPem ?? "" } });
  const res = await request(`${h.sim?.urls.control ?? ""}/secrets/issued`, { dispatcher: agent });
  const issued = (await res.body.json()) as Issued;
  await agent.close();
  expect(res.statusCode).toBe(200);
  // The flows did issue what is scanned for (a scanner over nothing proves nothing).
  expect(issued.clientSecrets).toContain(LIFECYCLE.key);
  expect(issued.accessTokens.length).toBeGreaterThan(20);
  expect(issued.refreshTokens.length).toBeGreaterThan(0);
  expect(issued.accessTokensDropped).toBe(0);

  const output = h.logs.join("\n");
  expect(output.length).toBeGreaterThan(10_000);
  const all = [...issued.clientSecrets, "wrong-key-0000000000000", ...issued.accessTokens, ...issued.authorizationCodes, ...issued.refreshTokens];
  const leaks = all.flatMap((s) => formsOf(s).filter((form) => output.includes(form)).map((form) => `${form.slice(0, 6)}… (${form.length} chars)`));
  expect(leaks).toEqual([]);
  // The scan finds what it looks for: a refresh token or a token's signature planted in the output is reported.
  const planted = `${output}\n${issued.refreshTokens[0]} ${issued.accessTokens[0].split(".")[2]}`;
  expect(all.filter((s) => formsOf(s).some((form) => planted.includes(form))).length).toBeGreaterThanOrEqual(2);
}, 240_000);
