/**
 * The teams-ai Application with the bot's routes: feature routes (routes/*.ts) in order, then the fallback.
 * Everything product-specific is plain: commands and texts from src/dialogs, cards from src/cards, conversation
 * references through the store's repository.
 */
import { Application, type AuthenticationOptions } from "@microsoft/teams-ai";
import type { Storage } from "botbuilder";
import { systemClock, type Clock } from "../clock";
import type { Logger } from "../log/logger";
import type { ConversationRefRepository } from "../store/conversationRefs";
import { createRouter, type RouteModule, type Router } from "./router";
import { fallbackRoutes, featureRoutes } from "./routes";
import { createTurnState, type AppTurnState } from "./state";
import { createWelcomeGate, type WelcomeGate } from "./welcomeGate";

export interface BotAppDeps {
  storage: Storage;
  refs: ConversationRefRepository;
  logger: Logger;
  info: { version: string; mode: "local" | "azure" };
  clock?: Clock;
  /** Needed for proactive sends in azure mode. */
  botAppId?: string;
  /** When the welcome card is sent (default: once per install, page opens ignored). */
  welcome?: WelcomeGate;
  /** teams-ai authentication (Teams SSO), when configured. */
  authentication?: AuthenticationOptions;
  /** Feature routes after the built-in ones (help, about, install) and before the fallback. */
  routes?: readonly RouteModule[];
  /** Called with the Application and its router once routes are registered (e.g. sign-in handlers). */
  configure?: (app: Application<AppTurnState>, router: Router) => void;
}

export function createBotApp(deps: BotAppDeps): Application<AppTurnState> {
  const clock = deps.clock ?? systemClock;
  const app = new Application<AppTurnState>({
    storage: deps.storage,
    turnStateFactory: createTurnState,
    // teams-ai keeps one typing timer per Application: concurrent turns would share it.
    startTypingTimer: false,
    removeRecipientMention: true,
    longRunningMessages: false,
    ...(deps.botAppId ? { botAppId: deps.botAppId } : {}),
    ...(deps.authentication ? { authentication: deps.authentication } : {}),
  });

  // Every turn: count it (observable for the concurrency test) and note when the conversation was last active.
  app.turn("beforeTurn", (_ctx, state) => {
    state.conversation.turnCount = (state.conversation.turnCount ?? 0) + 1;
    state.conversation.lastActivityAt = clock.now().toISOString();
    return Promise.resolve(true);
  });

  const router = createRouter(app, deps.logger);
  const welcome = deps.welcome ?? createWelcomeGate({ enabled: false, clock });
  for (const register of [...featureRoutes({ refs: deps.refs, welcome, info: deps.info }), ...(deps.routes ?? []), fallbackRoutes()]) {
    register(router);
  }
  deps.configure?.(app, router);
  return app;
}
