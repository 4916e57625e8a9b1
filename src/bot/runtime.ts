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

export interface BotRuntime {
  adapter: TenantPilotAdapter;
  app: Application<AppTurnState>;
  logic: TurnLogic;
  /** A Playground page was opened (HEAD /api/messages): local mode welcomes again. */
  pageOpened(): void;
}

export type BotRuntimeDeps = Omit<BotAppDeps, "welcome" | "botAppId" | "clock"> & { config: AppConfig; clock: Clock; logger: Logger };

export function createBotRuntime(deps: BotRuntimeDeps): BotRuntime {
  const { config, logger } = deps;
  const adapter = createAdapter(config);
  installTurnErrorHandler(adapter, logger);
  const welcome = createWelcomeGate({ enabled: config.mode === "local", clock: deps.clock });
  const app = createBotApp({ ...deps, welcome, ...(config.mode === "azure" ? { botAppId: config.bot.appId } : {}) });
  return { adapter, app, logic: createTurnLogic(app, createKeyedQueue(), logger), pageOpened: () => welcome.pageOpened() };
}
