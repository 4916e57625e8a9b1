/**
 * Contract: the Key Vault stand-in (sim/keyvault) through the real @azure/keyvault-secrets SDK — the challenge (401
 * with WWW-Authenticate, then a token from the simulator's Entra for https://vault.azure.net/.default), set / get /
 * versions, soft delete, recover, purge, api-version, names — and the product's Key Vault secret store on it.
 */
import type { AccessToken, TokenCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";
import { Agent, request } from "undici";
import { createKeyVaultSecretStore, keyVaultSecretName } from "../../src/secrets/keyVaultSecretStore";
import { InvalidSecretNameError, InvalidSecretValueError, SECRET_NAMES } from "../../src/secrets/secretStore";
import { startSimulator, runCertificate, type Simulator } from "../server";
import { startKeyVaultStandIn, type KeyVaultStandIn } from "./server";

const PARTNER = "c0c0c0c0-0000-4000-8000-000000000000";
/** Tenant Pilot's own app in the demo scenario (as the bot's identity would be). */
const BOT = { clientId: "ab000000-0000-4000-8000-000000000002", clientSecret: "demo-bot-secret-0001" };

let sim: Simulator;
let kv: KeyVaultStandIn;
let agent: Agent;
const tokenRequests: string[] = [];

/** A TokenCredential doing what ClientSecretCredential does: client credentials against the simulator's Entra. */
function simCredential(): TokenCredential {
  return {
    async getToken(scopes, options) {
      const scope = (Array.isArray(scopes) ? scopes : [scopes]).join(" ");
      tokenRequests.push(scope);
      const tenant = options?.tenantId ?? PARTNER;
      const res = await request(`${sim.urls.login}/${tenant}/oauth2/v2.0/token`, {
        method: "POST",
        dispatcher: agent,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: BOT.clientId, client_secret: BOT.clientSecret, scope }).toString(),
      });
      const body = (await res.body.json()) as { access_token?: string; expires_in?: number };
      if (res.statusCode !== 200 || !body.access_token) throw new Error(`token request failed: ${res.statusCode}`);
      return { token: body.access_token, expiresOnTimestamp: Date.now() + (body.expires_in ?? 3599) * 1000 } satisfies AccessToken;
    },
  };
}

const clientOptions = () => ({ tlsOptions: { ca: sim.caPem }, disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } });

beforeAll(async () => {
  sim = await startSimulator({ scenario: "sim/scenarios/demo.json", port: 0 });
  agent = new Agent({ connect: { ca: sim.caPem } });
  kv = await startKeyVaultStandIn({ cert: await runCertificate(), tokens: sim.tokens, tenantId: PARTNER, loginUrl: sim.urls.login, now: () => sim.clock.now() });
}, 30_000);
afterAll(async () => {
  await kv?.stop();
  await agent?.close();
  await sim?.stop();
});

