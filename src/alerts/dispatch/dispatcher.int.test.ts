/**
 * The dispatcher over the real outbox (embedded Cosmos) and the real delivery port (botbuilder → the simulator's
 * Teams connector over HTTPS). Time is a manual clock; the dispatcher's sleeps move it (virtual time), so backoffs
 * and claim expiries take no wall time.
 */
import { manualClock } from "../../clock";
import { createLogger } from "../../log/logger";
import { createOutboxRepo, type OutboxRepo } from "../../store/outboxRepo";
import type { OutgoingMessage } from "../outboxTypes";
import { createDispatcher, type Dispatcher, type DispatcherDeps } from "./dispatcher";
import type { DeliveryPort } from "./port";
import { deliveryScenario, startDeliveryHarness, type DeliveryHarness } from "./testing/harness";

const START = "2026-12-02T07:00:00.000Z";

const card = (title: string) => ({ type: "AdaptiveCard" as const, version: "1.5", body: [{ type: "TextBlock", text: title }] });
const message = (id: string, conversationKey: string, i = 0, newThread = false): OutgoingMessage => ({
  id,
  conversationKey,
  kind: "alert",
  card: card(id),
  createdAt: new Date(Date.parse(START) + i).toISOString(),
  ...(newThread ? { newThread } : {}),
});

