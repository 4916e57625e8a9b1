/**
 * Tokens: RS256 JWTs signed with a per-run key (with `kid`), the JWKS that publishes it, and verification with a cache
 * of already-verified tokens (so a benchmark's thousands of requests with the same token cost one RSA verify).
 */
import { createHash, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from "node:crypto";
import type { Principal } from "./types";

export type Resource = "graph" | "partnerCenter" | "defender" | "botframework" | "keyVault";

/** Audiences (and the resource identifiers a client may ask for) of each resource. */
export const RESOURCE_IDS: Record<Resource, string[]> = {
  graph: ["https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000", "https://graph.microsoft.us", "https://canary.graph.microsoft.com"],
  partnerCenter: ["https://api.partnercenter.microsoft.com", "fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd"],
  defender: ["https://api.securitycenter.microsoft.com", "https://api.security.microsoft.com", "fc780465-2017-40d4-a0c5-307022471b92"],
  botframework: ["https://api.botframework.com"],
  /** Azure Key Vault's data plane (sim/keyvault): access is Azure RBAC on the vault, so its tokens carry no roles. */
  keyVault: ["https://vault.azure.net", "cfa8b339-82a2-471a-a3c9-0fc0be7a4093"],
};

const resourceByAudience = new Map<string, Resource>();
for (const [r, ids] of Object.entries(RESOURCE_IDS) as [Resource, string[]][]) for (const id of ids) resourceByAudience.set(id.toLowerCase(), r);

/** Which resource an audience or resource identifier names (trailing slash ignored). */
export function resourceOf(audienceOrId: string): Resource | undefined {
  return resourceByAudience.get(audienceOrId.toLowerCase().replace(/\/+$/, ""));
}

export interface TokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  tid: string;
  oid: string;
  sub: string;
  ver: "1.0" | "2.0";
  uti: string;
  appid?: string;
  azp?: string;
  appidacr?: string;
  azpacr?: string;
  idtyp?: "app" | "user";
  roles?: string[];
  scp?: string;
  upn?: string;
  unique_name?: string;
  preferred_username?: string;
  name?: string;
  amr?: string[];
  [extra: string]: unknown;
}

export type VerifyResult =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: "malformed" | "signature" };

const b64u = (s: string | Buffer) => Buffer.from(s).toString("base64url");

