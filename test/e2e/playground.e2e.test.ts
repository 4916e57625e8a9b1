/**
 * End to end: the bot (in-process) behind the Microsoft 365 Agents Playground (child process), driven through the
 * Playground's HTTP routes as Teams would, reading the bot's replies from the Playground's WebSocket.
 */
import { validateCard } from "../../src/cards/validate";
import { COMMANDS } from "../../src/dialogs/commands";
import { cardPlaceholders } from "../../src/dialogs/content";
import { cardsOf, textsOf, type Frame, type PlaygroundHarness, startPlaygroundHarness } from "./playgroundHarness";

let h: PlaygroundHarness;
let conv: string;
let user: string;
let welcomeMessageId: string | undefined;

beforeAll(async () => {
  h = await startPlaygroundHarness();
  conv = h.testConfig.personalChat.id;
  user = h.testConfig.currentUser.id;
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const botMessage =
  (pred: (f: Frame) => boolean) =>
  (f: Frame): boolean =>
    f.action === "createMessage" && f.actionConversationId === conv && pred(f);
const withCard = (f: Frame): boolean => cardsOf(f).length > 0;

async function say(text: string): Promise<number> {
  const from = h.frames.length;
  const r = await h.post(`/_conversation/v1/conversations/${conv}/messages`, { from: { id: user }, text, textFormat: "plain" });
  expect(r.status).toBeLessThan(300);
  return from;
}

it("install → the welcome card", async () => {
  const from = h.frames.length;
  const r = await h.post(`/_debug/conversation/${conv}/installation`, {});
  expect(r.status).toBeLessThan(300);
  const f = await h.waitFrame(botMessage(withCard), "the welcome card", { fromIndex: from });
  welcomeMessageId = f.message?.messageId;
  const [card] = cardsOf(f);
  expect(textsOf(card)).toEqual(expect.arrayContaining(["Welcome to Tenant Pilot"]));
});

it("reloading the Playground page (its config load asks HEAD /api/messages, then it re-sends the install events) shows the welcome card again, once", async () => {
  const from = h.frames.length;
  const page = await fetch(`${h.url}/_internal/v1/config`);
  expect(page.status).toBe(200);
  const r = await h.post(`/_debug/conversation/${conv}/installation`, {});
  expect(r.status).toBeLessThan(300);
  await h.waitFrame(botMessage(withCard), "the welcome card after a page reload", { fromIndex: from });
  const helpFrom = await say("help");
  await h.waitFrame(botMessage(withCard), "the help card", { fromIndex: helpFrom });
  const welcomes = h.frames.slice(from).filter(botMessage((f) => cardsOf(f).some((c) => textsOf(c).includes("Welcome to Tenant Pilot"))));
  expect(welcomes).toHaveLength(1);
  expect(h.logs.filter((l) => l.includes('"level":"warn"') && l.includes("HEAD"))).toEqual([]);
});

it("`help` → the help card listing every built command", async () => {
  const from = await say("help");
  const f = await h.waitFrame(botMessage(withCard), "the help card", { fromIndex: from });
  const texts = textsOf(cardsOf(f)[0]).join("\n");
  expect(texts).toContain("What I can do");
  for (const c of COMMANDS) {
    expect(texts).toContain(c.name);
    expect(texts).toContain(cardPlaceholders(c.description));
  }
});

it("`HELP` with surrounding noise still works (case-insensitive)", async () => {
  const from = await say("  HELP ");
  await h.waitFrame(botMessage(withCard), "the help card", { fromIndex: from });
});

it("`about` → version and mode", async () => {
  const from = await say("about");
  const f = await h.waitFrame(botMessage(withCard), "the about card", { fromIndex: from });
  const texts = textsOf(cardsOf(f)[0]).join("\n");
  expect(texts).toMatch(/local/);
});

it("unknown text → a short 'I don't know' with the closest command", async () => {
  const from = await say("helo");
  const f = await h.waitFrame(botMessage((x) => typeof x.message?.text === "string"), "the suggestion", { fromIndex: from });
  expect(f.message?.text).toMatch(/I don't know that one/);
  expect(f.message?.text).toContain("help");
  expect(cardsOf(f)).toHaveLength(0);
});

it("the welcome card's button (Action.Execute `help`) → the help card", async () => {
  const from = h.frames.length;
  const r = await h.post(`/_conversation/v1/invoke`, {
    name: "adaptiveCard/action",
    conversation: { id: conv },
    from: { id: user },
    replyToId: welcomeMessageId,
    value: { action: { type: "Action.Execute", verb: "help", data: { verb: "help" } }, trigger: "manual" },
  });
  expect({ status: r.status, body: r.body }).toMatchObject({ status: 200 });
  await h.waitFrame(botMessage(withCard), "the help card after Action.Execute", { fromIndex: from });
});

it("the button's Action.Submit fallback → the help card", async () => {
  const from = h.frames.length;
  const r = await h.post(`/_conversation/v1/submit`, {
    conversation: { id: conv },
    from: { id: user },
    replyToId: welcomeMessageId,
    value: { verb: "help" },
  });
  expect(r.status).toBeLessThan(300);
  await h.waitFrame(botMessage(withCard), "the help card after Action.Submit", { fromIndex: from });
});

it("every Adaptive Card the Playground saw parses with zero errors (version 1.5)", () => {
  const cards = h.frames.flatMap(cardsOf);
  expect(cards.length).toBeGreaterThanOrEqual(4);
  for (const card of cards) {
    const v = validateCard(card);
    expect(v.problems).toEqual([]);
  }
});
