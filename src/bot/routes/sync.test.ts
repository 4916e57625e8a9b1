/**
 * The sync routes through the real teams-ai Application (createBotApp) driven by botbuilder's TestAdapter, over the
 * real sync service against the simulator and the embedded Cosmos (src/sync/testing/harness.ts): `sync` posts the
 * progress card, the watcher (its interval driven by hand) replaces it in place until the summary; a second `sync`
 * while the run goes on joins it; `sync <tenant>`, status, history, retry (command and Retry failed button),
 * exclusions, schedule; a sync that is not set up names `setup mem`; the guard's refusal; no error message shown.
 */
import { MemoryStorage, TestAdapter, type Activity } from "botbuilder";
import type { AdaptiveCardJson } from "../../cards/render";
import { validateCard } from "../../cards/validate";
import { SyncNotSetUpError } from "../../jobs/syncCredentials";
import type { CronSchedule } from "../../schedule/types";
import { createConversationRefRepository } from "../../store/conversationRefs";
import type { Store } from "../../store/cosmos";
import type { IntuneSync } from "../../sync/createSync";
import type { TenantWork } from "../../sync/intuneTenant";
import { customerId, smallScenario, startSyncHarness, type SyncHarness } from "../../sync/testing/harness";
import { createBotApp } from "../app";
import type { ActionGuard } from "../guard";
import type { CardSender } from "../proactive";
import type { RouteModule } from "../router";
import { createSyncFeature, syncTenantsFrom, type SyncRoutesDeps, type SyncScheduleBackend } from "./sync";
import { createSyncWatch, type IntervalTimers, type SyncWatch } from "./syncWatch";
import { syncStatusCard } from "./sync";

jest.setTimeout(60_000);

type Json = Record<string, unknown>;
const noTimers: IntervalTimers = { setInterval: () => 0, clearInterval: () => undefined };

/** Tenant work held until `release()` (so a run is observably still going), then the real Intune work. */
function gate() {
  let open!: () => void;
  let p = new Promise<void>((r) => (open = r));
  return {
    wrap: (w: TenantWork): TenantWork => async (ctx) => {
      await p;
      return w(ctx);
    },
    release: () => open(),
    close: () => {
      p = new Promise<void>((r) => (open = r));
    },
  };
}

function recordingCards(): CardSender & { updates: { conv: string; id: string; card: AdaptiveCardJson }[]; sent: { conv: string; card: AdaptiveCardJson }[] } {
  const updates: { conv: string; id: string; card: AdaptiveCardJson }[] = [];
  const sent: { conv: string; card: AdaptiveCardJson }[] = [];
  return {
    updates,
    sent,
    updateCard: (r, id, card) => {
      updates.push({ conv: r.conversation?.id ?? "", id, card });
      return Promise.resolve();
    },
    sendCard: (r, card) => {
      sent.push({ conv: r.conversation?.id ?? "", card });
      return Promise.resolve(`proactive-${sent.length}`);
    },
  };
}

interface Bot {
  send(conversation: string, a: Partial<Activity>): Promise<Partial<Activity>[]>;
  watch: SyncWatch;
  cards: ReturnType<typeof recordingCards>;
  /** The background starts of `startFromWizard` (the test's `test.wizard` verb stands for the MEM wizard's last step). */
  wizardStarts: Promise<void>[];
}

function bot(h: SyncHarness, store: Store, deps: Omit<SyncRoutesDeps, "cards" | "logger" | "watch">): Bot {
  const cards = recordingCards();
  const watch = createSyncWatch({ status: (id) => deps.service.status(id), onProgress: (l) => deps.service.onProgress(l), cards, logger: h.logger, render: (s, v) => syncStatusCard(s, v), timers: noTimers });
  const feature = createSyncFeature({ ...deps, cards, logger: h.logger, watch });
  const wizardStarts: Promise<void>[] = [];
  const wizard: RouteModule = (r) =>
    r.execute("test.wizard", (turn) => {
      wizardStarts.push(feature.startFromWizard(turn));
      return Promise.resolve("MEM setup done");
    });
  const routes: RouteModule[] = [feature.routes, wizard];
  const app = createBotApp({
    storage: new MemoryStorage(),
    refs: createConversationRefRepository(store.containers.conversations, () => new Date()),
    logger: h.logger,
    info: { version: "test", mode: "local" },
    routes,
  });
  const adapter = new TestAdapter(async (ctx) => {
    await app.run(ctx);
  });
  const send = async (conversation: string, a: Partial<Activity>): Promise<Partial<Activity>[]> => {
    adapter.activeQueue.splice(0);
    await adapter.processActivity({
      channelId: "msteams",
      conversation: { id: conversation, isGroup: false, conversationType: "personal", name: "" },
      from: { id: "29:alice", name: "Alice Admin", aadObjectId: "0a000000-0000-4000-8000-000000000002" },
      recipient: { id: "28:bot", name: "Tenant Pilot" },
      ...a,
    });
    return adapter.activeQueue.splice(0);
  };
  return { send, watch, cards, wizardStarts };
}

