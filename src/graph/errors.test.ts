/** The one error mapping, table-tested with the shapes each Microsoft service and SDK really produces. */
import { AuthError, InteractionRequiredAuthError, ServerError } from "@azure/msal-node";
import { GraphError } from "@microsoft/microsoft-graph-client";
import { classify, factsFromHttp, missingScopes, MicrosoftError, parseRetryAfter, toMicrosoftError, toReadFailure, type MicrosoftErrorCode, type MicrosoftService } from "./errors";

const aadsts = (code: number, error: string, status = 400) => new ServerError(error, `Error(s): ${code} - Timestamp: x - Description: AADSTS${code}: something. Trace ID: t Correlation ID: c`, "", String(code), status);

function graphError(status: number, code: string, message: string, headers: Record<string, string> = {}): GraphError {
  const e = new GraphError(status, message);
  e.code = code;
  e.headers = new Headers(headers);
  e.body = JSON.stringify({ code, message });
  return e;
}

const INTUNE_FORBIDDEN = JSON.stringify({
  _version: 3,
  Message: "Application is not authorized to perform this operation. Application must have one of the following scopes: DeviceManagementManagedDevices.Read.All, DeviceManagementManagedDevices.ReadWrite.All - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000",
  CustomApiErrorPhrase: "",
  RetryAfter: null,
});

