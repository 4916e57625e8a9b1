/**
 * The bot's HTTP server (restify): POST /api/messages (Bot Framework activities) and GET /healthz.
 * startBot wires config → Cosmos store → state storage → teams-ai Application → CloudAdapter → restify.
 */
import type { Activity } from "botbuilder";
import * as restify from "restify";
import { z } from "zod/v4";
import type { AppConfig } from "../config";
import { createLogger, newCorrelationId, type Logger } from "../log/logger";
import { createConversationRefRepository } from "../store/conversationRefs";
import { createCosmosClient, disposeCosmosClient, ensureStore, pingCosmos, type CosmosConnection } from "../store/cosmos";
import { createStateStore } from "../store/stateStore";
import { VERSION } from "../version";
import { createAdapter } from "./adapter";
import { createBotApp } from "./app";
import { installTurnErrorHandler } from "./errors";
import { httpStatusOf, isAuthFailure, publicHttpError } from "./httpErrors";
import { createKeyedQueue } from "./keyedQueue";
import { createTurnLogic } from "./turn";

export interface StartBotOptions {
  config: AppConfig;
  cosmos: CosmosConnection;
  logger?: Logger;
}

export interface RunningBot {
  /** Base URL, e.g. http://127.0.0.1:3978 (messages at `${url}/api/messages`). */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Largest accepted request body; Teams activities are far smaller. */
export const MAX_BODY_BYTES = 256 * 1024;

const Account = z.looseObject({ id: z.string().min(1) });
/** The minimum an activity needs before the adapter sees it. Everything else passes through. */
const InboundActivity = z.looseObject({
  type: z.string().min(1).max(100),
  channelId: z.string().min(1),
  serviceUrl: z.string().min(1),
  conversation: Account,
  from: Account,
  recipient: Account,
});

export async function startBot(opts: StartBotOptions): Promise<RunningBot> {
  const { config } = opts;
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  const host = config.mode === "local" ? "127.0.0.1" : config.host;

  const client = createCosmosClient(opts.cosmos);
  let store;
  try {
    store = await ensureStore(client, config.cosmosDatabase);
  } catch (err) {
    disposeCosmosClient(client);
    throw err;
  }
  const storage = createStateStore(store.containers.botstate, {
    onConflict: (info) => logger.warn("state save conflicted with another instance; merged and retried", info),
  });
  const refs = createConversationRefRepository(store.containers.conversations);
  const adapter = createAdapter(config);
  installTurnErrorHandler(adapter, logger);
  const app = createBotApp({
    storage,
    refs,
    logger,
    info: { version: VERSION, mode: config.mode },
    ...(config.mode === "azure" ? { botAppId: config.bot.appId } : {}),
  });
  const logic = createTurnLogic(app, createKeyedQueue(), logger);

  const server = restify.createServer({ name: "tenant-pilot", handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, mapFiles: false }));
  // Errors restify answers itself (malformed JSON, body too large, unknown route, an exception escaping a handler):
  // log them structured and redacted, answer a short fixed body instead of restify's (which echoes parser messages).
  server.on("restifyError", (req: restify.Request, _res: restify.Response, err: unknown, callback: () => void) => {
    const status = httpStatusOf(err);
    const fields = { method: req.method, path: req.getPath(), status, error: err };
    let body;
    if (status >= 500) {
      const correlationId = newCorrelationId();
      logger.error("request failed", { ...fields, correlationId });
      body = publicHttpError(status, { correlationId });
    } else {
      logger.warn("request refused", fields);
      body = publicHttpError(status, { maxBodyBytes: MAX_BODY_BYTES });
    }
    if (typeof err === "object" && err !== null) Object.assign(err, { toJSON: () => body });
    callback();
  });

  server.post("/api/messages", async (req: restify.Request, res: restify.Response) => {
    const parsed = InboundActivity.safeParse(req.body);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
      logger.warn("rejected an invalid activity", { problems });
      res.send(400, { error: "invalid activity", problems });
      return;
    }
    const authHeader = typeof req.headers.authorization === "string" ? req.headers.authorization : "";
    try {
      const invokeResponse = await adapter.handleInbound(authHeader, parsed.data as unknown as Activity, logic);
      if (invokeResponse) res.send(invokeResponse.status, invokeResponse.body);
      else res.send(200);
    } catch (err) {
      if (isAuthFailure(err)) {
        logger.warn("rejected an unauthenticated request", { status: 401, error: err });
        res.send(401, { error: "unauthorized" });
      } else {
        const correlationId = newCorrelationId();
        logger.error("request failed", { correlationId, error: err });
        res.send(500, { error: "internal error", correlationId });
      }
    }
  });

  server.get("/healthz", async (_req: restify.Request, res: restify.Response) => {
    const reachable = await pingCosmos(store.database);
    res.send(reachable ? 200 : 503, { status: reachable ? "ok" : "degraded", version: VERSION, mode: config.mode, cosmos: { reachable } });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, host, () => {
      server.removeListener("error", reject);
      resolve();
    });
  });
  const { port } = server.address();
  const url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
  logger.info("bot listening", { url: `${url}/api/messages`, mode: config.mode, version: VERSION });

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    stop: () => {
      stopping ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.server.closeAllConnections();
        });
        disposeCosmosClient(client);
        logger.info("bot stopped");
      })();
      return stopping;
    },
  };
}
