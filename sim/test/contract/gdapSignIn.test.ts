/**
 * Delegated GDAP access with the REAL @azure/msal-node and Graph SDK: the service account connects Tenant Pilot through
 * the authorization code flow with PKCE (sign-in driven through the control API, and once through the sign-in page),
 * MSAL redeems the code, then acquires tokens silently for CUSTOMER tenants with the customer's authority (refresh
 * token grant). A customer token exists only through GDAP and carries the roles it gives (`wids`); Graph in the customer
 * is authorized by them; AADSTS errors for a bad code, verifier, expired code, revoked and inactive refresh tokens.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { CryptoProvider, type AccountInfo, type ConfidentialClientApplication } from "@azure/msal-node";
import { createManualClock } from "../../core/clock";
import { SimWorld } from "../../core/world";
import { LOGIN_HOST, startHarness, type Harness } from "../../testing/harness";
import { claimsOf, graphError, msalError } from "../../testing/sdk";

const DEMO = path.join(__dirname, "../../scenarios/demo.json");
const PARTNER = "c0c0c0c0-0000-4000-8000-000000000000";
const BOT = { clientId: "ab000000-0000-4000-8000-000000000002", clientSecret: "demo-bot-secret-0001" };
const REDIRECT = "https://localhost:3978/auth-end";
const SVC = "svc-lifecycle@contosoitpartners.onmicrosoft.com";
const ALICE = "alice@contosoitpartners.onmicrosoft.com";
const FABRIKAM = "cc000000-0000-4000-8000-000000000001";
const LITWARE = "cc000000-0000-4000-8000-000000000005"; // relationship expired
const WOODGROVE = "cc000000-0000-4000-8000-000000000006"; // no App Admin assignment for the lifecycle group
const WWI = "cc000000-0000-4000-8000-000000000008"; // access assignment pending
const FOURTH = "cc000000-0000-4000-8000-000000000014";
const APP_ADMIN = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3";
const CLOUD_APP_ADMIN = "158c047a-c907-4556-b7ef-446551a6b5f7";
const DIRECTORY_READERS = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";
const SCOPES = ["https://graph.microsoft.com/Directory.Read.All"];

interface DemoApp {
  appId: string;
  redirectUris?: string[];
}
interface DemoCustomer {
  tenantId: string;
  consentedApps: { appId: string }[];
}

/** The demo with Tenant Pilot's redirect URI registered and Tenant Pilot consented in the customers this suite visits. */
function scenario(): Record<string, unknown> {
  const s = JSON.parse(readFileSync(DEMO, "utf8")) as { partner: { applications: DemoApp[] }; customers: DemoCustomer[] } & Record<string, unknown>;
  for (const a of s.partner.applications) if (a.appId === BOT.clientId) a.redirectUris = [REDIRECT];
  for (const c of s.customers) if ([FABRIKAM, LITWARE, WOODGROVE, WWI, FOURTH].includes(c.tenantId)) c.consentedApps.push({ appId: BOT.clientId });
  return s;
}

const clock = createManualClock(new Date());
let h: Harness;
const crypto = new CryptoProvider();

beforeAll(async () => {
  h = await startHarness({ scenario: scenario(), port: 0, clock });
});
afterAll(async () => {
  await h.stop();
});

interface Connected {
  cca: ConfidentialClientApplication;
  account: AccountInfo;
  accessToken: string;
}

/** getAuthCodeUrl (PKCE S256) → the control API signs `user` in → acquireTokenByCode. */
async function connect(user: string): Promise<Connected> {
  const cca = h.msal(BOT);
  const pkce = await crypto.generatePkceCodes();
  const url = await cca.getAuthCodeUrl({ scopes: [...SCOPES, "offline_access"], redirectUri: REDIRECT, codeChallenge: pkce.challenge, codeChallengeMethod: "S256", state: "st-1", prompt: "select_account" });
  expect(url.startsWith(`${LOGIN_HOST}/${PARTNER}/oauth2/v2.0/authorize?`)).toBe(true);
  const done = h.sim.control.completeAuthorize({ url, user });
  if ("error" in done) throw new Error(done.description);
  expect(new URL(done.redirect).searchParams.get("state")).toBe("st-1");
  const r = await cca.acquireTokenByCode({ code: done.code, scopes: SCOPES, redirectUri: REDIRECT, codeVerifier: pkce.verifier });
  if (!r.account) throw new Error("no account");
  return { cca, account: r.account, accessToken: r.accessToken };
}

const silent = (c: Connected, tenant: string, forceRefresh = false) =>
  c.cca.acquireTokenSilent({ account: c.account, scopes: SCOPES, authority: `${LOGIN_HOST}/${tenant}`, forceRefresh });

const graphWith = (token: string) => h.graph({ getToken: () => Promise.resolve(token) });