describe("toMicrosoftError", () => {
  test.each<[string, unknown, MicrosoftService, MicrosoftErrorCode, Partial<MicrosoftError>]>([
    // Entra ID through MSAL
    ["AADSTS700016 app not found in the directory", aadsts(700016, "unauthorized_client"), "login", "notConsented", { microsoftCode: "AADSTS700016", status: 400 }],
    ["AADSTS65001 consent missing", new InteractionRequiredAuthError("invalid_grant", "AADSTS65001: The user or administrator has not consented", "consent_required", "", "", "", "", "65001"), "login", "notConsented", { microsoftCode: "AADSTS65001" }],
    ["AADSTS7000229 no service principal", aadsts(7000229, "unauthorized_client"), "login", "notConsented", {}],
    ["AADSTS7000215 wrong secret", aadsts(7000215, "invalid_client", 401), "login", "secretInvalid", { status: 401 }],
    ["AADSTS7000222 expired secret", aadsts(7000222, "invalid_client", 401), "login", "secretExpired", {}],
    ["AADSTS90002 tenant unknown", aadsts(90002, "invalid_request"), "login", "tenantNotFound", {}],
    ["AADSTS50076 MFA required", new InteractionRequiredAuthError("invalid_grant", "AADSTS50076: Due to a configuration change", "basic_action", "", "", "", "", "50076"), "login", "mfaRequired", {}],
    ["AADSTS500133 assertion expired", aadsts(500133, "invalid_grant"), "login", "unauthorized", {}],
    ["503 temporarily_unavailable", aadsts(90033, "temporarily_unavailable", 503), "login", "unavailable", { status: 503 }],
    ["429 from the login host", aadsts(90055, "temporarily_unavailable", 429), "login", "throttled", {}],
    ["MSAL's own throttling memory (numeric errorCode)", new ServerError("90033", "AADSTS90033: transient"), "login", "unavailable", {}],
    ["HTML error page (server_error from the network module)", new ServerError("server_error", "HTTP 502 with a body that is not JSON", "", undefined, 502), "login", "unavailable", {}],
    ["MSAL network failure", new AuthError("network_error", "Network request failed"), "login", "unavailable", {}],
    // Graph through the SDK
    ["401 InvalidAuthenticationToken", graphError(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid."), "graph", "unauthorized", { status: 401 }],
    ["403 Authorization_RequestDenied", graphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."), "graph", "forbidden", { microsoftCode: "Authorization_RequestDenied" }],
    ["Intune 403 Forbidden naming the scopes", graphError(403, "Forbidden", INTUNE_FORBIDDEN), "graph", "forbidden", { missing: "DeviceManagementManagedDevices.Read.All, DeviceManagementManagedDevices.ReadWrite.All" }],
    ["Intune not licensed", graphError(400, "BadRequest", "Request not applicable to target tenant."), "graph", "intuneNotLicensed", { status: 400 }],
    ["429 with Retry-After", graphError(429, "TooManyRequests", "Too many requests.", { "Retry-After": "7" }), "graph", "throttled", { retryAfterMs: 7000 }],
    ["503", graphError(503, "ServiceUnavailable", "The service is temporarily unavailable."), "graph", "unavailable", {}],
    ["504", graphError(504, "GatewayTimeout", "The gateway timed out."), "graph", "unavailable", {}],
    ["404 Request_ResourceNotFound", graphError(404, "Request_ResourceNotFound", "Resource 'x' does not exist"), "graph", "notFound", {}],
    ["400 Request_BadRequest", graphError(400, "Request_BadRequest", "Invalid object identifier 'x'."), "graph", "badRequest", {}],
    ["HTML 502 (the SDK's SyntaxError)", Object.assign(new GraphError(502, "Unexpected token <"), { code: "SyntaxError" }), "graph", "unavailable", {}],
    ["connection failure", new TypeError("fetch failed"), "graph", "unavailable", {}],
    ["timeout", Object.assign(new Error("The operation was aborted due to timeout"), { name: "TimeoutError" }), "defender", "unavailable", {}],
    ["anything else", new Error("boom"), "graph", "unknown", {}],
    ["not an error at all", "strange", "partnerCenter", "unknown", {}],
  ])("%s", (_name, input, service, code, extra) => {
    const e = toMicrosoftError(input, service);
    expect(e).toBeInstanceOf(MicrosoftError);
    expect(e.code).toBe(code);
    expect(e.service).toBe(service);
    expect(e).toMatchObject(extra);
    expect(e.adminMessage).toBe(e.message);
    expect(e.adminMessage).not.toMatch(/AADSTS|Trace ID|Operation ID|Insufficient privileges|Request not applicable/);
  });

  test("a MicrosoftError passes through unchanged", () => {
    const e = new MicrosoftError({ code: "throttled", service: "defender", retryAfterMs: 3000 });
    expect(toMicrosoftError(e, "graph")).toBe(e);
  });
});

describe("factsFromHttp + classify: Partner Center, Defender and token-endpoint bodies", () => {
  test.each<[string, MicrosoftService, number, unknown, Record<string, string> | undefined, MicrosoftErrorCode, string | undefined]>([
    ["PC 401 900421 MFA", "partnerCenter", 401, { code: 900421, description: "Multi-factor authentication is required", errorName: "MfaRequired" }, undefined, "mfaRequired", "900421"],
    ["PC 403 2032 access denied", "partnerCenter", 403, { code: 2032, description: "Access denied", errorName: "AccessDenied" }, undefined, "forbidden", "2032"],
    ["PC 401 access denied (token)", "partnerCenter", 401, { code: 400, description: "Access denied" }, undefined, "unauthorized", "400"],
    ["PC 429", "partnerCenter", 429, { code: 429, description: "Rate limit is exceeded." }, { "Retry-After": "3" }, "throttled", "429"],
    ["PC 400 invalid input", "partnerCenter", 400, { code: 800002, description: "Invalid request input" }, undefined, "badRequest", "800002"],
    ["Defender not onboarded", "defender", 403, { error: { code: "DisabledFeature", message: "Tenant feature is not enabled." } }, undefined, "featureNotEnabled", "DisabledFeature"],
    ["Defender 403 Forbidden", "defender", 403, { error: { code: "Forbidden", message: "x" } }, undefined, "forbidden", "Forbidden"],
    ["Defender 429", "defender", 429, { error: { code: "TooManyRequests", message: "x" } }, { "retry-after": "60" }, "throttled", "TooManyRequests"],
    ["HTML 503 page", "graph", 503, "<html><body>Service Unavailable</body></html>", undefined, "unavailable", undefined],
    ["token endpoint body", "login", 401, { error: "invalid_client", error_description: "AADSTS7000222: The provided client secret keys are expired.", error_codes: [7000222] }, undefined, "secretExpired", "AADSTS7000222"],
    ["Graph error as JSON text", "graph", 404, JSON.stringify({ error: { code: "ResourceNotFound", message: "x" } }), undefined, "notFound", "ResourceNotFound"],
  ])("%s", (_name, service, status, body, headers, code, microsoftCode) => {
    const e = classify(factsFromHttp(service, status, body, headers));
    expect(e.code).toBe(code);
    expect(e.microsoftCode).toBe(microsoftCode);
    expect(e.status).toBe(status);
  });

  test("Retry-After is kept on throttled and unavailable errors only", () => {
    expect(classify(factsFromHttp("graph", 429, undefined, { "Retry-After": "2" })).retryAfterMs).toBe(2000);
    expect(classify(factsFromHttp("graph", 503, undefined, { "Retry-After": "5" })).retryAfterMs).toBe(5000);
    expect(classify(factsFromHttp("graph", 404, undefined, { "Retry-After": "5" })).retryAfterMs).toBeUndefined();
  });
});

describe("admin sentences", () => {
  test.each<[MicrosoftErrorCode, MicrosoftService, RegExp]>([
    ["notConsented", "login", /admin consent/],
    ["secretInvalid", "login", /secret's value/],
    ["secretExpired", "login", /expired.*new client secret/],
    ["tenantNotFound", "login", /tenant ID or domain/],
    ["mfaRequired", "partnerCenter", /multi-factor/],
    ["forbidden", "graph", /permission/],
    ["forbidden", "partnerCenter", /AdminAgents/],
    ["intuneNotLicensed", "graph", /Intune licence/],
    ["featureNotEnabled", "defender", /not enabled/],
    ["throttled", "graph", /throttling/],
    ["unavailable", "defender", /Defender.*temporarily unavailable/],
    ["notFound", "graph", /could not find/],
    ["badRequest", "graph", /report it/],
    ["unauthorized", "login", /sign in again/],
    ["unknown", "graph", /unexpected/],
  ])("%s (%s)", (code, service, re) => {
    expect(new MicrosoftError({ code, service }).adminMessage).toMatch(re);
  });

  test("throttled says when to try again; forbidden names the missing permission", () => {
    expect(new MicrosoftError({ code: "throttled", service: "graph", retryAfterMs: 1500 }).adminMessage).toContain("try again in 2 seconds");
    expect(new MicrosoftError({ code: "forbidden", service: "graph", missing: "Machine.Read.All" }).adminMessage).toContain("Machine.Read.All");
  });
});

describe("helpers", () => {
  test.each<[string | null | undefined, number | undefined]>([
    ["7", 7000],
    ["0", 0],
    ["1.5", 1500],
    [" 3 ", 3000],
    ["Wed, 02 Dec 2026 04:00:10 GMT", 10_000],
    ["Wed, 02 Dec 2026 03:59:00 GMT", 0],
    ["soon", undefined],
    ["", undefined],
    [null, undefined],
    [undefined, undefined],
  ])("parseRetryAfter(%p)", (v, ms) => {
    expect(parseRetryAfter(v, Date.parse("2026-12-02T04:00:00Z"))).toBe(ms);
  });

  test.each<[string | undefined, string | undefined]>([
    [INTUNE_FORBIDDEN, "DeviceManagementManagedDevices.Read.All, DeviceManagementManagedDevices.ReadWrite.All"],
    ["Application must have one of the following scopes: DeviceManagementApps.Read.All", "DeviceManagementApps.Read.All"],
    ["Insufficient privileges to complete the operation.", undefined],
    [undefined, undefined],
  ])("missingScopes(%#)", (msg, out) => {
    expect(missingScopes(msg)).toBe(out);
  });

  test("toReadFailure gives the snapshot's shape", () => {
    expect(toReadFailure(new MicrosoftError({ code: "forbidden", service: "graph", missing: "X.Read.All" }))).toEqual({ code: "forbidden", message: expect.stringContaining("X.Read.All"), missing: "X.Read.All" });
    expect(toReadFailure(new Error("raw"))).toEqual({ code: "unknown", message: expect.not.stringContaining("raw") });
  });

  test("toJSON (what a logger sees) holds codes only", () => {
    const e = new MicrosoftError({ code: "secretInvalid", service: "login", status: 401, microsoftCode: "AADSTS7000215" });
    expect(JSON.parse(JSON.stringify(e))).toEqual({ name: "MicrosoftError", code: "secretInvalid", service: "login", status: 401, microsoftCode: "AADSTS7000215" });
  });
});
