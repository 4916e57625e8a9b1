/**
 * The bot without HTTP: adapter (authentication for the mode), turn error handler, teams-ai Application, the
 * per-conversation turn queue. Built once by the composition root (src/app/compose.ts); served by server.ts.
 */
import type { Application } from "@microsoft/teams-ai";
import type { AppConfig } from "../config";
import type { Clock } from "../clock";
import type { Logger } from "../log/logger";
import { createAdapter, type TenantPilotAdapter } from "./adapter";
import { createBotApp, type BotAppDeps } from "./app";
import { installTurnErrorHandler } from "./errors";
import { createKeyedQueue } from "./keyedQueue";
import type { AppTurnState } from "./state";
import { createTurnLogic, type TurnLogic } from "./turn";
import { createWelcomeGate } from "./welcomeGate";
import { createCardSender, type CardSender } from "./proactive";
import type { RouteModule } from "./router";
import { answerUnhandledInvokes } from "./unhandledInvoke";

export interface BotRuntime {
  adapter: TenantPilotAdapter;
  app: Application<AppTurnState>;
  logic: TurnLogic;
  /** A Playground page was opened (HEAD /api/messages): local mode welcomes again. */
  pageOpened(): void;
}

export interface BotFeatureContext {
  /** Proactive card sends and updates (background work that outlives its turn). */
  cards: CardSender;
  /** The Application once built (its Teams SSO cache, in azure mode). */
  app: () => Application<AppTurnState> | undefined;
}

export type BotRuntimeDeps = Omit<BotAppDeps, "welcome" | "botAppId" | "clock" | "routes"> & {
  config: AppConfig;
  clock: Clock;
  logger: Logger;
  /** Feature routes beyond help/about/install, given what only the bot layer can build. */
  features?: (ctx: BotFeatureContext) => readonly RouteModule[];
};

export function createBotRuntime(deps: BotRuntimeDeps): BotRuntime {
  const { config, logger } = deps;
  const adapter = createAdapter(config);
  installTurnErrorHandler(adapter, logger);
  const welcome = createWelcomeGate({ enabled: config.mode === "local", clock: deps.clock });
  const botAppId = config.mode === "azure" ? config.bot.appId : undefined;
  const cards = createCardSender(adapter, botAppId);
  const built: { app?: Application<AppTurnState> } = {};
  const { features, ...appDeps } = deps;
  const routes = features?.({ cards, app: () => built.app }) ?? [];
  const app = createBotApp({ ...appDeps, welcome, routes, ...(botAppId ? { botAppId } : {}) });
  built.app = app;
  return { adapter, app, logic: answerUnhandledInvokes(createTurnLogic(app, createKeyedQueue(), logger), logger), pageOpened: () => welcome.pageOpened() };
}
