/** causes (pure), table-tested. */
import { MicrosoftError } from "../graph/errors";
import { causeCode, toSyncCause } from "./causes";

describe("causes", () => {
  test.each([
    [{ code: "notConsented", service: "login" }, "notConsented"],
    [{ code: "notConsented", service: "login", syncedBefore: true }, "accessLost"],
    [{ code: "secretExpired", service: "login" }, "secretExpired"],
    [{ code: "secretInvalid", service: "login" }, "secretInvalid"],
    [{ code: "intuneNotLicensed", service: "graph" }, "intuneNotLicensed"],
    [{ code: "throttled", service: "graph" }, "throttled"],
    [{ code: "unavailable", service: "graph" }, "unavailable"],
    [{ code: "forbidden", service: "graph" }, "notConsented"],
    [{ code: "forbidden", service: "graph", syncedBefore: true }, "accessLost"],
    // Delegated (the service account through GDAP): a token Entra refused for want of GDAP, a read a role does not allow.
    [{ code: "badRequest", service: "login", delegated: true, microsoftCode: "AADSTS50020" }, "noGdap"],
    [{ code: "forbidden", service: "graph", delegated: true, microsoftCode: "Authorization_RequestDenied" }, "gdapRoleMissing"],
    [{ code: "unauthorized", service: "login", delegated: true }, "noGdap"],
    [{ code: "unauthorized", service: "login", delegated: true, microsoftCode: "AADSTS50173" }, "serviceAccountSignedOut"],
    [{ code: "badRequest", service: "login", delegated: true, microsoftCode: "AADSTS700082" }, "serviceAccountSignedOut"],
    [{ code: "mfaRequired", service: "login", delegated: true }, "noGdap"],
    [{ code: "badRequest", service: "login", microsoftCode: "AADSTS50020" }, "unknown"],
    [{ code: "tenantNotFound", service: "login" }, "accessLost"],
    [{ code: "badRequest", service: "graph" }, "unknown"],
  ] as const)("%j → %s", (input, code) => {
    expect(causeCode(input)).toBe(code);
    const c = toSyncCause(input);
    expect(c.title.length).toBeGreaterThan(3);
    expect(c.fix.length).toBeGreaterThan(10);
  });
  test("transient ones are the throttled and the unavailable", () => {
    expect(toSyncCause({ code: "throttled", service: "graph" }).transient).toBe(true);
    expect(toSyncCause({ code: "intuneNotLicensed", service: "graph" }).transient).toBe(false);
    expect(new MicrosoftError({ code: "throttled", service: "graph" }).code).toBe("throttled");
  });
});
