/**
 * infra/ and the Agents Toolkit files stay in step with the code (no Bicep compiler offline: this reads the text):
 * - main.bicep creates every Cosmos container of src/store/containers.ts with the same partition key (imported, so a
 *   container added or re-partitioned there fails here until the template follows);
 * - every app setting main.bicep sets is a variable src/config.ts reads (or a platform setting listed below), and
 *   every azure-mode variable config.ts reads is either set or deliberately left to its default (listed with why);
 * - Key Vault is RBAC with read+write for the app's identity, App Service runs 2+ instances of Node 20 on Linux;
 * - the Entra app manifest the Toolkit applies (aad.manifest.json) is the SSO app Teams needs.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../../src/config";
import { SSO_GRAPH_PERMISSIONS } from "../../src/bot/sso/settings";
import { M365_DELEGATED_SCOPES } from "../../src/graph/delegated";
import { CONTAINERS } from "../../src/store/containers";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (p: string): string => readFileSync(path.join(ROOT, p), "utf8");
const bicep = read("infra/main.bicep");
const configSource = read("src/config.ts");

function bicepContainers(): Array<{ name: string; partitionKey: string }> {
  const block = /var containers = \[([\s\S]*?)\n\]/.exec(bicep)?.[1] ?? "";
  return [...block.matchAll(/\{ name: '([^']+)', partitionKey: '([^']+)' \}/g)].map((m) => ({ name: m[1], partitionKey: m[2] }));
}

function bicepAppSettingNames(): string[] {
  const start = bicep.indexOf("var appSettings = concat(");
  const end = bicep.indexOf("\nresource web ", start);
  expect(start).toBeGreaterThan(0);
  return [...bicep.slice(start, end).matchAll(/\{ name: '([A-Z0-9_]+)'/g)].map((m) => m[1]);
}

/** The environment variables src/config.ts reads: the keys of its zod schemas (e.g. `  COSMOS_KEY: optional(…)`) and `env.X`. */
function configVariables(): string[] {
  const keys = [...configSource.matchAll(/^\s{2,6}([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+): /gm)].map((m) => m[1]);
  const direct = [...configSource.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]);
  return [...new Set([...keys, ...direct])];
}

/** Read by config.ts in local mode only. */
const LOCAL_ONLY = ["PLAYGROUND_PORT", "SIM_PORT", "COSMOS_PORT", "TP_LOCAL_USER"];
/** Read by config.ts, deliberately not set by main.bicep (the default is right in Azure), with why. */
const LEFT_TO_DEFAULT: Record<string, string> = {
  PORT: "App Service sets PORT itself",
  HOST: "0.0.0.0 by default",
  COSMOS_KEY: "managed identity (local auth is disabled on the account)",
  COSMOS_CA_FILE: "Azure's Cosmos DB certificate is publicly trusted",
  BOT_OPENID_METADATA_URL: "tests only",
  MS_LOGIN_URL: "the real Microsoft hosts by default",
  MS_GRAPH_URL: "the real Microsoft hosts by default",
  MS_PARTNER_CENTER_URL: "the real Microsoft hosts by default",
  MS_DEFENDER_URL: "the real Microsoft hosts by default",
  MS_CA_FILE: "Microsoft's certificates are publicly trusted",
  BOT_PUBLIC_URL: "https://$WEBSITE_HOSTNAME by default",
  WEBSITE_HOSTNAME: "set by App Service itself",
  TP_SECRET_KEY: "KEY_VAULT_URL is set: secrets live in Key Vault",
};
/** Set by main.bicep for the platform, not read by config.ts. */
const PLATFORM_SETTINGS: Record<string, string> = {
  AZURE_CLIENT_ID: "DefaultAzureCredential (@azure/identity) picks the user-assigned identity",
  SCM_DO_BUILD_DURING_DEPLOYMENT: "Oryx builds on deployment",
};

it("creates every container of src/store/containers.ts with its partition key", () => {
  const expected = Object.values(CONTAINERS).map((c) => ({ name: c.id, partitionKey: c.partitionKeyPath }));
  expect(bicepContainers()).toEqual(expected);
});

