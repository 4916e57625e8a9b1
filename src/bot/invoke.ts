/**
 * The one place that builds invoke responses (Action.Execute answers and errors). An `adaptiveCard/action` invoke is
 * always answered HTTP 200 with a body whose `statusCode` says what happened (Universal Actions' contract).
 */
import { ActivityTypes, INVOKE_RESPONSE_KEY, type Activity, type TurnContext } from "botbuilder";
import type { AdaptiveCardJson } from "../cards/render";

export const ADAPTIVE_CARD_ACTION_INVOKE = "adaptiveCard/action";

export type InvokeBody =
  | { statusCode: 200; type: "application/vnd.microsoft.activity.message"; value: string }
  | { statusCode: 200; type: "application/vnd.microsoft.card.adaptive"; value: AdaptiveCardJson }
  | { statusCode: 400 | 401 | 403 | 404 | 500 | 503; type: "application/vnd.microsoft.error"; value: { code: string; message: string } };

export const invokeMessage = (text: string): InvokeBody => ({ statusCode: 200, type: "application/vnd.microsoft.activity.message", value: text });
export const invokeCard = (card: AdaptiveCardJson): InvokeBody => ({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: card });
export const invokeError = (statusCode: 400 | 401 | 403 | 404 | 500 | 503, code: string, message: string): InvokeBody => ({
  statusCode,
  type: "application/vnd.microsoft.error",
  value: { code, message },
});

/** Pure: the invokeResponse activity carrying `body` (HTTP `status`, 200 unless a non-card invoke failed). */
export function invokeResponseActivity(body: InvokeBody | undefined, status = 200): Partial<Activity> {
  return { type: ActivityTypes.InvokeResponse, value: { status, body } };
}

/** Whether this turn already answered its invoke. */
export function hasInvokeResponse(ctx: TurnContext): boolean {
  return ctx.turnState.get(INVOKE_RESPONSE_KEY) !== undefined;
}

export async function sendInvokeResponse(ctx: TurnContext, body: InvokeBody | undefined, status = 200): Promise<void> {
  await ctx.sendActivity(invokeResponseActivity(body, status));
}
