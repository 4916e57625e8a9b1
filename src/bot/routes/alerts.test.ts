/**
 * The alert routes through the real teams-ai Application (createBotApp) driven by botbuilder's TestAdapter, over the
 * embedded Cosmos with the real alerts service and detection (the outbox collects what it is given): commands,
 * Action.Execute (the card that replaces the clicked one) and its Action.Submit fallback, bad input answered with
 * words, the guard refusing, channel threads subscribing the channel.
 */
import { MemoryStorage, TestAdapter, TurnContext, type Activity } from "botbuilder";
import { startTestCosmos, type TestCosmos } from "../../../test/helpers/cosmos";
import { createAlertDetection } from "../../alerts/detection";
import type { OutgoingMessage } from "../../alerts/outboxTypes";
import { createAlertsService, type AlertsService } from "../../alerts/service";
import { validateCard } from "../../cards/validate";
import { manualClock } from "../../clock";
import { createLogger } from "../../log/logger";
import { createAlertsRepo, type AlertsRepo } from "../../store/alertsRepo";
import { conversationDocId, createConversationRefRepository, type ConversationRefRepository } from "../../store/conversationRefs";
import { createBotApp } from "../app";
import type { ActionGuard } from "../guard";
import { openGuard } from "../guard";
import { ALERT_GONE_TEXT, alertRoutes, conversationLabel, INVALID_ALERT_ACTION_TEXT, NO_CHECK_YET_TEXT } from "./alerts";

const NOW = new Date("2026-12-02T08:00:00Z");
const T1 = "cc000000-0000-4000-8000-000000000001";
let cosmos: TestCosmos;
let repo: AlertsRepo;
let refs: ConversationRefRepository;
let service: AlertsService;
let adapter: TestAdapter;
let refuse = false;
const outbox: OutgoingMessage[] = [];
const digestChanges: string[] = [];
const clock = manualClock(NOW);
const PERSONAL = { id: "a:personal-1", isGroup: false, conversationType: "personal", name: "" };

const guard: ActionGuard = {
  mutate: async (turn, what, act) => (refuse ? { ok: false, message: `Only admins may do ${what.action}.` } : openGuard.mutate(turn, what, act)),
  isAdmin: () => Promise.resolve(!refuse),
};

beforeAll(async () => {
  cosmos = await startTestCosmos();
  repo = createAlertsRepo(cosmos.store.containers.alerts);
  refs = createConversationRefRepository(cosmos.store.containers.conversations, () => clock.now());
  const logger = createLogger({ level: "error" });
  const detection = createAlertDetection({
    repo,
    outbox: {
      enqueue: (m) => {
        outbox.push(...m);
        return Promise.resolve();
      },
    },
    conversations: () => Promise.resolve([{ conversationKey: conversationDocId("msteams", PERSONAL.id), conversationType: "personal" as const }]),
    latestSync: () => Promise.resolve(undefined),
    syncedTenants: () => Promise.resolve(new Set<string>()),
    lifecycleAppId: () => Promise.resolve(undefined),
    card: (g, a) => service.renderGroup(g, a),
    clock,
    logger,
  });
  service = createAlertsService({
    repo,
    detection,
    clock,
    customers: () => Promise.resolve([{ tenantId: T1, displayName: "Fabrikam, Inc.", domain: "fabrikam.example" }]),
    installerKey: () => Promise.resolve(undefined),
  });
  const app = createBotApp({
    storage: new MemoryStorage(),
    refs,
    logger,
    info: { version: "test", mode: "local" },
    routes: [alertRoutes({ alerts: service, guard, refs, onDigestChanged: (k) => Promise.resolve(void digestChanges.push(k)) })],
  });
  adapter = new TestAdapter(async (ctx) => {
    await app.run(ctx);
  });
}, 60_000);

afterAll(async () => {
  await cosmos?.close();
});

