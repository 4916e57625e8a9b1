import { MemoryStorage, TestAdapter, type Activity } from "botbuilder";
import { createBotApp } from "../../src/bot/app";
import { installTurnErrorHandler } from "../../src/bot/errors";
import { createKeyedQueue } from "../../src/bot/keyedQueue";
import type { RouteModule } from "../../src/bot/router";
import { createTurnLogic } from "../../src/bot/turn";
import { validateCard } from "../../src/cards/validate";
import { COMMANDS } from "../../src/dialogs/commands";
import { cardPlaceholders, INTEGRATIONS } from "../../src/dialogs/content";
import { createLogger, type LogLevel } from "../../src/log/logger";
import { createConversationRefRepository, type ConversationRefRepository } from "../../src/store/conversationRefs";
import { createStateStore } from "../../src/store/stateStore";
import { BOT_ID, executeActivity, installActivity, membersAddedActivity, messageActivity, submitActivity } from "../helpers/activities";
import { useTestCosmos } from "../helpers/cosmos";

type Sent = Partial<Activity>;

const cosmos = useTestCosmos();

function harness(overrides: { refs?: ConversationRefRepository; cosmosState?: boolean; failingStorage?: boolean; routes?: RouteModule[] } = {}) {
  const logs: Array<{ level: LogLevel; record: Record<string, unknown> }> = [];
  const logger = createLogger({ level: "debug", sink: (level, line) => logs.push({ level, record: JSON.parse(line) as Record<string, unknown> }) });
  const refs = overrides.refs ?? createConversationRefRepository(cosmos.store.containers.conversations);
  const storage = overrides.failingStorage
    ? {
        read: () => Promise.reject(new Error("storage exploded: password=hunter2 token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig")),
        write: () => Promise.resolve(),
        delete: () => Promise.resolve(),
      }
    : overrides.cosmosState
      ? createStateStore(cosmos.store.containers.botstate)
      : new MemoryStorage();
  const app = createBotApp({ storage, refs, logger, info: { version: "9.9.9", mode: "local" }, ...(overrides.routes ? { routes: overrides.routes } : {}) });
  const adapter = new TestAdapter(createTurnLogic(app, createKeyedQueue(), logger));
  installTurnErrorHandler(adapter, logger);
  const send = async (activity: object): Promise<Sent[]> => {
    adapter.activeQueue.splice(0);
    await adapter.processActivity(activity);
    return adapter.activeQueue.splice(0);
  };
  return { send, logs, refs };
}

function cardOf(a: Sent | undefined): Record<string, unknown> {
  const att = a?.attachments?.[0];
  expect(att?.contentType).toBe("application/vnd.microsoft.card.adaptive");
  const v = validateCard(att?.content);
  expect(v.problems).toEqual([]);
  return att?.content as Record<string, unknown>;
}

let n = 0;
const conv = (prefix: string) => `${prefix}-${++n}`;

