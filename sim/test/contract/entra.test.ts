/**
 * Contract tests for the Entra token endpoint with the REAL @azure/msal-node: authority unchanged
 * (https://login.microsoftonline.com/{tenant}), only `system.networkClient` points at the simulator.
 */
import path from "node:path";
import { RetryHandlerOptions } from "@microsoft/microsoft-graph-client";
import { startHarness, type Harness } from "../../testing/harness";
import { claimsOf, msalError, retryChain } from "../../testing/sdk";
import { createManualClock } from "../../core/clock";
import { CLOCK_SKEW_S } from "../../core/auth";

const SCENARIO = path.join(__dirname, "../../scenarios/test/entra.json");
const PARTNER = "10000000-0000-4000-8000-000000000001";
const CONSENTED = "30000000-0000-4000-8000-000000000001";
const UNCONSENTED = "30000000-0000-4000-8000-000000000002";
const SYNC_APP = "20000000-0000-4000-8000-0000000000c1";
const BOT_APP = "20000000-0000-4000-8000-0000000000c2";
const NO_CONSENT_BOT = "20000000-0000-4000-8000-0000000000c3";


describe("Entra token endpoint with real MSAL", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ scenario: SCENARIO, port: 0 });
  });
  afterAll(async () => {
    await h.stop();
  });

  test("client credentials in a consented customer: only the token POST leaves MSAL, claims like Entra's", async () => {
    const seen: string[] = [];
    const token = await h.appToken({ clientId: SYNC_APP, clientSecret: "good-secret-value", tenant: CONSENTED, seen });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(new RegExp(`^POST https://login\\.microsoftonline\\.com/${CONSENTED}/oauth2/v2\\.0/token`));
    const c = claimsOf(token);
    expect(c).toMatchObject({ aud: "https://graph.microsoft.com", tid: CONSENTED, appid: SYNC_APP, idtyp: "app", ver: "1.0", iss: `https://sts.windows.net/${CONSENTED}/` });
    expect(c.roles).toEqual(["DeviceManagementManagedDevices.Read.All", "Organization.Read.All"]);
    const header = JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString("utf8")) as Record<string, unknown>;
    expect(header).toMatchObject({ alg: "RS256", kid: h.sim.tokens.kid });
    expect((c.exp as number) - (c.iat as number)).toBe(3599);
  });

  test("tenant given by domain; token for the Graph app id audience", async () => {
    const token = await h.appToken({ clientId: SYNC_APP, clientSecret: "good-secret-value", tenant: "consented.onmicrosoft.com", scope: "00000003-0000-0000-c000-000000000000/.default" });
    expect(claimsOf(token)).toMatchObject({ aud: "00000003-0000-0000-c000-000000000000", tid: CONSENTED });
  });

  test("partner tenant: roles are the admin-consented application permissions there", async () => {
    const token = await h.appToken({ clientId: SYNC_APP, clientSecret: "good-secret-value", tenant: PARTNER });
    expect(claimsOf(token).roles).toEqual(["Organization.Read.All", "Application.ReadWrite.OwnedBy"]);
  });

  test("Partner Center resource: own audience, no roles", async () => {
    const token = await h.appToken({ clientId: SYNC_APP, clientSecret: "good-secret-value", tenant: PARTNER, scope: "https://api.partnercenter.microsoft.com/.default" });
    const c = claimsOf(token);
    expect(c.aud).toBe("https://api.partnercenter.microsoft.com");
    expect(c.roles).toBeUndefined();
  });

  test("AADSTS700016: app not consented (no service principal) in the customer", async () => {
    const e = await msalError(h.appToken({ clientId: SYNC_APP, clientSecret: "good-secret-value", tenant: UNCONSENTED }));
    expect(e.errorCode).toBe("unauthorized_client");
    expect(e.errorMessage).toContain("AADSTS700016");
  });

  test("AADSTS7000215: wrong secret", async () => {
    const e = await msalError(h.appToken({ clientId: SYNC_APP, clientSecret: "not-the-secret", tenant: CONSENTED }));
    expect(e.errorCode).toBe("invalid_client");
    expect(e.errorMessage).toContain("AADSTS7000215");
  });

  test("AADSTS7000222: expired secret", async () => {
    const e = await msalError(h.appToken({ clientId: SYNC_APP, clientSecret: "expired-secret-value", tenant: CONSENTED }));
    expect(e.errorCode).toBe("invalid_client");
    expect(e.errorMessage).toContain("AADSTS7000222");
  });

  test("AADSTS90002: unknown tenant", async () => {
    const e = await msalError(h.appToken({ clientId: SYNC_APP, clientSecret: "good-secret-value", tenant: "99999999-0000-4000-8000-000000000009" }));
    expect(e.errorCode).toBe("invalid_request");
    expect(e.errorMessage).toContain("AADSTS90002");
  });

  test("error bodies have exactly Entra's fields", async () => {
    const form = new URLSearchParams({ grant_type: "client_credentials", client_id: SYNC_APP, client_secret: "nope", scope: "https://graph.microsoft.com/.default" }).toString();
    const r = await h.fetch<Record<string, unknown>>("login", `/${CONSENTED}/oauth2/v2.0/token`, { method: "POST", body: form, headers: { "content-type": "application/x-www-form-urlencoded", "client-request-id": "abc" } });
    expect(r.status).toBe(401);
    expect(Object.keys(r.body).sort()).toEqual(["correlation_id", "error", "error_codes", "error_description", "timestamp", "trace_id"]);
    expect(r.body).toMatchObject({ error: "invalid_client", error_codes: [7000215], correlation_id: "abc" });
    expect(String(r.body.error_description)).toMatch(/^AADSTS7000215: /);
  });

  test("secretExpired fault: a valid secret is refused with AADSTS7000222 while the fault holds", async () => {
    const f = h.sim.control.addFault({ service: "login", kind: "secretExpired", tenantId: CONSENTED, count: 1 });
    const e = await msalError(h.appToken({ clientId: SYNC_APP, clientSecret: "good-secret-value", tenant: CONSENTED }));
    expect(e.errorMessage).toContain("AADSTS7000222");
    h.sim.control.removeFault(f.id);
  });

  test("on-behalf-of: Teams SSO token → Graph token with the consented delegated scopes asked for", async () => {
    const sso = h.sim.control.mintUserToken({ user: "admin@testpartner.onmicrosoft.com", appId: BOT_APP, audience: `api://botid-${BOT_APP}` });
    const cca = h.msal({ clientId: BOT_APP, clientSecret: "bot-secret-value" });
    const r = await cca.acquireTokenOnBehalfOf({ oboAssertion: sso, scopes: ["https://graph.microsoft.com/User.Read"] });
    expect(r?.account?.username).toBe("admin@testpartner.onmicrosoft.com");
    const c = claimsOf(r?.accessToken ?? "");
    expect(c).toMatchObject({ aud: "https://graph.microsoft.com", scp: "User.Read", idtyp: "user", oid: "10000000-0000-4000-8000-0000000000a1", appid: BOT_APP, tid: PARTNER });
    const all = await cca.acquireTokenOnBehalfOf({ oboAssertion: sso, scopes: ["https://graph.microsoft.com/.default"] });
    expect(claimsOf(all?.accessToken ?? "").scp).toBe("User.Read Directory.Read.All");
  });

  test("AADSTS65001: delegated permission not consented", async () => {
    const sso = h.sim.control.mintUserToken({ user: "admin@testpartner.onmicrosoft.com", appId: BOT_APP });
    const cca = h.msal({ clientId: BOT_APP, clientSecret: "bot-secret-value" });
    const e = await msalError(cca.acquireTokenOnBehalfOf({ oboAssertion: sso, scopes: ["https://graph.microsoft.com/Mail.Send"] }));
    expect(e.errorCode).toBe("invalid_grant");
    expect(e.errorMessage).toContain("AADSTS65001");
    const sso2 = h.sim.control.mintUserToken({ user: "admin@testpartner.onmicrosoft.com", appId: NO_CONSENT_BOT });
    const e2 = await msalError(h.msal({ clientId: NO_CONSENT_BOT, clientSecret: "noconsent-secret" }).acquireTokenOnBehalfOf({ oboAssertion: sso2, scopes: ["https://graph.microsoft.com/.default"] }));
    expect(e2.errorMessage).toContain("AADSTS65001");
  });

  test("AADSTS50076: Partner Center on-behalf-of for a user without MFA", async () => {
    const sso = h.sim.control.mintUserToken({ user: "nomfa@testpartner.onmicrosoft.com", appId: BOT_APP });
    const cca = h.msal({ clientId: BOT_APP, clientSecret: "bot-secret-value" });
    const e = await msalError(cca.acquireTokenOnBehalfOf({ oboAssertion: sso, scopes: ["https://api.partnercenter.microsoft.com/user_impersonation"] }));
    expect(e.errorMessage).toContain("AADSTS50076");
    const ok = await cca.acquireTokenOnBehalfOf({ oboAssertion: h.sim.control.mintUserToken({ user: "admin@testpartner.onmicrosoft.com", appId: BOT_APP }), scopes: ["https://api.partnercenter.microsoft.com/user_impersonation"] });
    expect(claimsOf(ok?.accessToken ?? "")).toMatchObject({ aud: "https://api.partnercenter.microsoft.com", scp: "user_impersonation" });
  });

  test("assertion for another app is refused (AADSTS50013)", async () => {
    const sso = h.sim.control.mintUserToken({ user: "admin@testpartner.onmicrosoft.com", appId: SYNC_APP });
    const e = await msalError(h.msal({ clientId: BOT_APP, clientSecret: "bot-secret-value" }).acquireTokenOnBehalfOf({ oboAssertion: sso, scopes: ["User.Read"] }));
    expect(e.errorMessage).toContain("AADSTS50013");
  });

  test("discovery: openid-configuration and JWKS per tenant; unknown tenant → AADSTS90002", async () => {
    const cfg = await h.fetch<Record<string, string>>("login", `/${CONSENTED}/v2.0/.well-known/openid-configuration`);
    expect(cfg.status).toBe(200);
    expect(cfg.body.issuer).toBe(`https://login.microsoftonline.com/${CONSENTED}/v2.0`);
    const keys = await h.fetch<{ keys: { kid: string }[] }>("login", new URL(cfg.body.jwks_uri).pathname);
    expect(keys.body.keys[0].kid).toBe(h.sim.tokens.kid);
    const bad = await h.fetch<{ error_codes: number[] }>("login", "/nowhere.example/v2.0/.well-known/openid-configuration");
    expect(bad.status).toBe(400);
    expect(bad.body.error_codes).toEqual([90002]);
  });

  test("Graph checks the token: 401 for an expired token (sim clock), 403 without the permission", async () => {
    const token = await h.appToken({ clientId: SYNC_APP, clientSecret: "good-secret-value", tenant: CONSENTED });
    const ok = await h.fetch("graph", "/v1.0/organization", { token });
    expect(ok.status).toBe(200);
    const forbidden = await h.fetch<{ error: { code: string } }>("graph", "/v1.0/deviceManagement/managedDevices", { token: await h.appToken({ clientId: SYNC_APP, clientSecret: "good-secret-value", tenant: PARTNER }) });
    expect(forbidden.status).toBe(403);
    h.sim.control.advanceClock((3600 + CLOCK_SKEW_S + 5) * 1000);
    try {
      const expired = await h.fetch<{ error: { code: string; message: string; innerError: Record<string, string> } }>("graph", "/v1.0/organization", { token });
      expect(expired.status).toBe(401);
      expect(expired.body.error.code).toBe("InvalidAuthenticationToken");
      expect(Object.keys(expired.body.error.innerError).sort()).toEqual(["client-request-id", "date", "request-id"]);
    } finally {
      h.sim.control.advanceClock(-(3600 + CLOCK_SKEW_S + 5) * 1000);
    }
    const garbage = await h.fetch("graph", "/v1.0/organization", { token: "abc" });
    expect(garbage.status).toBe(401);
  });
});

