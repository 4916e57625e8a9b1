/**
 * Bot Connector REST v3 as Teams serves it, for proactive delivery:
 *   POST /v3/conversations                                        create (201 {"id"}; 201 {"id","activityId"} with an activity)
 *   POST /v3/conversations/{conversationId}/activities            send   (201 {"id"})
 *   POST /v3/conversations/{conversationId}/activities/{activityId} reply (201 {"id"})
 *   PUT  /v3/conversations/{conversationId}/activities/{activityId} update (200 {"id"})
 * Rate limits (per bot per conversation, per app per tenant) are enforced by the core's throttler from the routes'
 * `throttle` declarations. Errors follow "Status codes from bot conversational APIs" (learn.microsoft.com, Teams
 * platform, conversation messages); the 403 for a blocked conversation is the documented MessageWritesBlocked body.
 */
import { createHash } from "node:crypto";
import { z } from "zod/v4";
import type { SimContext, SimRequest, SimResponse, World } from "../core/types";
import { teamsStore, type AttachmentSummary, type DeliveryRecord, type TeamsStore } from "./deliveries";

/** A message's total size limit in Teams is about 28 KB (text + cards) [exact cut-off unconfirmed]. */
export const MAX_ACTIVITY_BYTES = 28 * 1024;

const JSON_CT = { "content-type": "application/json; charset=utf-8" };

export function connectorError(status: number, code: string, message: string): SimResponse {
  return { status, headers: JSON_CT, body: { error: { code, message } } };
}

/** The documented 403 for a bot blocked or uninstalled in the conversation (Teams docs, proactive messages). */
export function messageWritesBlocked(): SimResponse {
  const inner = JSON.stringify(
    { subCode: "MessageWritesBlocked", details: "Thread is blocked from message writes.", errorCode: null, errorSubCode: null },
    null,
    2,
  ).replace(/\n/g, "\r\n");
  return { status: 403, headers: JSON_CT, body: { errorCode: 209, message: inner } };
}

const fallbackState = new WeakMap<World, Map<string, unknown>>();

/** The per-run store: the core's ctx.state when present, else one per world (handler tests). */
export function storeFor(ctx: SimContext): TeamsStore {
  // SimContext.state (per-run state, cleared by the control API's reset) is provided by the core's dispatcher.
  let state = (ctx as { state?: Map<string, unknown> }).state;
  if (!state) {
    state = fallbackState.get(ctx.world);
    if (!state) {
      state = new Map();
      fallbackState.set(ctx.world, state);
    }
  }
  return teamsStore(state, ctx.world.scenario);
}

const Account = z.object({ id: z.string().min(1), name: z.string().optional() }).loose();
const Attachment = z.object({ contentType: z.string().min(1), content: z.unknown().optional(), contentUrl: z.string().optional(), name: z.string().optional() }).loose();
const ActivityBody = z
  .object({
    type: z.string().min(1),
    text: z.string().optional(),
    attachments: z.array(Attachment).optional(),
    replyToId: z.string().optional(),
    conversation: z.object({ id: z.string().optional(), tenantId: z.string().optional() }).loose().optional(),
  })
  .loose();
const ConversationParams = z
  .object({
    isGroup: z.boolean().optional(),
    bot: Account.optional(),
    members: z.array(Account).optional(),
    topicName: z.string().optional(),
    tenantId: z.string().optional(),
    activity: ActivityBody.optional(),
    channelData: z
      .object({ tenant: z.object({ id: z.string() }).loose().optional(), channel: z.object({ id: z.string() }).loose().optional() })
      .loose()
      .optional(),
  })
  .loose();

type Activity = z.infer<typeof ActivityBody>;

function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ");
}

