/**
 * The bot before its storage is ready (src/app/start.ts listens first and composes in the background): the same
 * inbound authentication as the real bot (an adapter for the mode), and one short answer. A message gets
 * STARTING_UP_TEXT; an Action.Execute gets it as its message; any other invoke gets HTTP 503 (documented: the only
 * 5xx the bot answers on purpose, besides shutting down); other activities (install, conversation updates) are
 * logged and dropped, since nothing can be stored yet.
 */
import type { TurnContext } from "botbuilder";
import type { AppConfig } from "../config";
import { STARTING_UP_TEXT } from "../dialogs/availability";
import type { Logger } from "../log/logger";
import { createAdapter } from "./adapter";
import { installTurnErrorHandler } from "./errors";
import { ADAPTIVE_CARD_ACTION_INVOKE, invokeError, invokeMessage, sendInvokeResponse } from "./invoke";
import type { HttpBot } from "./server";
import { beginTurn } from "./turnLog";

export async function answerWhileStarting(ctx: TurnContext, logger: Logger): Promise<void> {
  const log = beginTurn(ctx, logger);
  const { type, name } = ctx.activity;
  log.info("turn answered while storage is not ready", {});
  if (type === "message") await ctx.sendActivity(STARTING_UP_TEXT);
  else if (type === "invoke" && name === ADAPTIVE_CARD_ACTION_INVOKE) await sendInvokeResponse(ctx, invokeMessage(STARTING_UP_TEXT));
  else if (type === "invoke") await sendInvokeResponse(ctx, invokeError(503, "ServiceUnavailable", STARTING_UP_TEXT), 503);
}

export function createStartingBot(config: AppConfig, logger: Logger): HttpBot {
  const adapter = createAdapter(config);
  installTurnErrorHandler(adapter, logger);
  return {
    adapter,
    logic: (ctx) => answerWhileStarting(ctx, logger),
    pageOpened: () => undefined,
  };
}
