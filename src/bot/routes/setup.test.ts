/**
 * The setup routes through the real teams-ai Application (createBotApp) driven by botbuilder's TestAdapter, against
 * the simulator (demo scenario) and embedded Cosmos: commands post cards, Action.Execute answers with the card that
 * replaces the clicked one, the Action.Submit fallback posts it, a bad payload gets words, and `setup m365` resumes in
 * another conversation where the first one left.
 */
import { MemoryStorage, TestAdapter, type Activity } from "botbuilder";
import { validateCard } from "../../cards/validate";
import { appTokenProvider } from "../../graph/tokens";
import { createConversationRefRepository } from "../../store/conversationRefs";
import { startSetupWorld, BOT, PARTNER, type SetupWorld } from "../../jobs/testing/setupWorld";
import { createBotApp } from "../app";
import type { UserGraphTokenSource } from "../sso/userGraphToken";
import { actorName, setupFailureOf, setupRoutes } from "./setup";
import { SignInRequiredError } from "../sso/userGraphToken";
import { DocConflictError } from "../../store/versionedDoc";
import { MicrosoftError } from "../../graph/errors";

let w: SetupWorld;
let adapter: TestAdapter;
beforeAll(async () => {
  w = await startSetupWorld();
  const token = appTokenProvider(w.d.tokens, BOT, PARTNER, "graph");
  const userGraphToken: UserGraphTokenSource = { kind: "localSimulator", getGraphToken: (_id, o) => token({ forceRefresh: o?.forceRefresh === true }) };
  const app = createBotApp({
    storage: new MemoryStorage(),
    refs: createConversationRefRepository(w.cosmos.store.containers.conversations, () => new Date()),
    logger: w.d.logger,
    info: { version: "test", mode: "local" },
    routes: [setupRoutes({ setupFlow: w.flow, userGraphToken, hosts: w.d.hosts })],
  });
  adapter = new TestAdapter(async (ctx) => {
    await app.run(ctx);
  });
}, 60_000);
afterAll(async () => {
  await w.stop();
});

type Json = Record<string, unknown>;
async function send(conversation: string, a: Partial<Activity>): Promise<Partial<Activity>[]> {
  adapter.activeQueue.splice(0);
  await adapter.processActivity({
    channelId: "msteams",
    conversation: { id: conversation, isGroup: false, conversationType: "personal", name: "" },
    from: { id: "29:alice", name: "Alice", aadObjectId: "0a000000-0000-4000-8000-000000000002" },
    recipient: { id: "28:bot", name: "Tenant Pilot" },
    ...a,
  });
  return adapter.activeQueue.splice(0);
}
const cardsOf = (replies: Partial<Activity>[]): Json[] => replies.flatMap((r) => (r.attachments ?? []).map((x) => x.content as Json));
const text = (c: Json): string => JSON.stringify(c);
function invokeBody(replies: Partial<Activity>[]): { statusCode: number; type: string; value: unknown } {
  const r = replies.find((a) => a.type === "invokeResponse");
  return (r?.value as { body: { statusCode: number; type: string; value: unknown } }).body;
}
const execute = (conversation: string, verb: string, data: Json) =>
  send(conversation, { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" } });
const executeAction = (conversation: string, a: Json) => execute(conversation, String(a.verb), a.data as Json);
const actions = (c: Json): Json[] => JSON.stringify(c).includes("Action.Execute") ? collect(c) : [];
function collect(v: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(v)) v.forEach((x) => collect(x, out));
  else if (typeof v === "object" && v !== null) {
    if ((v as Json).type === "Action.Execute") out.push(v as Json);
    Object.values(v).forEach((x) => collect(x, out));
  }
  return out;
}
const action = (c: Json, title: string): Json => {
  const a = actions(c).find((x) => x.title === title);
  if (!a) throw new Error(`no ${title} in ${text(c).slice(0, 300)}`);
  return a;
};

describe("setup routes", () => {
  it("setup status, setup m365, Next by Action.Execute, then resumes from another conversation", async () => {
    const status = cardsOf(await send("conv-a", { type: "message", text: "setup status" }));
    expect(status).toHaveLength(1);
    expect(validateCard(status[0]).problems).toEqual([]);
    expect(text(status[0])).toContain("Not started.");

    const first = cardsOf(await send("conv-a", { type: "message", text: "<at>Tenant Pilot</at> setup m365" }))[0];
    expect(text(first)).toContain("Step 1 of 6");
    const moved = invokeBody(await executeAction("conv-a", action(first, "Next")));
    expect(moved.statusCode).toBe(200);
    expect(moved.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(text(moved.value as Json)).toContain("Step 2 of 6");
    expect(validateCard(moved.value).problems).toEqual([]);

    // The same Next again (an old card): a clear answer, still step 2.
    const again = invokeBody(await executeAction("conv-a", action(first, "Next")));
    expect(text(again.value as Json)).toContain("That step was already left by Alice");
    expect(text(again.value as Json)).toContain("Step 2 of 6");

    const elsewhere = cardsOf(await send("conv-b", { type: "message", text: "setup m365" }))[0];
    expect(text(elsewhere)).toContain("Step 2 of 6");
    expect(text(elsewhere)).toContain("Continuing where you left off.");

    // Verify through the Action.Submit fallback posts the result card.
    const verify = action(elsewhere, "Verify");
    const posted = cardsOf(await send("conv-b", { type: "message", value: (verify.fallback as Json).data }));
    expect(text(posted[0])).toContain("✓ Verified");
  });

  test.each<[string, Json]>([
    ["wrong types", { wizard: "m365", runId: 42, step: "two" }],
    ["missing fields", {}],
    ["an unknown wizard", { wizard: "sap", runId: "run-0001", step: 0 }],
  ])("a card payload with %s gets words, not a crash", async (_n, data) => {
    const body = invokeBody(await execute("conv-a", "setup.next", data));
    expect(body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.activity.message" });
    expect(String(body.value)).toContain("setup status");
  });

  it("usage for an unknown target", async () => {
    const replies = await send("conv-a", { type: "message", text: "setup intun" });
    expect(replies.map((r) => r.text)).toContain("I can run **setup m365** (Microsoft 365), **setup mem** (Intune) or **setup status**. Did you mean **setup mem**?");
  });

  test.each<[unknown, string]>([
    [new SignInRequiredError(), "signInRequired"],
    [new DocConflictError("setup.m365", 412), "conflict"],
    [new MicrosoftError({ code: "throttled", service: "graph" }), "microsoft"],
    [new Error("boom"), "internal"],
  ])("failure %#", (err, reason) => expect(setupFailureOf(err)).toBe(reason));

  test.each<[Json, string | undefined]>([
    [{ from: { name: " Alice ", aadObjectId: "x" } }, "Alice"],
    [{ from: { aadObjectId: "0a00" } }, "0a00"],
    [{}, undefined],
  ])("actor %#", (a, expected) => expect(actorName(a)).toBe(expected));
});
