import { createHash } from "node:crypto";
import { GrantStore, checkPkce, grantStore } from "./grants";

const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const S256 = createHash("sha256").update(VERIFIER).digest("base64url");

test.each<[string, { codeChallenge?: string; codeChallengeMethod?: "S256" | "plain" }, string | undefined, string]>([
  ["no challenge at authorize", {}, undefined, "ok"],
  ["S256 match", { codeChallenge: S256, codeChallengeMethod: "S256" }, VERIFIER, "ok"],
  ["S256 mismatch", { codeChallenge: S256, codeChallengeMethod: "S256" }, `${VERIFIER}x`, "mismatch"],
  ["S256 without verifier", { codeChallenge: S256, codeChallengeMethod: "S256" }, undefined, "missing"],
  ["plain match", { codeChallenge: VERIFIER, codeChallengeMethod: "plain" }, VERIFIER, "ok"],
  ["plain is not S256", { codeChallenge: VERIFIER, codeChallengeMethod: "S256" }, VERIFIER, "mismatch"],
])("PKCE: %s", (_name, grant, verifier, expected) => {
  expect(checkPkce(grant, verifier)).toBe(expected);
});

const code = { clientId: "c", redirectUri: "https://x/cb", scope: "openid", userId: "u", userTenantId: "t", tenantId: "t", issuedAtMs: 0 };

test("a code redeems once; unknown codes are undefined", () => {
  const s = new GrantStore();
  const c = s.issueCode(code);
  expect(s.redeemCode(c)?.firstUse).toBe(true);
  expect(s.redeemCode(c)?.firstUse).toBe(false);
  expect(s.redeemCode("nope")).toBeUndefined();
});

test("revoke by user, by client, by token; revoked tokens stay known (for AADSTS50173)", () => {
  const s = new GrantStore();
  const a = s.issueRefresh({ clientId: "c1", userId: "u1", userTenantId: "t", issuedAtMs: 0, mfa: true });
  const b = s.issueRefresh({ clientId: "c2", userId: "u1", userTenantId: "t", issuedAtMs: 0, mfa: true });
  const c = s.issueRefresh({ clientId: "c1", userId: "u2", userTenantId: "t", issuedAtMs: 0, mfa: true });
  expect(s.revoke({ userId: "U1", clientId: "c1" })).toBe(1);
  expect(s.refresh(a)?.revoked).toBe(true);
  expect(s.refresh(b)?.revoked).toBe(false);
  expect(s.revoke({ refreshToken: c })).toBe(1);
  expect(s.revoke({ userId: "u1" })).toBe(1);
  expect(s.revoke({ userId: "u1" })).toBe(0);
});

test("grantStore keeps one store per run state", () => {
  const state = new Map<string, unknown>();
  expect(grantStore(state)).toBe(grantStore(state));
  state.clear();
  expect(grantStore(state)).toBeInstanceOf(GrantStore);
});
