import { CryptoProvider } from "@azure/msal-node";
import { M365_DELEGATED_SCOPES, pkceChallenge, refreshTokenOfCache } from "./delegated";

describe("delegated (pure parts)", () => {
  it("PKCE S256: the challenge MSAL computes for its own verifier", async () => {
    const codes = await new CryptoProvider().generatePkceCodes();
    expect(pkceChallenge(codes.verifier)).toBe(codes.challenge);
  });

  test.each<[string, string, string | undefined]>([
    ["one refresh token", JSON.stringify({ RefreshToken: { k: { secret: "rt-1", home_account_id: "x" } }, AccessToken: {} }), "rt-1"],
    ["none", JSON.stringify({ RefreshToken: {} }), undefined],
    ["no section", JSON.stringify({ Account: {} }), undefined],
    ["not JSON", "{", undefined],
    ["wrong shape", JSON.stringify({ RefreshToken: { k: { secret: 3 } } }), undefined],
  ])("refreshTokenOfCache: %s", (_n, cache, expected) => {
    expect(refreshTokenOfCache(cache)).toBe(expected);
  });

  it("least privilege: no Directory.* scope", () => {
    expect(M365_DELEGATED_SCOPES.some((s) => s.startsWith("Directory."))).toBe(false);
  });
});