type Json = Record<string, unknown>;
const THREAD = { id: "19:ops@thread.tacv2;messageid=1700000000000", isGroup: true, conversationType: "channel", name: "Ops" };
async function send(a: Partial<Activity>, conversation: Json = PERSONAL): Promise<Partial<Activity>[]> {
  adapter.activeQueue.splice(0);
  await adapter.processActivity({
    channelId: "msteams",
    serviceUrl: "https://smba.example/",
    conversation: conversation as unknown as Activity["conversation"],
    from: { id: "29:alice", name: "Alice Admin", aadObjectId: "0a000000-0000-4000-8000-000000000002" },
    recipient: { id: "28:bot", name: "Tenant Pilot" },
    ...a,
  });
  return adapter.activeQueue.splice(0);
}
const say = async (text: string, conversation?: Json): Promise<string> =>
  (await send({ type: "message", text }, conversation))
    .map((r) => r.text ?? "")
    .join("\n");
const execute = async (verb: string, data: Json): Promise<{ type: string; value: unknown }> => {
  const replies = await send({ type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb, data: { verb, ...data } }, trigger: "manual" } });
  const r = replies.find((a) => a.type === "invokeResponse");
  return (r?.value as { body: { type: string; value: unknown } }).body;
};

async function seedGroup(): Promise<string> {
  await repo.saveFacts({
    takenAt: NOW.toISOString(),
    partnerTenantId: "p",
    secrets: [{ app: "lifecycle", appId: "ab000000-0000-4000-8000-000000000001", appName: "Lifecycle", keyId: "k", label: '"s"', startDateTime: "2026-07-01T00:00:00Z", endDateTime: "2026-12-17T00:00:00Z" }],
    gdap: [],
    access: [],
    serviceAccountGlobalAdmin: false,
  });
  await service.subscribe({ conversationKey: conversationDocId("msteams", PERSONAL.id), conversationType: "personal" }, [], [], "Alice");
  const [g] = await repo.recentGroups(1);
  return g.id;
}

it("expiring before any check says so; bad days get words", async () => {
  expect(await say("expiring")).toBe(NO_CHECK_YET_TEXT);
  expect(await say("expiring 0")).toMatch(/"0" is not a number of days from 1 to 365/);
});

it("alerts here in a channel thread subscribes the channel (its reference stored without the thread)", async () => {
  const text = await say("alerts here gdap sync Fabrikam", THREAD);
  expect(text).toMatch(/Alerts come here now: gdap\.ending, sync\.failed, for Fabrikam, Inc\.\. Each alert starts its own thread/);
  const key = conversationDocId("msteams", "19:ops@thread.tacv2");
  const sub = await repo.readSubscription(key);
  expect(sub).toMatchObject({ conversationType: "channel", off: false, filters: [{ kinds: ["gdap.ending", "sync.failed"], tenants: [T1] }], updatedBy: "Alice Admin" });
  expect((await refs.get("msteams", "19:ops@thread.tacv2"))?.conversation.id).toBe("19:ops@thread.tacv2");
  expect(await say("alerts settings", THREAD)).toMatch(/Alerts here: gdap\.ending, sync\.failed for 1 customer/);
});

it("an unknown tenant is named, nothing stored; the guard's refusal is shown, nothing stored", async () => {
  expect(await say("alerts here Nowhere Ltd")).toMatch(/I know no customer "Nowhere Ltd"/);
  refuse = true;
  expect(await say("alerts here")).toBe("Only admins may do alerts.subscribe.");
  refuse = false;
  expect(await repo.readSubscription(conversationDocId("msteams", PERSONAL.id))).toBeUndefined();
});

it("Acknowledge (Action.Execute) answers with the updated card; a stale or bad button gets words", async () => {
  const groupId = await seedGroup();
  expect(outbox.map((m) => m.conversationKey)).toEqual([conversationDocId("msteams", PERSONAL.id)]);
  const r = await execute("alert.ack", { groupId, page: 0 });
  expect(r.type).toBe("application/vnd.microsoft.card.adaptive");
  expect(validateCard(r.value).problems).toEqual([]);
  expect(JSON.stringify(r.value)).toContain("Acknowledged by Alice Admin at 2026-12-02 08:00 UTC.");
  expect((await execute("alert.ack", { groupId: "nope.1" })).value).toBe(ALERT_GONE_TEXT);
  expect((await execute("alert.ack", { groupId: "../etc" })).value).toBe(INVALID_ALERT_ACTION_TEXT);
});

