/**
 * `rotate secret` through the bot (teams-ai Application on botbuilder's TestAdapter) with the real rotation job over the
 * simulator (demo scenario) and the embedded Cosmos: the card, the guard, the Remove button (Action.Execute and its
 * Action.Submit fallback), bad payloads. No card or reply carries a secret value.
 */
import { MemoryStorage, TestAdapter, type Activity } from "botbuilder";
import { startSimulator, type Simulator } from "../../../sim/server";
import { startTestCosmos, type TestCosmos } from "../../../test/helpers/cosmos";
import { validateCard } from "../../cards/validate";
import { manualClock } from "../../clock";
import { closeMicrosoftNetwork } from "../../graph/network";
import { simDeps, type SimDeps } from "../../graph/readers/testing/simDeps";
import { createSecretRotation } from "../../jobs/rotateSecret";
import { DEMO, LIFECYCLE, PARTNER } from "../../jobs/testing/setupWorld";
import { createCosmosSecretStore } from "../../secrets/cosmosSecretStore";
import { generateSecretKey } from "../../secrets/secretKey";
import { SECRET_NAMES, type SecretStore } from "../../secrets/secretStore";
import { createConversationRefRepository } from "../../store/conversationRefs";
import { createSettingsRepo } from "../../store/settingsRepo";
import { createBotApp } from "../app";
import { openGuard, type ActionGuard } from "../guard";
import { rotateRoutes } from "./rotate";

type Json = Record<string, unknown>;
let sim: Simulator;
let cosmos: TestCosmos;
let d: SimDeps;
let secrets: SecretStore;
let adapter: TestAdapter;
let refuse = false;
const actions: string[] = [];
const guard: ActionGuard = {
  mutate: async (turn, what, act) => {
    actions.push(what.action);
    return refuse ? { ok: false, message: "Only admins of the Tenant Pilot Admins group may do that." } : openGuard.mutate(turn, what, act);
  },
  isAdmin: () => Promise.resolve(!refuse),
};

beforeAll(async () => {
  sim = await startSimulator({ scenario: DEMO, port: 0 });
  cosmos = await startTestCosmos();
  d = simDeps(sim.urls, sim.caPem);
  const clock = manualClock(sim.clock.now());
  const settings = createSettingsRepo(cosmos.store.containers.settings, { clock });
  secrets = createCosmosSecretStore(cosmos.store.containers.secrets, { key: generateSecretKey(), clock });
  await settings.patch(PARTNER, () => ({ source: "setup", lifecycleAppId: LIFECYCLE.clientId }));
  await secrets.set(SECRET_NAMES.lifecycleAppClientSecret, LIFECYCLE.clientSecret);
  const rotation = createSecretRotation({
    hosts: d.hosts,
    tokens: d.tokens,
    settings,
    secrets,
    settingsContainer: cosmos.store.containers.settings,
    partnerTenantId: PARTNER,
    customerCandidates: () => Promise.resolve(["cc000000-0000-4000-8000-000000000001"]),
    clock,
    logger: d.logger,
    sleep: () => Promise.resolve(),
  });
  const app = createBotApp({
    storage: new MemoryStorage(),
    refs: createConversationRefRepository(cosmos.store.containers.conversations),
    logger: d.logger,
    info: { version: "test", mode: "local" },
    routes: [rotateRoutes({ rotation, guard })],
  });
  adapter = new TestAdapter(async (ctx) => {
    await app.run(ctx);
  });
}, 60_000);

afterAll(async () => {
  await closeMicrosoftNetwork();
  await sim?.stop();
  await cosmos?.close();
  d?.cleanup();
});

