import { parseSetupVerbAction, setupActionData } from "./verbs";

const RUN = "0b5d7e1e-aaaa-4bbb-8ccc-123456789abc";

describe("setup verbs", () => {
  test.each<[string, unknown, unknown, boolean]>([
    ["next", "setup.next", { wizard: "m365", runId: RUN, step: 2 }, true],
    ["step as a string", "Setup.Next", { wizard: "m365", runId: RUN, step: "2" }, true],
    ["verify default page", "setup.verify", { wizard: "mem", runId: RUN, step: 0 }, true],
    ["defender as a string", "setup.defender", { wizard: "mem", runId: RUN, step: 3, on: "false" }, true],
    ["form with fields", "setup.mem.save", { wizard: "mem", runId: RUN, step: 7, partnerTenantId: "x", lifecycleAppKey: "k" }, true],
    ["unknown wizard", "setup.next", { wizard: "sap", runId: RUN, step: 2 }, false],
    ["negative step", "setup.next", { wizard: "m365", runId: RUN, step: -1 }, false],
    ["missing run id", "setup.back", { wizard: "m365", step: 1 }, false],
    ["run id with spaces", "setup.back", { wizard: "m365", runId: "a b c d", step: 1 }, false],
    ["field of the wrong type", "setup.mem.save", { wizard: "mem", runId: RUN, step: 7, lifecycleAppKey: 42 }, false],
    ["field too long", "setup.mem.save", { wizard: "mem", runId: RUN, step: 7, lifecycleAppKey: "x".repeat(2000) }, false],
    ["unknown verb", "setup.launch", {}, false],
    ["not a string", 7, {}, false],
  ])("%s", (_n, verb, data, ok) => expect(parseSetupVerbAction(verb, data).ok).toBe(ok));

  it("issues never carry a submitted value", () => {
    const r = parseSetupVerbAction("setup.mem.save", { wizard: "mem", runId: RUN, step: "x-secret-value", lifecycleAppKey: ["my-secret"] });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toMatch(/secret/);
  });

  it("action data carries the verb for the Action.Submit fallback", () => {
    expect(setupActionData("setup.open", { wizard: "m365" })).toEqual({ verb: "setup.open", wizard: "m365" });
  });
});
