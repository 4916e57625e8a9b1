/** Teams connector (Bot Connector v3) over HTTPS: create / send / update, 403 MessageWritesBlocked, 429 per conversation, delivery log. */
import { startHarness, type Harness } from "../../testing/harness";
import { BLOCKED_CONVERSATION, servicesScenario, frozenClock } from "./fixtures";

const TENANT = "30000000-0000-4000-8000-000000000001";

describe("Teams connector", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ scenario: servicesScenario({ throttling: { profile: "off", teamsPerConversation: [{ limit: 3, windowSeconds: 60 }] } }), port: 0, clock: frozenClock() });
  });
  afterAll(async () => {
    await h.stop();
  });

  test("create a 1:1 conversation, send a card, update it; deliveries recorded with the sim clock", async () => {
    const created = await h.fetch<{ id: string }>("teams", "/v3/conversations", { body: { bot: { id: "28:bot" }, members: [{ id: "29:user-1" }], channelData: { tenant: { id: TENANT } } } });
    expect(created.status).toBe(201);
    const conv = encodeURIComponent(created.body.id);
    const card = { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "Secret expires in 12 days" }] };
    const sent = await h.fetch<{ id: string }>("teams", `/v3/conversations/${conv}/activities`, { body: { type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: card }] } });
    expect(sent.status).toBe(201);
    const updated = await h.fetch<{ id: string }>("teams", `/v3/conversations/${conv}/activities/${sent.body.id}`, { method: "PUT", body: { type: "message", text: "acknowledged" } });
    expect(updated).toMatchObject({ status: 200, body: { id: sent.body.id } });
    const log = await h.fetch<{ deliveries: { operation: string; conversationId: string; attachments: { title?: string }[]; timestamp: string }[] }>("control", "/teams/deliveries");
    const mine = log.body.deliveries.filter((d) => d.conversationId === created.body.id);
    expect(mine.map((d) => d.operation)).toEqual(["create", "send", "update"]);
    expect(mine[1]?.attachments[0]?.title).toBe("Secret expires in 12 days");
    expect(Date.parse(mine[1]?.timestamp ?? "")).toBeCloseTo(h.sim.clock.now().getTime(), -4);
  });

  test("a blocked conversation answers the documented 403 MessageWritesBlocked", async () => {
    const res = await h.fetch<{ errorCode: number; message: string }>("teams", `/v3/conversations/${encodeURIComponent(BLOCKED_CONVERSATION)}/activities`, { body: { type: "message", text: "hi" } });
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe(209);
    expect(res.body.message).toContain("MessageWritesBlocked");
  });

  test("the per-conversation limit answers 429 with Retry-After; other conversations are not affected", async () => {
    const conv = encodeURIComponent("19:busy@thread.tacv2");
    const send = (c: string) => h.fetch("teams", `/v3/conversations/${c}/activities`, { body: { type: "message", text: "x" } });
    for (let i = 0; i < 3; i++) expect((await send(conv)).status).toBe(201);
    const throttled = await send(conv);
    expect(throttled.status).toBe(429);
    expect(throttled.body).toEqual({ error: { code: "Throttled", message: "Too many requests." } });
    expect(Number(throttled.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect((await send(encodeURIComponent("19:quiet@thread.tacv2"))).status).toBe(201);
    h.sim.control.advanceClock(60_000);
    expect((await send(conv)).status).toBe(201);
  });

  test("the control API blocks and unblocks a conversation (HTTP and typed control)", async () => {
    const id = "19:removed@thread.tacv2";
    const send = () => h.fetch("teams", `/v3/conversations/${encodeURIComponent(id)}/activities`, { body: { type: "message", text: "x" } });
    expect((await send()).status).toBe(201);
    expect(await h.fetch("control", `/teams/conversations/${encodeURIComponent(id)}/block`, { method: "POST" })).toMatchObject({ status: 200, body: { conversationId: id, blocked: true } });
    expect((await send()).status).toBe(403);
    expect((await h.fetch("control", `/teams/conversations/${encodeURIComponent(id)}/unblock`, { method: "POST" })).status).toBe(200);
    expect((await send()).status).toBe(201);
    h.sim.control.advanceClock(60_000); // this suite's per-conversation limit is 3 a minute
    h.sim.control.blockConversation(id);
    expect((await send()).status).toBe(403);
    h.sim.control.unblockConversation(id);
    expect((await send()).status).toBe(201);
    // A conversation blocked by the scenario can be unblocked at run time too.
    h.sim.control.unblockConversation(BLOCKED_CONVERSATION);
    expect((await h.fetch("teams", `/v3/conversations/${encodeURIComponent(BLOCKED_CONVERSATION)}/activities`, { body: { type: "message", text: "x" } })).status).toBe(201);
    h.sim.control.blockConversation(BLOCKED_CONVERSATION);
  });

  test("a token for another audience is refused even though anonymous calls are allowed", async () => {
    const res = await h.fetch("teams", "/v3/conversations/a%3Ax/activities", { token: "not-a-jwt", body: { type: "message" } });
    expect(res.status).toBe(401);
  });
});
