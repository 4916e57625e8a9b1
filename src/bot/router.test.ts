import { executeVerbOf, sameVerb, submitVerbOf } from "./router";

describe("verb helpers", () => {
  test.each<[unknown, string, boolean]>([
    ["help", "help", true],
    [" HELP ", "help", true],
    ["check.page", "check.Page", true],
    ["helps", "help", false],
    [undefined, "help", false],
  ])("sameVerb(%j, %j) = %p", (a, b, expected) => expect(sameVerb(a, b)).toBe(expected));

  test.each<[string, Record<string, unknown>, string | undefined]>([
    ["Action.Execute", { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb: "help" } } }, "help"],
    ["other invoke", { type: "invoke", name: "signin/tokenExchange", value: { action: { type: "Action.Execute", verb: "help" } } }, undefined],
    ["no verb", { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute" } } }, undefined],
    ["Action.Submit type", { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Submit", verb: "help" } } }, undefined],
  ])("executeVerbOf: %s", (_n, activity, expected) => expect(executeVerbOf(activity)).toBe(expected));

  test.each<[string, Record<string, unknown>, string | undefined]>([
    ["submit", { type: "message", value: { verb: "about" } }, "about"],
    ["with text", { type: "message", text: "hi", value: { verb: "about" } }, undefined],
    ["no verb", { type: "message", value: { comment: "x" } }, undefined],
    ["array value", { type: "message", value: ["about"] }, undefined],
  ])("submitVerbOf: %s", (_n, activity, expected) => expect(submitVerbOf(activity)).toBe(expected));
});
