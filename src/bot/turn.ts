/**
 * The per-turn logic handed to the adapter: correlation id, per-conversation serialization, timing log.
 * Turns of one conversation run one after another, so two messages arriving together neither collide on the
 * state's eTag nor lose an update (across instances, the state store merges on 412).
 */
import type { Application } from "@microsoft/teams-ai";
import type { TurnContext } from "botbuilder";
import { newCorrelationId, type Logger } from "../log/logger";
import { setCorrelationId, turnFields } from "./errors";
import type { KeyedQueue } from "./keyedQueue";
import type { AppTurnState } from "./state";

export function conversationKey(ctx: TurnContext): string {
  return `${ctx.activity.channelId}|${ctx.activity.conversation?.id ?? ""}`;
}

export function createTurnLogic(app: Application<AppTurnState>, queue: KeyedQueue, logger: Logger, clock: () => number = Date.now) {
  return async (ctx: TurnContext): Promise<void> => {
    setCorrelationId(ctx, newCorrelationId());
    const started = clock();
    await queue.run(conversationKey(ctx), () => app.run(ctx));
    logger.debug("turn done", { ...turnFields(ctx), ms: clock() - started });
  };
}