describe("routing (TestAdapter)", () => {
  it.each(["help", "HELP", "  Help!  ", "<at>Tenant Pilot</at> help", "?"])("%j -> help card with every built command", async (text) => {
    const { send } = harness();
    const replies = await send(messageActivity(text, { conversationId: conv("c") }));
    expect(replies).toHaveLength(1);
    const card = cardOf(replies[0]);
    for (const c of COMMANDS) {
      expect(JSON.stringify(card)).toContain(c.name);
      expect(JSON.stringify(card)).toContain(cardPlaceholders(c.description));
    }
  });

  it("about -> version and mode", async () => {
    const { send } = harness();
    const card = cardOf((await send(messageActivity("About", { conversationId: conv("c") })))[0]);
    expect(JSON.stringify(card)).toContain("9.9.9");
    expect(JSON.stringify(card)).toContain("local");
  });

  it.each([
    ["hlep", "Did you mean **help**?"],
    ["<at>Bot</at> abuot.", "Did you mean **about**?"],
    ["deploy the rockets", "Type **help**"],
  ])("unknown %j -> short reply with suggestion", async (text, expected) => {
    const { send } = harness();
    const replies = await send(messageActivity(text, { conversationId: conv("c") }));
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toContain("I don't know that one.");
    expect(replies[0].text).toContain(expected);
  });

  it("a bare mention shows help", async () => {
    const { send } = harness();
    cardOf((await send(messageActivity("<at>Tenant Pilot</at>", { conversationId: conv("c") })))[0]);
  });

  it("install: stores the reference and welcomes once even when installationUpdate and conversationUpdate both arrive", async () => {
    const { send, refs } = harness({ cosmosState: true });
    const conversationId = conv("19:install");
    const first = await send(installActivity("add", { conversationId }));
    expect(first).toHaveLength(1);
    const card = JSON.stringify(cardOf(first[0]));
    for (const i of INTEGRATIONS) expect(card).toContain(i.name);
    expect(await send(membersAddedActivity([BOT_ID, "29:user-1"], { conversationId }))).toHaveLength(0);
    const stored = await refs.get("msteams", conversationId);
    expect(stored).toMatchObject({ channelId: "msteams", serviceUrl: "https://service.example.test/", conversation: { id: conversationId }, bot: { id: BOT_ID } });
    // add-upgrade of an installed app: no second welcome
    expect(await send(installActivity("add-upgrade", { conversationId }))).toHaveLength(0);
  });

  it("membersAdded with the bot (no installationUpdate) also welcomes; other members joining do not", async () => {
    const { send } = harness();
    const conversationId = conv("19:members");
    expect(await send(membersAddedActivity(["29:someone-else"], { conversationId }))).toHaveLength(0);
    const replies = await send(membersAddedActivity([BOT_ID], { conversationId }));
    expect(replies).toHaveLength(1);
    cardOf(replies[0]);
  });

  it.each(["remove", "remove-upgrade"] as const)("%s deletes the reference; a later install welcomes again", async (action) => {
    const { send, refs } = harness();
    const conversationId = conv("19:remove");
    await send(installActivity("add", { conversationId }));
    expect(await refs.get("msteams", conversationId)).toBeDefined();
    expect(await send(installActivity(action, { conversationId }))).toHaveLength(0);
    expect(await refs.get("msteams", conversationId)).toBeUndefined();
    expect(await send(installActivity("add", { conversationId }))).toHaveLength(1);
  });

  it("Action.Submit with a known verb runs the command; an unknown one gets a polite reply", async () => {
    const { send } = harness();
    cardOf((await send(submitActivity({ verb: "help" }, { conversationId: conv("c") })))[0]);
    const other = await send(submitActivity({ verb: "launch" }, { conversationId: conv("c") }));
    expect(other[0].text).toMatch(/does not do anything/);
    const noVerb = await send(submitActivity({ comment: "hi" }, { conversationId: conv("c") }));
    expect(noVerb[0].text).toMatch(/does not do anything/);
  });

  it("Action.Execute help: sends the help card and answers the invoke with 200", async () => {
    const { send } = harness();
    const replies = await send(executeActivity("help", {}, { conversationId: conv("c") }));
    const card = replies.find((r) => r.type === "message");
    cardOf(card);
    const invoke = replies.find((r) => r.type === "invokeResponse");
    expect(invoke?.value).toEqual({ status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: "Here is what I can do." } });
  });

  it("Action.Execute of an unknown verb is answered (never 501)", async () => {
    const { send } = harness();
    const replies = await send(executeActivity("self-destruct", {}, { conversationId: conv("c") }));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ type: "invokeResponse", value: { status: 200, body: { statusCode: 200 } } });
  });

  it("an invalid Action.Execute payload gets a 400 card error listing what is wrong", async () => {
    const { send } = harness();
    const bad = { ...executeActivity("x", {}, { conversationId: conv("c") }), value: { action: { type: "Action.Execute" } } };
    const replies = await send(bad);
    expect(replies[0]).toMatchObject({ type: "invokeResponse", value: { status: 200, body: { statusCode: 400, type: "application/vnd.microsoft.error" } } });
    expect(JSON.stringify(replies[0].value)).toContain("action.verb");
  });
});

