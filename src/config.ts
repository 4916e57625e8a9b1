/**
 * Configuration: one typed, validated view of the environment, read once at start-up.
 *
 * Two modes:
 * - `local` (default when MICROSOFT_APP_ID is unset): everything embedded, bot authentication OFF,
 *   so the bot binds only to 127.0.0.1.
 * - `azure`: a SingleTenant or UserAssignedMSI bot identity, Cosmos DB endpoint (+ key or managed identity).
 *
 * `loadConfig` never throws: it returns every problem at once, each naming the variable and what to set.
 */
import { existsSync } from "node:fs";
import { z } from "zod/v4";
import { LOG_LEVELS, type LogLevel } from "./log/logger";
import { GUID_PATTERN } from "./domain/guid";

export type AppMode = "local" | "azure";
export type BotAppType = "SingleTenant" | "UserAssignedMSI";

/** Microsoft endpoints, overridable so the product can be pointed at the simulator. */
export interface MicrosoftHosts {
  loginUrl: string;
  graphUrl: string;
  partnerCenterUrl: string;
  defenderUrl: string;
  /** PEM file with an extra CA to trust for those hosts (the simulator's certificate). */
  caFile?: string;
}

interface CommonConfig {
  /** Bot HTTP port (0 = any free port). */
  port: number;
  /** ADMIN_GROUP_ID: the Entra group whose members may change anything (setup, sync, alerts…). Azure mode without it: nobody. */
  adminGroupId?: string;
  /** APPLICATIONINSIGHTS_CONNECTION_STRING: metrics and traces to Application Insights (OpenTelemetry). Never log it. */
  appInsightsConnectionString?: string;
  logLevel: LogLevel;
  cosmosDatabase: string;
  microsoft: MicrosoftHosts;
}

export interface LocalConfig extends CommonConfig {
  mode: "local";
  host: "127.0.0.1";
  playgroundPort: number;
  /** Base port of the Microsoft simulator. */
  simPort: number;
  /** Port of the embedded Cosmos server (0 = any free port). */
  cosmosPort: number;
  /** TP_LOCAL_USER: the partner user local mode signs in as (user principal name). */
  localUser?: string;
}

export interface AzureConfig extends CommonConfig {
  mode: "azure";
  host: string;
  bot: {
    appId: string;
    appType: BotAppType;
    tenantId: string;
    /** Client secret (SingleTenant only). Never log it: use describeConfig. */
    password?: string;
    /** Override of the Bot Framework OpenID metadata URL (tests serve their own keys). */
    openIdMetadataUrl?: string;
  };
  /** The Entra app Teams SSO uses (`webApplicationInfo.id`, api://botid-<id>), exchanged on-behalf-of. */
  sso: {
    /** SSO_APP_ID, default MICROSOFT_APP_ID. */
    clientId: string;
    /** SSO_CLIENT_SECRET, default MICROSOFT_APP_PASSWORD when SingleTenant; absent: no sign-in possible. Never log it. */
    clientSecret?: string;
    /** The tenant admins sign in to (MICROSOFT_APP_TENANT_ID). */
    tenantId: string;
    /** BOT_PUBLIC_URL (default https://$WEBSITE_HOSTNAME on App Service): where users' browsers reach the sign-in pages. */
    publicBaseUrl?: string;
  };
  /** TP_SECRET_KEY: base64 of 32 bytes, the key the secret store encrypts with. Absent: secrets cannot be stored. Never log it. */
  secretKey?: string;
  /** KEY_VAULT_URL: the Azure Key Vault holding the secrets (managed identity); it wins over TP_SECRET_KEY's Cosmos store. */
  keyVaultUrl?: string;
  cosmos: {
    endpoint: string;
    /** Account key; without it the bot uses managed identity (DefaultAzureCredential). Never log it. */
    key?: string;
    /** COSMOS_CA_FILE: PEM file of an extra CA trusted for the Cosmos endpoint only (emulators, tests). */
    caFile?: string;
  };
}

export type AppConfig = LocalConfig | AzureConfig;
export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; problems: string[] };

export const DEFAULTS = {
  port: 3978,
  logLevel: "info" as LogLevel,
  cosmosDatabase: "tenantpilot",
  playgroundPort: 56150,
  simPort: 7000,
  cosmosPort: 0,
  azureHost: "0.0.0.0",
  loginUrl: "https://login.microsoftonline.com",
  graphUrl: "https://graph.microsoft.com",
  partnerCenterUrl: "https://api.partnercenter.microsoft.com",
  defenderUrl: "https://api.security.microsoft.com",
} as const;


/** Treat empty / whitespace-only variables as unset. */
const blankToUndefined = (v: unknown): unknown => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v);

