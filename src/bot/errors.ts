/**
 * Turn error handling: log with the turn's correlation id (structured, redacted), tell the user a short apology
 * carrying that id — never error.message or a stack.
 */
import { ActivityTypes, INVOKE_RESPONSE_KEY, type BotAdapter, type TurnContext } from "botbuilder";
import { apologyText } from "../dialogs/content";
import { newCorrelationId, type Logger } from "../log/logger";

const CORRELATION_ID = Symbol("tenantPilot.correlationId");

export function setCorrelationId(ctx: TurnContext, id: string): void {
  ctx.turnState.set(CORRELATION_ID, id);
}

/** The turn's correlation id (created on first use). */
export function correlationIdOf(ctx: TurnContext): string {
  const existing: unknown = ctx.turnState.get(CORRELATION_ID);
  if (typeof existing === "string") return existing;
  const id = newCorrelationId();
  setCorrelationId(ctx, id);
  return id;
}

/** Fields that identify a turn in logs (ids only, no message text). */
export function turnFields(ctx: TurnContext): Record<string, unknown> {
  const a = ctx.activity;
  return {
    correlationId: correlationIdOf(ctx),
    activityType: a.type,
    activityName: a.name,
    channelId: a.channelId,
    conversationId: a.conversation?.id,
    activityId: a.id,
  };
}

export async function handleTurnError(ctx: TurnContext, error: unknown, logger: Logger): Promise<void> {
  const fields = turnFields(ctx);
  logger.error("turn failed", { ...fields, error });
  const text = apologyText(String(fields.correlationId));
  try {
    const type = ctx.activity.type;
    if (type === "invoke") {
      if (ctx.turnState.get(INVOKE_RESPONSE_KEY) === undefined) {
        const body =
          ctx.activity.name === "adaptiveCard/action"
            ? { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: text }
            : undefined;
        await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: body ? 200 : 500, body } });
      }
    } else if (type === "message" || type === "installationUpdate" || type === "conversationUpdate") {
      await ctx.sendActivity(text);
    }
  } catch (sendError) {
    logger.error("could not send the apology", { ...fields, error: sendError });
  }
}

/** Routes every error of the adapter's turns (routes, state, sends) to handleTurnError. */
export function installTurnErrorHandler(adapter: BotAdapter, logger: Logger): void {
  adapter.onTurnError = (ctx, error) => handleTurnError(ctx, error, logger);
}
