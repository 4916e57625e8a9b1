import { startApp } from "../../src/app/start";
import { MAX_BODY_BYTES } from "../../src/bot/server";
import { createLogger } from "../../src/log/logger";
import { createStateStore } from "../../src/store/stateStore";
import { TEST_APP_SECRET, testAzureConfig, testLocalConfig } from "../helpers/config";
import { useTestBot } from "../helpers/bot";
import { startTestCosmos } from "../helpers/cosmos";
import { messageActivity, installActivity } from "../helpers/activities";
import { validateCard } from "../../src/cards/validate";
import { gzipSync } from "node:zlib";

const localConfig = (databaseId: string) => testLocalConfig(databaseId);

describe("startBot (HTTP, embedded Cosmos)", () => {
  const bot = useTestBot("debug");
  const { lines } = bot;

  const post = (body: unknown) =>
    fetch(`${bot.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("listens on 127.0.0.1 and answers a message with 200 (replies inline with expectReplies)", async () => {
    expect(bot.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await post(messageActivity("help", { deliveryMode: "expectReplies", conversationId: "a:http-1" }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { activities: Array<{ attachments?: Array<{ contentType: string; content: unknown }> }> };
    const card = body.activities[0].attachments?.[0];
    expect(card?.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(validateCard(card?.content).problems).toEqual([]);
  });

  it("GET /healthz says alive; GET /readyz says ready with Cosmos reachable", async () => {
    const res = await fetch(`${bot.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", storage: "ready", mode: "local" });
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", cosmos: { reachable: true }, secrets: { store: "cosmos", reachable: true }, mode: "local" });
  });

  it("rejects a body that is not an activity with 400 and the list of problems", async () => {
    const res = await post({ hello: "world" });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { problems: string[] };
    expect(body.problems.join("\n")).toMatch(/type/);
  });

  it("refuses bodies over the size limit with 413 and a short body", async () => {
    const res = await post(messageActivity("x".repeat(300 * 1024)));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: "request body too large", maxBytes: MAX_BODY_BYTES });
  });

  it.each<[string, string, string]>([
    ["malformed JSON", "application/json", '{"type": "message", '],
    ["a JSON array", "application/json", "[1, 2]"],
    ["JSON null", "application/json", "null"],
    ["an empty body", "application/json", ""],
    ["plain text", "text/plain", "help"],
  ])("answers %s with 400 and no parser internals; the server keeps serving", async (_what, contentType, body) => {
    const res = await fetch(`${bot.url}/api/messages`, { method: "POST", headers: { "content-type": contentType }, body });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toMatch(/position|Unexpected|SyntaxError|at \w/);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  it("malformed JSON is logged as a refused request (warn), not as an error", async () => {
    const from = lines.length;
    const res = await post("{oops");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "invalid request: the body must be a JSON Bot Framework activity" });
    const mine = lines.slice(from).map((l) => ({ level: l.level, record: JSON.parse(l.line) as Record<string, unknown> }));
    expect(mine).toEqual([expect.objectContaining({ level: "warn", record: expect.objectContaining({ msg: "request refused", status: 400, path: "/api/messages" }) })]);
  });

  it("Content-Encoding gzip with a body that is not gzip: 400, and the server keeps serving", async () => {
    const from = lines.length;
    const res = await fetch(`${bot.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
      body: JSON.stringify(messageActivity("help")),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "invalid request: the body must be a JSON Bot Framework activity" });
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    const mine = lines.slice(from).map((l) => JSON.parse(l.line) as Record<string, unknown>);
    expect(mine).toContainEqual(expect.objectContaining({ msg: "request refused", status: 400, reason: "body is not valid gzip" }));
    expect(lines.slice(from).filter((l) => l.level === "error")).toEqual([]);
  });

  it("a real gzip body is accepted; one that inflates past the limit is 413; another encoding is 415", async () => {
    const send = (body: Buffer, encoding: string) =>
      fetch(`${bot.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json", "content-encoding": encoding }, body });
    const ok = await send(gzipSync(JSON.stringify(messageActivity("help", { deliveryMode: "expectReplies", conversationId: "a:gzip-1" }))), "gzip");
    expect(ok.status).toBe(200);
    const bomb = gzipSync(Buffer.alloc(4 * MAX_BODY_BYTES, 0x20));
    expect(bomb.length).toBeLessThan(MAX_BODY_BYTES);
    const big = await send(bomb, "gzip");
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ error: "request body too large", maxBytes: MAX_BODY_BYTES });
    const br = await send(Buffer.from("x"), "br");
    expect(br.status).toBe(415);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  it("HEAD /api/messages (the Playground's check on page open) is 200 and logs no warning", async () => {
    const from = lines.length;
    const res = await fetch(`${bot.url}/api/messages`, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(lines.slice(from).filter((l) => l.level === "warn" || l.level === "error")).toEqual([]);
  });

  it("unknown routes and methods get short 404 / 405 bodies", async () => {
    const notFound = await fetch(`${bot.url}/api/nothing-here`);
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ error: "not found" });
    const wrongMethod = await fetch(`${bot.url}/api/messages`);
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).toEqual({ error: "method not allowed" });
  });

  it("several messages of one conversation at once: no turn fails, no state update is lost", async () => {
    const conversationId = "a:concurrent-1";
    const n = 8;
    const responses = await Promise.all(
      Array.from({ length: n }, (_, i) => post(messageActivity(i % 2 ? "about" : "help", { deliveryMode: "expectReplies", conversationId }))),
    );
    for (const r of responses) expect(r.status).toBe(200);
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as Array<{ activities: Array<{ text?: string }> }>;
    for (const b of bodies) {
      expect(b.activities).toHaveLength(1);
      expect(b.activities[0].text ?? "").not.toMatch(/Sorry/);
    }
    const store = createStateStore(bot.cosmos.store.containers.botstate);
    const key = `msteams/28:tenant-pilot-bot/conversations/${conversationId}`;
    const state = (await store.read([key]))[key];
    expect(state?.turnCount).toBe(n);
    expect(lines.filter((l) => l.level === "error")).toEqual([]);
  });

  it("install over HTTP stores the reference and welcomes once", async () => {
    const conversationId = "19:team-1@thread.tacv2";
    const r1 = await post(installActivity("add", { deliveryMode: "expectReplies", conversationId }));
    const r2 = await post(installActivity("add", { deliveryMode: "expectReplies", conversationId }));
    const b1 = (await r1.json()) as { activities: unknown[] };
    const b2 = (await r2.json()) as { activities: unknown[] } | undefined;
    expect(b1.activities).toHaveLength(1);
    expect(b2?.activities ?? []).toHaveLength(0);
  });
});

