/**
 * The Teams app manifest: the template (appPackage/manifest.json with {{VARIABLE}} placeholders), its inputs
 * (validated with zod), filling, and validation against the official JSON schema bundled in @microsoft/app-manifest.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { z } from "zod/v4";

export const APP_PACKAGE_DIR = path.resolve(__dirname, "..", "..", "appPackage");
export const MANIFEST_TEMPLATE = path.join(APP_PACKAGE_DIR, "manifest.json");
export const MANIFEST_VERSION = "1.24";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A DNS name (no scheme, port or path), as Teams wants in validDomains. */
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const SEMVER = /^\d+\.\d+\.\d+$/;

const blank = (v: unknown): unknown => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v);
const httpsUrl = z.string().refine(
  (v) => {
    try {
      return new URL(v).protocol === "https:";
    } catch {
      return false;
    }
  },
  { error: "must be an https:// URL" },
);

/** What the package script reads from the environment. Only MICROSOFT_APP_ID and BOT_DOMAIN are required. */
export const packageInputSchema = z
  .object({
    MICROSOFT_APP_ID: z.preprocess(
      blank,
      z.string({ error: "required: set it to the bot's Entra app (client) id (a GUID)" }).regex(GUID, { error: "must be a GUID (the bot's Entra app id)" }),
    ),
    BOT_DOMAIN: z.preprocess(
      blank,
      z
        .string({ error: "required: set it to the bot's public host name, e.g. tenantpilot.azurewebsites.net" })
        .regex(HOSTNAME, { error: "must be a host name without scheme, port or path, e.g. tenantpilot.azurewebsites.net" }),
    ),
    TEAMS_APP_ID: z.preprocess(blank, z.string().regex(GUID, { error: "must be a GUID (the Teams app id)" }).optional()),
    APP_VERSION: z.preprocess(blank, z.string().regex(SEMVER, { error: "must be a version like 1.2.3" }).optional()),
    DEVELOPER_NAME: z.preprocess(blank, z.string().max(32, { error: "at most 32 characters" }).optional()),
    DEVELOPER_WEBSITE_URL: z.preprocess(blank, httpsUrl.optional()),
    PRIVACY_URL: z.preprocess(blank, httpsUrl.optional()),
    TERMS_OF_USE_URL: z.preprocess(blank, httpsUrl.optional()),
  })
  .transform((v) => ({
    MICROSOFT_APP_ID: v.MICROSOFT_APP_ID.toLowerCase(),
    BOT_DOMAIN: v.BOT_DOMAIN.toLowerCase(),
    // The Teams app id may equal the bot id (one id to manage); set TEAMS_APP_ID to keep them apart.
    TEAMS_APP_ID: (v.TEAMS_APP_ID ?? v.MICROSOFT_APP_ID).toLowerCase(),
    APP_VERSION: v.APP_VERSION,
    DEVELOPER_NAME: v.DEVELOPER_NAME ?? "Tenant Pilot",
    DEVELOPER_WEBSITE_URL: v.DEVELOPER_WEBSITE_URL ?? `https://${v.BOT_DOMAIN}`,
    PRIVACY_URL: v.PRIVACY_URL ?? `https://${v.BOT_DOMAIN}/privacy`,
    TERMS_OF_USE_URL: v.TERMS_OF_USE_URL ?? `https://${v.BOT_DOMAIN}/terms`,
  }));

export type PackageInputs = z.output<typeof packageInputSchema>;

/** Pure: validated inputs, or every problem naming its variable. */
export function readPackageInputs(
  env: NodeJS.ProcessEnv,
  defaultVersion: string,
): { ok: true; inputs: PackageInputs & { APP_VERSION: string } } | { ok: false; problems: string[] } {
  const r = packageInputSchema.safeParse(env);
  if (!r.success) {
    return { ok: false, problems: r.error.issues.map((i) => `${String(i.path[0] ?? "configuration")}: ${i.message}`) };
  }
  return { ok: true, inputs: { ...r.data, APP_VERSION: r.data.APP_VERSION ?? defaultVersion } };
}

/** Pure: replaces every {{NAME}} with its JSON-escaped value; fails on a placeholder without a value. */
export function fillTemplate(template: string, vars: Record<string, string>): string {
  const missing = new Set<string>();
  const out = template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_m, name: string) => {
    const v = vars[name];
    if (v === undefined) {
      missing.add(name);
      return "";
    }
    return JSON.stringify(v).slice(1, -1);
  });
  if (missing.size > 0) throw new Error(`the manifest template uses ${[...missing].join(", ")} with no value`);
  return out;
}

export function schemaPath(version = MANIFEST_VERSION): string {
  return require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`);
}

/** Validates a manifest against the bundled official schema (draft-04); returns readable problems. */
export function validateManifest(manifest: unknown, version = MANIFEST_VERSION): string[] {
  const schema = JSON.parse(readFileSync(schemaPath(version), "utf8")) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"}: ${e.message ?? "invalid"}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
}

export interface ManifestCommand {
  title: string;
  description: string;
}

/** The commands of every commandList of the manifest's bot (title + description). */
export function manifestCommands(manifest: unknown): ManifestCommand[][] {
  const m = manifest as { bots?: Array<{ commandLists?: Array<{ commands?: ManifestCommand[] }> }> };
  return (m.bots?.[0]?.commandLists ?? []).map((l) => (l.commands ?? []).map((c) => ({ title: c.title, description: c.description })));
}