const cardsOf = (replies: Partial<Activity>[]): Json[] => replies.flatMap((r) => (r.attachments ?? []).map((x) => x.content as Json));
const texts = (replies: Partial<Activity>[]): string[] => replies.map((r) => r.text).filter((t): t is string => typeof t === "string");
const text = (c: unknown): string => JSON.stringify(c);
const seen: unknown[] = [];
const good = <T>(card: T): T => {
  seen.push(card);
  return card;
};
function invokeBody(replies: Partial<Activity>[]): { statusCode: number; type: string; value: unknown } {
  const r = replies.find((a) => a.type === "invokeResponse");
  return (r?.value as { body: { statusCode: number; type: string; value: unknown } }).body;
}
const execute = (b: Bot, conversation: string, verb: string, data: Json, replyToId?: string) =>
  b.send(conversation, { type: "invoke", name: "adaptiveCard/action", ...(replyToId ? { replyToId } : {}), value: { action: { type: "Action.Execute", verb, data: { verb, ...data } }, trigger: "manual" } });
const actionData = (card: unknown, title: string): Json | undefined => {
  let found: Json | undefined;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) {
      const o = v as Json;
      if (o.type === "Action.Execute" && o.title === title) found = o.data as Json;
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
};

const TENANTS = [1, 2, 3].map((i) => ({ tenantId: customerId(i), displayName: `Customer ${i}` }));
let h: SyncHarness;
let store: Store;
let sync: IntuneSync;
let g: ReturnType<typeof gate>;
let b: Bot;
const schedules: { s: CronSchedule; by?: string }[] = [];
let scheduleOn = true;
const schedule: SyncScheduleBackend = {
  get: () => Promise.resolve({ ...(schedules.at(-1)?.s ?? { cron: "0 2 * * *", timeZone: "UTC" }), enabled: scheduleOn }),
  set: (s, by) => {
    if (s.cron.startsWith("0 0 31 2")) return Promise.resolve({ ok: false, error: `"${s.cron}" never runs (no such date)` });
    schedules.push({ s: { cron: s.cron, timeZone: s.timeZone ?? "UTC" }, ...(by !== undefined ? { by } : {}) });
    scheduleOn = true;
    return Promise.resolve({ ok: true });
  },
  disable: () => {
    scheduleOn = false;
    return Promise.resolve();
  },
  next: () => new Date("2026-12-03T02:00:00Z"),
};

beforeAll(async () => {
  h = await startSyncHarness(smallScenario([{ devices: 30 }, { devices: 12 }, { devices: 5, consented: false }]));
  store = await h.store();
  g = gate();
  sync = h.sync(store, { wrapWork: g.wrap, tenants: TENANTS });
  b = bot(h, store, { service: sync.service, tenants: syncTenantsFrom({ latestReport: () => Promise.resolve(undefined) }, sync.runs), schedule });
});
afterAll(async () => {
  await sync?.service.stop();
  await h?.stop();
});

