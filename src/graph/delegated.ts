/**
 * The service account's delegated access (the "Connect" of the Microsoft 365 guide), through @azure/msal-node as a
 * confidential client of Tenant Pilot's own app registration (the SSO app):
 * - `authorizeUrl`: Microsoft's authorize endpoint for the service account (authorization code + PKCE S256,
 *   `prompt=select_account`, M365_DELEGATED_SCOPES + `offline_access`);
 * - `redeemCode`: `acquireTokenByCode`; answers who signed in and the refresh token (taken out of this one redemption's
 *   own MSAL cache, which is then dropped);
 * - `customerToken`: from the stored refresh token, a Graph token for customer tenant X with the authority
 *   `https://login.microsoftonline.com/{X}` (refresh-token grant). Entra issues it only through GDAP.
 * - `newerRefreshToken`: the rotated refresh token MSAL kept from those grants (connect.ts stores it).
 *
 * The authority is always the public one; the network client sends it to `hosts.loginUrl`. Tokens are never logged.
 */
import { ConfidentialClientApplication, CryptoProvider, LogLevel, ResponseMode } from "@azure/msal-node";
import { createHash } from "node:crypto";
import { z } from "zod/v4";
import type { MicrosoftHosts } from "../config";
import type { Readable } from "../domain/snapshot";
import type { Logger } from "../log/logger";
import { createGraphClient } from "./client";
import { MicrosoftError, toMicrosoftError, toReadFailure } from "./errors";
import { msalNetworkClient, PUBLIC_LOGIN_ORIGIN, routeLoginUrl } from "./network";
import { reuseUntil, type TokenProvider } from "./tokens";
import { GUID_PATTERN } from "../domain/guid";

/**
 * What the Microsoft 365 sync reads in each customer as the service account, each the least privileged delegated
 * Graph permission Microsoft documents for that read:
 * - `User.Read`: sign-in, and `GET /organization` (the tenant and its basic properties; also the customer-side probe);
 * - `User.Read.All`: `GET /users` with `assignedLicenses` (the users and who holds which licence);
 * - `LicenseAssignment.Read.All`: `GET /subscribedSkus` (the licences bought; narrower than Organization.Read.All).
 * Not `Directory.Read.All` (every directory object). What the account may really do in a customer is further limited
 * by the GDAP roles of its group there (delegated access is the intersection). `offline_access` is added for the
 * refresh token; `openid` / `profile` MSAL adds itself.
 */
export const M365_DELEGATED_SCOPES = ["User.Read", "User.Read.All", "LicenseAssignment.Read.All"] as const;

export interface DelegatedApp {
  clientId: string;
  clientSecret: string;
  /** The partner tenant (the service account's home). */
  tenantId: string;
}

/** Who signed in, from the ID token / account MSAL returned. */
export interface SignedInAccount {
  userId: string;
  upn: string;
  /** The account's home tenant. */
  tenantId: string;
}

export interface DelegatedAuth {
  /** The authorize URL as Microsoft addresses it (public host). */
  authorizeUrl(o: { redirectUri: string; state: string; codeChallenge: string }): Promise<string>;
  /** The same URL on the configured login host (what a browser opens: the simulator in local mode). */
  browserUrl(url: string): string;
  redeemCode(o: { code: string; redirectUri: string; codeVerifier: string }): Promise<{ account: SignedInAccount; refreshToken: string }>;
  /** A Graph token in `tenantId` for the service account (refresh-token grant with that tenant's authority), reused while fresh. */
  customerToken(refreshToken: string, tenantId: string, opts?: { forceRefresh?: boolean }): Promise<string>;
  /**
   * Refresh tokens rotate: Entra answers every refresh-token grant with a new refresh token (the one presented stays
   * valid only until its own 90 days end), which MSAL keeps in its cache. This is the newest one MSAL holds for the
   * account `refreshToken` signed in (undefined before customerToken used it, or when it is the newest itself).
   */
  newerRefreshToken(refreshToken: string): string | undefined;
}

const Guid = z.string().regex(GUID_PATTERN);

/** Pure: the PKCE S256 challenge of a verifier (RFC 7636: base64url(sha256(verifier)), no padding). */
export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** A fresh PKCE verifier (43 base64url characters from 32 random bytes). */
export async function newPkceVerifier(): Promise<string> {
  return (await new CryptoProvider().generatePkceCodes()).verifier;
}

const CacheSchema = z.object({ RefreshToken: z.record(z.string(), z.object({ secret: z.string().min(1), home_account_id: z.string().optional() })).optional() });

/** Pure: the refresh token of a serialized MSAL cache (of `homeAccountId` when given; undefined when there is none). */
export function refreshTokenOfCache(serialized: string, homeAccountId?: string): string | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(serialized);
  } catch {
    return undefined;
  }
  const r = CacheSchema.safeParse(raw);
  if (!r.success) return undefined;
  const entries = Object.values(r.data.RefreshToken ?? {});
  if (homeAccountId === undefined) return entries[0]?.secret;
  return entries.find((e) => e.home_account_id?.toLowerCase() === homeAccountId.toLowerCase())?.secret;
}

