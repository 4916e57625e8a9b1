/**
 * Detection over the real embedded Cosmos (alerts repository, leases) with an injected clock: each kind at its
 * thresholds once, escalation, acknowledge and snooze (through the service, as the card verbs call it), grouping of
 * tenants, replay to a conversation that subscribes, sync failure → recovered, the installer's default chat.
 */
import { startTestCosmos, type TestCosmos } from "../../test/helpers/cosmos";
import { manualClock } from "../clock";
import { createLogger } from "../log/logger";
import { createAlertsRepo, type AlertsRepo } from "../store/alertsRepo";
import { createLeaseRepo } from "../store/leases";
import { createAlertDetection, type AlertDetection } from "./detection";
import type { SyncTenantOutcome } from "./detectSync";
import type { OutgoingMessage } from "./outboxTypes";
import { createAlertsService, type AlertsService } from "./service";
import type { AlertFacts } from "./types";

const START = new Date("2026-12-02T08:00:00Z");
const DAY = 86_400_000;
const at = (days: number): string => new Date(START.getTime() + days * DAY).toISOString();
const T1 = "cc000000-0000-4000-8000-000000000001";
const T2 = "cc000000-0000-4000-8000-000000000002";
const ME = "installer-chat";
const OPS = "ops-channel";

const facts = (): AlertFacts => ({
  takenAt: START.toISOString(),
  partnerTenantId: "pp000000-0000-4000-8000-000000000000",
  secrets: [{ app: "lifecycle", appId: "ab000000-0000-4000-8000-000000000001", appName: "Lifecycle", keyId: "k1", label: '"lifecycle-2026"', startDateTime: at(-150), endDateTime: at(15) }],
  gdap: [T1, T2].map((t, i) => ({ tenantId: t, tenantName: `Customer ${i + 1}`, relationshipId: `r${i}`, relationshipName: `Rel ${i}`, endDateTime: at(40 + i), autoExtendOff: true, globalAdmin: false })),
  access: [],
  serviceAccountGlobalAdmin: false,
});

let cosmos: TestCosmos;
let repo: AlertsRepo;
let detection: AlertDetection;
let service: AlertsService;
let outbox: OutgoingMessage[];
let sync: { finishedAt?: string; tenants: SyncTenantOutcome[] } | undefined;
const clock = manualClock(START);
const conversations = [
  { conversationKey: ME, conversationType: "personal" as const },
  { conversationKey: OPS, conversationType: "channel" as const },
];

beforeAll(async () => {
  cosmos = await startTestCosmos();
  repo = createAlertsRepo(cosmos.store.containers.alerts);
  const logger = createLogger({ level: "error" });
  detection = createAlertDetection({
    repo,
    outbox: {
      enqueue: (m) => {
        for (const x of m) if (!outbox.some((o) => o.id === x.id)) outbox.push(x); // idempotent by id, as the outbox is
        return Promise.resolve();
      },
    },
    conversations: () => Promise.resolve(conversations),
    latestSync: () => Promise.resolve(sync),
    syncedTenants: () => Promise.resolve(new Set<string>()),
    lifecycleAppId: () => Promise.resolve(undefined),
    card: (g, alerts) => service.renderGroup(g, alerts),
    clock,
    logger,
    leases: createLeaseRepo(cosmos.store.containers.leases, { now: () => clock.now().getTime() }),
  });
  service = createAlertsService({
    repo,
    detection,
    clock,
    customers: () => Promise.resolve([{ tenantId: T1, displayName: "Customer 1", domain: "c1.example" }, { tenantId: T2, displayName: "Customer 2", domain: null }]),
    installerKey: () => Promise.resolve(ME),
  });
  outbox = [];
  await repo.saveFacts(facts());
}, 60_000);

afterAll(async () => {
  await cosmos?.close();
});

const take = (): OutgoingMessage[] => outbox.splice(0, outbox.length);
const titles = (m: readonly OutgoingMessage[]): string[] =>
  m.map((x) => {
    const json = JSON.stringify(x.card);
    const title = /"text":"((?:Client secret|GDAP|Sync|Access|New customer|Service account)[^"]*)"/.exec(json)?.[1] ?? "?";
    return `${x.conversationKey}: ${title}`;
  });
const advance = async (days: number): Promise<OutgoingMessage[]> => {
  clock.advance(days * DAY);
  await detection.detect("schedule");
  return take();
};

it("a secret ending in 15 days: the 30-day alert, to the installer's chat by default, once", async () => {
  await detection.detect("start");
  const m = take();
  expect(titles(m)).toEqual([`${ME}: Client secret expires within 30 days: Lifecycle`]);
  expect(m[0]).toMatchObject({ kind: "alert", newThread: false, conversationKey: ME });
  expect(m[0].id).toMatch(/^alert:secret\.expiring\.30\.[0-9a-f]{8}:installer-chat$/);
  await detection.detect("again");
  expect(take()).toEqual([]);
});

it("a channel subscribes: it gets the open alert at once (replay), as a new thread; the installer nothing more", async () => {
  const r = await service.subscribe({ conversationKey: OPS, conversationType: "channel" }, [], [], "Alice");
  expect(r.ok).toBe(true);
  const m = take();
  expect(titles(m)).toEqual([`${OPS}: Client secret expires within 30 days: Lifecycle`]);
  expect(m[0].newThread).toBe(true);
});

