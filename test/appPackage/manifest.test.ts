/**
 * The Teams app manifest, filled with sample ids, validates against the official schema bundled in
 * @microsoft/app-manifest, and its commands are exactly the bot's command registry.
 */
import { readFileSync } from "node:fs";
import { MENU_COMMANDS } from "../../src/dialogs/commands";
import { checkCommands } from "../../scripts/lib/appPackage";
import {
  fillTemplate,
  manifestCommands,
  MANIFEST_TEMPLATE,
  MANIFEST_VERSION,
  readPackageInputs,
  schemaPath,
  validateManifest,
} from "../../scripts/lib/manifest";

const BOT_ID = "0f8b3c2a-1d4e-4f6a-9b7c-2e5d8a1f3c4b";
const env = { MICROSOFT_APP_ID: BOT_ID, BOT_DOMAIN: "tenantpilot.azurewebsites.net" };

function filled(extra: Record<string, string> = {}): Record<string, unknown> {
  const r = readPackageInputs({ ...env, ...extra }, "0.1.0");
  if (!r.ok) throw new Error(r.problems.join("; "));
  return JSON.parse(fillTemplate(readFileSync(MANIFEST_TEMPLATE, "utf8"), r.inputs)) as Record<string, unknown>;
}

describe("Teams manifest", () => {
  it(`uses schema v${MANIFEST_VERSION} (>= 1.19), bundled in @microsoft/app-manifest`, () => {
    const [major, minor] = MANIFEST_VERSION.split(".").map(Number);
    expect(major === 1 && minor >= 19).toBe(true);
    const schema = JSON.parse(readFileSync(schemaPath(), "utf8")) as { $schema: string };
    expect(schema.$schema).toBe("http://json-schema.org/draft-04/schema#");
    const m = filled();
    expect(m.manifestVersion).toBe(MANIFEST_VERSION);
    expect(m.$schema).toBe(`https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`);
  });

  it("validates against the official schema once filled", () => {
    expect(validateManifest(filled())).toEqual([]);
    expect(validateManifest(filled({ TEAMS_APP_ID: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", APP_VERSION: "2.3.4" }))).toEqual([]);
  });

  it("the validator does catch mistakes", () => {
    const m = filled();
    delete m.accentColor;
    m.manifestVersion = "1.5";
    (m.bots as Array<Record<string, unknown>>)[0].scopes = ["everywhere"];
    const problems = validateManifest(m).join("\n");
    expect(problems).toMatch(/accentColor/);
    expect(problems).toMatch(/manifestVersion/);
    expect(problems).toMatch(/scopes/);
  });

  it("has the bot in personal, team and groupChat scopes with ids filled in", () => {
    const m = filled();
    const bot = (m.bots as Array<{ botId: string; scopes: string[] }>)[0];
    expect(bot.botId).toBe(BOT_ID);
    expect(bot.scopes.sort()).toEqual(["groupChat", "personal", "team"]);
    expect(m.id).toBe(BOT_ID);
    expect(m.version).toBe("0.1.0");
    expect(m.validDomains).toEqual(["tenantpilot.azurewebsites.net"]);
    expect(m.webApplicationInfo).toEqual({ id: BOT_ID, resource: `api://botid-${BOT_ID}` });
    expect(JSON.stringify(m)).not.toMatch(/\{\{/);
  });

  it("lists exactly the bot's commands (src/dialogs/commands.ts), in every scope", () => {
    const m = filled();
    const expected = MENU_COMMANDS.map((c) => ({ title: c.name, description: c.description }));
    const lists = manifestCommands(m);
    expect(lists.length).toBeGreaterThan(0);
    for (const cmds of lists) expect(cmds).toEqual(expected);
    expect(lists[0].map((c) => c.title)).toEqual(["help", "check", "tenant", "setup m365", "setup mem", "setup status", "sync", "sync status", "alerts", "expiring"]);
    expect(checkCommands(m)).toEqual([]);
    expect(MENU_COMMANDS.length).toBeLessThanOrEqual(10);
    const scopes = (m.bots as Array<{ commandLists: Array<{ scopes: string[] }> }>)[0].commandLists.flatMap((l) => l.scopes);
    expect(scopes.sort()).toEqual(["groupChat", "personal", "team"]);
  });

  it("checkCommands reports a drift from the registry", () => {
    const m = filled();
    (m.bots as Array<{ commandLists: Array<{ commands: unknown[] }> }>)[0].commandLists[0].commands.push({ title: "setup", description: "x" });
    expect(checkCommands(m)).toEqual([expect.stringContaining('"setup"')]);
  });
});

describe("package inputs", () => {
  it.each<[Record<string, string>, RegExp[]]>([
    [{}, [/^MICROSOFT_APP_ID: required/, /^BOT_DOMAIN: required/]],
    [{ MICROSOFT_APP_ID: "not-a-guid", BOT_DOMAIN: "https://x.example.com/" }, [/^MICROSOFT_APP_ID: must be a GUID/, /^BOT_DOMAIN: must be a host name/]],
    [{ ...env, TEAMS_APP_ID: "x", APP_VERSION: "1", PRIVACY_URL: "http://insecure.example" }, [/^TEAMS_APP_ID/, /^APP_VERSION/, /^PRIVACY_URL: must be an https/]],
  ])("%j is refused with every problem", (input, expected) => {
    const r = readPackageInputs(input, "0.1.0");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toHaveLength(expected.length);
      expected.forEach((re, i) => expect(r.problems[i]).toMatch(re));
    }
  });

  it("fillTemplate escapes values for JSON and refuses unknown placeholders", () => {
    expect(fillTemplate('{"a": "{{X}}"}', { X: 'say "hi"\\' })).toBe('{"a": "say \\"hi\\"\\\\"}');
    expect(() => fillTemplate('{"a": "{{NOPE}}"}', {})).toThrow(/NOPE/);
  });
});