describe("routes per verb", () => {
  it.each(["HELP", " Help "])("Action.Execute verb %j matches help case-insensitively", async (verb) => {
    const { send } = harness();
    const replies = await send(executeActivity(verb, {}, { conversationId: conv("c") }));
    cardOf(replies.find((r) => r.type === "message"));
    expect(replies.find((r) => r.type === "invokeResponse")?.value).toMatchObject({ body: { value: "Here is what I can do." } });
  });

  it("Action.Submit `about` sends the about card", async () => {
    const { send } = harness();
    expect(JSON.stringify(cardOf((await send(submitActivity({ verb: "About" }, { conversationId: conv("c") })))[0]))).toContain("9.9.9");
  });

  it("a feature route module registers its command, Execute and Submit verbs; its card replaces the clicked one", async () => {
    const seen: string[] = [];
    const ping: RouteModule = (r) => {
      r.command("check", async (turn, cmd) => {
        seen.push(`check ${cmd.scope}`);
        await turn.say("checking");
      });
      r.usage("tenant", async (turn) => turn.say("usage: tenant <name>"));
      r.execute("check.page", (_turn, data) => Promise.resolve({ type: "AdaptiveCard" as const, version: "1.5", body: [{ type: "TextBlock", text: `page ${String(data.page)}` }] }));
      r.submit("check.page", async (turn, data) => turn.say(`submitted page ${String(data.page)}`));
    };
    const { send } = harness({ routes: [ping] });
    expect((await send(messageActivity("check gdap", { conversationId: conv("c") })))[0].text).toBe("checking");
    expect(seen).toEqual(["check gdap"]);
    expect((await send(messageActivity("tenant", { conversationId: conv("c") })))[0].text).toBe("usage: tenant <name>");
    const inv = await send(executeActivity("check.page", { page: 2 }, { conversationId: conv("c") }));
    expect(inv).toEqual([expect.objectContaining({ type: "invokeResponse", value: { status: 200, body: expect.objectContaining({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" }) } })]);
    expect(JSON.stringify(inv[0].value)).toContain("page 2");
    expect((await send(submitActivity({ verb: "check.page", page: 3 }, { conversationId: conv("c") })))[0].text).toBe("submitted page 3");
  });

  it("a command word whose feature is not registered gets the help card", async () => {
    const { send } = harness();
    cardOf((await send(messageActivity("tenant", { conversationId: conv("c") })))[0]);
  });

  it("every log line of a turn carries the turn's correlation id and conversation", async () => {
    const { send, logs } = harness();
    const conversationId = conv("19:logs");
    await send(installActivity("add", { conversationId }));
    const installed = logs.find((l) => l.record.msg === "installed: conversation reference stored");
    expect(installed?.record).toMatchObject({ conversationId, activityType: "installationUpdate", welcome: true });
    expect(String(installed?.record.correlationId)).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe("turn errors", () => {
  it("the user gets a short apology with the correlation id; the log has it and no secrets", async () => {
    const { send, logs } = harness({ failingStorage: true });
    const replies = await send(messageActivity("help", { conversationId: conv("c") }));
    expect(replies).toHaveLength(1);
    const text = replies[0].text ?? "";
    expect(text).toMatch(/^Sorry, something went wrong/);
    expect(text).not.toMatch(/exploded|hunter2|stack|Error/);
    const errorLog = logs.find((l) => l.level === "error" && l.record.msg === "turn failed");
    expect(errorLog).toBeDefined();
    const id = String(errorLog?.record.correlationId);
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(text).toContain(id);
    const all = JSON.stringify(logs);
    expect(all).not.toContain("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0");
    expect(all).not.toContain("hunter2");
    expect(all).toContain("storage exploded");
  });

  it("a failing install answers with the apology; an Execute failure answers the invoke with it", async () => {
    const refs: ConversationRefRepository = {
      upsert: () => Promise.reject(new Error("cosmos down")),
      remove: () => Promise.reject(new Error("cosmos down")),
      get: () => Promise.resolve(undefined),
      list: () => Promise.resolve({ items: [] }),
    };
    const { send } = harness({ refs });
    const replies = await send(installActivity("add", { conversationId: conv("c") }));
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toMatch(/^Sorry/);
    const failing = harness({ failingStorage: true });
    const inv = await failing.send(executeActivity("help", {}, { conversationId: conv("c") }));
    expect(inv).toHaveLength(1);
    expect(inv[0]).toMatchObject({ type: "invokeResponse", value: { status: 200, body: { type: "application/vnd.microsoft.activity.message" } } });
    expect(JSON.stringify(inv[0].value)).toMatch(/Sorry/);
  });
});