it("Snooze: 1–30 days with a reason, via the Action.Submit fallback too", async () => {
  const [g] = await repo.recentGroups(1);
  expect((await execute("alert.snooze", { groupId: g.id, snoozeDays: "45" })).value).toMatch(/1 to 30 days/);
  const replies = await send({ type: "message", value: { verb: "alert.snooze", groupId: g.id, page: 0, snoozeDays: "7", snoozeReason: "renewal booked" } });
  const card = replies.flatMap((x) => x.attachments ?? [])[0]?.content;
  expect(JSON.stringify(card)).toContain("renewal booked");
  expect((await repo.readGroup(g.id))?.snooze).toMatchObject({ until: "2026-12-09T08:00:00.000Z", by: "Alice Admin", reason: "renewal booked" });
});

it("digest: set, wrong input explained, off", async () => {
  expect(await say("digest daily 08:00 Europe/Amsterdam")).toBe("A daily digest comes here at 08:00 (Europe/Amsterdam).");
  expect(digestChanges).toEqual([conversationDocId("msteams", PERSONAL.id)]);
  expect((await repo.readSubscription(conversationDocId("msteams", PERSONAL.id)))?.digest).toMatchObject({ cadence: "daily", time: "08:00", timeZone: "Europe/Amsterdam" });
  expect(await say("digest hourly 08:00")).toMatch(/Say \*\*daily\*\* or \*\*weekly\*\*/);
  expect(await say("digest off")).toBe("No more digests here.");
  expect(await say("alerts off")).toMatch(/No more alerts in this conversation/);
  expect((await repo.readSubscription(conversationDocId("msteams", PERSONAL.id)))?.off).toBe(true);
});

it("alerts and alerts history answer with list cards", async () => {
  const replies = await send({ type: "message", text: "alerts history" });
  const card = replies.flatMap((x) => x.attachments ?? [])[0]?.content;
  expect(validateCard(card).problems).toEqual([]);
  expect(JSON.stringify(card)).toContain("Recent alerts");
});

it("alerts settings where only a digest was set: no alerts come here (not an empty \"Alerts here: .\"), and the digest", async () => {
  const GROUP = { id: "19:desk@thread.v2", isGroup: true, conversationType: "groupChat", name: "Desk" };
  expect(await say("digest daily 08:00 Europe/Amsterdam", GROUP)).toMatch(/daily digest comes here at 08:00/);
  const text = await say("alerts settings", GROUP);
  expect(text).toMatch(/^No alerts come here\. Type \*\*alerts here\*\*/);
  expect(text).toContain("Digest: daily at 08:00 (Europe/Amsterdam).");
  expect(text).not.toContain("Alerts here:");
});

it.each([
  ["a channel by its name", { conversation: { id: "19:c", conversationType: "channel" }, channelData: { channel: { id: "19:c", name: "Ops" } } }, "channel Ops"],
  ["a channel without a name", { conversation: { id: "19:c", conversationType: "channel" } }, "a channel"],
  ["a group chat", { conversation: { id: "19:g", conversationType: "groupChat", name: "Desk" } }, "group chat Desk"],
  ["a personal chat", { conversation: { id: "a:p", conversationType: "personal" } }, "Alice Admin's personal chat"],
])("the audit trail names %s, never its key", (_n, a, label) => {
  const ctx = new TurnContext(adapter, { type: "message", channelId: "msteams", from: { id: "29:alice", name: "Alice Admin" }, ...a } as Partial<Activity>);
  expect(conversationLabel(ctx)).toBe(label);
});
