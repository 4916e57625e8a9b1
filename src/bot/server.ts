/**
 * The bot's HTTP server (restify), and nothing else: POST /api/messages (Bot Framework activities), HEAD
 * /api/messages (the Agents Playground checks the bot is up on every page open: answered quietly), GET /healthz.
 * The bot itself (adapter, routes, state) is built by the composition root (src/app/compose.ts).
 */
import type { Activity } from "botbuilder";
import * as restify from "restify";
import { z } from "zod/v4";
import { newCorrelationId, type Logger } from "../log/logger";
import { readJsonBody } from "./body";
import { httpStatusOf, isAuthFailure, publicHttpError } from "./httpErrors";
import type { BotRuntime } from "./runtime";

export interface HealthReport {
  ok: boolean;
  /** Extra public fields of /healthz (e.g. `cosmos: {reachable}`). */
  fields: Record<string, unknown>;
}

export interface StartBotOptions {
  host: string;
  port: number;
  bot: BotRuntime;
  logger: Logger;
  info: { version: string; mode: "local" | "azure" };
  health: () => Promise<HealthReport>;
  /** More HTTP routes on the same server (e.g. the SSO auth pages). */
  extraRoutes?: (server: restify.Server) => void;
}

export interface RunningBot {
  /** Base URL, e.g. http://127.0.0.1:3978 (messages at `${url}/api/messages`). */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Largest accepted request body (before and after decompression); Teams activities are far smaller. */
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
  const { logger, bot, info } = opts;

  const server = restify.createServer({ name: "tenant-pilot", handleUncaughtExceptions: false });
  // Errors restify answers itself (unknown route, wrong method, an exception escaping a handler): log them structured
  // and redacted, answer a short fixed body instead of restify's.
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
    const body = await readJsonBody(req, { maxBytes: MAX_BODY_BYTES });
    if (!body.ok) {
      logger.warn("request refused", { method: req.method, path: req.getPath(), status: body.status, reason: body.reason });
      res.send(body.status, publicHttpError(body.status, { maxBodyBytes: MAX_BODY_BYTES }));
      return;
    }
    const parsed = InboundActivity.safeParse(body.value);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
      logger.warn("rejected an invalid activity", { problems });
      res.send(400, { error: "invalid activity", problems });
      return;
    }
    const authHeader = typeof req.headers.authorization === "string" ? req.headers.authorization : "";
    try {
      const invokeResponse = await bot.adapter.handleInbound(authHeader, parsed.data as unknown as Activity, bot.logic);
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

  // The Agents Playground's page open waits for the bot with a HEAD request: a plain 200, a debug line.
  server.head("/api/messages", (_req: restify.Request, res: restify.Response, next: restify.Next) => {
    logger.debug("HEAD /api/messages: a client checked that the bot is up");
    bot.pageOpened();
    res.send(200);
    next();
  });

  server.get("/healthz", async (_req: restify.Request, res: restify.Response) => {
    const h = await opts.health();
    res.send(h.ok ? 200 : 503, { status: h.ok ? "ok" : "degraded", version: info.version, mode: info.mode, ...h.fields });
  });

  opts.extraRoutes?.(server);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.removeListener("error", reject);
      resolve();
    });
  });
  const { port } = server.address();
  const url = `http://${opts.host === "0.0.0.0" ? "127.0.0.1" : opts.host}:${port}`;
  logger.info("bot listening", { url: `${url}/api/messages`, mode: info.mode, version: info.version });

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeAllConnections();
      });
      return stopping;
    },
  };
}