describe("connecting the service account: authorization code + PKCE", () => {
  test("the code is redeemed by MSAL: a partner-tenant token for the service account, with a refresh token", async () => {
    const c = await connect(SVC);
    expect(c.account.username).toBe(SVC);
    expect(c.account.tenantId).toBe(PARTNER);
    expect(claimsOf(c.accessToken)).toMatchObject({ tid: PARTNER, upn: SVC, scp: "Directory.Read.All", appid: BOT.clientId, idtyp: "user" });
    const me = (await graphWith(c.accessToken).api("/me").select(["userPrincipalName"]).get()) as { userPrincipalName: string };
    expect(me.userPrincipalName).toBe(SVC);
  });

  test("the sign-in page lists the partner's users; following one redirects with the code", async () => {
    const pkce = await crypto.generatePkceCodes();
    const url = await h.msal(BOT).getAuthCodeUrl({ scopes: SCOPES, redirectUri: REDIRECT, codeChallenge: pkce.challenge, codeChallengeMethod: "S256", state: "p" });
    const pageRes = await h.fetch<string>("login", url.slice(LOGIN_HOST.length));
    expect(pageRes.status).toBe(200);
    expect(pageRes.headers["content-type"]).toMatch(/^text\/html/);
    expect(pageRes.body).toContain(SVC);
    const link = /href="([^"]+)"/.exec(pageRes.body)?.[1]?.replace(/&#38;/g, "&") ?? "";
    const pick = await h.fetch("login", link.slice(h.sim.urls.login.length), { redirect: "manual" });
    expect(pick.status).toBe(302);
    const to = new URL(pick.headers.location ?? "");
    expect(`${to.origin}${to.pathname}`).toBe(REDIRECT);
    expect(to.searchParams.get("code")).toBeTruthy();
    expect(to.searchParams.get("state")).toBe("p");
  });

  test("a redirect_uri the app does not register is refused on the page (AADSTS50011)", async () => {
    const url = await h.msal(BOT).getAuthCodeUrl({ scopes: SCOPES, redirectUri: "https://evil.example/cb" });
    const done = h.sim.control.completeAuthorize({ url, user: SVC });
    expect(done).toMatchObject({ error: "invalid_request", code: 50011 });
    const res = await h.fetch<string>("login", url.slice(LOGIN_HOST.length));
    expect(res.status).toBe(400);
    expect(res.body).toContain("AADSTS50011");
  });

  test.each<[string, number, (code: string) => { code: string; codeVerifier: string }]>([
    ["a wrong PKCE verifier", 501481, (code) => ({ code, codeVerifier: "x".repeat(43) })],
    ["a code this Entra never issued", 70000, () => ({ code: "1.AnotAcode", codeVerifier: "x".repeat(43) })],
  ])("%s: AADSTS%s", async (_name, aadsts, mutate) => {
    const cca = h.msal(BOT);
    const pkce = await crypto.generatePkceCodes();
    const url = await cca.getAuthCodeUrl({ scopes: SCOPES, redirectUri: REDIRECT, codeChallenge: pkce.challenge, codeChallengeMethod: "S256" });
    const done = h.sim.control.completeAuthorize({ url, user: SVC });
    if ("error" in done) throw new Error(done.description);
    const e = await msalError(cca.acquireTokenByCode({ ...mutate(done.code), scopes: SCOPES, redirectUri: REDIRECT }));
    expect(e.errorMessage).toContain(`AADSTS${aadsts}`);
  });

  test("a code is single use (AADSTS54005) and lives 10 minutes (AADSTS70008)", async () => {
    const cca = h.msal(BOT);
    const pkce = await crypto.generatePkceCodes();
    const mk = async () => {
      const url = await cca.getAuthCodeUrl({ scopes: SCOPES, redirectUri: REDIRECT, codeChallenge: pkce.challenge, codeChallengeMethod: "S256" });
      const done = h.sim.control.completeAuthorize({ url, user: SVC });
      if ("error" in done) throw new Error(done.description);
      return done.code;
    };
    const code = await mk();
    await cca.acquireTokenByCode({ code, scopes: SCOPES, redirectUri: REDIRECT, codeVerifier: pkce.verifier });
    expect((await msalError(cca.acquireTokenByCode({ code, scopes: SCOPES, redirectUri: REDIRECT, codeVerifier: pkce.verifier }))).errorMessage).toContain("AADSTS54005");
    const late = await mk();
    h.sim.control.advanceClock(11 * 60_000);
    expect((await msalError(cca.acquireTokenByCode({ code: late, scopes: SCOPES, redirectUri: REDIRECT, codeVerifier: pkce.verifier }))).errorMessage).toContain("AADSTS70008");
  });
});

