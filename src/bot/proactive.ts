/**
 * Proactive sends behind an interface: what a background job (a check that outlives its turn, later alerts and
 * digests) uses to post or update a card in a conversation. botbuilder's continueConversationAsync sends an exception
 * thrown inside the callback to adapter.onTurnError, not back to the caller, so the callback catches it and this
 * module rethrows it to the caller, who logs it with its correlation id.
 */
import { CardFactory, MessageFactory, type ConversationReference, type TurnContext } from "botbuilder";
import type { AdaptiveCardJson } from "../cards/render";
import type { TenantPilotAdapter } from "./adapter";

export interface CardSender {
  /** Replaces the card of activity `activityId` in the conversation of `ref`. */
  updateCard(ref: Partial<ConversationReference>, activityId: string, card: AdaptiveCardJson): Promise<void>;
  /** Posts a new card in the conversation of `ref`; resolves with its activity id. */
  sendCard(ref: Partial<ConversationReference>, card: AdaptiveCardJson): Promise<string | undefined>;
}

export function createCardSender(adapter: TenantPilotAdapter, botAppId: string | undefined): CardSender {
  const within = async <T>(ref: Partial<ConversationReference>, work: (ctx: TurnContext) => Promise<T>): Promise<T> => {
    let result: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    await adapter.continueConversationAsync(botAppId ?? "", ref, async (ctx) => {
      try {
        result = { ok: true, value: await work(ctx) };
      } catch (error) {
        result = { ok: false, error };
      }
    });
    if (!result) throw new Error("the proactive turn did not run");
    if (!result.ok) throw result.error;
    return result.value;
  };
  return {
    updateCard: (ref, activityId, card) =>
      within(ref, async (ctx) => {
        const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
        activity.id = activityId;
        await ctx.updateActivity(activity);
      }),
    sendCard: (ref, card) => within(ref, async (ctx) => (await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card))))?.id),
  };
}