it("sets only app settings config.ts reads (or platform ones), and every azure-mode variable is set or deliberately defaulted", () => {
  const names = bicepAppSettingNames();
  const read = configVariables();
  expect(read).toEqual(expect.arrayContaining(["MICROSOFT_APP_ID", "COSMOS_ENDPOINT", "COSMOS_CA_FILE"]));
  expect(names.filter((n) => !read.includes(n) && !(n in PLATFORM_SETTINGS))).toEqual([]);
  const unset = read.filter((v) => !LOCAL_ONLY.includes(v) && !names.includes(v) && !(v in LEFT_TO_DEFAULT));
  expect(unset).toEqual([]);
  expect(new Set(names).size).toBe(names.length);
});

it("the app settings of a UserAssignedMSI deployment make a valid azure configuration (Cosmos by managed identity)", () => {
  const names = bicepAppSettingNames();
  expect(names).toEqual(expect.arrayContaining(["TP_MODE", "MICROSOFT_APP_ID", "MICROSOFT_APP_TYPE", "MICROSOFT_APP_TENANT_ID", "COSMOS_ENDPOINT", "COSMOS_DATABASE", "KEY_VAULT_URL", "APPLICATIONINSIGHTS_CONNECTION_STRING"]));
  const sample: Record<string, string> = {
    TP_MODE: "azure",
    MICROSOFT_APP_ID: "0f8b3c2a-1d4e-4f6a-9b7c-2e5d8a1f3c4b",
    MICROSOFT_APP_TYPE: "UserAssignedMSI",
    MICROSOFT_APP_TENANT_ID: "11111111-2222-3333-4444-555555555555",
    COSMOS_ENDPOINT: "https://tenantpilot-cosmos.documents.azure.com:443/",
    COSMOS_DATABASE: "tenantpilot",
    KEY_VAULT_URL: "https://tenantpilotkvabc.vault.azure.net/",
    APPLICATIONINSIGHTS_CONNECTION_STRING: "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/",
    ADMIN_GROUP_ID: "22222222-3333-4444-5555-666666666666",
    LOG_LEVEL: "info",
  };
  const env = Object.fromEntries(names.filter((n) => n in sample).map((n) => [n, sample[n]]));
  const r = loadConfig(env);
  expect(r.ok ? [] : r.problems).toEqual([]);
});

it("keeps secrets in Key Vault (references), never in app settings; the identity may read and write secrets", () => {
  expect(bicep).toMatch(/name: 'MICROSOFT_APP_PASSWORD', value: '@Microsoft\.KeyVault\(VaultName=\$\{vault\.name\};SecretName=bot-app-password\)'/);
  expect(bicep).toMatch(/name: 'SSO_CLIENT_SECRET', value: '@Microsoft\.KeyVault\(VaultName=\$\{vault\.name\};SecretName=sso-client-secret\)'/);
  expect(bicep).toMatch(/@secure\(\)\nparam botAppPassword string/);
  expect(bicep).toMatch(/@secure\(\)\nparam ssoClientSecret string/);
  expect(bicep).toContain("enableRbacAuthorization: true");
  // Key Vault Secrets Officer (read + write secrets), assigned to the app's identity on the vault.
  expect(bicep).toContain("b86a8fe4-44ce-4948-aee5-eccb2c155cd7");
  expect(bicep).toMatch(/roleDefinitionId: subscriptionResourceId\('Microsoft\.Authorization\/roleDefinitions', keyVaultSecretsOfficer\)/);
});

it("runs Node 20 on Linux with at least two instances, the Teams channel, serverless Cosmos, /readyz as health check", () => {
  expect(bicep).toContain("channelName: 'MsTeamsChannel'");
  expect(bicep).toContain("linuxFxVersion: 'NODE|20-lts'");
  expect(bicep).toContain("{ name: 'EnableServerless' }");
  expect(bicep).toMatch(/@minValue\(2\)\nparam instanceCount int = 2/);
  expect(bicep).toContain("sku: { name: appServiceSku, capacity: instanceCount }");
  expect(bicep).toContain("healthCheckPath: '/readyz'");
  expect(bicep).not.toMatch(/MultiTenant/);
});

it("runs with one declared heap budget, local and azure, that fits the default plan's memory", () => {
  const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
  const heapMb = (script: string | undefined): number => Number(/^node (?:--\S+ )*--max-old-space-size=(\d+) /.exec(script ?? "")?.[1]);
  // V8 otherwise sizes the heap from the host's memory (and lets it grow to 4x what is live on a large one).
  expect(heapMb(scripts["start:azure"])).toBeGreaterThan(0);
  expect(heapMb(scripts.start)).toBe(heapMb(scripts["start:azure"]));
  // B1 (the default appServiceSku) has 1.75 GB: the budget leaves most of it to Node's own memory and the OS.
  expect(bicep).toContain("param appServiceSku string = 'B1'");
  expect(heapMb(scripts["start:azure"])).toBeLessThanOrEqual(1792 / 3);
});