describe("customer tenants through GDAP: acquireTokenSilent with the customer's authority", () => {
  test("a healthy customer: a token for Fabrikam whose wids are the access assignment's roles", async () => {
    const c = await connect(SVC);
    const r = await silent(c, FABRIKAM);
    const claims = claimsOf(r.accessToken);
    expect(claims).toMatchObject({ tid: FABRIKAM, upn: SVC, idp: `https://sts.windows.net/${PARTNER}/` });
    expect([...(claims.wids as string[])].sort()).toEqual([APP_ADMIN, CLOUD_APP_ADMIN, DIRECTORY_READERS].sort());
    expect(r.account?.homeAccountId).toBe(c.account.homeAccountId);
  });

  test.each([
    ["expired relationship", LITWARE],
    ["no assignment of the lifecycle group with a role", WOODGROVE],
    ["pending access assignment", WWI],
  ])("%s: no token (AADSTS50020)", async (_name, tenant) => {
    const c = await connect(SVC);
    const e = await msalError(silent(c, tenant));
    expect(e.errorMessage).toContain("AADSTS50020");
  });

  test("Graph in the customer is authorized by the GDAP roles: Application Administrator reads applications, not users", async () => {
    const c = await connect(SVC);
    // Fourth Coffee gives the lifecycle group the M365 guide's roles only (Application / Cloud Application Administrator).
    const g = graphWith((await silent(c, FOURTH)).accessToken);
    await expect(g.api("/servicePrincipals").get()).resolves.toBeDefined();
    await expect(g.api("/organization").get()).resolves.toBeDefined();
    const e = await graphError(g.api("/users").get());
    expect(e.statusCode).toBe(403);
    expect(e.code).toBe("Authorization_RequestDenied");
  });

  test("Directory Readers in the lifecycle group's assignment (Fabrikam): the service account reads users too", async () => {
    const c = await connect(SVC);
    const g = graphWith((await silent(c, FABRIKAM)).accessToken);
    const users = (await g.api("/users").get()) as { value: unknown[] };
    expect(users.value.length).toBeGreaterThan(0);
  });

  test("Alice (in the group holding Global Reader) reads users in Fabrikam", async () => {
    const c = await connect(ALICE);
    const g = graphWith((await silent(c, FABRIKAM)).accessToken);
    const users = (await g.api("/users").get()) as { value: unknown[] };
    expect(users.value.length).toBeGreaterThan(0);
  });

  test("access ends when GDAP ends: the same token is refused once the relationship is terminated", async () => {
    const c = await connect(SVC);
    const g = graphWith((await silent(c, FOURTH)).accessToken);
    await expect(g.api("/servicePrincipals").get()).resolves.toBeDefined();
    const world = h.sim.world;
    if (!(world instanceof SimWorld)) throw new Error("world");
    const rel = world.gdapRelationshipsOf(FOURTH)[0];
    world.updateGdapRelationship({ ...rel, status: "terminated" });
    expect((await graphError(g.api("/servicePrincipals").get())).statusCode).toBe(403);
    expect((await msalError(silent(c, FOURTH, true))).errorMessage).toContain("AADSTS50020");
    world.updateGdapRelationship(rel);
  });
});

describe("refresh tokens", () => {
  test("revoked from the control API: the next refresh fails with AADSTS50173", async () => {
    const c = await connect(SVC);
    await silent(c, FABRIKAM);
    expect(h.sim.control.revokeRefreshTokens({ user: SVC, appId: BOT.clientId })).toBeGreaterThan(0);
    const e = await msalError(silent(c, FABRIKAM, true));
    expect(e.errorMessage).toContain("AADSTS50173");
  });

  test("unused for 90 days: AADSTS700082", async () => {
    const c = await connect(SVC);
    h.sim.control.advanceClock(91 * 86_400_000);
    const e = await msalError(silent(c, PARTNER, true));
    expect(e.errorMessage).toContain("AADSTS700082");
  });

  test("each refresh returns a new refresh token; the first one ends 90 days after its issue even when used, the newest lives on", async () => {
    const c = await connect(SVC);
    const rtOf = (): string => Object.values((JSON.parse(c.cca.getTokenCache().serialize()) as { RefreshToken: Record<string, { secret: string }> }).RefreshToken)[0]?.secret ?? "";
    const first = rtOf();
    h.sim.control.advanceClock(60 * 86_400_000);
    await silent(c, PARTNER, true); // MSAL presents the first token and keeps the new one
    const second = rtOf();
    expect(second).not.toBe(first);
    h.sim.control.advanceClock(31 * 86_400_000);
    const e = await msalError(c.cca.acquireTokenByRefreshToken({ refreshToken: first, scopes: SCOPES, authority: `${LOGIN_HOST}/${PARTNER}` }));
    expect(e.errorMessage).toContain("AADSTS700082");
    await expect(silent(c, PARTNER, true)).resolves.toMatchObject({ accessToken: expect.stringMatching(/^ey/) });
  });
});