function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToUndefined, schema.optional());
}
function required<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToUndefined, schema);
}

function port(what: string, def: number) {
  return optional(
    z
      .string()
      .regex(/^\d{1,5}$/, { error: `must be a port number (0-65535) for ${what}` })
      .transform(Number)
      .refine((n) => n >= 0 && n <= 65535, { error: `must be a port number (0-65535) for ${what}` }),
  ).transform((v) => v ?? def);
}

function httpsUrl(what: string, def?: string) {
  const s = z.string().refine(
    (v) => {
      try {
        const u = new URL(v);
        return u.protocol === "https:" && u.username === "" && u.password === "";
      } catch {
        return false;
      }
    },
    { error: `must be an https:// URL (${what})` },
  );
  return optional(s).transform((v) => (v ?? def)?.replace(/\/+$/, ""));
}

const common = {
  PORT: port("the bot's HTTP port", DEFAULTS.port),
  LOG_LEVEL: optional(
    z.enum(LOG_LEVELS as [LogLevel, ...LogLevel[]], { error: `must be one of ${LOG_LEVELS.join(", ")}` }),
  ).transform((v) => v ?? DEFAULTS.logLevel),
  COSMOS_DATABASE: optional(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/, {
      error: "must be a Cosmos database id (letters, digits, '-' and '_', at most 255 characters)",
    }),
  ).transform((v) => v ?? DEFAULTS.cosmosDatabase),
  MS_LOGIN_URL: httpsUrl("Microsoft Entra login host", DEFAULTS.loginUrl),
  MS_GRAPH_URL: httpsUrl("Microsoft Graph host", DEFAULTS.graphUrl),
  MS_PARTNER_CENTER_URL: httpsUrl("Partner Center API host", DEFAULTS.partnerCenterUrl),
  MS_DEFENDER_URL: httpsUrl("Defender API host", DEFAULTS.defenderUrl),
  MS_CA_FILE: optional(
    z.string().refine((p) => existsSync(p), { error: "file not found: set it to a readable PEM file or unset it" }),
  ),
  ADMIN_GROUP_ID: optional(z.string().regex(GUID_PATTERN, { error: "must be a GUID: the object id of the Entra group of Tenant Pilot's admins" })),
  APPLICATIONINSIGHTS_CONNECTION_STRING: optional(
    z.string().regex(/(^|;)\s*(InstrumentationKey|ConnectionString)\s*=\s*[^;\s]+/i, {
      error: "must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…), from the resource's Overview page",
    }),
  ),
};

const localSchema = z.object({
  ...common,
  HOST: optional(
    z.literal("127.0.0.1", {
      error: "local mode has bot authentication off, so it binds only to 127.0.0.1: unset HOST (or set TP_MODE=azure)",
    }),
  ),
  PLAYGROUND_PORT: port("the Agents Playground", DEFAULTS.playgroundPort),
  SIM_PORT: port("the Microsoft simulator (base port)", DEFAULTS.simPort),
  COSMOS_PORT: port("the embedded Cosmos server", DEFAULTS.cosmosPort),
  TP_LOCAL_USER: optional(
    z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: "must be a user principal name of a partner user of the scenario, e.g. alice@contoso.onmicrosoft.com" }),
  ),
});

const guid = (what: string) =>
  required(
    z
      .string({ error: `required in azure mode: set it to ${what} (a GUID)` })
      .regex(GUID_PATTERN, { error: `must be a GUID: ${what}` }),
  );

