/**
 * End to end (issue 9): alerts through the Agents Playground, the bot in-process against the Microsoft simulator on
 * the demo scenario with the lifecycle app's secret ending in 15 days (as `npm start -- --scenario` runs it), the
 * outbox's dispatcher delivering proactively:
 * `alerts here` → `check` → the 30-day card; the simulator clock moved 2 days (control API) → the 14-day card, once;
 * Acknowledge updates it (who and when); a digest posted at its (moved) time. Every card is parsed by adaptivecards.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Agent, request } from "undici";
import { validateCard } from "../../src/cards/validate";
import { allText, cardsOf, type Frame, type PlaygroundHarness, startInPersonalChat } from "./playgroundHarness";

const DEMO = path.join(__dirname, "..", "..", "sim", "scenarios", "demo.json");
const LIFECYCLE_APP = "ab000000-0000-4000-8000-000000000001";

let h: PlaygroundHarness;
let conv: string;
let user: string;
let control: (route: string, body: unknown) => Promise<number>;

/** The demo with the lifecycle app's secret ending in 15 days (6-month lifetime: no long-lifetime alert). */
function alertsScenario(): unknown {
  const s = JSON.parse(readFileSync(DEMO, "utf8")) as { partner: { applications: Array<{ appId: string; passwordCredentials?: Array<Record<string, unknown>> }> } };
  for (const a of s.partner.applications) {
    if (a.appId !== LIFECYCLE_APP) continue;
    for (const p of a.passwordCredentials ?? []) {
      p.startDateTime = "-165d";
      p.endDateTime = "+15d";
    }
  }
  return s;
}

