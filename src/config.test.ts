import { describeConfig, formatConfigProblems, loadConfig, type AppConfig } from "./config";

const APP_ID = "11111111-2222-3333-4444-555555555555";
const TENANT = "66666666-7777-8888-9999-000000000000";
const SECRET = "very-secret-client-password~123";
const COSMOS_KEY = "c29tZS1jb3Ntb3Mta2V5LXRoYXQtaXMtc2VjcmV0";

const azureEnv = (extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => ({
  MICROSOFT_APP_ID: APP_ID,
  MICROSOFT_APP_TYPE: "SingleTenant",
  MICROSOFT_APP_TENANT_ID: TENANT,
  MICROSOFT_APP_PASSWORD: SECRET,
  COSMOS_ENDPOINT: "https://tp.documents.azure.com:443/",
  COSMOS_KEY,
  ...extra,
});

function ok(env: NodeJS.ProcessEnv): AppConfig {
  const r = loadConfig(env);
  if (!r.ok) throw new Error(r.problems.join("\n"));
  return r.config;
}
function problems(env: NodeJS.ProcessEnv): string[] {
  const r = loadConfig(env);
  if (r.ok) throw new Error("expected problems");
  return r.problems;
}

describe("loadConfig: local mode", () => {
  it("is the default without MICROSOFT_APP_ID, with documented defaults", () => {
    expect(ok({})).toEqual({
      mode: "local",
      host: "127.0.0.1",
      port: 3978,
      logLevel: "info",
      cosmosDatabase: "tenantpilot",
      playgroundPort: 56150,
      simPort: 7000,
      cosmosPort: 0,
      microsoft: {
        loginUrl: "https://login.microsoftonline.com",
        graphUrl: "https://graph.microsoft.com",
        partnerCenterUrl: "https://api.partnercenter.microsoft.com",
        defenderUrl: "https://api.security.microsoft.com",
      },
    });
  });

  it("reads ports, level, database and Microsoft hosts; blank values count as unset", () => {
    const c = ok({
      PORT: "0",
      PLAYGROUND_PORT: "56151",
      SIM_PORT: "7100",
      COSMOS_PORT: "8081",
      LOG_LEVEL: "debug",
      COSMOS_DATABASE: "tp-dev",
      MS_GRAPH_URL: "https://127.0.0.1:7001/",
      MS_LOGIN_URL: " ",
      HOST: "127.0.0.1",
    });
    expect(c).toMatchObject({ mode: "local", port: 0, playgroundPort: 56151, simPort: 7100, cosmosPort: 8081, logLevel: "debug", cosmosDatabase: "tp-dev" });
    expect(c.microsoft.graphUrl).toBe("https://127.0.0.1:7001");
    expect(c.microsoft.loginUrl).toBe("https://login.microsoftonline.com");
  });

  it("TP_MODE=local wins over a configured app id", () => {
    expect(ok({ TP_MODE: "local", MICROSOFT_APP_ID: APP_ID }).mode).toBe("local");
  });

  it.each([
    [{ HOST: "0.0.0.0" }, "HOST: local mode has bot authentication off"],
    [{ PORT: "http" }, "PORT: must be a port number"],
    [{ PORT: "70000" }, "PORT: must be a port number"],
    [{ LOG_LEVEL: "verbose" }, "LOG_LEVEL: must be one of debug, info, warn, error"],
    [{ MS_GRAPH_URL: "http://graph.local" }, "MS_GRAPH_URL: must be an https:// URL"],
    [{ MS_CA_FILE: "/nonexistent/ca.pem" }, "MS_CA_FILE: file not found"],
    [{ COSMOS_DATABASE: "bad/name" }, "COSMOS_DATABASE: must be a Cosmos database id"],
    [{ TP_MODE: "cloud" }, "TP_MODE: must be"],
  ])("refuses %j", (env, expected) => {
    expect(problems(env).join("\n")).toContain(expected);
  });

  it("lists every problem at once", () => {
    expect(problems({ HOST: "10.0.0.1", PORT: "x", SIM_PORT: "-1" })).toHaveLength(3);
  });
});

describe("loadConfig: azure mode", () => {
  it("is chosen when MICROSOFT_APP_ID is set", () => {
    const c = ok(azureEnv());
    expect(c).toMatchObject({
      mode: "azure",
      host: "0.0.0.0",
      port: 3978,
      bot: { appId: APP_ID, appType: "SingleTenant", tenantId: TENANT, password: SECRET },
      cosmos: { endpoint: "https://tp.documents.azure.com:443/", key: COSMOS_KEY },
    });
  });

  it("UserAssignedMSI needs no password; no COSMOS_KEY means managed identity", () => {
    const c = ok(azureEnv({ MICROSOFT_APP_TYPE: "UserAssignedMSI", MICROSOFT_APP_PASSWORD: undefined, COSMOS_KEY: undefined }));
    if (c.mode !== "azure") throw new Error("mode");
    expect(c.bot.password).toBeUndefined();
    expect(c.cosmos.key).toBeUndefined();
    expect(describeConfig(c)).toMatchObject({ cosmos: { auth: "managed identity" }, bot: { botAuth: "managed identity" } });
  });

  it("lists every missing setting with the variable to set", () => {
    const p = problems({ TP_MODE: "azure" });
    expect(p.map((l) => l.split(":")[0]).sort()).toEqual(["COSMOS_ENDPOINT", "MICROSOFT_APP_ID", "MICROSOFT_APP_TENANT_ID", "MICROSOFT_APP_TYPE"]);
    for (const l of p) expect(l).toMatch(/required in azure mode: set it to/);
  });

  it("refuses MultiTenant with the reason", () => {
    const p = problems(azureEnv({ MICROSOFT_APP_TYPE: "MultiTenant" }));
    expect(p).toEqual([expect.stringMatching(/^MICROSOFT_APP_TYPE: MultiTenant is refused: Azure no longer creates multi-tenant bots/)]);
  });

  it.each([
    [{ MICROSOFT_APP_PASSWORD: undefined }, "MICROSOFT_APP_PASSWORD: required when MICROSOFT_APP_TYPE=SingleTenant"],
    [{ MICROSOFT_APP_ID: "not-a-guid" }, "MICROSOFT_APP_ID: must be a GUID"],
    [{ MICROSOFT_APP_TENANT_ID: "contoso.onmicrosoft.com" }, "MICROSOFT_APP_TENANT_ID: must be a GUID"],
    [{ MICROSOFT_APP_TYPE: "Bot" }, "MICROSOFT_APP_TYPE: must be SingleTenant or UserAssignedMSI"],
    [{ COSMOS_ENDPOINT: "http://tp.documents.azure.com" }, "COSMOS_ENDPOINT: must be an https:// URL"],
    [{ BOT_OPENID_METADATA_URL: "ftp://x" }, "BOT_OPENID_METADATA_URL: must be an https:// URL"],
  ])("refuses %j", (extra, expected) => {
    expect(problems(azureEnv(extra))).toEqual([expect.stringContaining(expected)]);
  });

  it("accepts HOST and the OpenID metadata override", () => {
    const c = ok(azureEnv({ HOST: "127.0.0.1", BOT_OPENID_METADATA_URL: "https://127.0.0.1:9999/openid" }));
    expect(c).toMatchObject({ host: "127.0.0.1", bot: { openIdMetadataUrl: "https://127.0.0.1:9999/openid" } });
  });

  it("problems never echo a secret value", () => {
    const p = problems(azureEnv({ MICROSOFT_APP_TYPE: "MultiTenant", COSMOS_ENDPOINT: "nope" }));
    expect(p.join("\n")).not.toContain(SECRET);
    expect(p.join("\n")).not.toContain(COSMOS_KEY);
  });
});

describe("loadConfig: SSO app and local user", () => {
  const SSO_ID = "ab000000-0000-4000-8000-000000000002";
  it.each<[string, Record<string, string | undefined>, { clientId: string; clientSecret?: string }]>([
    ["defaults to the bot's app and password (SingleTenant)", {}, { clientId: APP_ID, clientSecret: SECRET }],
    ["SSO_APP_ID and SSO_CLIENT_SECRET win", { SSO_APP_ID: SSO_ID, SSO_CLIENT_SECRET: "sso-secret-1" }, { clientId: SSO_ID, clientSecret: "sso-secret-1" }],
    ["UserAssignedMSI without SSO_CLIENT_SECRET: no secret (no sign-in)", { MICROSOFT_APP_TYPE: "UserAssignedMSI", MICROSOFT_APP_PASSWORD: undefined }, { clientId: APP_ID }],
  ])("%s", (_n, extra, expected) => {
    const c = ok(azureEnv(extra));
    if (c.mode !== "azure") throw new Error("mode");
    expect(c.sso).toEqual({ ...expected, tenantId: TENANT });
    expect(JSON.stringify(describeConfig(c))).not.toContain("sso-secret-1");
  });

  it("refuses an SSO_APP_ID that is no GUID", () => {
    expect(problems(azureEnv({ SSO_APP_ID: "tenant-pilot" }))).toEqual([expect.stringMatching(/^SSO_APP_ID: must be a GUID/)]);
  });

  it("TP_LOCAL_USER is a user principal name", () => {
    expect(ok({ TP_LOCAL_USER: "alice@contoso.onmicrosoft.com" })).toMatchObject({ mode: "local", localUser: "alice@contoso.onmicrosoft.com" });
    expect(problems({ TP_LOCAL_USER: "alice" })).toEqual([expect.stringMatching(/^TP_LOCAL_USER: must be a user principal name/)]);
  });
});

describe("describeConfig / formatConfigProblems", () => {
  it("never contains secrets", () => {
    const c = ok(azureEnv());
    const text = JSON.stringify(describeConfig(c));
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(COSMOS_KEY);
    expect(describeConfig(c)).toMatchObject({ mode: "azure", bot: { appId: APP_ID }, cosmos: { auth: "key" } });
    expect(JSON.stringify(describeConfig(ok({})))).toContain('"mode":"local"');
  });

  it("formats one message listing every problem", () => {
    const text = formatConfigProblems(["A: x", "B: y"]);
    expect(text).toBe(
      "Tenant Pilot cannot start: 2 configuration problems.\n  - A: x\n  - B: y\nSet these environment variables (see the configuration table in README.md) and start again.",
    );
  });
});

describe("loadConfig: admin group, Key Vault, Application Insights", () => {
  const GROUP = "06000000-0000-4000-8000-00000000000A";
  const AI = "InstrumentationKey=00000000-aaaa-bbbb-cccc-000000000001;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/";
  it("reads them in azure mode; describeConfig shows the group and vault, never the connection string", () => {
    const c = ok(azureEnv({ ADMIN_GROUP_ID: GROUP, KEY_VAULT_URL: "https://tp-kv.vault.azure.net/", APPLICATIONINSIGHTS_CONNECTION_STRING: AI }));
    expect(c).toMatchObject({ adminGroupId: GROUP.toLowerCase(), keyVaultUrl: "https://tp-kv.vault.azure.net", appInsightsConnectionString: AI });
    const d = describeConfig(c);
    expect(d).toMatchObject({ adminGroupId: GROUP.toLowerCase(), keyVaultUrl: "https://tp-kv.vault.azure.net", applicationInsights: "set" });
    expect(JSON.stringify(d)).not.toContain("00000000-aaaa-bbbb-cccc-000000000001");
  });
  it("defaults: azure mode without a group lets nobody change anything; local mode's user is an admin", () => {
    expect(describeConfig(ok(azureEnv()))).toMatchObject({ adminGroupId: "not set (nobody may change anything)", applicationInsights: "not set (no telemetry)" });
    expect(describeConfig(ok({}))).toMatchObject({ adminGroupId: "not set (the local user is an admin)" });
    expect(ok({ ADMIN_GROUP_ID: GROUP })).toMatchObject({ adminGroupId: GROUP.toLowerCase() });
  });
  it.each([
    [{ ADMIN_GROUP_ID: "Tenant Pilot Admins" }, "ADMIN_GROUP_ID: must be a GUID"],
    [{ KEY_VAULT_URL: "http://tp-kv.vault.azure.net" }, "KEY_VAULT_URL: must be an https:// URL"],
    [{ APPLICATIONINSIGHTS_CONNECTION_STRING: "not-a-connection-string" }, "APPLICATIONINSIGHTS_CONNECTION_STRING: must be an Application Insights connection string"],
  ])("refuses %j", (extra, expected) => {
    expect(problems(azureEnv(extra))).toEqual([expect.stringContaining(expected)]);
  });
});
