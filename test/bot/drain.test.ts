/**
 * Stopping the HTTP server drains: a turn in flight finishes and gets its answer, new requests are refused
 * (503 "shutting down" or a refused connection), /readyz says "stopping"; past the drain timeout, what is still in
 * flight is cut and stop() resolves anyway.
 */
import * as nodeHttp from "node:http";
import { startBot, type HttpBot, type RunningBot } from "../../src/bot/server";
import { createAdapter } from "../../src/bot/adapter";
import { createLogger } from "../../src/log/logger";
import { messageActivity } from "../helpers/activities";
import { testLocalConfig } from "../helpers/config";

interface Gate {
  started: Promise<void>;
  release(): void;
}

function slowBot(): { bot: HttpBot; gate: () => Gate } {
  let current: { onStart: () => void; wait: Promise<void>; release: () => void } | undefined;
  const gate = (): Gate => {
    let onStart!: () => void;
    let release!: () => void;
    const started = new Promise<void>((r) => (onStart = r));
    const wait = new Promise<void>((r) => (release = r));
    current = { onStart, wait, release };
    return { started, release };
  };
  const bot: HttpBot = {
    adapter: createAdapter(testLocalConfig("unused")),
    logic: async (ctx) => {
      const g = current;
      g?.onStart();
      await g?.wait;
      await ctx.sendActivity("done");
    },
    pageOpened: () => undefined,
  };
  return { bot, gate };
}

const post = (http: RunningBot, conversationId: string) =>
  fetch(`${http.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(messageActivity("help", { deliveryMode: "expectReplies", conversationId })),
  });

const start = (bot: HttpBot, drainTimeoutMs?: number) =>
  startBot({
    host: "127.0.0.1",
    port: 0,
    bot,
    logger: createLogger({ level: "error", sink: () => undefined }),
    info: { version: "test", mode: "local" },
    health: () => Promise.resolve({ ok: true, fields: {} }),
    ...(drainTimeoutMs !== undefined ? { drainTimeoutMs } : {}),
  });

it("a turn in flight finishes with its answer; new requests are refused; stop resolves after it", async () => {
  const { bot, gate } = slowBot();
  const http = await start(bot);
  const g = gate();
  const first = post(http, "a:drain-1");
  await g.started;
  expect(http.inFlight).toBe(1);
  let stopped = false;
  const stopping = http.stop().then(() => (stopped = true));
  // Refused while draining: a new connection is not accepted (or, on a kept-alive one, 503 "shutting down").
  const late = await post(http, "a:drain-2").then(
    async (r) => ({ status: r.status, body: (await r.json()) }),
    () => ({ status: "refused" as const }),
  );
  expect(late.status === "refused" || (late.status === 503 && JSON.stringify(late) === JSON.stringify({ status: 503, body: { error: "shutting down" } }))).toBe(true);
  expect(stopped).toBe(false);
  g.release();
  const res = await first;
  expect(res.status).toBe(200);
  expect(((await res.json()) as { activities: Array<{ text?: string }> }).activities[0]?.text).toBe("done");
  await stopping;
  expect(http.inFlight).toBe(0);
});

it("past the drain timeout the turn still in flight is cut and stop resolves", async () => {
  const { bot, gate } = slowBot();
  const http = await start(bot, 50);
  const g = gate();
  const first = post(http, "a:drain-3").then(
    (r) => r.status,
    () => "cut",
  );
  await g.started;
  await http.stop();
  expect(await first).toBe("cut");
  g.release();
});

it("/readyz says stopping while draining (on a connection kept alive from before)", async () => {
  const { bot, gate } = slowBot();
  const http = await start(bot);
  const g = gate();
  // One kept-alive connection opened before the stop, reused while draining.
  const keepAlive = new nodeHttp.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = nodeHttp.request(`${http.url}${path}`, { agent: keepAlive }, (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });
  expect((await get("/readyz")).status).toBe(200);
  const first = post(http, "a:drain-4");
  await g.started;
  const stopping = http.stop();
  const during = await get("/readyz").catch(() => ({ status: 0, body: "" }));
  // Either the kept-alive socket was closed as idle (0), or it answered "stopping".
  expect(during.status === 0 || (during.status === 503 && during.body.includes('"stopping"'))).toBe(true);
  g.release();
  expect((await first).status).toBe(200);
  await stopping;
  keepAlive.destroy();
});