it("2 days later (13 left): the 14-day alert to both, once", async () => {
  expect(titles(await advance(2)).sort()).toEqual([`${ME}: Client secret expires within 14 days: Lifecycle`, `${OPS}: Client secret expires within 14 days: Lifecycle`]);
  expect(await advance(0.1)).toEqual([]);
});

it("acknowledge: who and when on the card; nothing more at the same threshold; the 7-day escalation still comes", async () => {
  const [group] = await repo.recentGroups(1);
  const acked = await service.acknowledge(group.id, "Alice Admin");
  expect(acked?.ack).toEqual({ by: "Alice Admin", at: clock.now().toISOString() });
  const card = await service.groupCard(group.id, 0, { conversationKey: ME, conversationType: "personal" });
  expect(JSON.stringify(card)).toContain("Acknowledged by Alice Admin at");
  expect(JSON.stringify(card)).not.toContain('"alert.ack"');
  expect(await advance(1)).toEqual([]); // 12 days left
  expect(titles(await advance(5))).toContain(`${ME}: Client secret expires within 7 days: Lifecycle`); // 7 days left
});

it("GDAP relationships of two tenants reaching 30 days in one pass: one card listing both; snooze holds the 7-day one until it ends", async () => {
  const m = await advance(4); // now START+12: the relationships (ending START+40 / +41) have 28 / 29 days left
  const gdap = m.filter((x) => x.subject?.startsWith("gdap.ending"));
  expect(gdap.map((x) => x.conversationKey).sort()).toEqual([ME, OPS]);
  const json = JSON.stringify(gdap[0].card);
  expect(json).toContain("GDAP relationships ending within 30 days (2)");
  expect(json).toContain("Customer 1");
  expect(json).toContain("Customer 2");

  const [group] = (await repo.recentGroups(10)).filter((g) => g.kind === "gdap.ending");
  const snoozed = await service.snooze(group.id, 25, "renewal booked", "Bob");
  expect(snoozed?.snooze?.reason).toBe("renewal booked");
  expect(JSON.stringify(await service.groupCard(group.id, 0, undefined))).toContain("Snoozed by Bob until");
  // Customer 1 reaches the 7-day threshold while snoozed: held.
  expect((await advance(21)).filter((x) => x.subject?.startsWith("gdap.ending"))).toEqual([]);
  // The snooze ends: both (now within 7 days) come once more, together.
  const after = (await advance(4.5)).filter((x) => x.subject?.startsWith("gdap.ending"));
  expect(after.map((x) => x.conversationKey).sort()).toEqual([ME, OPS]);
  expect(JSON.stringify(after[0].card)).toContain("GDAP relationships ending within 7 days (2)");
});

it("a tenant's sync failed (confirmed) → one alert per cause; fixed → one recovered message", async () => {
  take();
  sync = { tenants: [{ tenantId: T1, displayName: "Customer 1", state: "failed", cause: { code: "notConsented", title: "Consent missing.", fix: "Consent again." } }] };
  expect(await advance(0)).toEqual([]); // the run is not finished: retries may still run
  sync = { ...sync, finishedAt: clock.now().toISOString() };
  expect(titles(await advance(0))).toEqual([`${ME}: Sync failed`, `${OPS}: Sync failed`]);
  expect(await advance(0)).toEqual([]);
  sync = { finishedAt: clock.now().toISOString(), tenants: [{ tenantId: T1, displayName: "Customer 1", state: "done" }] };
  expect(titles(await advance(0))).toEqual([`${ME}: Sync recovered`, `${OPS}: Sync recovered`]);
  expect(await advance(0)).toEqual([]);
});

it("alerts off in the installer's chat stops its default; the inbox and history list what was raised", async () => {
  await service.unsubscribe({ conversationKey: ME, conversationType: "personal" }, "Alice");
  sync = { finishedAt: clock.now().toISOString(), tenants: [{ tenantId: T2, displayName: "Customer 2", state: "parked", cause: { code: "throttled", title: "Throttled.", fix: "Wait." } }] };
  expect(titles(await advance(0))).toEqual([`${OPS}: Sync failed`]);
  const inbox = JSON.stringify(await service.inboxCard({ kinds: ["sync.failed"], tenantQueries: [], page: 0, history: false }));
  expect(inbox).toContain("Customer 2");
  expect(inbox).not.toContain("Customer 1 ·");
  const history = JSON.stringify(await service.inboxCard({ kinds: [], tenantQueries: [], page: 0, history: true }));
  expect(history).toContain("acknowledged by Alice Admin");
});

it("scheduled passes delete closed series and groups older than 90 days; open ones stay", async () => {
  const before = await repo.listSeries();
  expect(before.some((s) => s.status === "closed")).toBe(true);
  clock.advance(200 * DAY);
  await detection.detect("schedule");
  const after = await repo.listSeries();
  expect(after.filter((s) => s.status === "closed" && Date.parse(s.closedAt ?? "") < clock.now().getTime() - 90 * DAY)).toEqual([]);
  expect(after.filter((s) => s.status === "open").map((s) => s.id)).toContain(`sync.failed|${T2}`);
  expect((await repo.recentGroups(100)).every((g) => Date.parse(g.createdAt) >= clock.now().getTime() - 90 * DAY)).toBe(true);
});
