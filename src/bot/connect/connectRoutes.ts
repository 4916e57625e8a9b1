/**
 * GET /connect/start?state=… (redirects to Microsoft's authorize endpoint) and GET /connect/callback (Microsoft
 * redirects here with `code` and `state`, or `error`), served by the bot next to the SSO pages. The query is validated
 * (zod); an unexpected failure answers a fixed page and is logged with its name only; the code is never logged.
 */
import type * as restify from "restify";
import { z } from "zod/v4";
import { CONNECT_CALLBACK_PATH, CONNECT_START_PATH, type ConnectOutcome, type ConnectService } from "../../jobs/connect";
import type { Logger } from "../../log/logger";
import { renderConnectPage } from "./connectPages";

const Param = z.string().min(1).max(4096).optional();
const StartQuery = z.object({ state: Param });
const CallbackQuery = z.object({ state: Param, code: Param, error: z.string().min(1).max(256).optional() });

/** Pure: the query of a request URL as a plain object (first value of each name). */
export function queryOf(url: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const q = new URL(url ?? "/", "http://x").searchParams;
  for (const [k, v] of q) if (!(k in out)) out[k] = v;
  return out;
}

function send(res: restify.Response, o: ConnectOutcome): void {
  const p = renderConnectPage(o);
  const body = Buffer.from(p.html, "utf8");
  res.writeHead(p.status, { ...p.headers, "Content-Length": String(body.length) });
  res.end(body);
}

export function registerConnectRoutes(server: restify.Server, connect: ConnectService, logger: Logger): void {
  const log = logger.child({ component: "connect" });
  const guarded = (what: string, work: (req: restify.Request, res: restify.Response) => Promise<void>) => (req: restify.Request, res: restify.Response, next: restify.Next) => {
    work(req, res)
      .catch((err: unknown) => {
        log.error("connect page failed", { what, error: err instanceof Error ? err.name : "unknown" });
        if (!res.headersSent) send(res, { kind: "failed" });
      })
      .finally(() => next());
  };
  server.get(
    CONNECT_START_PATH,
    guarded("start", async (req, res) => {
      const q = StartQuery.safeParse(queryOf(req.url));
      const r = await connect.start(q.success ? q.data.state : undefined);
      if ("outcome" in r) return send(res, r.outcome);
      res.writeHead(302, { Location: r.redirect, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "Content-Length": "0" });
      res.end();
    }),
  );
  server.get(
    CONNECT_CALLBACK_PATH,
    guarded("callback", async (req, res) => {
      const q = CallbackQuery.safeParse(queryOf(req.url));
      send(res, q.success ? await connect.callback(q.data) : { kind: "stateInvalid", reason: "unknown" });
    }),
  );
}