describe("outbox dispatcher", () => {
  let h: DeliveryHarness;
  let repo: OutboxRepo;
  const clock = manualClock(START);
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", sink: (_l, line) => lines.push(line) });
  const running: Dispatcher[] = [];

  /** Virtual sleep: a finite wait moves the clock; "until woken" waits for the wake. */
  const virtualSleep = (ms: number, signal: AbortSignal): Promise<void> => {
    if (signal.aborted) return Promise.resolve();
    if (ms >= 1e9) return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
    clock.advance(ms);
    return Promise.resolve();
  };
  const dispatcher = (over: Partial<DispatcherDeps> = {}): Dispatcher => {
    const d = createDispatcher({ repo, refs: h.refs, port: h.port, clock, logger, sleep: virtualSleep, random: () => 0.5, rescanEveryMs: Number.POSITIVE_INFINITY, ...over });
    running.push(d);
    return d;
  };
  const titlesTo = (conversationId: string): string[] =>
    h.deliveries()
      .filter((d) => d.conversationId === conversationId && d.operation !== "update")
      .map((d) => d.attachments[0]?.title ?? "");

  beforeAll(async () => {
    h = await startDeliveryHarness(deliveryScenario({ teams: { blockedConversations: ["a:blocked"] } }));
    repo = createOutboxRepo(h.cosmos.store.containers.outbox, { now: () => clock.now().getTime() });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((d) => d.stop()));
    h.sim.control.clearFaults();
  });
  afterAll(async () => {
    await h.stop();
  });

  test("each message delivered once, in order, woken by enqueue; enqueueing again sends nothing", async () => {
    const a = await h.addConversation("d1-alice");
    const b = await h.addConversation("d1-ops", { channel: true });
    const recorded: string[] = [];
    const d = dispatcher({ metrics: { alertSent: (m) => void recorded.push(`sent ${m.kind}`), alertFailed: (m) => void recorded.push(`failed ${m.kind}`) } });
    d.start();
    await d.enqueue([message("m1", a.key, 1), message("m2", a.key, 2), message("m3", b.key, 3, true)]);
    await d.idle();
    expect(titlesTo("a:d1-alice")).toEqual(["m1", "m2"]);
    expect(h.deliveries().filter((x) => x.conversationId.startsWith("19:d1-ops@thread.tacv2;messageid=")).map((x) => x.operation)).toEqual(["create"]);
    expect(await repo.get("m1", a.key)).toMatchObject({ state: "sent", attempts: 1, activityId: expect.stringMatching(/^\d+$/) });
    await d.enqueue([message("m1", a.key, 1)]);
    await d.idle();
    expect(titlesTo("a:d1-alice")).toEqual(["m1", "m2"]);
    expect(d.stats()).toMatchObject({ sent: 3, retried: 0, failed: 0 });
    expect(recorded).toHaveLength(3);
    expect(recorded.every((r) => r.startsWith("sent "))).toBe(true);
  });

  test("injected 429 / 503 / 412: retried with backoff (virtual time), then delivered exactly once", async () => {
    const a = await h.addConversation("d2-bob");
    for (const status of [429, 503, 412]) h.sim.control.addFault({ service: "teams", kind: "status", status, path: "/activities", count: 1, probability: 1, after: 0 });
    const d = dispatcher();
    d.start();
    const t0 = clock.now().getTime();
    await d.enqueue([message("r1", a.key)]);
    await d.idle();
    expect(titlesTo("a:d2-bob")).toEqual(["r1"]);
    expect(d.stats()).toMatchObject({ sent: 1, retried: 3 });
    expect(await repo.get("r1", a.key)).toMatchObject({ state: "sent", attempts: 4 });
    // Equal-jitter backoff at random 0.5: 750 + 1500 + 3000 ms.
    expect(clock.now().getTime() - t0).toBeGreaterThanOrEqual(5_250);
  });

  test("403 MessageWritesBlocked: conversation marked inactive, its other messages skipped, nothing more sent there", async () => {
    const blocked = await h.addConversation("blocked");
    const d = dispatcher();
    d.start();
    await d.enqueue([message("b1", blocked.key, 1), message("b2", blocked.key, 2)]);
    await d.idle();
    expect(await h.refs.getByKey(blocked.key)).toMatchObject({ inactive: { reason: "403 MessageWritesBlocked" } });
    expect((await repo.get("b1", blocked.key))?.state).toBe("skipped");
    expect((await repo.get("b2", blocked.key))?.state).toBe("skipped");
    const before = h.sim.control.counters().total;
    await d.enqueue([message("b3", blocked.key, 3)]);
    await d.idle();
    expect((await repo.get("b3", blocked.key))?.state).toBe("skipped");
    expect(h.sim.control.counters().total).toBe(before);
    expect(titlesTo("a:blocked")).toEqual([]);
    // A new install clears the mark.
    await h.addConversation("blocked");
    expect((await h.refs.getByKey(blocked.key))?.inactive).toBeUndefined();
  });

  test("a crash between claim and send: after the claim expires another instance sends it (at-least-once)", async () => {
    const a = await h.addConversation("d4-carol");
    const [doc] = await repo.enqueue([message("c1", a.key)]);
    const claimed = await repo.claim(doc, "crashed-instance", clock.now().getTime() + 60_000);
    expect(claimed).toBeDefined();
    const d = dispatcher();
    const t0 = clock.now().getTime();
    d.start();
    await d.idle();
    expect(titlesTo("a:d4-carol")).toEqual(["c1"]);
    expect(clock.now().getTime() - t0).toBeGreaterThanOrEqual(60_000);
    expect(await repo.get("c1", a.key)).toMatchObject({ state: "sent", attempts: 2 });
  });

  test("two instances over one outbox: every message sent exactly once (claim by etag)", async () => {
    const convs = await Promise.all(Array.from({ length: 6 }, (_, i) => h.addConversation(`d5-${i}`)));
    await repo.enqueue(convs.flatMap((c, i) => [message(`t${i}-1`, c.key, 1), message(`t${i}-2`, c.key, 2)]));
    const a = dispatcher({ owner: "A" });
    const b = dispatcher({ owner: "B" });
    a.start();
    b.start();
    await Promise.all([a.idle(), b.idle()]);
    for (let i = 0; i < 6; i++) expect(titlesTo(`a:d5-${i}`)).toEqual([`t${i}-1`, `t${i}-2`]);
    expect(a.stats().sent + b.stats().sent).toBe(12);
  });

  test("pacing: the attempts respect 7 / 1 s and 8 / 2 s per conversation and 50 / s per tenant (virtual time)", async () => {
    const one = await h.addConversation("d6-busy");
    const many = await Promise.all(Array.from({ length: 40 }, (_, i) => h.addConversation(`d6-${i}`)));
    const times: { key: string; at: number }[] = [];
    const port: DeliveryPort = {
      send: (ref) => {
        times.push({ key: ref.conversation.id, at: clock.now().getTime() });
        return Promise.resolve({ activityId: String(times.length) });
      },
    };
    const d = dispatcher({ port });
    d.start();
    await d.enqueue([...Array.from({ length: 20 }, (_, i) => message(`p-${i}`, one.key, i)), ...many.flatMap((c, i) => [message(`q${i}-1`, c.key, 1), message(`q${i}-2`, c.key, 2)])]);
    await d.idle();
    expect(times).toHaveLength(100);
    const within = (list: number[], windowMs: number): number => Math.max(...list.map((t) => list.filter((u) => u >= t && u < t + windowMs).length));
    const busy = times.filter((t) => t.key === "a:d6-busy").map((t) => t.at);
    expect(within(busy, 1000)).toBeLessThanOrEqual(7);
    expect(within(busy, 2000)).toBeLessThanOrEqual(8);
    expect(within(times.map((t) => t.at), 1000)).toBeLessThanOrEqual(50);
    expect(lines.join("\n")).not.toMatch(/"card"/);
  });
});