describe("sync routes", () => {
  let runId: string;
  let posted: string;

  it("before any run: sync status and sync history say there is none", async () => {
    expect(texts(await b.send("conv-a", { type: "message", text: "sync status" }))).toEqual(["No sync has run yet. Type **sync** to sync every tenant."]);
    const history = cardsOf(await b.send("conv-a", { type: "message", text: "sync history" }));
    expect(text(good(history[0]))).toContain("No sync has run yet");
  });

  it("sync answers at once with the progress card; a second sync while it runs joins it; both cards are updated in place to the summary", async () => {
    const replies = await b.send("conv-a", { type: "message", text: "sync" });
    const [card] = cardsOf(replies);
    expect(text(good(card))).toContain("Syncing 3 tenants");
    expect(text(card)).toContain("0 of 3 done");
    posted = replies.find((r) => r.attachments)?.id ?? "";
    expect(posted).not.toBe("");
    const status = await sync.service.status();
    runId = status?.runId ?? "";
    expect(status?.trigger).toEqual({ kind: "manual", by: "Alice Admin" });

    const joined = cardsOf(await b.send("conv-b", { type: "message", text: "<at>Tenant Pilot</at> sync" }));
    expect(text(good(joined[0]))).toContain("already running");
    expect((await sync.service.history(5)).length).toBe(1);
    expect(b.watch.watching(runId)).toBe(2);

    await b.watch.tick();
    expect(b.cards.updates.map((u) => [u.conv, u.id === posted || u.conv === "conv-b"])).toEqual([
      ["conv-a", true],
      ["conv-b", true],
    ]);
    expect(text(good(b.cards.updates[0].card))).toContain("Syncing 3 tenants");

    g.release();
    await sync.service.idle(runId);
    await b.watch.tick();
    const last = b.cards.updates.slice(-2);
    for (const u of last) {
      expect(text(good(u.card))).toContain("Sync finished with 1 failure");
      expect(text(u.card)).toContain("App not consented");
      expect(text(u.card)).toContain("Customer 3");
      expect(text(u.card)).toContain('"title":"Devices","value":"42"');
    }
    expect(last.find((u) => u.conv === "conv-a")?.id).toBe(posted);
    expect(b.watch.watching()).toBe(0);
  });

  it("sync status shows the summary; sync history lists the run", async () => {
    const [status] = cardsOf(await b.send("conv-a", { type: "message", text: "sync status" }));
    expect(text(good(status))).toContain("Sync finished with 1 failure");
    const [history] = cardsOf(await b.send("conv-a", { type: "message", text: "sync history" }));
    expect(text(good(history))).toContain("2 of 3 tenants synced · 1 failure · 42 devices");
  });

  it("Retry failed (Action.Execute) replaces the summary with the retry's progress, then its summary", async () => {
    g.close();
    const [summary] = cardsOf(await b.send("conv-a", { type: "message", text: "sync status" }));
    const data = actionData(summary, "Retry failed");
    expect(data).toEqual({ verb: "sync.retry", runId });
    const body = invokeBody(await execute(b, "conv-a", "sync.retry", data ?? {}, "clicked-1"));
    expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(text(good(body.value))).toContain("Syncing 1 tenant");
    expect(text(body.value)).toContain("Retry of the failed tenants, by Alice Admin");
    const retry = await sync.service.status();
    expect(retry?.runId).not.toBe(runId);
    expect(retry?.tenants.map((t) => t.tenantId)).toEqual([customerId(3)]);
    g.release();
    await sync.service.idle(retry?.runId);
    await b.watch.tick();
    const u = b.cards.updates.at(-1);
    expect(u?.id).toBe("clicked-1");
    expect(text(good(u?.card))).toContain("Sync finished with 1 failure");
  });

  it("sync <tenant> syncs that one tenant", async () => {
    const replies = await b.send("conv-a", { type: "message", text: "sync customer 2" });
    expect(text(good(cardsOf(replies)[0]))).toContain("Syncing 1 tenant");
    const s = await sync.service.status();
    expect(s?.tenants.map((t) => t.displayName)).toEqual(["Customer 2"]);
    await sync.service.idle(s?.runId);
    expect(texts(await b.send("conv-a", { type: "message", text: "sync nobody-like-this" }))[0]).toMatch(/^No tenant matches “nobody-like-this”/);
    expect(texts(await b.send("conv-a", { type: "message", text: "sync customer" }))[0]).toMatch(/^Several tenants match “customer”/);
    expect(texts(await b.send("conv-a", { type: "message", text: "sync stauts" }))[0]).toContain("Did you mean **sync status**?");
  });

  it("exclude, excluded, include", async () => {
    expect(texts(await b.send("conv-a", { type: "message", text: "sync exclude Customer 3" }))[0]).toMatch(/^\*\*Customer 3\*\* is excluded/);
    expect(await sync.service.excluded()).toEqual([customerId(3)]);
    expect(texts(await b.send("conv-a", { type: "message", text: "sync excluded" }))[0]).toContain("**Customer 3**");
    expect(texts(await b.send("conv-a", { type: "message", text: "sync customer 3" }))[0]).toBe("**Customer 3** is excluded from syncs. Type **sync include Customer 3** first, then **sync Customer 3**.");
    expect(texts(await b.send("conv-a", { type: "message", text: "sync include customer 3" }))[0]).toMatch(/included again/);
    expect(await sync.service.excluded()).toEqual([]);
    expect(texts(await b.send("conv-a", { type: "message", text: "sync exclude" }))[0]).toMatch(/Tell me which tenant/);
  });

  it("schedule: shows it, sets it (cron with its stars, time zone), refuses a bad one with words", async () => {
    expect(texts(await b.send("conv-a", { type: "message", text: "sync schedule" }))[0]).toContain("`0 2 * * *` (UTC)");
    expect(texts(await b.send("conv-a", { type: "message", text: "sync schedule 30 1 * * * Europe/Amsterdam" }))[0]).toBe(
      "Done: the sync now runs on `30 1 * * *` (Europe/Amsterdam). The next sync starts 2026-12-03 02:00 UTC.",
    );
    expect(schedules.at(-1)).toEqual({ s: { cron: "30 1 * * *", timeZone: "Europe/Amsterdam" }, by: "Alice Admin" });
    expect(texts(await b.send("conv-a", { type: "message", text: "sync schedule 99 every day" }))[0]).toMatch(/That schedule is not valid/);
    expect(texts(await b.send("conv-a", { type: "message", text: "sync schedule 0 0 31 2 *" }))[0]).toBe(
      'That schedule was not saved: "0 0 31 2 *" never runs (no such date). For example **sync schedule 0 2 * * * Europe/Amsterdam** (every night at 02:00).',
    );
    expect(schedules).toHaveLength(1);
    expect(texts(await b.send("conv-a", { type: "message", text: "sync schedule off" }))[0]).toMatch(/^Done: scheduled syncs are off/);
    expect(texts(await b.send("conv-a", { type: "message", text: "sync schedule" }))[0]).toMatch(/^Scheduled syncs are off \(the last schedule was `30 1 \* \* \*`, Europe\/Amsterdam\)/);
  });

  it("card actions with bad data get words; an unknown run is gone; a summary page", async () => {
    const bad = invokeBody(await execute(b, "conv-a", "sync.page", { runId: "../x", page: "a" }));
    expect(bad).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.activity.message" });
    expect(String(bad.value)).toContain("not valid any more");
    const gone = invokeBody(await execute(b, "conv-a", "sync.status", { runId: "20000101T000000000Z-00000000" }));
    expect(String(gone.value)).toContain("no longer in the history");
    const page = invokeBody(await execute(b, "conv-a", "sync.page", { runId, page: 0 }));
    expect(text(good(page.value))).toContain("Sync finished");
    // The Action.Submit fallback posts the card.
    expect(text(good(cardsOf(await b.send("conv-a", { type: "message", value: { verb: "sync.status", runId } }))[0]))).toContain("Sync finished");
  });

  it("usage for a wrong form", async () => {
    expect(texts(await b.send("conv-a", { type: "message", text: "sync history please" }))[0]).toMatch(/takes nothing after it/);
  });
});