const azureSchema = z
  .object({
    ...common,
    HOST: optional(z.string().regex(/^[A-Za-z0-9.:-]+$/, { error: "must be a host name or IP address to bind to" })).transform(
      (v) => v ?? DEFAULTS.azureHost,
    ),
    MICROSOFT_APP_ID: guid("the bot's Entra app (client) id"),
    MICROSOFT_APP_TYPE: required(
      z.string({ error: "required in azure mode: set it to SingleTenant or UserAssignedMSI" }).check((ctx) => {
        const v = ctx.value;
        if (v.toLowerCase() === "multitenant") {
          ctx.issues.push({
            code: "custom",
            input: v,
            message:
              "MultiTenant is refused: Azure no longer creates multi-tenant bots; use SingleTenant (app registration + secret) or UserAssignedMSI",
          });
        } else if (v !== "SingleTenant" && v !== "UserAssignedMSI") {
          ctx.issues.push({ code: "custom", input: v, message: "must be SingleTenant or UserAssignedMSI" });
        }
      }),
    ),
    MICROSOFT_APP_TENANT_ID: guid("the Entra tenant id of the bot's app registration"),
    MICROSOFT_APP_PASSWORD: optional(z.string()),
    BOT_OPENID_METADATA_URL: httpsUrl("Bot Framework OpenID metadata"),
    SSO_APP_ID: optional(z.string().regex(GUID_PATTERN, { error: "must be a GUID: the Entra app (client) id Teams SSO uses" })),
    SSO_CLIENT_SECRET: optional(z.string()),
    BOT_PUBLIC_URL: httpsUrl("the bot's public base URL (sign-in pages)"),
    WEBSITE_HOSTNAME: optional(z.string().regex(/^[A-Za-z0-9.-]+$/, { error: "must be a host name" })),
    TP_SECRET_KEY: optional(
      z.string().refine((v) => /^[A-Za-z0-9+/]{43}=$/.test(v), { error: "must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)" }),
    ),
    COSMOS_ENDPOINT: required(
      z
        .string({ error: "required in azure mode: set it to the Cosmos DB account endpoint, e.g. https://<account>.documents.azure.com:443/" })
        .refine(
          (v) => {
            try {
              return new URL(v).protocol === "https:";
            } catch {
              return false;
            }
          },
          { error: "must be an https:// URL (the Cosmos DB account endpoint)" },
        ),
    ),
    COSMOS_KEY: optional(z.string()),
    COSMOS_CA_FILE: optional(
      z.string().refine((p) => existsSync(p), { error: "file not found: set it to a readable PEM file (the Cosmos endpoint's CA) or unset it" }),
    ),
    KEY_VAULT_URL: httpsUrl("the Azure Key Vault's URI, e.g. https://<vault>.vault.azure.net"),
  })
  .superRefine((v, ctx) => {
    if (v.MICROSOFT_APP_TYPE === "SingleTenant" && v.MICROSOFT_APP_PASSWORD === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["MICROSOFT_APP_PASSWORD"],
        message: "required when MICROSOFT_APP_TYPE=SingleTenant: set it to a client secret of the bot's app registration",
      });
    }
  });

function issuesToProblems(issues: readonly z.core.$ZodIssue[]): string[] {
  const out: string[] = [];
  for (const i of issues) {
    const name = i.path.length > 0 ? String(i.path[0]) : "configuration";
    const line = `${name}: ${i.message}`;
    if (!out.includes(line)) out.push(line);
  }
  return out;
}

function hostsFrom(v: z.infer<typeof localSchema> | z.infer<typeof azureSchema>): MicrosoftHosts {
  const hosts: MicrosoftHosts = {
    loginUrl: v.MS_LOGIN_URL ?? DEFAULTS.loginUrl,
    graphUrl: v.MS_GRAPH_URL ?? DEFAULTS.graphUrl,
    partnerCenterUrl: v.MS_PARTNER_CENTER_URL ?? DEFAULTS.partnerCenterUrl,
    defenderUrl: v.MS_DEFENDER_URL ?? DEFAULTS.defenderUrl,
  };
  if (v.MS_CA_FILE !== undefined) hosts.caFile = v.MS_CA_FILE;
  return hosts;
}

function observabilityFrom(v: { ADMIN_GROUP_ID?: string | undefined; APPLICATIONINSIGHTS_CONNECTION_STRING?: string | undefined }): Pick<CommonConfig, "adminGroupId" | "appInsightsConnectionString"> {
  return {
    ...(v.ADMIN_GROUP_ID !== undefined ? { adminGroupId: v.ADMIN_GROUP_ID.toLowerCase() } : {}),
    ...(v.APPLICATIONINSIGHTS_CONNECTION_STRING !== undefined ? { appInsightsConnectionString: v.APPLICATIONINSIGHTS_CONNECTION_STRING } : {}),
  };
}

