/** Validated configurations for tests (through loadConfig, so tests exercise the real parsing). */
import { loadConfig, type AppConfig, type AzureConfig, type LocalConfig } from "../../src/config";

function load(env: Record<string, string>): AppConfig {
  const r = loadConfig(env);
  if (!r.ok) throw new Error(`test configuration refused:\n${r.problems.join("\n")}`);
  return r.config;
}

/** Local mode on a free port with the given database. */
export function testLocalConfig(databaseId: string, env: Record<string, string> = {}): LocalConfig {
  const c = load({ PORT: "0", COSMOS_DATABASE: databaseId, ...env });
  if (c.mode !== "local") throw new Error("expected local mode");
  return c;
}

export const TEST_APP_ID = "11111111-2222-3333-4444-555555555555";
export const TEST_APP_SECRET = "client-secret-value";

/** Azure mode (SingleTenant) on 127.0.0.1, a free port, and the given Cosmos endpoint/key. */
export function testAzureConfig(cosmos: { endpoint: string; key: string; databaseId: string }, env: Record<string, string> = {}): AzureConfig {
  const c = load({
    TP_MODE: "azure",
    HOST: "127.0.0.1",
    PORT: "0",
    COSMOS_DATABASE: cosmos.databaseId,
    MICROSOFT_APP_ID: TEST_APP_ID,
    MICROSOFT_APP_TYPE: "SingleTenant",
    MICROSOFT_APP_TENANT_ID: "66666666-7777-8888-9999-000000000000",
    MICROSOFT_APP_PASSWORD: TEST_APP_SECRET,
    COSMOS_ENDPOINT: cosmos.endpoint,
    COSMOS_KEY: cosmos.key,
    ...env,
  });
  if (c.mode !== "azure") throw new Error("expected azure mode");
  return c;
}
