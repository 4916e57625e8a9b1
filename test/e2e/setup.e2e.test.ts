/**
 * End to end: the setup wizards through the Agents Playground, the bot in-process against the Microsoft simulator on
 * the demo scenario (as Connect needs it: Tenant Pilot's redirect URI and consent, src/jobs/testing/connectScenario;
 * without the rehearsal block, so nothing is preconfigured). `setup m365` walked to the end with Verify on every
 * step; the Connect step through the simulator's sign-in (the test plays the browser: the card's link, the 302 to
 * the authorize endpoint, the sign-in completed through the control API, the callback); the service account's
 * customer-side read works for Fabrikam and is refused for Litware; `setup mem`'s form with a wrong key, then the
 * right ones; `setup status` in a group chat resumes. Every card is parsed by the official adaptivecards library.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { validateCard } from "../../src/cards/validate";
import { readCustomerOrganization } from "../../src/graph/delegated";
import { SECRET_NAMES } from "../../src/secrets/secretStore";
import { cardsOf, type Frame, type PlaygroundHarness, startOnConnectScenario } from "./playgroundHarness";

const PARTNER = "c0c0c0c0-0000-4000-8000-000000000000";
const SVC = "svc-lifecycle@contosoitpartners.onmicrosoft.com";
const ALICE = "alice@contosoitpartners.onmicrosoft.com";
const LIFECYCLE = { appId: "ab000000-0000-4000-8000-000000000001", key: "demo-lifecycle-secret-0001" };
const T = { fabrikam: "cc000000-0000-4000-8000-000000000001", litware: "cc000000-0000-4000-8000-000000000005" };

type Node = Record<string, unknown>;
let h: PlaygroundHarness;
let personal: string;
let user: string;
const seen: unknown[] = [];

beforeAll(async () => {
  ({ h, conv: personal, user } = await startOnConnectScenario("drop"));
}, 90_000);

afterAll(async () => {
  await h?.close();
});

function nodes(v: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(v)) v.forEach((x) => nodes(x, out));
  else if (typeof v === "object" && v !== null) {
    out.push(v as Node);
    Object.values(v).forEach((x) => nodes(x, out));
  }
  return out;
}
const allText = (card: unknown): string =>
  nodes(card)
    .flatMap((n) => [(n.type === "TextBlock" || n.type === "TextRun") && typeof n.text === "string" ? n.text : "", typeof n.type === "string" && n.type.startsWith("Action.") && typeof n.title === "string" ? n.title : ""])
    .filter(Boolean)
    .join("\n");
const executeData = (card: unknown, verb: string): Node | undefined => nodes(card).find((n) => n.type === "Action.Execute" && n.verb === verb)?.data as Node | undefined;
const openUrl = (card: unknown, title: RegExp): string | undefined => nodes(card).find((n) => n.type === "Action.OpenUrl" && typeof n.title === "string" && title.test(n.title))?.url as string | undefined;

/** The message id of the last card the bot posted in each conversation (card actions reply to it). */
const lastCard = new Map<string, string>();

/** A message from the Playground's user; outside the personal chat it @mentions the bot (as Teams needs). */
async function say(conv: string, text: string): Promise<unknown> {
  const from = h.frames.length;
  const bot = (h.testConfig as unknown as { bot?: { id?: string; name?: string } }).bot;
  const at = `<at>${bot?.name ?? "Tenant Pilot"}</at>`;
  const body =
    conv === personal || bot?.id === undefined
      ? { from: { id: user }, text, textFormat: "plain" }
      : { from: { id: user }, text: `${at} ${text}`, textFormat: "plain", mentions: [{ mentioned: { id: bot.id }, text: at }] };
  const posted = await h.post(`/_conversation/v1/conversations/${conv}/messages`, body);
  if (posted.status >= 300) throw new Error(`message: HTTP ${posted.status} ${JSON.stringify(posted.body).slice(0, 300)}`);
  const f: Frame = await h.waitFrame(
    (x) => x.action === "createMessage" && x.actionConversationId === conv && cardsOf(x).length > 0 && !allText(cardsOf(x)[0]).startsWith("Welcome to Tenant Pilot"),
    `the answer to "${text}"`,
    { fromIndex: from, timeoutMs: 45_000 },
  );
  const card = cardsOf(f)[0];
  if (f.message?.messageId) lastCard.set(conv, f.message.messageId);
  seen.push(card);
  return card;
}