describe("Key Vault stand-in through @azure/keyvault-secrets", () => {
  it("answers the first request with the challenge; the SDK gets a vault token in the challenge's tenant and retries", async () => {
    const client = new SecretClient(kv.url, simCredential(), clientOptions());
    const before = kv.challenges();
    const set = await client.setSecret("Contract-One", "v1-value");
    expect(kv.challenges()).toBe(before + 1);
    expect(tokenRequests).toContain("https://vault.azure.net/.default");
    expect(set).toMatchObject({ name: "Contract-One", value: "v1-value", properties: { enabled: true, vaultUrl: kv.url } });
    const v2 = await client.setSecret("contract-one", "v2-value");
    expect((await client.getSecret("CONTRACT-ONE")).value).toBe("v2-value");
    expect((await client.getSecret("contract-one", { version: set.properties.version as string })).value).toBe("v1-value");
    expect(v2.properties.version).not.toBe(set.properties.version);
  });

  it("404 SecretNotFound; invalid names are 400; soft delete keeps the name until recover or purge", async () => {
    const client = new SecretClient(kv.url, simCredential(), clientOptions());
    await expect(client.getSecret("never-set")).rejects.toMatchObject({ statusCode: 404, code: "SecretNotFound" });
    await expect(client.setSecret("bad.name", "x")).rejects.toMatchObject({ statusCode: 400 });
    await client.setSecret("to-delete", "d1");
    const deleted = await (await client.beginDeleteSecret("to-delete", { intervalInMs: 10 })).pollUntilDone();
    expect(deleted).toMatchObject({ name: "to-delete", properties: { recoveryId: `${kv.url}/deletedsecrets/to-delete` } });
    await expect(client.getSecret("to-delete")).rejects.toMatchObject({ statusCode: 404 });
    await expect(client.setSecret("to-delete", "d2")).rejects.toMatchObject({ statusCode: 409 });
    await (await client.beginRecoverDeletedSecret("to-delete", { intervalInMs: 10 })).pollUntilDone();
    expect((await client.getSecret("to-delete")).value).toBe("d1");
    await (await client.beginDeleteSecret("to-delete", { intervalInMs: 10 })).pollUntilDone();
    await client.purgeDeletedSecret("to-delete");
    await client.setSecret("to-delete", "d3");
    expect((await client.getSecret("to-delete")).value).toBe("d3");
  });

  it("refuses requests without api-version (400) and tokens for another audience (401 challenge)", async () => {
    const token = await simCredential().getToken("https://vault.azure.net/.default");
    const noVersion = await request(`${kv.url}/secrets/contract-one`, { dispatcher: agent, headers: { authorization: `Bearer ${token?.token ?? ""}` } });
    expect(noVersion.statusCode).toBe(400);
    await noVersion.body.dump();
    const graph = await simCredential().getToken("https://graph.microsoft.com/.default");
    const wrongAud = await request(`${kv.url}/secrets/contract-one?api-version=7.5`, { dispatcher: agent, headers: { authorization: `Bearer ${graph?.token ?? ""}` } });
    expect(wrongAud.statusCode).toBe(401);
    expect(wrongAud.headers["www-authenticate"]).toBe(`Bearer authorization="${sim.urls.login}/${PARTNER}", resource="https://vault.azure.net"`);
    await wrongAud.body.dump();
  });
});

describe("the product's Key Vault secret store on the stand-in", () => {
  const store = () => createKeyVaultSecretStore({ vaultUrl: kv.url, credential: simCredential(), clientOptions: clientOptions(), pollIntervalMs: 10 });

  it("round-trips, replaces, reports presence, deletes, and sets again after a delete (recover, then a new version)", async () => {
    const s = store();
    const name = SECRET_NAMES.lifecycleAppClientSecret;
    expect(await s.has(name)).toBe(false);
    expect(await s.get(name)).toBeUndefined();
    await s.set(name, "kv-secret-value-1");
    expect(await s.get(name)).toBe("kv-secret-value-1");
    expect(kv.names()).toContain(keyVaultSecretName(name));
    await s.set(name, "kv-secret-value-2");
    expect(await s.get(name)).toBe("kv-secret-value-2");
    await s.delete(name);
    await s.delete(name); // absent: no error
    expect(await s.has(name)).toBe(false);
    await s.set(name, "kv-secret-value-3");
    expect(await s.get(name)).toBe("kv-secret-value-3");
  });

  it("keeps names apart that differ only in case (Key Vault compares names case-insensitively)", async () => {
    const s = store();
    await s.set("case.Test", "upper");
    await s.set("case.test", "lower");
    expect([await s.get("case.Test"), await s.get("case.test")]).toEqual(["upper", "lower"]);
  });

  it("rejects bad names and values before calling Key Vault, without echoing them", async () => {
    const s = store();
    const before = kv.challenges();
    await expect(s.set("no-dot", "x")).rejects.toThrow(InvalidSecretNameError);
    await expect(s.set("a.b", "")).rejects.toThrow(InvalidSecretValueError);
    const err = (await s.get("kv-secret-value-1").catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(InvalidSecretNameError);
    expect(err.message).not.toContain("kv-secret-value-1");
    expect(kv.challenges()).toBe(before);
  });
});
