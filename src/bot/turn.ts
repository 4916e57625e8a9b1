/**
 * The per-turn logic handed to the adapter: correlation id and per-turn logger, per-conversation serialization,
 * timing log. Turns of one conversation run one after another, so two messages arriving together neither collide on
 * the state's eTag nor lose an update (across instances, the state store merges on 412).
 */
import type { Application } from "@microsoft/teams-ai";
import type { TurnContext } from "botbuilder";
import type { Logger } from "../log/logger";
import type { KeyedQueue } from "./keyedQueue";
import type { AppTurnState } from "./state";
import { beginTurn } from "./turnLog";

export function conversationKey(ctx: TurnContext): string {
  return `${ctx.activity.channelId}|${ctx.activity.conversation?.id ?? ""}`;
}

export type TurnLogic = (ctx: TurnContext) => Promise<void>;

export function createTurnLogic(app: Application<AppTurnState>, queue: KeyedQueue, logger: Logger, clock: () => number = Date.now): TurnLogic {
  return async (ctx: TurnContext): Promise<void> => {
    const log = beginTurn(ctx, logger);
    const started = clock();
    await queue.run(conversationKey(ctx), () => app.run(ctx));
    log.debug("turn done", { ms: clock() - started });
  };
}