function summarise(att: z.infer<typeof Attachment>): AttachmentSummary {
  const json = att.content === undefined ? "" : JSON.stringify(att.content);
  const s: AttachmentSummary = { contentType: att.contentType, bytes: Buffer.byteLength(json) };
  const c = att.content;
  if (att.contentType === "application/vnd.microsoft.card.adaptive" && typeof c === "object" && c !== null) {
    if ("version" in c && typeof c.version === "string") s.cardVersion = c.version;
    const title = firstText(c);
    if (title !== undefined) s.title = title;
  }
  return s;
}

function firstText(node: unknown): string | undefined {
  if (Array.isArray(node)) {
    for (const n of node) {
      const t = firstText(n);
      if (t !== undefined) return t;
    }
    return undefined;
  }
  if (typeof node !== "object" || node === null) return undefined;
  if ("type" in node && node.type === "TextBlock" && "text" in node && typeof node.text === "string") return node.text;
  for (const key of ["body", "items", "columns"]) {
    if (key in node) {
      const t = firstText((node as Record<string, unknown>)[key]);
      if (t !== undefined) return t;
    }
  }
  return undefined;
}

/**
 * The tenant Teams' per-app-per-tenant limit counts a request against: the conversation's tenant (recorded when it
 * was created or first written to), else the one the body names (channelData.tenant.id, tenantId, conversation.tenantId).
 */
export function throttleTenantOf(req: SimRequest, ctx: SimContext): string | undefined {
  const id = req.params.conversationId;
  const known = id ? storeFor(ctx).conversation(id)?.tenantId : undefined;
  if (known) return known.toLowerCase();
  const b = req.body;
  if (typeof b !== "object" || b === null) return undefined;
  const r = b as { channelData?: { tenant?: { id?: unknown } }; tenantId?: unknown; conversation?: { tenantId?: unknown } };
  const named = r.channelData?.tenant?.id ?? r.tenantId ?? r.conversation?.tenantId;
  return typeof named === "string" && named ? named.toLowerCase() : undefined;
}

function appIdOf(req: SimRequest): string {
  return req.principal?.appId ?? "anonymous";
}

function tooBig(req: SimRequest): boolean {
  return Buffer.byteLength(req.rawBody) > MAX_ACTIVITY_BYTES;
}

function deliver(
  store: TeamsStore,
  ctx: SimContext,
  req: SimRequest,
  operation: DeliveryRecord["operation"],
  conversationId: string,
  activityId: string,
  activity: Activity,
  replyToId?: string,
): void {
  const conv = store.ensureConversation(conversationId, { tenantId: activity.conversation?.tenantId });
  conv.activities.add(activityId);
  const rec: DeliveryRecord = {
    operation,
    conversationId,
    activityId,
    type: activity.type,
    attachments: (activity.attachments ?? []).map(summarise),
    appId: appIdOf(req),
    timestamp: ctx.clock.now().toISOString(),
  };
  if (activity.text !== undefined) rec.text = activity.text.length > 2000 ? `${activity.text.slice(0, 2000)}…` : activity.text;
  if (replyToId !== undefined) rec.replyToId = replyToId;
  if (conv.tenantId !== undefined) rec.tenantId = conv.tenantId;
  store.record(rec);
}

/** Stable id of the 1:1 conversation between a bot and a user in a tenant ("a:" + opaque, as Teams' personal chats). */
export function personalConversationId(tenantId: string, botId: string, userId: string): string {
  return `a:1${createHash("sha256").update(`${tenantId}|${botId}|${userId}`).digest("base64url").slice(0, 60)}`;
}