describe("Graph SDK RetryHandler against a throttled simulator", () => {
  test("429 with Retry-After from the bucket, then success", async () => {
    const h = await startHarness({
      scenario: {
        name: "throttle",
        partner: {
          tenantId: PARTNER,
          displayName: "P",
          domain: "p.onmicrosoft.com",
          applications: [
            {
              id: "10000000-0000-4000-8000-0000000000c1", appId: SYNC_APP, displayName: "Sync", signInAudience: "AzureADMultipleOrgs", servicePrincipalId: "10000000-0000-4000-8000-0000000000d1",
              passwordCredentials: [{ keyId: "10000000-0000-4000-8000-0000000000e1", secretText: "good-secret-value", startDateTime: "-1d", endDateTime: "+1d" }],
              grantedApplicationPermissions: { graph: ["Organization.Read.All"] },
            },
          ],
        },
        throttling: { profile: "off", graphPerApp: { limit: 1, windowSeconds: 1 } },
      },
      clock: createManualClock(new Date()),
    });
    try {
      const token = await h.appToken({ clientId: SYNC_APP, clientSecret: "good-secret-value" });
      const first = await h.fetch("graph", "/v1.0/organization", { token });
      expect(first.status).toBe(200);
      const raw = await h.fetch<{ error: { code: string } }>("graph", "/v1.0/organization", { token });
      expect(raw.status).toBe(429);
      expect(raw.headers["retry-after"]).toBe("1");
      expect(raw.body.error.code).toBe("TooManyRequests");
      // The SDK's RetryHandler waits the Retry-After on the (frozen) simulator clock, not in real time.
      const chain = retryChain(() => Promise.resolve(token), new RetryHandlerOptions(1, 3), (s) => h.sim.control.advanceClock(s * 1000));
      const client = h.graph({ getToken: () => Promise.resolve(token), middleware: chain.middleware });
      const org = (await client.api("/organization").get()) as { value: unknown[] };
      expect(org.value).toHaveLength(1);
      expect(chain.delays).toEqual([1]);
      const counters = h.sim.control.counters();
      expect(counters.throttled).toBeGreaterThanOrEqual(1);
    } finally {
      await h.stop();
    }
  });
});