async function send(a: Partial<Activity>): Promise<Partial<Activity>[]> {
  adapter.activeQueue.splice(0);
  await adapter.processActivity({
    channelId: "msteams",
    serviceUrl: "https://smba.example/",
    conversation: { id: "a:personal-1", isGroup: false, conversationType: "personal", name: "" },
    from: { id: "29:alice", name: "Alice Admin", aadObjectId: "0a000000-0000-4000-8000-000000000002" },
    recipient: { id: "28:bot", name: "Tenant Pilot" },
    ...a,
  });
  return adapter.activeQueue.splice(0);
}
const cardsOf = (replies: Partial<Activity>[]): Json[] => replies.flatMap((r) => (r.attachments ?? []).map((x) => x.content as Json));
const texts = (replies: Partial<Activity>[]): string => replies.map((r) => r.text ?? "").join("\n");
const execute = async (verb: string, data: Json): Promise<{ type: string; value: unknown }> => {
  const replies = await send({ type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb, data: { verb, ...data } }, trigger: "manual" } });
  return (replies.find((a) => a.type === "invokeResponse")?.value as { body: { type: string; value: unknown } }).body;
};
const removeButtons = (card: Json): { data: { keyId: string } }[] => ((card.actions as { verb?: string; data: { keyId: string } }[] | undefined) ?? []).filter((a) => a.verb === "rotate.removeOld");

describe("rotate secret (bot)", () => {
  let card: Json = {};

  it("a non-admin is refused through the guard; nothing changes", async () => {
    refuse = true;
    const replies = await send({ type: "message", text: "rotate secret" });
    refuse = false;
    expect(texts(replies)).toMatch(/Only admins/);
    expect(actions).toContain("secret.rotate");
    expect(await secrets.get(SECRET_NAMES.lifecycleAppClientSecret)).toBe(LIFECYCLE.clientSecret);
  });

  it("`rotate` alone answers with its usage", async () => {
    expect(texts(await send({ type: "message", text: "rotate" }))).toMatch(/rotate secret/);
  });

  it("rotate secret: a valid card with the new secret's facts and a Remove button per old secret", async () => {
    const replies = await send({ type: "message", text: "rotate secret" });
    expect(texts(replies)).toMatch(/Adding a new secret/);
    [card] = cardsOf(replies);
    expect(validateCard(card).problems).toEqual([]);
    expect(JSON.stringify(card)).toMatch(/The lifecycle app has a new client secret/);
    expect(removeButtons(card).length).toBeGreaterThanOrEqual(1);
    const newKey = await secrets.get(SECRET_NAMES.lifecycleAppClientSecret);
    expect(newKey).not.toBe(LIFECYCLE.clientSecret);
    const all = JSON.stringify(replies);
    expect(all).not.toContain(LIFECYCLE.clientSecret);
    expect(all).not.toContain(newKey);
  });

  it("Remove (Action.Execute) removes the old secret and updates the card; a forged key id is refused", async () => {
    const [first] = removeButtons(card);
    const res = await execute("rotate.removeOld", { keyId: first?.data.keyId ?? "" });
    expect(res.type).toBe("application/vnd.microsoft.card.adaptive");
    const updated = res.value as Json;
    expect(validateCard(updated).problems).toEqual([]);
    expect(JSON.stringify(updated)).toMatch(/Removed the old secret/);
    expect(removeButtons(updated).map((b) => b.data.keyId)).not.toContain(first?.data.keyId);
    expect(actions).toContain("secret.removeOld");
    const forged = await execute("rotate.removeOld", { keyId: "00000000-0000-4000-8000-000000000000" });
    expect(forged.value).toMatch(/not valid any more/);
    const bad = await execute("rotate.removeOld", { keyId: "../../etc" });
    expect(bad.value).toMatch(/not valid any more/);
  });

  it("the Action.Submit fallback works the same", async () => {
    const replies = await send({ type: "message", value: { verb: "rotate.removeOld", keyId: removeButtons(card)[0]?.data.keyId ?? "00000000-0000-4000-8000-000000000000" } });
    const answer = texts(replies) + JSON.stringify(cardsOf(replies));
    expect(answer).toMatch(/Removed the old secret|not valid any more/);
  });
});
