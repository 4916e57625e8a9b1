import type { TurnContext } from "botbuilder";
import { SSO_SETTING_NAME } from "./settings";
import { createTeamsSsoTokenSource, SignInRequiredError, turnIdentity, type SsoApplication } from "./userGraphToken";

const FAKE_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl";

function ctxOf(activity: Record<string, unknown>): TurnContext {
  return { activity } as unknown as TurnContext;
}
const activity = {
  type: "message",
  from: { id: "29:alice", aadObjectId: "0a000000-0000-4000-8000-000000000002" },
  conversation: { id: "a:1", tenantId: "c0c0c0c0-0000-4000-8000-000000000000" },
};
const appWith = (token: string | undefined, seen: string[] = []): SsoApplication => ({
  authentication: {
    get: (name) => {
      seen.push(name);
      return { isUserSignedIn: () => Promise.resolve(token) };
    },
  },
});

describe("turnIdentity", () => {
  it("takes ids from the activity; the token stays behind a function (not in JSON or logs)", () => {
    const id = turnIdentity(ctxOf(activity), { temp: { authTokens: { [SSO_SETTING_NAME]: FAKE_TOKEN } } });
    expect(id).toMatchObject({ userId: "29:alice", aadObjectId: "0a000000-0000-4000-8000-000000000002", tenantId: "c0c0c0c0-0000-4000-8000-000000000000" });
    expect(JSON.stringify(id)).not.toContain(FAKE_TOKEN);
    expect(id.turnToken?.()).toBe(FAKE_TOKEN);
    expect(id.cachedToken).toBeUndefined();
  });

  it("falls back to channelData's tenant and tolerates a missing aadObjectId", () => {
    const id = turnIdentity(ctxOf({ type: "message", from: { id: "u" }, conversation: { id: "c" }, channelData: { tenant: { id: "t-1" } } }), { temp: {} });
    expect(id).toEqual(expect.objectContaining({ userId: "u", tenantId: "t-1" }));
    expect(id.aadObjectId).toBeUndefined();
    expect(id.turnToken?.()).toBeUndefined();
  });
});

describe("createTeamsSsoTokenSource (azure mode)", () => {
  const source = createTeamsSsoTokenSource();

  it("answers the token teams-ai exchanged in this turn", async () => {
    await expect(source.getGraphToken(turnIdentity(ctxOf(activity), { temp: { authTokens: { [SSO_SETTING_NAME]: FAKE_TOKEN } } }))).resolves.toBe(FAKE_TOKEN);
  });

  it("else teams-ai's MSAL cache for the user (card actions)", async () => {
    const seen: string[] = [];
    await expect(source.getGraphToken(turnIdentity(ctxOf(activity), { temp: {} }, appWith(FAKE_TOKEN, seen)))).resolves.toBe(FAKE_TOKEN);
    expect(seen).toEqual([SSO_SETTING_NAME]);
  });

  test.each([
    ["no token and no app", { temp: {} }, undefined, undefined],
    ["an empty token", { temp: { authTokens: { [SSO_SETTING_NAME]: "" } } }, undefined, undefined],
    ["nothing cached", { temp: {} }, appWith(undefined), undefined],
    ["a forced refresh (Graph refused the token)", { temp: { authTokens: { [SSO_SETTING_NAME]: FAKE_TOKEN } } }, appWith(FAKE_TOKEN), { forceRefresh: true }],
  ])("SignInRequiredError on %s", async (_name, state, app, opts) => {
    await expect(source.getGraphToken(turnIdentity(ctxOf(activity), state, app), opts)).rejects.toBeInstanceOf(SignInRequiredError);
  });

  it("a failing MSAL cache counts as not signed in", async () => {
    const broken: SsoApplication = { authentication: { get: () => ({ isUserSignedIn: () => Promise.reject(new Error("cache")) }) } };
    await expect(source.getGraphToken(turnIdentity(ctxOf(activity), { temp: {} }, broken))).rejects.toBeInstanceOf(SignInRequiredError);
  });
});
