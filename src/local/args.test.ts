import { parseLocalArgs } from "./args";

describe("parseLocalArgs", () => {
  test.each<[string[], Record<string, unknown>]>([
    [[], {}],
    [["--scenario", "my.json"], { scenario: "my.json" }],
    [["--scenario=my.json", "--ready-file", "r.json"], { scenario: "my.json", readyFile: "r.json" }],
    [["--user", "alice@contoso.onmicrosoft.com"], { user: "alice@contoso.onmicrosoft.com" }],
    [["-h"], { help: true }],
  ])("%j", (argv, expected) => {
    expect(parseLocalArgs(argv)).toEqual({ ok: true, args: expected });
  });

  test.each<[string[], string]>([
    [["--scenaro", "x"], 'unknown argument "--scenaro"'],
    [["my.json"], 'unknown argument "my.json"'],
    [["--scenario"], "--scenario needs a value"],
    [["--ready-file", "--user", "a@b.c"], "--ready-file needs a value"],
    [["--user", "alice"], "--user: must be a user principal name like alice@contoso.onmicrosoft.com"],
    [["--scenario="], "--scenario: needs a file name"],
    [["--user", "a@b.c", "--user", "d@e.f"], "--user is given twice"],
  ])("%j is refused: %s", (argv, problem) => {
    expect(parseLocalArgs(argv)).toEqual({ ok: false, problem });
  });
});