async function execute(conv: string, verb: string, data: Node): Promise<unknown> {
  const r = await h.execute(conv, { replyToId: lastCard.get(conv), verb, data: { ...data, verb } });
  if (r.status !== 200) throw new Error(`invoke ${verb}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  const b = r.body as { statusCode?: number; type?: string; value?: unknown };
  expect(b.statusCode ?? 200).toBe(200);
  expect(b.type).toBe("application/vnd.microsoft.card.adaptive");
  seen.push(b.value);
  return b.value;
}

/** The bot's page at `url` without following redirects. */
async function get(url: string): Promise<{ status: number; location: string | null; text: string }> {
  const r = await fetch(url, { redirect: "manual" });
  return { status: r.status, location: r.headers.get("location"), text: await r.text() };
}

/** The browser's part of Connect: the card's link → 302 to Microsoft → `user` picked (control API) → the callback page. */
async function connectAs(card: unknown, who: string): Promise<{ status: number; text: string }> {
  const link = openUrl(card, /^Connect/);
  expect(link).toMatch(new RegExp(`^${h.bot.url}/connect/start\\?state=`));
  const start = await get(link ?? "");
  expect(start.status).toBe(302);
  expect(new URL(start.location ?? "").origin).toBe(new URL(h.sim?.urls.login ?? "").origin);
  const done = h.sim?.control.completeAuthorize({ url: start.location ?? "", user: who });
  if (!done || "error" in done) throw new Error(`sign-in refused: ${done ? done.description : "no simulator"}`);
  const back = await get(done.redirect);
  return { status: back.status, text: back.text };
}

let m365Step6: unknown;

describe("setup m365", () => {
  it("walks every step with Verify, then connects the service account on step 6", async () => {
    let card = await say(personal, "setup m365");
    expect(allText(card)).toContain("Step 1 of 6");
    const at = executeData(card, "setup.verify");
    expect(at).toBeDefined();
    const runId = String(at?.runId);
    const verified: string[] = [];
    for (let step = 0; step < 6; step++) {
      const result = await execute(personal, "setup.verify", { wizard: "m365", runId, step, page: 0 });
      const text = allText(result);
      expect(text).toContain(`Step ${step + 1} of 6`);
      verified.push(/✓ Verified/.test(text) ? "ok" : "missing");
      if (step === 4) expect(text).toMatch(/customers are still missing the lifecycle group/);
      if (step === 5) {
        expect(text).toContain("setup.notConnected");
        m365Step6 = result;
      }
      if (step < 5) card = await execute(personal, "setup.next", { wizard: "m365", runId, step });
    }
    // Steps 1–4 are done in the demo; step 5 lists the broken customers; step 6 is not connected yet.
    expect(verified).toEqual(["ok", "ok", "ok", "ok", "missing", "missing"]);

    // The Connect step's card carries the Connect button (a single-use link to the bot's own page).
    expect(openUrl(m365Step6, /^Connect/)).toBeDefined();

    // Someone else signs in: refused, nothing stored.
    const wrong = await connectAs(m365Step6, ALICE);
    expect(wrong.status).toBe(403);
    expect(wrong.text).toContain(`Connect needs the service account ${SVC}`);
    const secrets = h.bot.composition.services.secrets;
    expect(await secrets?.has(SECRET_NAMES.m365RefreshToken)).toBe(false);
    // The same link again: single use.
    const again = await get(openUrl(m365Step6, /^Connect/) ?? "");
    expect(again.status).toBe(400);
    expect(again.text).toContain("already used");

    // A fresh card (the step shown again) and the service account signs in.
    const fresh = await execute(personal, "setup.verify", { wizard: "m365", runId, step: 5, page: 0 });
    const ok = await connectAs(fresh, SVC);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain(`${SVC} has connected Tenant Pilot`);
    expect(await secrets?.has(SECRET_NAMES.m365RefreshToken)).toBe(true);
    expect((await h.bot.composition.services.settings.get(PARTNER))?.value.m365Connected).toBe(true);

    // Verify again: connected; what is left is the least-privilege step (the service account still holds Global Administrator).
    const after = allText(await execute(personal, "setup.verify", { wizard: "m365", runId, step: 5, page: 0 }));
    expect(after).not.toContain("setup.notConnected");
    expect(after).toContain("serviceAccount.globalAdmin");
  }, 120_000);

  it("customer side with the service account's token: Fabrikam reads, Litware (GDAP expired) is refused", async () => {
    const { connect, config, logger } = h.bot.composition.services;
    const fab = await connect.customerToken(T.fabrikam);
    const lit = await connect.customerToken(T.litware);
    if (!fab || !lit) throw new Error("not connected");
    expect(await readCustomerOrganization(config.microsoft, fab, { logger })).toEqual({ ok: true, value: { id: T.fabrikam } });
    expect((await readCustomerOrganization(config.microsoft, lit, { logger })).ok).toBe(false);
  });
});

describe("setup mem", () => {
  it("the form refuses a wrong key (nothing stored), then saves the right keys", async () => {
    const first = await say(personal, "setup mem");
    const runId = String(executeData(first, "setup.next")?.runId);
    let card: unknown = first;
    for (let step = 0; step < 7; step++) {
      card = step === 3
        ? await execute(personal, "setup.defender", { wizard: "mem", runId, step, on: false })
        : await execute(personal, "setup.next", { wizard: "mem", runId, step });
    }
    expect(allText(card)).toContain("Step 8 of 8");
    const form = { wizard: "mem", runId, step: 7, partnerTenantId: PARTNER, partnerCenterAppId: LIFECYCLE.appId, partnerCenterAppKey: LIFECYCLE.key, lifecycleAppId: LIFECYCLE.appId };
    const { secrets, settings } = h.bot.composition.services;
    const refused = allText(await execute(personal, "setup.mem.save", { ...form, lifecycleAppKey: "not-the-key" }));
    expect(refused).toContain("Nothing was stored");
    expect(refused).not.toContain("not-the-key");
    expect(await secrets?.has(SECRET_NAMES.lifecycleAppClientSecret)).toBe(false);
    expect((await settings.get(PARTNER))?.value.lifecycleAppId).toBeUndefined();
    const saved = await execute(personal, "setup.mem.save", { ...form, lifecycleAppKey: LIFECYCLE.key });
    expect(allText(saved)).toContain("Intune (MEM) setup saved");
    expect(JSON.stringify(saved)).not.toContain(LIFECYCLE.key);
    expect(await secrets?.get(SECRET_NAMES.lifecycleAppClientSecret)).toBe(LIFECYCLE.key);
  }, 60_000);
});

describe("setup status in another conversation", () => {
  it("a group chat sees both wizards and resumes M365 at the Connect step", async () => {
    const group = h.testConfig.groupChats[0]?.id;
    expect(group).toBeDefined();
    await h.post(`/_debug/conversation/${group}/installation`, {});
    const status = allText(await say(group, "setup status"));
    expect(status).toMatch(/At step 6 of 6/);
    expect(status).toMatch(/Intune \(MEM\) setup[\s\S]*Complete/);
    const resumed = allText(await execute(group, "setup.open", { wizard: "m365" }));
    expect(resumed).toContain("Step 6 of 6");
    expect(resumed).toContain("Continuing where you left off.");
  }, 60_000);
});

describe("step 5 shrinks as customers are fixed", () => {
  it("the scenario is moved through the control API (reloaded): the customers fixed leave the step-5 card", async () => {
    const card = await say(personal, "setup m365");
    const runId = String(executeData(card, "setup.verify")?.runId);
    await execute(personal, "setup.back", { wizard: "m365", runId, step: 5 });
    const before = allText(await execute(personal, "setup.verify", { wizard: "m365", runId, step: 4, page: 0 }));
    expect(before).toContain("Proseware, Inc.");
    expect(before).toContain("Wide World Importers");
    expect(before).toContain("Litware Inc.");

    type Json = Record<string, unknown>;
    const file = h.scenarioFile ?? "";
    const scenario = JSON.parse(readFileSync(file, "utf8")) as Json;
    const fix = (name: string, change: (a: Json) => void): void => {
      const c = (scenario.customers as Json[]).find((x) => x.displayName === name) as Json;
      for (const r of c.gdapRelationships as Json[]) for (const a of r.accessAssignments as Json[]) change(a);
    };
    fix("Proseware, Inc.", (a) => (a.groupId = "06000000-0000-4000-8000-000000000004"));
    fix("Wide World Importers", (a) => (a.status = "active"));
    writeFileSync(file, JSON.stringify(scenario));
    h.sim?.control.reset();

    const after = allText(await execute(personal, "setup.verify", { wizard: "m365", runId, step: 4, page: 0 }));
    expect(after).not.toContain("Proseware, Inc.");
    expect(after).not.toContain("Wide World Importers");
    expect(after).toContain("Litware Inc.");
  }, 60_000);
});

it("every card parses with adaptivecards; no token, code or key in the logs", () => {
  expect(seen.length).toBeGreaterThan(10);
  for (const card of seen) expect(validateCard(card).problems).toEqual([]);
  const joined = h.logs.join("\n");
  expect(joined).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
  for (const secret of [LIFECYCLE.key, "demo-bot-secret-0001"]) expect(joined).not.toContain(secret);
});