beforeAll(async () => {
  ({ h, conv, user } = await startInPersonalChat({ scenarioJson: alertsScenario() }));
  const sim = h.sim;
  if (!sim) throw new Error("no simulator");
  const agent = new Agent({ connect: { ca: sim.caPem } });
  control = async (route, body) => {
    const res = await request(`${sim.urls.control}${route}`, { method: "POST", dispatcher: agent, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    await res.body.dump();
    return res.statusCode;
  };
}, 90_000);

afterAll(async () => {
  await h?.close();
});

/** A card's texts without its action titles. */
const textOf = (card: unknown): string => allText(card, { actionTitles: false });

const seen: unknown[] = [];
const cardText = (f: Frame): string => cardsOf(f).map(textOf).join("\n");
const inConv = (f: Frame): boolean => f.actionConversationId === conv && f.action === "createMessage";
const withCard = (re: RegExp) => (f: Frame): boolean => inConv(f) && cardsOf(f).length > 0 && re.test(cardText(f));
const withText = (re: RegExp) => (f: Frame): boolean => inConv(f) && typeof f.message?.text === "string" && re.test(f.message.text);
const SECRET_30 = /Client secret expires within 30 days: Asset Lifecycle Manager - Intune/;
const SECRET_14 = /Client secret expires within 14 days: Asset Lifecycle Manager - Intune/;

async function say(text: string): Promise<number> {
  const from = h.frames.length;
  const r = await h.post(`/_conversation/v1/conversations/${conv}/messages`, { from: { id: user }, text, textFormat: "plain" });
  expect(r.status).toBeLessThan(300);
  return from;
}

/** As local mode does within seconds after the simulator's clock moved: follow it, then let the scheduler look. */
async function clockMoved(): Promise<void> {
  const s = h.bot.composition.services;
  await s.local?.refreshClock?.();
  await s.schedules.scheduler.tick();
  await h.bot.composition.delivery.idle();
}

function actionData(card: unknown, verb: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) {
      const o = v as Record<string, unknown>;
      if (o.type === "Action.Execute" && o.verb === verb && found === undefined) found = o.data as Record<string, unknown>;
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  if (!found) throw new Error(`no ${verb} action`);
  return found;
}

let card14: unknown;
let card14Id: string | undefined;

it("alerts here → subscribed; check → the 30-day card for the secret ending in 15 days", async () => {
  let from = await say("alerts here");
  await h.waitFrame(withText(/Alerts come here now: every kind, for every customer/), "the subscription answer", { fromIndex: from });
  from = await say("check");
  const f = await h.waitFrame(withCard(SECRET_30), "the 30-day secret card", { fromIndex: from, timeoutMs: 45_000 });
  const card = cardsOf(f)[0];
  seen.push(card);
  const text = textOf(card);
  expect(text).toContain("expires in 15 days");
  expect(text).toContain("Why it matters");
  expect((card as { refresh?: { action?: { verb?: string } } }).refresh?.action?.verb).toBe("alert.refresh");
  expect(h.logs.filter((l) => l.includes('"level":"error"'))).toEqual([]);
}, 60_000);

it("the simulator clock moved 2 days → the 14-day card, once", async () => {
  expect(await control("/clock/advance", { days: 2 })).toBe(200);
  const from = h.frames.length;
  await clockMoved();
  const f = await h.waitFrame(withCard(SECRET_14), "the 14-day secret card", { fromIndex: from, timeoutMs: 30_000 });
  card14 = cardsOf(f)[0];
  card14Id = f.message?.messageId;
  seen.push(card14);
  expect(textOf(card14)).toContain("expires in 13 days");
  // Another look at the clock (and another hour): nothing new.
  expect(await control("/clock/advance", { hours: 1 })).toBe(200);
  await clockMoved();
  expect(h.frames.slice(from).filter(withCard(SECRET_14))).toHaveLength(1);
  expect(h.frames.slice(from).filter(withCard(SECRET_30))).toHaveLength(0);
}, 60_000);

it("Acknowledge updates the card: who and when, no more buttons", async () => {
  const data = actionData(card14, "alert.ack");
  const r = await h.execute(conv, { replyToId: card14Id, verb: "alert.ack", data });
  expect(r.status).toBe(200);
  const b = r.body as { type?: string; value?: unknown };
  expect(b.type).toBe("application/vnd.microsoft.card.adaptive");
  seen.push(b.value);
  expect(textOf(b.value)).toMatch(/Acknowledged by .+ at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\./);
  expect(JSON.stringify(b.value)).not.toContain('"verb":"alert.ack"');
  // The inbox shows it acknowledged.
  const from = await say("alerts");
  const inbox = await h.waitFrame(withCard(/Open alerts/), "the inbox", { fromIndex: from });
  seen.push(cardsOf(inbox)[0]);
  expect(cardText(inbox)).toMatch(/acknowledged by/);
}, 30_000);

it("expiring 30: the secret and the demo's relationships ending soon, soonest first; alerts settings and history", async () => {
  let from = await say("expiring 30");
  const f = await h.waitFrame(withCard(/Ending in the next 30 days/), "the expiring card", { fromIndex: from });
  seen.push(cardsOf(f)[0]);
  expect(cardText(f)).toMatch(/Client secret · Asset Lifecycle Manager - Intune/);
  expect(cardText(f)).toMatch(/GDAP · /);
  from = await say("expiring soon");
  await h.waitFrame(withText(/"soon" is not a number of days from 1 to 365/), "the expiring usage", { fromIndex: from });
  from = await say("alerts settings");
  await h.waitFrame(withText(/Alerts here: every kind/), "the settings", { fromIndex: from });
  from = await say("alerts history");
  const hist = await h.waitFrame(withCard(/Recent alerts/), "the history", { fromIndex: from });
  seen.push(cardsOf(hist)[0]);
  expect(cardText(hist)).toMatch(/Asset Lifecycle Manager - Intune/);
}, 30_000);

it("a digest is posted at its (moved) time", async () => {
  const now = h.sim?.clock.now() ?? new Date();
  const slot = new Date(now.getTime() + 2 * 3_600_000);
  const hhmm = slot.toISOString().slice(11, 16);
  let from = await say(`digest daily ${hhmm} UTC`);
  await h.waitFrame(withText(new RegExp(`daily digest comes here at ${hhmm} \\(UTC\\)`)), "the digest answer", { fromIndex: from });
  from = h.frames.length;
  expect(await control("/clock/advance", { hours: 3 })).toBe(200);
  await clockMoved();
  const f = await h.waitFrame(withCard(/Tenant Pilot daily digest/), "the digest", { fromIndex: from, timeoutMs: 30_000 });
  seen.push(cardsOf(f)[0]);
  expect(cardText(f)).toMatch(/Ending in the next 30 days/);
  expect(cardText(f)).toMatch(/Client secret · Asset Lifecycle Manager - Intune/);
}, 60_000);

it("every card seen is a valid Adaptive Card 1.5", () => {
  expect(seen.length).toBeGreaterThan(3);
  for (const c of seen) expect(validateCard(c).problems).toEqual([]);
});
