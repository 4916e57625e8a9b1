/**
 * Cosmos DB unreachable at start-up. The bot listens anyway, /healthz answers (alive), /readyz says not ready, turns
 * get "starting up, try again in a minute" (card actions too; other invokes 503, documented), azure mode still
 * authenticates every request; once the embedded Cosmos starts (on a port chosen up front, with the certificate the
 * bot trusts through COSMOS_CA_FILE) the bot becomes ready by itself and serves real turns.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { startApp, type RunningApp } from "../../src/app/start";
import { createLogger } from "../../src/log/logger";
import { cosmosConnectionFrom } from "../../src/store/cosmos";
import { embeddedCosmosCertificate, EMULATOR_KEY, startEmbeddedCosmos, type EmbeddedCosmos } from "../../src/store/embeddedCosmos";
import { STARTING_UP_TEXT } from "../../src/dialogs/availability";
import { executeActivity, messageActivity } from "../helpers/activities";
import { testAzureConfig, testLocalConfig } from "../helpers/config";

/** A port that is free now (nothing listens on it until the test starts Cosmos there). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

const fast = { baseDelayMs: 20, maxDelayMs: 100 };
const dir = mkdtempSync(path.join(tmpdir(), "tp-outage-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> });

describe("azure mode, everything configured, Cosmos unreachable at start", () => {
  let port: number;
  let tls: { cert: string; key: string };
  let app: RunningApp;
  let cosmos: EmbeddedCosmos | undefined;
  const logs: Array<Record<string, unknown>> = [];
  const RETRY_MSG = "storage not ready yet: answering 'starting up' and retrying";
  let sawRetry!: () => void;
  const firstRetry = new Promise<void>((resolve) => (sawRetry = resolve));

  beforeAll(async () => {
    port = await freePort();
    tls = await embeddedCosmosCertificate();
    const caFile = path.join(dir, "cosmos-ca.pem");
    writeFileSync(caFile, tls.cert);
    const config = testAzureConfig(
      { endpoint: `https://127.0.0.1:${port}/`, key: EMULATOR_KEY, databaseId: `outage-${randomUUID().slice(0, 8)}` },
      { COSMOS_CA_FILE: caFile },
    );
    expect(config.cosmos.caFile).toBe(caFile);
    app = await startApp({
      config,
      cosmos: cosmosConnectionFrom(config.cosmos),
      logger: createLogger({
        level: "info",
        sink: (_l, line) => {
          const record = JSON.parse(line) as Record<string, unknown>;
          logs.push(record);
          if (record.msg === RETRY_MSG) sawRetry();
        },
      }),
      waitForStore: false,
      composeBackoff: fast,
    });
  });
  afterAll(async () => {
    await app?.stop();
    await cosmos?.stop();
  });

  it("starts listening, /healthz is 200 (alive), /readyz is 503 (not ready), the composition is not there yet", async () => {
    expect(app.storeState()).toBe("starting");
    expect(await json(await fetch(`${app.url}/healthz`))).toMatchObject({ status: 200, body: { status: "ok", storage: "starting", mode: "azure" } });
    expect(await json(await fetch(`${app.url}/readyz`))).toMatchObject({ status: 503, body: { status: "not ready", cosmos: { reachable: false, state: "starting" } } });
    expect(() => app.composition).toThrow(/not ready/);
  });

  it("still authenticates: an activity without a token is 401 while starting", async () => {
    const res = await fetch(`${app.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(messageActivity("help")),
    });
    expect(res.status).toBe(401);
  });

  it("keeps retrying, logging a warning (error name and code only, no secret)", async () => {
    await firstRetry;
    const retries = logs.filter((l) => l.msg === RETRY_MSG);
    expect(retries.length).toBeGreaterThanOrEqual(1);
    expect(retries[0]).toMatchObject({ level: "warn", error: { code: "ECONNREFUSED" } });
    expect(JSON.stringify(logs)).not.toContain(EMULATOR_KEY);
  });

  it("recovers by itself when Cosmos comes up on its port: ready, /readyz 200", async () => {
    cosmos = await startEmbeddedCosmos({ port, tls });
    const composition = await app.ready;
    expect(app.storeState()).toBe("ready");
    expect(composition.services.config.mode).toBe("azure");
    expect(await json(await fetch(`${app.url}/readyz`))).toMatchObject({ status: 200, body: { status: "ready", cosmos: { reachable: true } } });
    expect(logs.some((l) => l.msg === "storage ready: serving turns")).toBe(true);
  });
});

describe("local mode, Cosmos unreachable at start: what users are told", () => {
  let port: number;
  let tls: { cert: string; key: string };
  let app: RunningApp;
  let cosmos: EmbeddedCosmos | undefined;

  beforeAll(async () => {
    port = await freePort();
    tls = await embeddedCosmosCertificate();
    app = await startApp({
      config: testLocalConfig(`outage-${randomUUID().slice(0, 8)}`),
      cosmos: { endpoint: `https://127.0.0.1:${port}/`, key: EMULATOR_KEY, ca: tls.cert },
      logger: createLogger({ level: "error", sink: () => undefined }),
      waitForStore: false,
      composeBackoff: fast,
    });
  });
  afterAll(async () => {
    await app?.stop();
    await cosmos?.stop();
  });

  const post = (activity: unknown) =>
    fetch(`${app.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });

  it("a message gets 'starting up, try again in a minute'", async () => {
    const r = await json(await post(messageActivity("check", { deliveryMode: "expectReplies", conversationId: "a:outage-l1" })));
    expect(r.status).toBe(200);
    expect(r.body.activities).toEqual([expect.objectContaining({ type: "message", text: STARTING_UP_TEXT })]);
  });

  it("a card action gets the same text as its message; another invoke 503 (documented)", async () => {
    const card = await json(await post(executeActivity("help", {}, { conversationId: "a:outage-l2" })));
    expect(card).toEqual({ status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: STARTING_UP_TEXT } });
    const other = await json(await post({ ...executeActivity("help", {}, { conversationId: "a:outage-l3" }), name: "task/fetch" }));
    expect(other).toMatchObject({ status: 503, body: { statusCode: 503, value: { code: "ServiceUnavailable" } } });
  });

  it("once Cosmos is up the same message gets its real answer", async () => {
    cosmos = await startEmbeddedCosmos({ port, tls });
    await app.ready;
    const r = await json(await post(messageActivity("help", { deliveryMode: "expectReplies", conversationId: "a:outage-l1" })));
    expect(r.status).toBe(200);
    const first = (r.body.activities as Array<{ text?: string; attachments?: unknown[] }>)[0];
    expect(first?.text).not.toBe(STARTING_UP_TEXT);
    expect(first?.attachments).toHaveLength(1);
  });
});

describe("stop before Cosmos ever answers", () => {
  it("stop() resolves, `ready` rejects as abandoned, nothing is left running", async () => {
    const port = await freePort();
    const app = await startApp({
      config: testLocalConfig(`outage-${randomUUID().slice(0, 8)}`),
      cosmos: { endpoint: `https://127.0.0.1:${port}/`, key: EMULATOR_KEY, ca: "unused" },
      logger: createLogger({ level: "error", sink: () => undefined }),
      waitForStore: false,
      composeBackoff: fast,
    });
    await app.stop();
    await expect(app.ready).rejects.toMatchObject({ name: "StartAbandonedError" });
    expect(app.storeState()).toBe("stopped");
  });
});