describe("startBot: degraded and authenticated cases", () => {
  it("Cosmos going down mid-conversation: the user is told storage is unavailable (with the logged correlation id); alive, not ready", async () => {
    const cosmos = await startTestCosmos();
    const logs: Array<Record<string, unknown>> = [];
    const bot = await startApp({
      config: localConfig(cosmos.databaseId),
      cosmos: cosmos.connection,
      logger: createLogger({ level: "warn", sink: (_l, line) => logs.push(JSON.parse(line) as Record<string, unknown>) }),
    });
    const say = async (text: string) => {
      const res = await fetch(`${bot.url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(messageActivity(text, { deliveryMode: "expectReplies", conversationId: "a:outage-1" })),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { activities: Array<{ type: string; text?: string }> }).activities.filter((a) => a.type === "message");
    };
    try {
      expect((await say("help"))[0].text ?? "").not.toMatch(/Sorry/);
      await cosmos.server.stop();
      const replies = await say("help");
      expect(replies).toHaveLength(1);
      const text = replies[0].text ?? "";
      expect(text).toMatch(/^My storage is unavailable right now, so I could not do that\. Try again in a minute\./);
      expect(text).not.toMatch(/ECONNREFUSED|RestError|127\.0\.0\.1|\bat /);
      const failed = logs.find((l) => l.msg === "turn failed: storage unavailable");
      expect(failed).toBeDefined();
      expect(text).toContain(String(failed?.correlationId));
      const health = await fetch(`${bot.url}/healthz`);
      expect(health.status).toBe(200);
      const ready = await fetch(`${bot.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: "not ready", cosmos: { reachable: false } });
    } finally {
      await bot.stop();
      await cosmos.close();
    }
  });

  it("azure mode refuses an activity without a valid token (401) and does not leak details", async () => {
    const cosmos = await startTestCosmos();
    const config = testAzureConfig({ ...cosmos.connection, databaseId: cosmos.databaseId });
    const logs: string[] = [];
    const bot = await startApp({
      config,
      cosmos: cosmos.connection,
      logger: createLogger({ level: "debug", sink: (_l, line) => logs.push(line) }),
    });
    try {
      expect(bot.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
      const res = await fetch(`${bot.url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ4In0.bm9wZQ" },
        body: JSON.stringify(messageActivity("help")),
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "unauthorized" });
      const noHeader = await fetch(`${bot.url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(messageActivity("help")),
      });
      expect(noHeader.status).toBe(401);
      expect(logs.join("\n")).not.toContain("eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ4In0");
      expect(logs.join("\n")).not.toContain(TEST_APP_SECRET);
    } finally {
      await bot.stop();
      await cosmos.close();
    }
  });
});

describe("startBot: two instances on one Cosmos (multi-instance)", () => {
  it("concurrent turns of one conversation on both instances never surface an error", async () => {
    const cosmos = await startTestCosmos();
    const errors: string[] = [];
    const logger = createLogger({ level: "warn", sink: (level, line) => (level === "error" ? errors.push(line) : undefined) });
    const conn = cosmos.connection;
    const a = await startApp({ config: localConfig(cosmos.databaseId), cosmos: conn, logger });
    const b = await startApp({ config: localConfig(cosmos.databaseId), cosmos: conn, logger });
    try {
      const conversationId = "a:multi-1";
      const responses = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          fetch(`${(i % 2 ? a : b).url}/api/messages`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(messageActivity("help", { deliveryMode: "expectReplies", conversationId })),
          }),
        ),
      );
      for (const r of responses) expect(r.status).toBe(200);
      const bodies = (await Promise.all(responses.map((r) => r.json()))) as Array<{ activities: Array<{ text?: string }> }>;
      for (const body of bodies) expect(body.activities[0].text ?? "").not.toMatch(/Sorry/);
      expect(errors).toEqual([]);
      const key = `msteams/28:tenant-pilot-bot/conversations/${conversationId}`;
      const state = (await createStateStore(cosmos.store.containers.botstate).read([key]))[key];
      expect(state?.turnCount).toBeGreaterThanOrEqual(1);
    } finally {
      await a.stop();
      await b.stop();
      await cosmos.close();
    }
  });
});
