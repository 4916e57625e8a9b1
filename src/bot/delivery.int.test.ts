/** The delivery port against the simulator's Teams connector over HTTPS, through botbuilder's proactive turn. */
import { startDeliveryHarness, deliveryScenario, type DeliveryHarness } from "../alerts/dispatch/testing/harness";
import { DeliveryRefusedError } from "../alerts/dispatch/port";
import { subCodeOf } from "./delivery";

const card = (title: string) => ({ type: "AdaptiveCard" as const, version: "1.5", body: [{ type: "TextBlock", text: title }] });

describe("delivery port (Bot Connector over HTTPS)", () => {
  let h: DeliveryHarness;
  beforeAll(async () => {
    h = await startDeliveryHarness(deliveryScenario({ teams: { blockedConversations: ["a:blocked"] } }));
  });
  afterAll(async () => {
    await h.stop();
  });
  beforeEach(() => {
    h.sim.control.clearFaults();
    h.sim.control.clearCounters();
  });

  const refused = async (p: Promise<unknown>): Promise<DeliveryRefusedError> => {
    try {
      await p;
    } catch (e) {
      if (e instanceof DeliveryRefusedError) return e;
      throw e;
    }
    throw new Error("expected a refusal");
  };

  test("a card to a personal chat: posted, its activity id returned", async () => {
    const { ref } = await h.addConversation("alice");
    const r = await h.port.send(ref, card("Secret expires in 14 days"), { newThread: false });
    expect(r.activityId).toMatch(/^\d+$/);
    const mine = h.deliveries().filter((d) => d.conversationId === "a:alice");
    expect(mine).toEqual([expect.objectContaining({ operation: expect.stringMatching(/^(send|reply)$/), activityId: r.activityId, attachments: [expect.objectContaining({ title: "Secret expires in 14 days" })] })]);
  });

  test("newThread in a channel starts a thread (create with the channel and tenant)", async () => {
    const { ref } = await h.addConversation("ops", { channel: true });
    const r = await h.port.send(ref, card("GDAP ends in 7 days"), { newThread: true });
    expect(r.conversationId).toBe(`19:ops@thread.tacv2;messageid=${r.activityId ?? ""}`);
    expect(h.deliveries().filter((d) => d.conversationId === r.conversationId).map((d) => d.operation)).toEqual(["create"]);
  });

  test("a blocked conversation: 403 with the MessageWritesBlocked sub-code", async () => {
    const { ref } = await h.addConversation("blocked");
    const e = await refused(h.port.send(ref, card("x"), { newThread: false }));
    expect(e).toMatchObject({ status: 403, subCode: "MessageWritesBlocked" });
  });

  test.each([429, 503, 502, 412])("%i is surfaced after ONE request (the SDK's own retries are off: the dispatcher paces retries)", async (status) => {
    const { ref } = await h.addConversation(`fault-${status}`);
    h.sim.control.addFault({ service: "teams", kind: "status", status, path: "/activities", count: 1, probability: 1, after: 0 });
    const e = await refused(h.port.send(ref, card("x"), { newThread: false }));
    expect(e.status).toBe(status);
    expect(e.retryAfterMs).toBeUndefined();
    expect(h.sim.control.counters().byStatus[String(status)]).toBe(1);
    expect(h.sim.control.counters().total).toBe(1);
  });

  test("the connector's own 429 carries Retry-After, surfaced in ms", async () => {
    const { ref } = await h.addConversation("busy");
    let e: DeliveryRefusedError | undefined;
    for (let i = 0; i < 10 && !e; i++) {
      try {
        await h.port.send(ref, card(`n${i}`), { newThread: false });
      } catch (err) {
        if (err instanceof DeliveryRefusedError) e = err;
        else throw err;
      }
    }
    expect(e?.status).toBe(429);
    expect(e?.retryAfterMs).toBeGreaterThanOrEqual(1000);
  });

  test("a service URL nobody answers: a refusal without status (retryable)", async () => {
    const { ref } = await h.addConversation("nowhere");
    const e = await refused(h.port.send({ ...ref, serviceUrl: "https://127.0.0.1:1/" }, card("x"), { newThread: false }));
    expect(e.status).toBeUndefined();
  });

  test.each([
    ['{"errorCode":209,"message":"{\\r\\n  \\"subCode\\": \\"MessageWritesBlocked\\"}"}', "MessageWritesBlocked"],
    ['{"error":{"code":"ConversationBlockedByUser","message":"x"}}', "ConversationBlockedByUser"],
    ["not json", undefined],
    [undefined, undefined],
  ])("subCodeOf(%s)", (body, code) => {
    expect(subCodeOf(body)).toBe(code);
  });
});
