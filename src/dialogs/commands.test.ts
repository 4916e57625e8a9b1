import { cleanText, COMMAND_WORDS, COMMANDS, editDistance, MAX_QUERY_LENGTH, normalizeText, parseText, suggestCommand, type ParsedText } from "./commands";

describe("normalizeText / cleanText", () => {
  it.each([
    ["help", "help"],
    ["  HELP  ", "help"],
    ["<at>Tenant Pilot</at> help", "help"],
    ["<at>Tenant Pilot</at>&nbsp;Help!", "help"],
    ["@Tenant help", "tenant help"],
    ["help.", "help"],
    ["<p>About</p>\n", "about"],
    ["?", "?"],
    ["", ""],
    [undefined, ""],
  ])("%j -> %j", (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it("cleanText keeps case", () => {
    expect(cleanText("<at>Tenant Pilot</at> tenant  Fabrikam, Inc.")).toBe("tenant Fabrikam, Inc");
  });
});

describe("parseText", () => {
  it.each<[string | undefined, ParsedText]>([
    ["help", { kind: "command", name: "help" }],
    ["Help me", { kind: "command", name: "help" }],
    ["<at>Bot</at> ABOUT", { kind: "command", name: "about" }],
    ["version", { kind: "command", name: "about" }],
    ["?", { kind: "command", name: "help" }],
    ["<at>Bot</at>", { kind: "empty" }],
    [undefined, { kind: "empty" }],
    // check and its scopes
    ["check", { kind: "command", name: "check", scope: "all" }],
    ["CHECK!", { kind: "command", name: "check", scope: "all" }],
    ["<at>Tenant Pilot</at> Check", { kind: "command", name: "check", scope: "all" }],
    ["check all", { kind: "command", name: "check", scope: "all" }],
    ["check everything", { kind: "command", name: "check", scope: "all" }],
    ["check GDAP", { kind: "command", name: "check", scope: "gdap" }],
    ["check adminagents", { kind: "command", name: "check", scope: "adminagents" }],
    ["check Admin Agents", { kind: "command", name: "check", scope: "adminagents" }],
    ["check admin-agents", { kind: "command", name: "check", scope: "adminagents" }],
    ["check apps", { kind: "command", name: "check", scope: "apps" }],
    ["check app", { kind: "command", name: "check", scope: "apps" }],
    ["verify gdap", { kind: "command", name: "check", scope: "gdap" }],
    ["check gdpa", { kind: "usage", name: "check", suggestion: "gdap" }],
    ["check ap", { kind: "usage", name: "check", suggestion: "apps" }],
    ["check the weather", { kind: "usage", name: "check" }],
    // tenant keeps the query's case and inner punctuation
    ["tenant Fabrikam", { kind: "command", name: "tenant", query: "Fabrikam" }],
    ["<at>Tenant Pilot</at> tenant  Fabrikam, Inc.", { kind: "command", name: "tenant", query: "Fabrikam, Inc" }],
    ["TENANT fabrikam.onmicrosoft.com", { kind: "command", name: "tenant", query: "fabrikam.onmicrosoft.com" }],
    ["tenant CC000000-0000-4000-8000-000000000001", { kind: "command", name: "tenant", query: "CC000000-0000-4000-8000-000000000001" }],
    ["customer Litware", { kind: "command", name: "tenant", query: "Litware" }],
    ["tenant", { kind: "usage", name: "tenant" }],
    ["tenant  ", { kind: "usage", name: "tenant" }],
    ["Tenant!", { kind: "usage", name: "tenant" }],
    // the bot's name typed as text, when a command follows it
    ["Tenant Pilot check apps", { kind: "command", name: "check", scope: "apps" }],
    ["tenant pilot help", { kind: "command", name: "help" }],
    ["tenant Pilot", { kind: "command", name: "tenant", query: "Pilot" }],
    ["tenant pilot works", { kind: "command", name: "tenant", query: "pilot works" }],
    // unknown, with suggestions of built commands only
    ["hlep", { kind: "unknown", text: "hlep", suggestion: "help" }],
    ["abuot", { kind: "unknown", text: "abuot", suggestion: "about" }],
    ["ab", { kind: "unknown", text: "ab", suggestion: "about" }],
    ["chek", { kind: "unknown", text: "chek", suggestion: "check" }],
    ["chekc gdap", { kind: "unknown", text: "chekc gdap", suggestion: "check" }],
    ["tennant Fabrikam", { kind: "unknown", text: "tennant fabrikam", suggestion: "tenant" }],
    ["tenants", { kind: "unknown", text: "tenants", suggestion: "tenant" }],
    ["setup", { kind: "command", name: "setup", args: "" }],
    ["setup status", { kind: "command", name: "setup", args: "status" }],
    ["setpu mem", { kind: "unknown", text: "setpu mem", suggestion: "setup" }],
    ["sync everything now", { kind: "command", name: "sync", args: "everything now" }],
  ])("%j", (input, expected) => {
    expect(parseText(input)).toEqual(expected);
  });

  it("caps a tenant query", () => {
    const r = parseText(`tenant ${"a".repeat(500)}`);
    expect(r).toEqual({ kind: "command", name: "tenant", query: "a".repeat(MAX_QUERY_LENGTH) });
  });

  it("every registry entry parses to its own command", () => {
    for (const c of COMMANDS) {
      const r = parseText(c.name);
      // `tenant` alone asks for its argument.
      expect(r).toMatchObject(c.command === "tenant" ? { kind: "usage", name: "tenant" } : { kind: "command", name: c.command });
    }
  });

  it("registry: names unique, descriptions fit the manifest (<= 128), first words are command words", () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
    for (const c of COMMANDS) {
      expect(c.description.length).toBeLessThanOrEqual(128);
      expect(c.name.length).toBeLessThanOrEqual(32);
      expect(c.name.split(" ")[0]).toBe(c.command);
    }
    expect(new Set(COMMANDS.map((c) => c.command))).toEqual(new Set(COMMAND_WORDS.map((w) => w.name)));
    expect(COMMANDS.map((c) => c.name)).toEqual(expect.arrayContaining(["setup m365", "setup mem", "setup status"]));
  });
});

describe("suggestCommand", () => {
  it.each([
    ["he", "help"],
    ["hel", "help"],
    ["halp", "help"],
    ["abot", "about"],
    ["versoin", "about"],
    ["ch", "check"],
    ["chck", "check"],
    ["te", "tenant"],
    ["tenat", "tenant"],
    ["x", undefined],
    ["zzzzzz", undefined],
    ["setpu", "setup"],
    ["", undefined],
  ])("%j -> %j", (input, expected) => {
    expect(suggestCommand(input)).toBe(expected);
  });
});

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["a", "", 1],
    ["kitten", "sitting", 3],
    ["help", "hlep", 1],
    ["ca", "abc", 3],
  ])("%j %j = %d", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});
