/**
 * The bot's HTTP server (restify), and nothing else: POST /api/messages (Bot Framework activities), HEAD
 * /api/messages (the Agents Playground checks the bot is up on every page open: answered quietly), GET /healthz
 * (alive: the process serves HTTP; always 200 while running) and GET /readyz (ready to serve turns: storage and
 * configuration; 503 otherwise, with the details).
 * The bot itself (adapter, routes, state) is built by the composition root (src/app/compose.ts); `bot` may be a
 * getter, so that the server can listen before the composition is ready (src/app/start.ts answers with a
 * "starting up" bot meanwhile).
 *
 * Stopping drains: new requests on /api/messages get 503 `{"error":"shutting down"}` (with `Connection: close`;
 * documented), /readyz says "stopping", requests in flight finish (up to `drainTimeoutMs`), then every socket closes.
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
  /** Extra public fields of /readyz (e.g. `cosmos: {reachable}`). */
  fields: Record<string, unknown>;
}

/** What the HTTP server needs of a bot (src/bot/runtime.ts's BotRuntime, or the starting-up bot). */
export type HttpBot = Pick<BotRuntime, "adapter" | "logic" | "pageOpened">;

/** How long stop() waits for requests in flight by default. */
export const DRAIN_TIMEOUT_MS = 10_000;

export interface StartBotOptions {
  host: string;
  port: number;
  /** The bot, or a getter for the bot serving now (it may change once, when the composition is ready). */
  bot: HttpBot | (() => HttpBot);
  logger: Logger;
  info: { version: string; mode: "local" | "azure" };
  /** /readyz: ok when turns can be served (storage reachable); its fields are shown either way. */
  health: () => Promise<HealthReport>;
  /** Extra public fields of /healthz (cheap, no I/O: e.g. `{storage: "starting"}`). */
  alive?: () => Record<string, unknown>;
  /** Longest wait for requests in flight when stopping (default DRAIN_TIMEOUT_MS). */
  drainTimeoutMs?: number;
  /** More HTTP routes on the same server (e.g. the SSO auth pages). */
  extraRoutes?: (server: restify.Server) => void;
}

export interface RunningBot {
  /** Base URL, e.g. http://127.0.0.1:3978 (messages at `${url}/api/messages`). */
  url: string;
  port: number;
  /** Registers more routes once listening (e.g. pages that need the composition). */
  addRoutes(register: (server: restify.Server) => void): void;
  /** Requests on /api/messages being served now. */
  readonly inFlight: number;
  /** Stops taking turns, waits for those in flight (bounded), closes every connection. Idempotent. */
  stop(): Promise<void>;
}

/** Largest accepted request body (before and after decompression); Teams activities are far smaller. */
export const MAX_BODY_BYTES = 256 * 1024;

const Account = z.looseObject({ id: z.string().min(1) });
const Objects = z.array(z.looseObject({})).max(100).nullish();
/**
 * The minimum an activity needs before the adapter sees it, and the types of the fields botbuilder, teams-ai or our
 * routes read without checking (a `membersAdded: [null]` used to fail a turn). Teams never sends these otherwise, so
 * a wrong type is a 400. `value` and everything else pass through (routes validate what they read).
 */
const InboundActivity = z.looseObject({
  type: z.string().min(1).max(100),
  channelId: z.string().min(1),
  serviceUrl: z.string().min(1),
  conversation: Account,
  from: Account,
  recipient: Account,
  text: z.string().nullish(),
  name: z.string().max(1000).nullish(),
  action: z.string().max(100).nullish(),
  locale: z.string().max(100).nullish(),
  replyToId: z.string().max(1000).nullish(),
  membersAdded: z.array(Account).max(1000).nullish(),
  membersRemoved: z.array(Account).max(1000).nullish(),
  entities: Objects,
  attachments: Objects,
  channelData: z.looseObject({}).nullish(),
});

export async function startBot(opts: StartBotOptions): Promise<RunningBot> {
  const { logger, info } = opts;
  const currentBot = typeof opts.bot === "function" ? opts.bot : ((b: HttpBot) => () => b)(opts.bot);
  let draining = false;
  let inFlight = 0;
  let idleWaiters: Array<() => void> = [];
  const settled = (): void => {
    inFlight--;
    if (inFlight === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

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
    if (draining) {
      req.resume();
      res.header("Connection", "close");
      res.send(503, { error: "shutting down" });
      return;
    }
    inFlight++;
    try {
      await handleMessage(req, res);
    } finally {
      settled();
    }
  });

  const handleMessage = async (req: restify.Request, res: restify.Response): Promise<void> => {
    const bot = currentBot();
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
  };

  // The Agents Playground's page open waits for the bot with a HEAD request: a plain 200, a debug line.
  server.head("/api/messages", (_req: restify.Request, res: restify.Response, next: restify.Next) => {
    logger.debug("HEAD /api/messages: a client checked that the bot is up");
    currentBot().pageOpened();
    res.send(200);
    next();
  });

  server.get("/healthz", (_req: restify.Request, res: restify.Response, next: restify.Next) => {
    res.send(200, { status: draining ? "stopping" : "ok", version: info.version, mode: info.mode, ...opts.alive?.() });
    next();
  });

  server.get("/readyz", async (_req: restify.Request, res: restify.Response) => {
    if (draining) {
      res.send(503, { status: "stopping", version: info.version, mode: info.mode });
      return;
    }
    const h = await opts.health();
    res.send(h.ok ? 200 : 503, { status: h.ok ? "ready" : "not ready", version: info.version, mode: info.mode, ...h.fields });
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

  const drainTimeoutMs = opts.drainTimeoutMs ?? DRAIN_TIMEOUT_MS;
  const idle = (): Promise<void> => (inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve)));
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    addRoutes: (register) => {
      register(server);
    },
    get inFlight() {
      return inFlight;
    },
    stop: () => {
      stopping ??= (async () => {
        draining = true;
        const closed = new Promise<void>((resolve) => {
          server.close(() => resolve());
        });
        server.server.closeIdleConnections();
        if (inFlight > 0) logger.info("draining requests in flight", { inFlight, timeoutMs: drainTimeoutMs });
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([
          idle().then(() => false),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(true), drainTimeoutMs);
          }),
        ]);
        clearTimeout(timer);
        if (timedOut) logger.warn("requests still in flight after the drain timeout: closing them", { inFlight, timeoutMs: drainTimeoutMs });
        server.server.closeAllConnections();
        await closed;
      })();
      return stopping;
    },
  };
}