describe("Microsoft 365 Agents Toolkit layout", () => {
  it("m365agents.yml provisions the Entra app, the Bicep, the SSO manifest and the Teams app, and deploys to App Service", () => {
    const yml = read("m365agents.yml");
    for (const s of ["uses: aadApp/create", "uses: arm/deploy", "path: ./infra/main.bicep", "parameters: ./infra/azure.parameters.json", "uses: aadApp/update", "manifestPath: ./aad.manifest.json", "uses: teamsApp/create", "uses: azureAppService/zipDeploy", "environmentFolderPath: ./env"]) {
      expect(yml).toContain(s);
    }
    for (const f of ["infra/azure.parameters.json", "aad.manifest.json", "env/.env.dev", "env/.env.local", ".webappignore"]) expect(existsSync(path.join(ROOT, f))).toBe(true);
  });

  it("azure.parameters.json names only parameters main.bicep declares", () => {
    const params = Object.keys((JSON.parse(read("infra/azure.parameters.json")) as { parameters: Record<string, unknown> }).parameters);
    const declared = [...bicep.matchAll(/^param (\w+) /gm)].map((m) => m[1]);
    expect(params.filter((p) => !declared.includes(p))).toEqual([]);
    const plain = Object.keys((JSON.parse(read("infra/main.parameters.json")) as { parameters: Record<string, unknown> }).parameters);
    expect(plain.filter((p) => !declared.includes(p))).toEqual([]);
  });

  it("aad.manifest.json is the SSO app Teams needs: api://botid-<id>, access_as_user, both Teams clients, every delegated permission", () => {
    const m = JSON.parse(read("aad.manifest.json")) as {
      identifierUris: string[];
      signInAudience: string;
      accessTokenAcceptedVersion: number;
      oauth2Permissions: Array<{ id: string; value: string; type: string }>;
      preAuthorizedApplications: Array<{ appId: string; permissionIds: string[] }>;
      requiredResourceAccess: Array<{ resourceAppId: string; resourceAccess: Array<{ id: string; type: string }> }>;
      replyUrlsWithType: Array<{ url: string; type: string }>;
    };
    expect(m.identifierUris).toEqual(["api://botid-${{AAD_APP_CLIENT_ID}}"]);
    expect(m.signInAudience).toBe("AzureADMyOrg");
    expect(m.accessTokenAcceptedVersion).toBe(2);
    const scope = m.oauth2Permissions.find((p) => p.value === "access_as_user");
    expect(scope?.type).toBe("User");
    expect(m.preAuthorizedApplications.map((a) => a.appId).sort()).toEqual(["1fec8e78-bce4-4aaf-ab1b-5451cc387264", "5e3ce6c0-2b1f-4285-8d4b-75ee78787346"]);
    for (const a of m.preAuthorizedApplications) expect(a.permissionIds).toEqual([scope?.id]);
    const graph = m.requiredResourceAccess.find((r) => r.resourceAppId === "Microsoft Graph")?.resourceAccess ?? [];
    const delegated = graph.filter((g) => g.type === "Scope").map((g) => g.id);
    expect(delegated).toEqual(expect.arrayContaining([...SSO_GRAPH_PERMISSIONS, ...M365_DELEGATED_SCOPES, "offline_access"]));
    expect(graph.filter((g) => g.type !== "Scope")).toEqual([]);
    expect(m.replyUrlsWithType).toEqual(
      expect.arrayContaining([
        { url: "https://${{BOT_DOMAIN}}/connect/callback", type: "Web" },
        { url: "https://${{BOT_DOMAIN}}/auth-end.html", type: "Spa" },
      ]),
    );
  });

  it("the committed env files hold no secret values", () => {
    for (const f of ["env/.env.dev", "env/.env.local"]) {
      const lines = read(f).split("\n").filter((l) => /^[A-Z_]+=/.test(l));
      for (const l of lines) {
        const [name, value] = l.split(/=(.*)/s);
        if (/SECRET|PASSWORD|KEY$/.test(name ?? "")) expect(`${name}=${value ?? ""}`).toBe(`${name}=`);
      }
    }
  });
});
