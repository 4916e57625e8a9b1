/**
 * The dispatcher's sending port (src/alerts/dispatch/port.ts) over botbuilder: one card to a stored conversation
 * reference with `continueConversationAsync`; in a channel with `newThread`, a new thread (Bot Connector
 * `POST /v3/conversations` with the channel and tenant in channelData, as TeamsInfo.sendMessageToTeamsChannel does,
 * through the same proactive turn's connector client). Returns the activity id.
 *
 * Refusals: botbuilder throws inside the callback (and continueConversationAsync would hand the error to
 * onTurnError), so the callback catches it. The connector's answer is observed by a pipeline policy placed next to
 * the transport (status, Retry-After, Teams' sub-code from the body, never logged) and surfaced as a typed
 * DeliveryRefusedError the dispatcher maps (429, 403 MessageWritesBlocked, 404, 5xx …).
 *
 * Retries belong to the dispatcher: it paces every attempt under Teams' limits, so the connector client's own retry
 * policy (core-rest-pipeline `defaultRetryPolicy`, which would resend unseen) is removed from the proactive turn's
 * client. botbuilder 4.23.3 is the SDK's last release, so the shape reached here (ConnectorClient → its core-client
 * `client.pipeline`) is fixed; if it is ever missing, sends still work, with the SDK's retries.
 */
import https from "node:https";
import { CardFactory, MessageFactory, type Activity, type CloudAdapter, type TurnContext } from "botbuilder";
import type { AdaptiveCardJson } from "../cards/render";
import { DeliveryRefusedError, type Delivered, type DeliveryPort } from "../alerts/dispatch/port";
import { parseRetryAfter } from "../alerts/dispatch/retry";
import type { StoredConversationRef } from "../store/conversationRefs";
import { fromStoredRef } from "./conversationRef";

export interface DeliveryOptions {
  /** Extra CA (PEM) trusted for https service URLs (tests and benchmarks against the simulator's connector). */
  caPem?: string;
  now?: () => number;
}

interface Observed {
  status?: number;
  retryAfter?: string;
  body?: string;
}

interface PipelineLike {
  addPolicy(policy: { name: string; sendRequest(req: RequestLike, next: (req: RequestLike) => Promise<ResponseLike>): Promise<ResponseLike> }, opts?: { afterPhase?: string }): void;
  removePolicy(opts: { name: string }): unknown;
}
interface RequestLike {
  url: string;
  agent?: unknown;
}
interface ResponseLike {
  status: number;
  headers: { get(name: string): string | undefined };
  bodyAsText?: string | null;
}
interface ConversationsLike {
  createConversation(params: Record<string, unknown>): Promise<{ id?: string; activityId?: string }>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

function pipelineOf(connector: unknown): PipelineLike | undefined {
  if (!isObject(connector)) return undefined;
  const inner = connector.client;
  if (!isObject(inner)) return undefined;
  const p = inner.pipeline;
  return isObject(p) && typeof p.addPolicy === "function" && typeof p.removePolicy === "function" ? (p as unknown as PipelineLike) : undefined;
}

function conversationsOf(connector: unknown): ConversationsLike | undefined {
  if (!isObject(connector)) return undefined;
  const c = connector.conversations;
  return isObject(c) && typeof c.createConversation === "function" ? (c as unknown as ConversationsLike) : undefined;
}

/** Teams' refusal code: `subCode` inside the 403's JSON `message` (itself JSON text), else `error.code`. */
export function subCodeOf(body: string | undefined): string | undefined {
  if (!body) return undefined;
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  };
  const outer = parse(body);
  if (isObject(outer)) {
    if (typeof outer.subCode === "string") return outer.subCode;
    if (typeof outer.message === "string") {
      const inner = parse(outer.message);
      if (isObject(inner) && typeof inner.subCode === "string") return inner.subCode;
    }
    if (isObject(outer.error) && typeof outer.error.code === "string") return outer.error.code;
  }
  return /subCode\\?"?\s*:\s*\\?"([A-Za-z]+)/.exec(body)?.[1];
}

