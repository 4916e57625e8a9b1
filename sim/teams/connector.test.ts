import { createConversation, personalConversationId, replyToActivity, sendToConversation, storeFor, updateActivity } from "./connector";
import { stubContext, stubRequest, stubWorld } from "../graph/intune/stubWorld";
import type { SimResponse } from "../core/types";

const TENANT = "dddddddd-0000-4000-8000-000000000001";
const BLOCKED = "19:blocked@thread.tacv2";

function setup() {
  const world = stubWorld({ teams: { blockedConversations: [BLOCKED] } });
  const ctx = { ...stubContext(world), state: new Map<string, unknown>() };
  return { ctx, store: storeFor(ctx) };
}

function req(method: string, url: string, body: unknown, params: Record<string, string> = {}) {
  return stubRequest({ url, method, body, rawBody: JSON.stringify(body ?? ""), params }, "teams");
}

const card = { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "GDAP expires in 5 days" }] };

describe("Bot Connector v3", () => {
  it("creates a personal conversation, sends, replies and updates; records each delivery with the sim clock", () => {
    const { ctx, store } = setup();
    const created = createConversation(req("POST", "/v3/conversations", { bot: { id: "28:bot" }, members: [{ id: "29:user" }], channelData: { tenant: { id: TENANT } } }), ctx);
    expect(created.status).toBe(201);
    const convId = (created.body as { id: string }).id;
    expect(convId).toBe(personalConversationId(TENANT, "28:bot", "29:user"));

    const sent = sendToConversation(req("POST", `/v3/conversations/${convId}/activities`, { type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: card }] }, { conversationId: convId }), ctx);
    expect(sent.status).toBe(201);
    const activityId = (sent.body as { id: string }).id;
    expect(activityId).toBe(String(Date.parse("2025-06-01T12:00:00Z")));

    ctx.clock.advance(1000);
    const updated = updateActivity(req("PUT", `/v3/conversations/${convId}/activities/${activityId}`, { type: "message", text: "done" }, { conversationId: convId, activityId }), ctx);
    expect(updated).toMatchObject({ status: 200, body: { id: activityId } });

    const reply = replyToActivity(req("POST", `/v3/conversations/${convId}/activities/${activityId}`, { type: "message", text: "thread" }, { conversationId: convId, activityId }), ctx);
    expect(reply.status).toBe(201);

    expect(store.list().map((d) => [d.operation, d.activityId === activityId, d.text ?? d.attachments[0]?.title])).toEqual([
      ["create", false, undefined],
      ["send", true, "GDAP expires in 5 days"],
      ["update", true, "done"],
      ["reply", false, "thread"],
    ]);
    expect(store.list()[1]).toMatchObject({ tenantId: TENANT, appId: "anonymous", timestamp: "2025-06-01T12:00:00.000Z", attachments: [{ cardVersion: "1.5" }] });
    expect(store.list()[3]).toMatchObject({ replyToId: activityId, timestamp: "2025-06-01T12:00:01.000Z" });
  });

  it("creates a channel thread with its first message", () => {
    const { ctx } = setup();
    const res = createConversation(req("POST", "/v3/conversations", { isGroup: true, channelData: { channel: { id: "19:general@thread.tacv2" }, tenant: { id: TENANT } }, activity: { type: "message", text: "hi" } }), ctx);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.stringMatching(/^19:general@thread\.tacv2;messageid=\d+$/) as string, activityId: expect.any(String) as string });
  });

  it("answers the documented 403 MessageWritesBlocked for blocked conversations, from the scenario and at run time", () => {
    const { ctx, store } = setup();
    const send = (id: string): SimResponse => sendToConversation(req("POST", `/v3/conversations/${id}/activities`, { type: "message", text: "x" }, { conversationId: id }), ctx);
    const blocked = send(BLOCKED);
    expect(blocked.status).toBe(403);
    const body = blocked.body as { errorCode: number; message: string };
    expect(body.errorCode).toBe(209);
    expect(JSON.parse(body.message)).toEqual({ subCode: "MessageWritesBlocked", details: "Thread is blocked from message writes.", errorCode: null, errorSubCode: null });
    expect(send("a:other").status).toBe(201);
    store.block("a:other");
    expect(send("a:other").status).toBe(403);
    store.unblock("a:other");
    store.unblock(BLOCKED);
    expect(send("a:other").status).toBe(201);
    expect(send(BLOCKED).status).toBe(201);
    store.reset();
    expect(send(BLOCKED).status).toBe(403);
    expect(store.list()).toHaveLength(0);
  });

  it.each([
    ["no body", undefined, 400, "BadArgument"],
    ["no type", { text: "x" }, 400, "BadArgument"],
    ["too big", { type: "message", text: "x".repeat(30 * 1024) }, 413, "MessageSizeTooBig"],
  ])("send with %s → %i", (_n, body, status, code) => {
    const { ctx } = setup();
    const res = sendToConversation(req("POST", "/v3/conversations/a:x/activities", body, { conversationId: "a:x" }), ctx);
    expect(res).toMatchObject({ status, body: { error: { code } } });
  });

  it.each([
    ["no tenant", { members: [{ id: "29:u" }] }, 400],
    ["two members", { members: [{ id: "29:u" }, { id: "29:v" }], tenantId: TENANT }, 400],
    ["channel without activity", { channelData: { channel: { id: "19:c" }, tenant: { id: TENANT } } }, 400],
  ])("create with %s → %i", (_n, body, status) => {
    const { ctx } = setup();
    expect(createConversation(req("POST", "/v3/conversations", body), ctx).status).toBe(status);
  });

  it("404s an update of an activity this conversation never had", () => {
    const { ctx } = setup();
    const res = updateActivity(req("PUT", "/v3/conversations/a:x/activities/123", { type: "message" }, { conversationId: "a:x", activityId: "123" }), ctx);
    expect(res).toMatchObject({ status: 404, body: { error: { code: "ActivityNotFoundInConversation" } } });
  });

  it("refuses to create a conversation with a user who blocked the bot", () => {
    const { ctx, store } = setup();
    store.block(personalConversationId(TENANT, "28:bot", "29:user"));
    const res = createConversation(req("POST", "/v3/conversations", { bot: { id: "28:bot" }, members: [{ id: "29:user" }], tenantId: TENANT }), ctx);
    expect(res).toMatchObject({ status: 403, body: { error: { code: "ConversationBlockedByUser" } } });
  });
});
