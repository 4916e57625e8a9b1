/**
 * Azure mode's inbound authentication, end to end over HTTP: the bot validates Bot Framework JWTs against OpenID
 * metadata and signing keys served locally (BOT_OPENID_METADATA_URL), the way the Bot Connector's are in Azure.
 * A correctly signed token is accepted; a wrong audience, issuer, signature, expiry, serviceurl claim or key
 * endorsement is refused with 401, and no token reaches the logs.
 */
import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import https from "node:https";
import type { AddressInfo } from "node:net";
import selfsigned from "selfsigned";
import { startApp, type RunningApp } from "../../src/app/start";
import { createLogger } from "../../src/log/logger";
import { messageActivity } from "../helpers/activities";
import { TEST_APP_ID, TEST_APP_SECRET, testAzureConfig } from "../helpers/config";
import { startTestCosmos, type TestCosmos } from "../helpers/cosmos";

const APP_ID = TEST_APP_ID;
const ISSUER = "https://api.botframework.com";
const SERVICE_URL = "https://service.example.test/";
const KID = "test-key-1";

const b64url = (v: string | Buffer): string => Buffer.from(v).toString("base64url");

function signJwt(key: KeyObject, claims: Record<string, unknown>, kid = KID): string {
  const head = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
  const body = b64url(JSON.stringify(claims));
  const sig = createSign("RSA-SHA256").update(`${head}.${body}`).sign(key);
  return `${head}.${body}.${b64url(sig)}`;
}

interface OpenIdServer {
  url: string;
  ca: string;
  close(): Promise<void>;
}

/** OpenID metadata + JWKS over HTTPS on 127.0.0.1, like login.botframework.com serves them. */
async function startOpenIdServer(keys: Array<{ kid: string; publicKey: KeyObject; endorsements: string[] }>): Promise<OpenIdServer> {
  const pems = await selfsigned.generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    algorithm: "sha256",
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  let base = "";
  const server = https.createServer({ cert: pems.cert, key: pems.private }, (req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/v1/.well-known/openidconfiguration") {
      res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${base}/v1/keys`, id_token_signing_alg_values_supported: ["RS256"] }));
    } else if (req.url === "/v1/keys") {
      res.end(
        JSON.stringify({
          keys: keys.map((k) => ({ ...k.publicKey.export({ format: "jwk" }), kid: k.kid, use: "sig", endorsements: k.endorsements })),
        }),
      );
    } else {
      res.statusCode = 404;
      res.end("{}");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/v1/.well-known/openidconfiguration`,
    ca: pems.cert,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const signing = generateKeyPairSync("rsa", { modulusLength: 2048 });
const webchatOnly = generateKeyPairSync("rsa", { modulusLength: 2048 });
const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });

let cosmos: TestCosmos;
let openId: OpenIdServer;
let bot: RunningApp;
const logs: string[] = [];
let savedCa: unknown;

beforeAll(async () => {
  cosmos = await startTestCosmos();
  openId = await startOpenIdServer([
    { kid: KID, publicKey: signing.publicKey, endorsements: ["msteams", "webchat"] },
    { kid: "webchat-only", publicKey: webchatOnly.publicKey, endorsements: ["webchat"] },
  ]);
  // botbuilder fetches the metadata with the global HTTPS agent: trust the test CA there, for this test file only.
  savedCa = https.globalAgent.options.ca;
  https.globalAgent.options.ca = openId.ca;
  const config = testAzureConfig({ ...cosmos.connection, databaseId: cosmos.databaseId }, { BOT_OPENID_METADATA_URL: openId.url });
  bot = await startApp({
    config,
    cosmos: cosmos.connection,
    logger: createLogger({ level: "debug", sink: (_l, line) => logs.push(line) }),
  });
});

afterAll(async () => {
  await bot?.stop();
  await openId?.close();
  await cosmos?.close();
  https.globalAgent.options.ca = savedCa as typeof https.globalAgent.options.ca;
});

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: ISSUER, aud: APP_ID, serviceurl: SERVICE_URL, nbf: now - 60, iat: now - 60, exp: now + 3600, ...overrides };
}

async function send(token: string | undefined): Promise<Response> {
  return fetch(`${bot.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(messageActivity("help", { deliveryMode: "expectReplies", serviceUrl: SERVICE_URL, conversationId: "a:auth-1" })),
  });
}

const issued: string[] = [];
const token = (key: KeyObject, c: Record<string, unknown>, kid?: string): string => {
  const t = signJwt(key, c, kid);
  issued.push(t);
  return t;
};

it("accepts a Bot Connector token signed by an endorsed key and answers the turn", async () => {
  const res = await send(token(signing.privateKey, claims()));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { activities: Array<{ attachments?: Array<{ contentType: string }> }> };
  expect(body.activities.some((a) => a.attachments?.[0]?.contentType === "application/vnd.microsoft.card.adaptive")).toBe(true);
});

it.each<[string, () => string | undefined]>([
  ["no Authorization header", () => undefined],
  ["a token for another bot (aud)", () => token(signing.privateKey, claims({ aud: "99999999-2222-3333-4444-555555555555" }))],
  ["a token from another issuer", () => token(signing.privateKey, claims({ iss: "https://sts.windows.net/evil/" }))],
  ["an expired token (beyond the 5 min skew)", () => token(signing.privateKey, claims({ exp: Math.floor(Date.now() / 1000) - 600 }))],
  ["a token signed by an unknown key under a known kid", () => token(stranger.privateKey, claims())],
  ["a token whose serviceurl claim is not the activity's", () => token(signing.privateKey, claims({ serviceurl: "https://evil.example.test/" }))],
  ["a key not endorsed for msteams", () => token(webchatOnly.privateKey, claims(), "webchat-only")],
])("refuses %s with 401", async (_what, make) => {
  const res = await send(make());
  expect(res.status).toBe(401);
  expect(await res.json()).toEqual({ error: "unauthorized" });
});

it("never logs a token or the client secret", () => {
  const all = logs.join("\n");
  expect(issued.length).toBeGreaterThan(5);
  for (const t of issued) expect(all).not.toContain(t.split(".")[1]);
  expect(all).not.toContain(TEST_APP_SECRET);
});
