import { appTokenClaims, principalOf, resourceOf, teamsSsoClaims, TokenService, userTokenClaims } from "./tokens";

const tokens = new TokenService();
const NOW = Date.UTC(2025, 0, 15, 9);

test("signed tokens verify; tampering, other keys and garbage do not", () => {
  const t = tokens.sign(appTokenClaims({ tenantId: "t", appId: "a", audience: "https://graph.microsoft.com", roles: ["R"], servicePrincipalId: "sp", nowMs: NOW }));
  expect(tokens.verify(t)).toMatchObject({ ok: true, claims: { tid: "t", roles: ["R"], idtyp: "app", exp: NOW / 1000 + 3599 } });
  const [h, p, s] = t.split(".");
  const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, "base64url").toString()), roles: ["Everything"] })).toString("base64url")}.${s}`;
  expect(tokens.verify(forged)).toEqual({ ok: false, reason: "signature" });
  expect(new TokenService().verify(t)).toEqual({ ok: false, reason: "signature" });
  expect(tokens.verify("abc")).toEqual({ ok: false, reason: "malformed" });
  expect(tokens.verify("a.b.c")).toEqual({ ok: false, reason: "malformed" });
});

test("JWKS publishes the signing key with its kid", () => {
  const jwks = tokens.jwks();
  expect(jwks.keys[0]).toMatchObject({ kty: "RSA", use: "sig", kid: tokens.kid, e: "AQAB" });
});

test.each([
  ["https://graph.microsoft.com", "graph"],
  ["https://graph.microsoft.com/", "graph"],
  ["00000003-0000-0000-c000-000000000000", "graph"],
  ["https://api.partnercenter.microsoft.com", "partnerCenter"],
  ["https://api.securitycenter.microsoft.com", "defender"],
  ["https://api.botframework.com", "botframework"],
  ["https://example.com", undefined],
])("resourceOf(%s)", (aud, r) => {
  expect(resourceOf(aud)).toBe(r);
});

test("principals of app, delegated and Teams SSO tokens", () => {
  expect(principalOf(appTokenClaims({ tenantId: "t", appId: "a", audience: "x", roles: ["R1", "R2"], servicePrincipalId: "sp", nowMs: NOW }))).toEqual({ kind: "app", tenantId: "t", appId: "a", roles: ["R1", "R2"], scopes: [], oid: "sp", audience: "x" });
  expect(principalOf(userTokenClaims({ tenantId: "t", appId: "a", audience: "x", scopes: ["User.Read", "Directory.Read.All"], userId: "u", upn: "u@t", name: "U", nowMs: NOW, mfa: true }))).toMatchObject({ kind: "delegated", scopes: ["User.Read", "Directory.Read.All"], oid: "u", roles: [] });
  const sso = teamsSsoClaims({ tenantId: "t", botAppId: "bot", userId: "u", upn: "u@t", name: "U", nowMs: NOW });
  expect(sso).toMatchObject({ aud: "bot", scp: "access_as_user", ver: "2.0", iss: "https://login.microsoftonline.com/t/v2.0" });
  expect(principalOf(sso).appId).toBe("1fec8e78-bce4-4aaf-ab1b-5451cc387264");
});
