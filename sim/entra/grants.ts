/**
 * Authorization codes and refresh tokens the simulated Entra has issued, kept in the run's state (cleared by the
 * control API's reset). Lifetimes follow Microsoft's documentation: an authorization code is short lived ("typically
 * they expire after about 10 minutes", auth-code flow page) and single use; a refresh token stays valid for 90 days of
 * inactivity and at most 90 days from its issue (refresh-tokens page: "90 days ... default lifetime"), each use
 * returns a new one (the old one is not revoked), and revoking a user's
 * sessions (revokeSignInSessions) invalidates every refresh token issued before.
 */
import { createHash, randomBytes } from "node:crypto";

export const CODE_LIFETIME_MS = 10 * 60_000;
export const REFRESH_INACTIVITY_MS = 90 * 86_400_000;
/** A refresh token's own lifetime from its issue (each new one starts its own 90 days). */
export const REFRESH_LIFETIME_MS = 90 * 86_400_000;

export interface CodeGrant {
  clientId: string;
  redirectUri: string;
  /** The scope parameter of the authorize request. */
  scope: string;
  userId: string;
  /** The user's home tenant. */
  userTenantId: string;
  /** The tenant the code was issued for (the authority's tenant; the home tenant for common / organizations). */
  tenantId: string;
  codeChallenge?: string;
  codeChallengeMethod?: "S256" | "plain";
  nonce?: string;
  issuedAtMs: number;
  redeemed: boolean;
}

export interface RefreshGrant {
  clientId: string;
  userId: string;
  userTenantId: string;
  issuedAtMs: number;
  lastUsedMs: number;
  revoked: boolean;
  mfa: boolean;
}

export type PkceCheck = "ok" | "missing" | "mismatch";

/** RFC 7636: S256 is base64url(SHA-256(verifier)); plain compares as is. No challenge at authorize: nothing to check. */
export function checkPkce(grant: Pick<CodeGrant, "codeChallenge" | "codeChallengeMethod">, verifier: string | undefined): PkceCheck {
  if (!grant.codeChallenge) return "ok";
  if (!verifier) return "missing";
  const computed = grant.codeChallengeMethod === "plain" ? verifier : createHash("sha256").update(verifier).digest("base64url");
  return computed === grant.codeChallenge ? "ok" : "mismatch";
}

export class GrantStore {
  private readonly codes = new Map<string, CodeGrant>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();

  issueCode(g: Omit<CodeGrant, "redeemed">): string {
    const code = `1.A${randomBytes(48).toString("base64url")}`;
    this.codes.set(code, { ...g, redeemed: false });
    return code;
  }

  /** The code's grant (marked redeemed from now on); undefined for a code this run never issued. */
  redeemCode(code: string): { grant: CodeGrant; firstUse: boolean } | undefined {
    const grant = this.codes.get(code);
    if (!grant) return undefined;
    const firstUse = !grant.redeemed;
    grant.redeemed = true;
    return { grant, firstUse };
  }

  issueRefresh(g: Omit<RefreshGrant, "lastUsedMs" | "revoked">): string {
    const token = `1.A${randomBytes(96).toString("base64url")}`;
    this.refreshTokens.set(token, { ...g, lastUsedMs: g.issuedAtMs, revoked: false });
    return token;
  }

  /** Every authorization code and refresh token issued this run (the secret scanner's list). */
  issued(): { codes: string[]; refreshTokens: string[] } {
    return { codes: [...this.codes.keys()], refreshTokens: [...this.refreshTokens.keys()] };
  }

  refresh(token: string): RefreshGrant | undefined {
    return this.refreshTokens.get(token);
  }

  /** Revokes refresh tokens of a user (optionally of one client), or one token; returns how many were live. */
  revoke(by: { userId?: string; clientId?: string; refreshToken?: string }): number {
    let n = 0;
    for (const [token, g] of this.refreshTokens) {
      if (g.revoked) continue;
      if (by.refreshToken !== undefined && token !== by.refreshToken) continue;
      if (by.userId !== undefined && g.userId !== by.userId.toLowerCase()) continue;
      if (by.clientId !== undefined && g.clientId !== by.clientId.toLowerCase()) continue;
      g.revoked = true;
      n++;
    }
    return n;
  }
}

const STATE_KEY = "entra.grants";

/** The run's grant store, created on first use (state is cleared by reset). */
export function grantStore(state: Map<string, unknown> | undefined): GrantStore {
  if (!state) return new GrantStore();
  const hit = state.get(STATE_KEY);
  if (hit instanceof GrantStore) return hit;
  const store = new GrantStore();
  state.set(STATE_KEY, store);
  return store;
}
