/**
 * What the dispatcher needs from the bot layer: send one card to a stored conversation (src/bot/delivery.ts
 * implements it with botbuilder). A refusal is a DeliveryRefusedError carrying the connector's HTTP status, so the
 * dispatcher decides (src/alerts/dispatch/retry.ts) without knowing botbuilder's error shapes.
 */
import type { AdaptiveCardJson } from "../../cards/render";
import type { StoredConversationRef } from "../../store/conversationRefs";
import type { SendFailure } from "./retry";

export interface Delivered {
  /** The activity id of the card posted (for later updates). */
  activityId?: string;
  /** When a new channel thread was started: its conversation id (`<channel>;messageid=<id>`). */
  conversationId?: string;
}

export interface DeliveryPort {
  send(ref: StoredConversationRef, card: AdaptiveCardJson, opts: { newThread: boolean }): Promise<Delivered>;
}

export class DeliveryRefusedError extends Error implements SendFailure {
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly subCode?: string;
  constructor(f: SendFailure) {
    super(`the Bot Connector refused the message (${f.status ?? "no answer"}${f.subCode ? ` ${f.subCode}` : ""})`);
    this.name = "DeliveryRefusedError";
    if (f.status !== undefined) this.status = f.status;
    if (f.retryAfterMs !== undefined) this.retryAfterMs = f.retryAfterMs;
    if (f.subCode !== undefined) this.subCode = f.subCode;
  }
}

/** Any error as a SendFailure: a DeliveryRefusedError as it is, anything else as "no answer" (retryable). */
export function failureOf(err: unknown): SendFailure {
  if (err instanceof DeliveryRefusedError) {
    const f: SendFailure = {};
    if (err.status !== undefined) f.status = err.status;
    if (err.retryAfterMs !== undefined) f.retryAfterMs = err.retryAfterMs;
    if (err.subCode !== undefined) f.subCode = err.subCode;
    return f;
  }
  return {};
}
