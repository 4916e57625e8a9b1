/** The M365 part's pure decisions: which refusals mean "read the users without signInActivity". */
import { MicrosoftError } from "../graph/errors";
import { isDelegated } from "./causes";
import { notConnected, refusesSignInActivity } from "./m365Tenant";

describe("m365 part", () => {
  test.each<[string, unknown, boolean]>([
    ["403 Authorization_RequestDenied", new MicrosoftError({ code: "forbidden", service: "graph", status: 403, microsoftCode: "Authorization_RequestDenied" }), true],
    ["403 non-premium tenant", new MicrosoftError({ code: "forbidden", service: "graph", status: 403, microsoftCode: "Authentication_RequestFromNonPremiumTenantOrB2CTenant" }), true],
    ["throttled", new MicrosoftError({ code: "throttled", service: "graph", status: 429 }), false],
    ["no GDAP (the token)", new MicrosoftError({ code: "badRequest", service: "login", microsoftCode: "AADSTS50020" }), false],
    ["not a Microsoft error", new Error("x"), false],
  ])("%s → retry without signInActivity: %s", (_name, e, want) => {
    expect(refusesSignInActivity(e)).toBe(want);
  });
  test("not connected is a delegated failure", () => {
    expect(isDelegated(notConnected())).toBe(true);
  });
});
