import { actionData, isVerb, parseVerbAction, VERB_NAMES } from "./verbs";

const ID = "cc000000-0000-4000-8000-000000000001";

describe("parseVerbAction", () => {
  it.each<[unknown, unknown, unknown]>([
    ["help", undefined, { verb: "help", data: {} }],
    ["HELP", { verb: "help", msteams: { x: 1 } }, { verb: "help", data: {} }],
    ["about", {}, { verb: "about", data: {} }],
    ["check.run", {}, { verb: "check.run", data: { scope: "all" } }],
    ["check.run", { verb: "check.run", scope: "gdap" }, { verb: "check.run", data: { scope: "gdap" } }],
    ["check.page", { page: 3, filter: "Broken", scope: "apps" }, { verb: "check.page", data: { page: 3, filter: "Broken", scope: "apps" } }],
    ["check.page", { page: "2" }, { verb: "check.page", data: { page: 2, filter: "all", scope: "all" } }],
    ["check.page", { page: 0, extra: "dropped" }, { verb: "check.page", data: { page: 0, filter: "all", scope: "all" } }],
    ["tenant.open", { tenantId: ID.toUpperCase() }, { verb: "tenant.open", data: { tenantId: ID } }],
  ])("%j %j", (verb, data, expected) => {
    expect(parseVerbAction(verb, data)).toEqual({ ok: true, action: expected });
  });

  it.each<[unknown, unknown, "unknownVerb" | "invalidData", RegExp]>([
    ["launch", {}, "unknownVerb", /not known/],
    [42, {}, "unknownVerb", /number/],
    ["toString", {}, "unknownVerb", /not known/],
    ["__proto__", {}, "unknownVerb", /not known/],
    ["check.page", {}, "invalidData", /^page:/],
    ["check.page", { page: -1 }, "invalidData", /^page:/],
    ["check.page", { page: 1.5 }, "invalidData", /^page:/],
    ["check.page", { page: 1e9 }, "invalidData", /^page:/],
    ["check.page", { page: "1e3" }, "invalidData", /^page:/],
    ["check.page", { page: 0, filter: "broken" }, "invalidData", /^filter:/],
    ["check.page", { page: 0, scope: "everything" }, "invalidData", /^scope:/],
    ["check.run", "not an object", "invalidData", /^data:/],
    ["tenant.open", {}, "invalidData", /^tenantId:/],
    ["tenant.open", { tenantId: "Fabrikam" }, "invalidData", /^tenantId: must be a GUID/],
  ])("%j %j refused (%s)", (verb, data, problem, issue) => {
    const r = parseVerbAction(verb, data);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem).toBe(problem);
      expect(r.issues[0]).toMatch(issue);
    }
  });
});

describe("actionData", () => {
  it("carries the verb for the Action.Submit fallback, and parses back", () => {
    const d = actionData("check.page", { page: 1, filter: "Warning", scope: "gdap" });
    expect(d).toEqual({ verb: "check.page", page: 1, filter: "Warning", scope: "gdap" });
    expect(parseVerbAction(d.verb, d)).toEqual({ ok: true, action: { verb: "check.page", data: { page: 1, filter: "Warning", scope: "gdap" } } });
  });

  it("every verb name is a verb", () => {
    expect(VERB_NAMES).toEqual(["help", "about", "check.run", "check.page", "tenant.open"]);
    for (const v of VERB_NAMES) expect(isVerb(v)).toBe(true);
    expect(isVerb("constructor")).toBe(false);
  });
});
