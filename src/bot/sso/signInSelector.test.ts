import type { TurnContext } from "botbuilder";
import { createSignInSelector, needsSignIn, SIGN_IN_COMMANDS, type SignInActivity } from "./signInSelector";

describe("needsSignIn", () => {
  test.each<[string, SignInActivity, boolean]>([
    ["check", { type: "message", text: "check" }, true],
    ["check with args", { type: "message", text: "check gdap" }, true],
    ["tenant lookup", { type: "message", text: "Tenant Fabrikam" }, true],
    ["mention and punctuation", { type: "message", text: "<at>Tenant Pilot</at> check!" }, true],
    ["setup", { type: "message", text: "setup" }, true],
    ["sync", { type: "message", text: "sync now" }, true],
    ["help does not sign in", { type: "message", text: "help" }, false],
    ["about does not sign in", { type: "message", text: "about" }, false],
    ["a word that merely starts with check", { type: "message", text: "checkout" }, false],
    ["check later in the text", { type: "message", text: "please check" }, false],
    ["empty text", { type: "message", text: "" }, false],
    ["card submit (no text)", { type: "message" }, false],
    ["non-string text", { type: "message", text: 42 }, false],
    ["token exchange invoke", { type: "invoke", name: "signin/tokenExchange" }, true],
    ["verify state invoke", { type: "invoke", name: "signin/verifyState" }, true],
    ["card action invoke", { type: "invoke", name: "adaptiveCard/action" }, false],
    ["conversation update", { type: "conversationUpdate" }, false],
    ["installation update", { type: "installationUpdate" }, false],
  ])("%s", (_name, activity, expected) => {
    expect(needsSignIn(activity)).toBe(expected);
  });

  it("takes another command list", () => {
    expect(needsSignIn({ type: "message", text: "help" }, ["help"])).toBe(true);
    expect(needsSignIn({ type: "message", text: "check" }, ["help"])).toBe(false);
  });

  it("signs in for check, tenant, setup and sync by default", () => {
    expect([...SIGN_IN_COMMANDS]).toEqual(["check", "tenant", "setup", "sync"]);
  });
});

describe("createSignInSelector", () => {
  it("is a teams-ai selector over the turn's activity", async () => {
    const select = createSignInSelector();
    await expect(select({ activity: { type: "message", text: "check" } } as unknown as TurnContext)).resolves.toBe(true);
    await expect(select({ activity: { type: "message", text: "help" } } as unknown as TurnContext)).resolves.toBe(false);
  });
});