export class TokenService {
  readonly kid: string;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly jwk: { kty: string; n: string; e: string };
  private readonly headerB64: string;
  private readonly verified = new Map<string, TokenClaims>();
  /** Every token signed this run, oldest first, at most MAX_ISSUED (the secret scanner's list: control API GET /secrets/issued). */
  private readonly issuedTokens: string[] = [];
  private issuedDropped = 0;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    const jwk = publicKey.export({ format: "jwk" });
    this.jwk = { kty: "RSA", n: String(jwk.n), e: String(jwk.e) };
    this.kid = createHash("sha1").update(publicKey.export({ format: "der", type: "spki" })).digest("base64url").slice(0, 27);
    this.headerB64 = b64u(JSON.stringify({ typ: "JWT", alg: "RS256", x5t: this.kid, kid: this.kid }));
  }

  /** The JSON Web Key Set with this run's signing key. */
  jwks(issuer?: string): { keys: Record<string, unknown>[] } {
    return { keys: [{ kty: this.jwk.kty, use: "sig", kid: this.kid, x5t: this.kid, n: this.jwk.n, e: this.jwk.e, ...(issuer ? { issuer } : {}) }] };
  }

  /** PEM of the public key (for tests that verify tokens themselves). */
  publicKeyPem(): string {
    return createPublicKey(this.publicKey).export({ format: "pem", type: "spki" }).toString();
  }

  sign(claims: TokenClaims): string {
    const body = `${this.headerB64}.${b64u(JSON.stringify(claims))}`;
    const sig = sign("sha256", Buffer.from(body), this.privateKey);
    const token = `${body}.${sig.toString("base64url")}`;
    this.issuedTokens.push(token);
    if (this.issuedTokens.length > TokenService.MAX_ISSUED) {
      this.issuedTokens.shift();
      this.issuedDropped++;
    }
    return token;
  }

  static readonly MAX_ISSUED = 20_000;

  /** The tokens signed this run (the newest MAX_ISSUED) and how many older ones were dropped from the list. */
  issued(): { tokens: string[]; dropped: number } {
    return { tokens: [...this.issuedTokens], dropped: this.issuedDropped };
  }

  /** Checks the structure and signature (not the lifetime or audience: callers decide against their clock). */
  verify(token: string): VerifyResult {
    const hit = this.verified.get(token);
    if (hit) return { ok: true, claims: hit };
    const parts = token.split(".");
    if (parts.length !== 3 || !parts[0] || !parts[1]) return { ok: false, reason: "malformed" };
    let header: unknown;
    let claims: unknown;
    try {
      header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
      claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    } catch {
      return { ok: false, reason: "malformed" };
    }
    if (!isRecord(header) || !isRecord(claims)) return { ok: false, reason: "malformed" };
    if (header.alg !== "RS256" || header.kid !== this.kid) return { ok: false, reason: "signature" };
    const good = verify("sha256", Buffer.from(`${parts[0]}.${parts[1]}`), this.publicKey, Buffer.from(parts[2], "base64url"));
    if (!good) return { ok: false, reason: "signature" };
    const c = claims as TokenClaims;
    if (typeof c.exp !== "number" || typeof c.tid !== "string" || typeof c.aud !== "string") return { ok: false, reason: "malformed" };
    if (this.verified.size >= 10_000) this.verified.clear();
    this.verified.set(token, c);
    return { ok: true, claims: c };
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Teams' client id: the `azp`/`appid` of the SSO tokens Teams hands to a bot's tab or message extension. */
export const TEAMS_CLIENT_ID = "1fec8e78-bce4-4aaf-ab1b-5451cc387264";

const LIFETIME_S = 3599;

/** The claims every v1 access token starts with: audience, issuer and its validity window. */
function v1Envelope(p: { tenantId: string; audience: string; nowMs: number; lifetimeS?: number }) {
  const iat = Math.floor(p.nowMs / 1000);
  return { aud: p.audience, iss: `https://sts.windows.net/${p.tenantId}/`, iat, nbf: iat, exp: iat + (p.lifetimeS ?? LIFETIME_S) };
}

/** An app-only access token as Entra issues it for a v1 resource (Graph, Partner Center, Defender, Bot Framework). */
export function appTokenClaims(p: { tenantId: string; appId: string; audience: string; roles: string[]; servicePrincipalId: string; nowMs: number; lifetimeS?: number }): TokenClaims {
  return {
    ...v1Envelope(p),
    aio: b64u(randomUUID()).slice(0, 40),
    appid: p.appId,
    appidacr: "1",
    idp: `https://sts.windows.net/${p.tenantId}/`,
    idtyp: "app",
    oid: p.servicePrincipalId,
    ...(p.roles.length ? { roles: p.roles } : {}),
    sub: p.servicePrincipalId,
    tid: p.tenantId,
    uti: b64u(randomUUID()).slice(0, 22),
    ver: "1.0",
  };
}

/**
 * A delegated (user) access token (v1 format: `scp`, `upn`, `wids`), e.g. the result of on-behalf-of. A user of another
 * tenant (a partner user through GDAP) carries `idp` = its home tenant's issuer [as for guests; unconfirmed for GDAP].
 */
export function userTokenClaims(p: { tenantId: string; appId: string; audience: string; scopes: string[]; userId: string; upn: string; name: string; nowMs: number; mfa: boolean; lifetimeS?: number; wids?: string[]; homeTenantId?: string }): TokenClaims {
  const foreign = p.homeTenantId !== undefined && p.homeTenantId.toLowerCase() !== p.tenantId.toLowerCase();
  return {
    ...v1Envelope(p),
    acr: "1",
    amr: p.mfa ? ["pwd", "mfa"] : ["pwd"],
    appid: p.appId,
    appidacr: "1",
    ...(foreign ? { idp: `https://sts.windows.net/${p.homeTenantId}/` } : {}),
    idtyp: "user",
    name: p.name,
    oid: p.userId,
    scp: p.scopes.join(" "),
    sub: b64u(createHash("sha256").update(`${p.userId}:${p.appId}`).digest()).slice(0, 43),
    tid: p.tenantId,
    unique_name: p.upn,
    upn: p.upn,
    uti: b64u(randomUUID()).slice(0, 22),
    ver: "1.0",
    ...(p.wids && p.wids.length > 0 ? { wids: p.wids } : {}),
  };
}

/** A Teams SSO token (v2): what Teams gives the bot for its own API (`api://botid-{appId}` / the app id), scope access_as_user. */
export function teamsSsoClaims(p: { tenantId: string; botAppId: string; audience?: string; userId: string; upn: string; name: string; nowMs: number; lifetimeS?: number }): TokenClaims {
  const iat = Math.floor(p.nowMs / 1000);
  return {
    aud: p.audience ?? p.botAppId,
    iss: `https://login.microsoftonline.com/${p.tenantId}/v2.0`,
    iat,
    nbf: iat,
    exp: iat + (p.lifetimeS ?? LIFETIME_S),
    azp: TEAMS_CLIENT_ID,
    azpacr: "0",
    name: p.name,
    oid: p.userId,
    preferred_username: p.upn,
    scp: "access_as_user",
    sub: b64u(createHash("sha256").update(`${p.userId}:${TEAMS_CLIENT_ID}`).digest()).slice(0, 43),
    tid: p.tenantId,
    uti: b64u(randomUUID()).slice(0, 22),
    ver: "2.0",
  };
}

const IDP_TENANT = /^https:\/\/sts\.windows\.net\/([0-9a-f-]{36})\/$/i;

/** The Principal a verified token speaks for. */
export function principalOf(c: TokenClaims): Principal {
  const delegated = typeof c.scp === "string" && c.idtyp !== "app";
  const home = delegated && typeof c.idp === "string" ? IDP_TENANT.exec(c.idp)?.[1]?.toLowerCase() : undefined;
  const wids = Array.isArray(c.wids) ? c.wids.filter((w): w is string => typeof w === "string") : undefined;
  return {
    kind: delegated ? "delegated" : "app",
    tenantId: c.tid,
    appId: c.appid ?? c.azp ?? "",
    roles: Array.isArray(c.roles) ? c.roles : [],
    scopes: delegated && c.scp ? c.scp.split(" ").filter(Boolean) : [],
    oid: c.oid,
    audience: c.aud,
    ...(home && home !== c.tid.toLowerCase() ? { homeTenantId: home } : {}),
    ...(wids ? { wids } : {}),
  };
}