function statusOf(err: unknown): number | undefined {
  if (!isObject(err)) return undefined;
  const s = err.statusCode ?? err.status;
  return typeof s === "number" ? s : undefined;
}

/** The channel a stored channel conversation belongs to (a thread id is `<channel>;messageid=<id>`). */
function channelIdOf(ref: StoredConversationRef): string | undefined {
  if (ref.conversation.conversationType !== "channel") return undefined;
  return ref.conversation.id.split(";")[0];
}

export function createDeliveryPort(adapter: CloudAdapter, botAppId: string | undefined, opts: DeliveryOptions = {}): DeliveryPort & { close(): void } {
  const agent = new https.Agent({ keepAlive: true, ...(opts.caPem !== undefined ? { ca: opts.caPem } : {}) });
  const now = opts.now ?? Date.now;

  const tune = (ctx: TurnContext, seen: Observed): ConversationsLike | undefined => {
    const connector: unknown = ctx.turnState.get(ctx.adapter.ConnectorClientKey);
    const pipeline = pipelineOf(connector);
    if (pipeline) {
      pipeline.removePolicy({ name: "defaultRetryPolicy" });
      pipeline.addPolicy(
        {
          name: "tenantPilotDelivery",
          sendRequest: async (req, next) => {
            if (req.url.startsWith("https:")) req.agent = agent;
            const res = await next(req);
            seen.status = res.status;
            const ra = res.headers.get("retry-after");
            if (ra !== undefined) seen.retryAfter = ra;
            if (res.status >= 400 && typeof res.bodyAsText === "string") seen.body = res.bodyAsText.slice(0, 4096);
            return res;
          },
        },
        { afterPhase: "Sign" },
      );
    }
    return conversationsOf(connector);
  };

  return {
    close: () => agent.destroy(),
    async send(ref, card: AdaptiveCardJson, { newThread }): Promise<Delivered> {
      const seen: Observed = {};
      const { activityId: _a, ...target } = fromStoredRef(ref);
      const activity: Partial<Activity> = MessageFactory.attachment(CardFactory.adaptiveCard(card));
      let result: { ok: true; value: Delivered } | { ok: false; error: unknown } | undefined;
      try {
        await adapter.continueConversationAsync(botAppId ?? "", target, async (ctx) => {
          try {
            const conversations = tune(ctx, seen);
            const channel = newThread ? channelIdOf(ref) : undefined;
            if (channel !== undefined && conversations) {
              const tenantId = ref.conversation.tenantId;
              const created = await conversations.createConversation({
                isGroup: true,
                bot: { id: ref.bot.id, name: ref.bot.name ?? "" },
                channelData: { channel: { id: channel }, ...(tenantId ? { tenant: { id: tenantId } } : {}) },
                ...(tenantId ? { tenantId } : {}),
                activity,
              });
              result = { ok: true, value: { ...(created.activityId ? { activityId: created.activityId } : {}), ...(created.id ? { conversationId: created.id } : {}) } };
            } else {
              const sent = await ctx.sendActivity(activity);
              result = { ok: true, value: sent?.id ? { activityId: sent.id } : {} };
            }
          } catch (error) {
            result = { ok: false, error };
          }
        });
      } catch (error) {
        // Before the callback ran (the connector's token, a malformed reference): no answer to map.
        result = { ok: false, error };
      }
      if (result?.ok) return result.value;
      const status = seen.status !== undefined && seen.status >= 400 ? seen.status : statusOf(result?.error);
      const retryAfterMs = parseRetryAfter(seen.retryAfter, now());
      const subCode = subCodeOf(seen.body);
      throw new DeliveryRefusedError({
        ...(status !== undefined ? { status } : {}),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        ...(subCode !== undefined ? { subCode } : {}),
      });
    },
  };
}
