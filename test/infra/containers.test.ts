/**
 * infra/main.bicep stays in step with the code: it creates every Cosmos container of src/store/containers.ts (with the
 * same partition key) and sets every app setting azure mode requires. (No Bicep compiler offline: this reads the text.)
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../../src/config";
import { CONTAINERS } from "../../src/store/containers";

const bicep = readFileSync(path.resolve(__dirname, "..", "..", "infra", "main.bicep"), "utf8");

function bicepContainers(): Array<{ name: string; partitionKey: string }> {
  const block = /var containers = \[([\s\S]*?)\n\]/.exec(bicep)?.[1] ?? "";
  return [...block.matchAll(/\{ name: '([^']+)', partitionKey: '([^']+)' \}/g)].map((m) => ({ name: m[1], partitionKey: m[2] }));
}

function bicepAppSettingNames(): string[] {
  const block = /var appSettings = concat\(\[([\s\S]*?)\n\]\)/.exec(bicep)?.[1] ?? "";
  return [...block.matchAll(/\{ name: '([A-Z0-9_]+)'/g)].map((m) => m[1]);
}

it("creates every container of src/store/containers.ts with its partition key", () => {
  const expected = Object.values(CONTAINERS).map((c) => ({ name: c.id, partitionKey: c.partitionKeyPath }));
  expect(bicepContainers()).toEqual(expected);
});

it("sets the app settings azure mode needs (UserAssignedMSI: no secret, Cosmos by managed identity)", () => {
  const names = bicepAppSettingNames();
  expect(names).toEqual(expect.arrayContaining(["TP_MODE", "MICROSOFT_APP_ID", "MICROSOFT_APP_TYPE", "MICROSOFT_APP_TENANT_ID", "COSMOS_ENDPOINT", "COSMOS_DATABASE"]));
  const sample: Record<string, string> = {
    TP_MODE: "azure",
    MICROSOFT_APP_ID: "0f8b3c2a-1d4e-4f6a-9b7c-2e5d8a1f3c4b",
    MICROSOFT_APP_TYPE: "UserAssignedMSI",
    MICROSOFT_APP_TENANT_ID: "11111111-2222-3333-4444-555555555555",
    COSMOS_ENDPOINT: "https://tenantpilot-cosmos.documents.azure.com:443/",
    COSMOS_DATABASE: "tenantpilot",
    LOG_LEVEL: "info",
  };
  const env = Object.fromEntries(names.filter((n) => n in sample).map((n) => [n, sample[n]]));
  const r = loadConfig(env);
  expect(r.ok ? [] : r.problems).toEqual([]);
});

it("keeps the SingleTenant secret in Key Vault, not in app settings", () => {
  expect(bicep).toMatch(/name: 'MICROSOFT_APP_PASSWORD', value: '@Microsoft\.KeyVault\(VaultName=\$\{vault\.name\};SecretName=bot-app-password\)'/);
  expect(bicep).toMatch(/@secure\(\)\nparam botAppPassword string/);
});

it("enables the Teams channel and runs Node 20 on Linux", () => {
  expect(bicep).toContain("channelName: 'MsTeamsChannel'");
  expect(bicep).toContain("linuxFxVersion: 'NODE|20-lts'");
  expect(bicep).toContain("{ name: 'EnableServerless' }");
  expect(bicep).not.toMatch(/MultiTenant/);
});
