/**
 * Turn error handling: log with the turn's correlation id (structured, redacted), tell the user a short apology
 * carrying that id — never error.message or a stack. When the failure is Cosmos DB being unavailable (after the
 * store's retries), the user is told so ("try again in a minute") instead of the generic apology.
 */
import type { BotAdapter, TurnContext } from "botbuilder";
import { storageUnavailableText } from "../dialogs/availability";
import { apologyText } from "../dialogs/content";
import type { Logger } from "../log/logger";
import { isTransientCosmosError } from "../store/cosmosRetry";
import { ADAPTIVE_CARD_ACTION_INVOKE, hasInvokeResponse, invokeMessage, sendInvokeResponse } from "./invoke";
import { correlationIdOf, turnLogger } from "./turnLog";

export async function handleTurnError(ctx: TurnContext, error: unknown, logger: Logger): Promise<void> {
  const log = turnLogger(ctx, logger);
  const storageDown = isTransientCosmosError(error);
  if (storageDown) log.warn("turn failed: storage unavailable", { error });
  else log.error("turn failed", { error });
  const correlationId = correlationIdOf(ctx, logger);
  const text = storageDown ? storageUnavailableText(correlationId) : apologyText(correlationId);
  try {
    const type = ctx.activity.type;
    if (type === "invoke") {
      if (!hasInvokeResponse(ctx)) {
        if (ctx.activity.name === ADAPTIVE_CARD_ACTION_INVOKE) await sendInvokeResponse(ctx, invokeMessage(text));
        else await sendInvokeResponse(ctx, undefined, 500);
      }
    } else if (type === "message" || type === "installationUpdate" || type === "conversationUpdate") {
      await ctx.sendActivity(text);
    }
  } catch (sendError) {
    log.error("could not send the apology", { error: sendError });
  }
}

/** Routes every error of the adapter's turns (routes, state, sends) to handleTurnError. */
export function installTurnErrorHandler(adapter: BotAdapter, logger: Logger): void {
  adapter.onTurnError = (ctx, error) => handleTurnError(ctx, error, logger);
}