export function createConversation(req: SimRequest, ctx: SimContext): SimResponse {
  if (tooBig(req)) return connectorError(413, "MessageSizeTooBig", "Message size too large.");
  const parsed = ConversationParams.safeParse(req.body);
  if (!parsed.success) return connectorError(400, "BadArgument", issuesText(parsed.error));
  const p = parsed.data;
  const tenantId = p.channelData?.tenant?.id ?? p.tenantId;
  if (!tenantId) return connectorError(400, "BadArgument", "Tenant id is required: set channelData.tenant.id or tenantId.");
  const store = storeFor(ctx);
  const channelId = p.channelData?.channel?.id;
  let conversationId: string;
  if (channelId) {
    // A new thread in a channel needs its first message.
    if (!p.activity) return connectorError(400, "BadArgument", "Creating a channel conversation requires an activity.");
    conversationId = channelId;
  } else {
    const members = p.members ?? [];
    if (members.length !== 1 || p.isGroup) return connectorError(400, "BadArgument", "Exactly one member is required to create a personal conversation; group chats cannot be created by bots.");
    conversationId = personalConversationId(tenantId, p.bot?.id ?? appIdOf(req), members[0]?.id ?? "");
  }
  if (store.isBlocked(conversationId)) return connectorError(403, "ConversationBlockedByUser", "User blocked the conversation with the bot.");
  const conv = store.ensureConversation(conversationId, { tenantId, memberIds: (p.members ?? []).map((m) => m.id) });
  conv.tenantId ??= tenantId;
  if (!p.activity) {
    store.record({ operation: "create", conversationId, activityId: "", type: "conversationUpdate", attachments: [], appId: appIdOf(req), tenantId, timestamp: ctx.clock.now().toISOString() });
    return { status: 201, headers: JSON_CT, body: { id: conversationId } };
  }
  const activityId = store.nextActivityId(ctx.clock.now().getTime());
  const threadId = channelId ? `${channelId};messageid=${activityId}` : conversationId;
  if (channelId) store.ensureConversation(threadId, { tenantId });
  deliver(store, ctx, req, "create", threadId, activityId, { ...p.activity, conversation: { tenantId } });
  return { status: 201, headers: JSON_CT, body: { id: threadId, activityId } };
}

function parseActivity(req: SimRequest): { ok: true; activity: Activity } | { ok: false; response: SimResponse } {
  if (tooBig(req)) return { ok: false, response: connectorError(413, "MessageSizeTooBig", "Message size too large.") };
  const parsed = ActivityBody.safeParse(req.body);
  if (!parsed.success) return { ok: false, response: connectorError(400, "BadArgument", issuesText(parsed.error)) };
  return { ok: true, activity: parsed.data };
}

export function sendToConversation(req: SimRequest, ctx: SimContext): SimResponse {
  const conversationId = req.params.conversationId ?? "";
  const store = storeFor(ctx);
  if (store.isBlocked(conversationId)) return messageWritesBlocked();
  const a = parseActivity(req);
  if (!a.ok) return a.response;
  const activityId = store.nextActivityId(ctx.clock.now().getTime());
  deliver(store, ctx, req, "send", conversationId, activityId, a.activity, a.activity.replyToId);
  return { status: 201, headers: JSON_CT, body: { id: activityId } };
}

export function replyToActivity(req: SimRequest, ctx: SimContext): SimResponse {
  const conversationId = req.params.conversationId ?? "";
  const replyTo = req.params.activityId ?? "";
  const store = storeFor(ctx);
  if (store.isBlocked(conversationId)) return messageWritesBlocked();
  const a = parseActivity(req);
  if (!a.ok) return a.response;
  const activityId = store.nextActivityId(ctx.clock.now().getTime());
  deliver(store, ctx, req, "reply", conversationId, activityId, a.activity, replyTo);
  return { status: 201, headers: JSON_CT, body: { id: activityId } };
}

export function updateActivity(req: SimRequest, ctx: SimContext): SimResponse {
  const conversationId = req.params.conversationId ?? "";
  const activityId = req.params.activityId ?? "";
  const store = storeFor(ctx);
  if (store.isBlocked(conversationId)) return messageWritesBlocked();
  const a = parseActivity(req);
  if (!a.ok) return a.response;
  const conv = store.conversation(conversationId);
  if (!conv?.activities.has(activityId)) return connectorError(404, "ActivityNotFoundInConversation", "Conversation not found.");
  deliver(store, ctx, req, "update", conversationId, activityId, a.activity);
  return { status: 200, headers: JSON_CT, body: { id: activityId } };
}
