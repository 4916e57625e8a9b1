/** COSMOS_CA_FILE: validated by the configuration, read by cosmosConnectionFrom (trusted for the Cosmos endpoint only). */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../config";
import { cosmosConnectionFrom } from "./cosmos";

const dir = mkdtempSync(path.join(tmpdir(), "tp-cosmos-ca-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const azure = (extra: Record<string, string>) =>
  loadConfig({
    TP_MODE: "azure",
    MICROSOFT_APP_ID: "11111111-2222-3333-4444-555555555555",
    MICROSOFT_APP_TYPE: "UserAssignedMSI",
    MICROSOFT_APP_TENANT_ID: "66666666-7777-8888-9999-000000000000",
    COSMOS_ENDPOINT: "https://127.0.0.1:8081/",
    ...extra,
  });

it("a missing COSMOS_CA_FILE is refused, naming the variable", () => {
  const r = azure({ COSMOS_CA_FILE: path.join(dir, "nope.pem") });
  expect(r.ok ? [] : r.problems).toEqual([expect.stringMatching(/^COSMOS_CA_FILE: file not found/)]);
});

it("an existing one is read into the connection; without it there is no extra CA", () => {
  const file = path.join(dir, "ca.pem");
  writeFileSync(file, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
  const r = azure({ COSMOS_CA_FILE: file, COSMOS_KEY: "k" });
  if (!r.ok || r.config.mode !== "azure") throw new Error(r.ok ? "not azure" : r.problems.join("; "));
  expect(r.config.cosmos.caFile).toBe(file);
  expect(cosmosConnectionFrom(r.config.cosmos)).toEqual({ endpoint: "https://127.0.0.1:8081/", key: "k", ca: expect.stringContaining("BEGIN CERTIFICATE") });
  const plain = azure({});
  if (!plain.ok || plain.config.mode !== "azure") throw new Error("refused");
  expect(cosmosConnectionFrom(plain.config.cosmos)).toEqual({ endpoint: "https://127.0.0.1:8081/" });
});
