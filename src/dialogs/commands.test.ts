import { editDistance, normalizeText, parseText, suggestCommand } from "./commands";

describe("normalizeText", () => {
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
});

describe("parseText", () => {
  it.each([
    ["help", { kind: "command", name: "help", args: "" }],
    ["Help me", { kind: "command", name: "help", args: "me" }],
    ["<at>Bot</at> ABOUT", { kind: "command", name: "about", args: "" }],
    ["version", { kind: "command", name: "about", args: "" }],
    ["?", { kind: "command", name: "help", args: "" }],
    ["<at>Bot</at>", { kind: "empty" }],
    ["hlep", { kind: "unknown", text: "hlep", suggestion: "help" }],
    ["abuot", { kind: "unknown", text: "abuot", suggestion: "about" }],
    ["ab", { kind: "unknown", text: "ab", suggestion: "about" }],
    ["sync everything now", { kind: "unknown", text: "sync everything now" }],
  ])("%j", (input, expected) => {
    expect(parseText(input)).toEqual(expected);
  });
});

describe("suggestCommand", () => {
  it.each([
    ["he", "help"],
    ["hel", "help"],
    ["halp", "help"],
    ["abot", "about"],
    ["versoin", "about"],
    ["x", undefined],
    ["zzzzzz", undefined],
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
