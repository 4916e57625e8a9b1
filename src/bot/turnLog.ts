/**
 * The per-turn logger: a child of the bot's logger bound to the turn's correlation id and activity ids (never message
 * text), created once when the turn starts. Routes log through `turnLogger(ctx)` instead of spreading fields.
 */
import type { TurnContext } from "botbuilder";
import { newCorrelationId, type Logger } from "../log/logger";

const TURN = Symbol("tenantPilot.turn");

interface TurnInfo {
  correlationId: string;
  log: Logger;
}

/** Pure: the fields that identify a turn in logs (ids only). */
export function turnBindings(activity: Partial<Pick<TurnContext["activity"], "type" | "name" | "channelId" | "id">> & { conversation?: { id?: string } }, correlationId: string): Record<string, unknown> {
  return {
    correlationId,
    activityType: activity.type,
    activityName: activity.name,
    channelId: activity.channelId,
    conversationId: activity.conversation?.id,
    activityId: activity.id,
  };
}

/** Starts a turn: a fresh correlation id and the turn's child logger. Returns the logger. */
export function beginTurn(ctx: TurnContext, base: Logger, correlationId: string = newCorrelationId()): Logger {
  const log = base.child(turnBindings(ctx.activity, correlationId));
  ctx.turnState.set(TURN, { correlationId, log } satisfies TurnInfo);
  return log;
}

function infoOf(ctx: TurnContext): TurnInfo | undefined {
  const v: unknown = ctx.turnState.get(TURN);
  return typeof v === "object" && v !== null && "log" in v ? (v as TurnInfo) : undefined;
}

/** The turn's logger; a turn that did not go through beginTurn (e.g. a test adapter) gets one bound now. */
export function turnLogger(ctx: TurnContext, fallback: Logger): Logger {
  return infoOf(ctx)?.log ?? beginTurn(ctx, fallback);
}

/** The turn's correlation id (what the user is told when something fails). */
export function correlationIdOf(ctx: TurnContext, fallback: Logger): string {
  const info = infoOf(ctx);
  if (info) return info.correlationId;
  beginTurn(ctx, fallback);
  return (infoOf(ctx) as TurnInfo).correlationId;
}
