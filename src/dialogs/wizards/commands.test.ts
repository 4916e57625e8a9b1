import { parseSetupArgs, parseSetupText, setupUsageText, type SetupParse } from "./commands";

describe("setup commands", () => {
  test.each<[string, SetupParse | undefined]>([
    ["setup m365", { kind: "setup", target: "m365" }],
    ["Setup Microsoft 365", { kind: "setup", target: "m365" }],
    ["<at>Tenant Pilot</at> setup mem", { kind: "setup", target: "mem" }],
    ["Tenant Pilot setup intune", { kind: "setup", target: "mem" }],
    ["setup", { kind: "setup", target: "status" }],
    ["setup status.", { kind: "setup", target: "status" }],
    ["wizard progress", { kind: "setup", target: "status" }],
    ["setup m356", { kind: "usage", suggestion: "m365" }],
    ["setup intun", { kind: "usage", suggestion: "mem" }],
    ["setup statsu", { kind: "usage", suggestion: "status" }],
    ["setup banana", { kind: "usage" }],
    ["check", undefined],
    ["", undefined],
    ["setupm365", undefined],
  ])("%j", (text, expected) => expect(parseSetupText(text)).toEqual(expected));

  it("usage text names the forms and the suggestion", () => {
    expect(setupUsageText("mem")).toContain("Did you mean **setup mem**?");
    expect(setupUsageText()).not.toContain("Did you mean");
    expect(parseSetupArgs("  ")).toEqual({ kind: "setup", target: "status" });
  });
});