export function createDelegatedAuth(hosts: MicrosoftHosts, app: DelegatedApp, opts: { logger: Logger; now?: () => number }): DelegatedAuth {
  const log = opts.logger.child({ component: "delegated" });
  const now = opts.now ?? Date.now;
  const networkClient = msalNetworkClient(hosts, { logger: log });
  const authority = `${PUBLIC_LOGIN_ORIGIN}/${app.tenantId.toLowerCase()}`;
  const newClient = (): ConfidentialClientApplication =>
    new ConfidentialClientApplication({
      auth: { clientId: app.clientId, clientSecret: app.clientSecret, authority },
      system: {
        networkClient,
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (_level, message, containsPii) => {
            if (!containsPii) log.debug("msal", { message });
          },
        },
      },
    });
  /** Customer tokens: one client (the authority is per request); its cache is ours, below. */
  const customers = newClient();
  const issued = new Map<string, { token: string; until: number }>();
  const inFlight = new Map<string, Promise<string>>();
  const scopes = [...M365_DELEGATED_SCOPES];
  const fingerprint = (refreshToken: string): string => createHash("sha256").update(refreshToken).digest("hex").slice(0, 32);
  /** Which account each refresh token presented here signed in (MSAL's home account id), by fingerprint (few entries: one per stored token). */
  const accountOf = new Map<string, string>();

  return {
    authorizeUrl: (o) =>
      newClient().getAuthCodeUrl({
        scopes: [...scopes, "offline_access"],
        redirectUri: o.redirectUri,
        state: o.state,
        codeChallenge: o.codeChallenge,
        codeChallengeMethod: "S256",
        prompt: "select_account",
        responseMode: ResponseMode.QUERY,
      }),
    browserUrl: (url) => routeLoginUrl(url, hosts.loginUrl),
    redeemCode: async (o) => {
      // A client per redemption: its cache then holds exactly this sign-in's refresh token, and is dropped.
      const cca = newClient();
      try {
        const r = await cca.acquireTokenByCode({ code: o.code, redirectUri: o.redirectUri, codeVerifier: o.codeVerifier, scopes: [...scopes, "offline_access"] });
        const claims = (r.idTokenClaims ?? {}) as Record<string, unknown>;
        const userId = typeof claims.oid === "string" ? claims.oid : r.account?.localAccountId;
        const upn = r.account?.username ?? (typeof claims.preferred_username === "string" ? claims.preferred_username : undefined);
        const tenantId = r.account?.tenantId ?? (typeof claims.tid === "string" ? claims.tid : undefined);
        const refreshToken = refreshTokenOfCache(cca.getTokenCache().serialize());
        if (!userId || !upn || !tenantId || !refreshToken) throw new MicrosoftError({ code: "unknown", service: "login", microsoftCode: "no_account_or_refresh_token" });
        return { account: { userId, upn, tenantId }, refreshToken };
      } catch (e) {
        const err = toMicrosoftError(e, "login");
        log.debug("code redemption failed", { code: err.code, microsoftCode: err.microsoftCode });
        throw err;
      }
    },
    customerToken: (refreshToken, tenantId, o = {}) => {
      if (!Guid.safeParse(tenantId).success) return Promise.reject(new MicrosoftError({ code: "badRequest", service: "login", microsoftCode: "invalid tenant" }));
      const key = `${fingerprint(refreshToken)}|${tenantId.toLowerCase()}`;
      const hit = issued.get(key);
      if (o.forceRefresh !== true && hit && now() < hit.until) return Promise.resolve(hit.token);
      const pending = inFlight.get(key);
      if (pending) return pending;
      const p = (async () => {
        try {
          // forceCache: MSAL (msal-common's ResponseHandler) stores a refresh grant's answer — the rotated refresh token
          // among it — only when the account is already in its cache or forceCache is set; without it the new refresh
          // token Entra returned would be dropped. (One entry per account: each grant overwrites the previous one.)
          const r = await customers.acquireTokenByRefreshToken({ refreshToken, scopes, authority: `${PUBLIC_LOGIN_ORIGIN}/${tenantId.toLowerCase()}`, forceCache: true });
          if (!r?.accessToken) throw new MicrosoftError({ code: "unknown", service: "login", microsoftCode: "no_token" });
          issued.set(key, { token: r.accessToken, until: reuseUntil(r) });
          const home = r.account?.homeAccountId;
          if (home) {
            if (accountOf.size >= 64) accountOf.clear();
            accountOf.set(fingerprint(refreshToken), home);
          }
          return r.accessToken;
        } catch (e) {
          const err = toMicrosoftError(e, "login");
          log.debug("customer token failed", { tenantId, code: err.code, microsoftCode: err.microsoftCode });
          throw err;
        } finally {
          inFlight.delete(key);
        }
      })();
      inFlight.set(key, p);
      return p;
    },
    newerRefreshToken: (refreshToken) => {
      const home = accountOf.get(fingerprint(refreshToken));
      if (home === undefined) return undefined;
      const newest = refreshTokenOfCache(customers.getTokenCache().serialize(), home);
      return newest !== undefined && newest !== refreshToken ? newest : undefined;
    },
  };
}

/** A TokenProvider for the service account in one customer tenant. */
export function customerTokenProvider(auth: DelegatedAuth, refreshToken: string, tenantId: string): TokenProvider {
  return ({ forceRefresh }) => auth.customerToken(refreshToken, tenantId, { forceRefresh });
}

/**
 * The customer-side confirmation: one cheap read in the customer as the service account (`GET /organization`, which
 * any directory role may read). Ok with the tenant id Graph answered; the mapped failure otherwise (no GDAP: the
 * token is refused; a role missing: Graph's 403).
 */
export async function readCustomerOrganization(hosts: MicrosoftHosts, token: TokenProvider, opts: { logger: Logger }): Promise<Readable<{ id: string }>> {
  try {
    const graph = createGraphClient(hosts, token, { logger: opts.logger });
    const res = await graph.get<{ value?: Array<{ id?: unknown }> }>("/organization?$select=id");
    const id = res.value?.[0]?.id;
    if (typeof id !== "string") return { ok: false, error: { code: "unknown", message: "Microsoft Graph answered without the organization." } };
    return { ok: true, value: { id } };
  } catch (e) {
    return { ok: false, error: toReadFailure(e) };
  }
}