/** Reads and validates the configuration. Pure apart from checking that MS_CA_FILE exists. */
export function loadConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const rawMode = blankToUndefined(env.TP_MODE);
  let mode: AppMode;
  if (rawMode === undefined) {
    mode = blankToUndefined(env.MICROSOFT_APP_ID) === undefined ? "local" : "azure";
  } else if (rawMode === "local" || rawMode === "azure") {
    mode = rawMode;
  } else {
    return { ok: false, problems: [`TP_MODE: must be "local" or "azure" (or unset: local unless MICROSOFT_APP_ID is set)`] };
  }

  if (mode === "local") {
    const r = localSchema.safeParse(env);
    if (!r.success) return { ok: false, problems: issuesToProblems(r.error.issues) };
    const v = r.data;
    return {
      ok: true,
      config: {
        mode: "local",
        host: "127.0.0.1",
        port: v.PORT,
        logLevel: v.LOG_LEVEL,
        cosmosDatabase: v.COSMOS_DATABASE,
        microsoft: hostsFrom(v),
        playgroundPort: v.PLAYGROUND_PORT,
        simPort: v.SIM_PORT,
        cosmosPort: v.COSMOS_PORT,
        ...(v.TP_LOCAL_USER !== undefined ? { localUser: v.TP_LOCAL_USER } : {}),
        ...observabilityFrom(v),
      },
    };
  }

  const r = azureSchema.safeParse(env);
  if (!r.success) return { ok: false, problems: issuesToProblems(r.error.issues) };
  const v = r.data;
  const bot: AzureConfig["bot"] = {
    appId: v.MICROSOFT_APP_ID,
    appType: v.MICROSOFT_APP_TYPE as BotAppType,
    tenantId: v.MICROSOFT_APP_TENANT_ID,
  };
  if (bot.appType === "SingleTenant" && v.MICROSOFT_APP_PASSWORD !== undefined) bot.password = v.MICROSOFT_APP_PASSWORD;
  if (v.BOT_OPENID_METADATA_URL !== undefined) bot.openIdMetadataUrl = v.BOT_OPENID_METADATA_URL;
  const sso: AzureConfig["sso"] = { clientId: v.SSO_APP_ID ?? bot.appId, tenantId: bot.tenantId };
  const ssoSecret = v.SSO_CLIENT_SECRET ?? bot.password;
  if (ssoSecret !== undefined) sso.clientSecret = ssoSecret;
  const publicBaseUrl = v.BOT_PUBLIC_URL ?? (v.WEBSITE_HOSTNAME !== undefined ? `https://${v.WEBSITE_HOSTNAME}` : undefined);
  if (publicBaseUrl !== undefined) sso.publicBaseUrl = publicBaseUrl;
  const cosmos: AzureConfig["cosmos"] = { endpoint: v.COSMOS_ENDPOINT };
  if (v.COSMOS_KEY !== undefined) cosmos.key = v.COSMOS_KEY;
  if (v.COSMOS_CA_FILE !== undefined) cosmos.caFile = v.COSMOS_CA_FILE;
  return {
    ok: true,
    config: {
      mode: "azure",
      host: v.HOST,
      port: v.PORT,
      logLevel: v.LOG_LEVEL,
      cosmosDatabase: v.COSMOS_DATABASE,
      microsoft: hostsFrom(v),
      bot,
      sso,
      ...(v.TP_SECRET_KEY !== undefined ? { secretKey: v.TP_SECRET_KEY } : {}),
      ...(v.KEY_VAULT_URL !== undefined ? { keyVaultUrl: v.KEY_VAULT_URL } : {}),
      ...observabilityFrom(v),
      cosmos,
    },
  };
}

/** One message listing every problem, for stderr at start-up. */
export function formatConfigProblems(problems: readonly string[]): string {
  const n = problems.length;
  return [
    `Tenant Pilot cannot start: ${n} configuration problem${n === 1 ? "" : "s"}.`,
    ...problems.map((p) => `  - ${p}`),
    "Set these environment variables (see the configuration table in README.md) and start again.",
  ].join("\n");
}

/** A view of the configuration that is safe to log: secrets are replaced by whether they are set. */
export function describeConfig(config: AppConfig): Record<string, unknown> {
  const common = {
    mode: config.mode,
    host: config.host,
    port: config.port,
    logLevel: config.logLevel,
    cosmosDatabase: config.cosmosDatabase,
    microsoft: { ...config.microsoft },
    adminGroupId: config.adminGroupId ?? (config.mode === "azure" ? "not set (nobody may change anything)" : "not set (the local user is an admin)"),
    applicationInsights: config.appInsightsConnectionString !== undefined ? "set" : "not set (no telemetry)",
  };
  if (config.mode === "local") {
    return { ...common, playgroundPort: config.playgroundPort, simPort: config.simPort, cosmosPort: config.cosmosPort, localUser: config.localUser };
  }
  return {
    ...common,
    bot: {
      appId: config.bot.appId,
      appType: config.bot.appType,
      tenantId: config.bot.tenantId,
      botAuth: config.bot.appType === "SingleTenant" ? "client secret (set)" : "managed identity",
      openIdMetadataUrl: config.bot.openIdMetadataUrl,
    },
    sso: { clientId: config.sso.clientId, tenantId: config.sso.tenantId, clientSecret: config.sso.clientSecret !== undefined ? "set" : "not set (no sign-in)", publicBaseUrl: config.sso.publicBaseUrl },
    secretKey: config.secretKey !== undefined ? "set" : "not set (secrets cannot be stored)",
    keyVaultUrl: config.keyVaultUrl ?? "not set (secrets in Cosmos, sealed with TP_SECRET_KEY)",
    cosmos: { endpoint: config.cosmos.endpoint, auth: config.cosmos.key !== undefined ? "key" : "managed identity", caFile: config.cosmos.caFile },
  };
}