describe("sync routes, edge cases", () => {
  const refuse: ActionGuard = { mutate: () => Promise.resolve({ ok: false, message: "Only members of **MSP Admins** can do that." }), isAdmin: () => Promise.resolve(false) };

  it("not set up: the missing piece and the command to run; nothing started", async () => {
    const s2 = await h.store();
    const notSetUp = h.sync(s2, { credentials: () => Promise.reject(new SyncNotSetUpError("lifecycleAppKey")) });
    const b2 = bot(h, s2, { service: notSetUp.service, tenants: () => Promise.resolve([]) });
    expect(texts(await b2.send("c", { type: "message", text: "sync" }))).toEqual([
      "The lifecycle app's key is not stored, so I cannot sign in to your customers. Type **setup mem** and enter the key in its last step, then **sync**.",
    ]);
    expect(await notSetUp.service.history(5)).toEqual([]);
  });

  it("the MEM wizard's last step starts the first full sync: its progress card posted proactively, updated in place", async () => {
    const s6 = await h.store();
    const gw = gate();
    const svc = h.sync(s6, { tenants: TENANTS, wrapWork: gw.wrap });
    const b6 = bot(h, s6, { service: svc.service, tenants: () => Promise.resolve([]) });
    const body = invokeBody(await execute(b6, "wiz", "test.wizard", {}));
    expect(String(body.value)).toBe("MEM setup done");
    await Promise.all(b6.wizardStarts);
    expect(b6.cards.sent.map((x) => x.conv)).toEqual(["wiz"]);
    expect(text(good(b6.cards.sent[0].card))).toContain("First sync after the MEM setup, by Alice Admin");
    const run = await svc.service.status();
    expect(run?.trigger).toEqual({ kind: "wizard", by: "Alice Admin" });
    expect(b6.watch.watching(run?.runId)).toBe(1);
    gw.release();
    await svc.service.idle(run?.runId);
    await b6.watch.tick();
    expect(b6.cards.updates.at(-1)).toMatchObject({ conv: "wiz", id: "proactive-1" });
    expect(text(good(b6.cards.updates.at(-1)?.card))).toContain("Sync finished");
  });

  it("a sync while the schedule's run goes on (started on another instance) joins that run; its card follows the stored run", async () => {
    const s7 = await h.store();
    const ga = gate();
    const a = h.sync(s7, { tenants: TENANTS, wrapWork: ga.wrap, instanceId: "instance-a" });
    const bSvc = h.sync(s7, { tenants: TENANTS, wrapWork: ga.wrap, instanceId: "instance-b" });
    const started = await a.service.startSync({ trigger: { kind: "schedule", by: "2026-12-02T02:00:00Z" } });
    const b7 = bot(h, s7, { service: bSvc.service, tenants: () => Promise.resolve([]) });
    const [card] = cardsOf(await b7.send("c7", { type: "message", text: "sync" }));
    expect(text(good(card))).toContain("Started by the schedule");
    expect(text(card)).toContain("already running");
    expect(b7.watch.watching(started.runId)).toBe(1);
    expect((await bSvc.service.history(5)).map((r) => r.runId)).toEqual([started.runId]);
    ga.release();
    await Promise.all([a.service.idle(started.runId), bSvc.service.idle(started.runId)]);
    await b7.watch.tick();
    expect(text(good(b7.cards.updates.at(-1)?.card))).toContain("Sync finished with 1 failure");
    await a.service.stop();
    await bSvc.service.stop();
  });

  it("the guard refuses: its message, nothing started or changed", async () => {
    const s3 = await h.store();
    const svc = h.sync(s3, { tenants: TENANTS });
    const b3 = bot(h, s3, { service: svc.service, tenants: () => Promise.resolve([{ tenantId: customerId(1), displayName: "Customer 1", domain: null }]), guard: refuse });
    expect(texts(await b3.send("c", { type: "message", text: "sync" }))).toEqual(["Only members of **MSP Admins** can do that."]);
    expect(texts(await b3.send("c", { type: "message", text: "sync exclude customer 1" }))).toEqual(["Only members of **MSP Admins** can do that."]);
    expect(await svc.service.history(5)).toEqual([]);
    expect(await svc.service.excluded()).toEqual([]);
    expect(texts(await b3.send("c", { type: "message", text: "sync schedule 0 3 * * *" }))[0]).toMatch(/not available/);
  });

  it("Microsoft refuses the discovery: what to do, the id, no Microsoft message", async () => {
    const s5 = await h.store();
    const svc = h.sync(s5);
    const b5 = bot(h, s5, { service: svc.service, tenants: () => Promise.resolve([]) });
    const [t] = texts(await b5.send("c", { type: "message", text: "sync" }));
    expect(t).toMatch(/^The sync could not start\. Microsoft refused to list your customers with the lifecycle app: type \*\*check\*\*/);
    expect(t).not.toMatch(/permission or role/);
  });

  it("an unexpected failure: the correlation id, never the error's message", async () => {
    const s4 = await h.store();
    const svc = h.sync(s4, { tenants: TENANTS });
    const broken = { ...svc.service, status: () => Promise.reject(new Error("secret-internal-detail")) };
    const b4 = bot(h, s4, { service: broken, tenants: () => Promise.resolve([]) });
    const [t] = texts(await b4.send("c", { type: "message", text: "sync status" }));
    expect(t).toMatch(/^I could not read the sync's status\. .*this id: [0-9a-f-]{8,}/);
    expect(t).not.toContain("secret-internal-detail");
  });
});

afterAll(() => {
  expect(seen.length).toBeGreaterThan(8);
  for (const card of seen) expect(validateCard(card).problems).toEqual([]);
});
