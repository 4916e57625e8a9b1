/**
 * Tokens through @azure/msal-node: one ConfidentialClientApplication per (client id, authority), whose in-memory cache
 * reuses a token until 5 minutes before it expires; `forceRefresh` skips the cache (after a 401
 * InvalidAuthenticationToken). Client credentials and on-behalf-of. Concurrent requests for the same token share one
 * call. Failures are MicrosoftError (errors.ts). Tokens and secrets are never logged.
 *
 * In front of MSAL, the token MSAL last gave for a key is handed out again while it is fresh (the same rule as MSAL's
 * cache: until 5 minutes before `expiresOn`, or until its `refreshOn`), without entering MSAL: every Graph request asks
 * for its token, and MSAL's own cache hit (request, authority and telemetry objects, a scan of its cache) costs about
 * as much CPU as the request itself. One ConfidentialClientApplication per authority: MSAL rebuilds the authority
 * on every call either way, and one client for every tenant would scan a cache of every tenant's token on each call.
 * Only the MAX_MSAL_CLIENTS most recently used clients are kept (a sync of 1,000 tenants would otherwise keep 1,000
 * clients, each with its cache, logger and configuration, for the life of the process): the reuse above does not
 * depend on them, so an evicted client only costs a new one (and a token request, as MSAL's cache would past reuse).
 */
import { createHash } from "node:crypto";
import { ConfidentialClientApplication, LogLevel, type AuthenticationResult } from "@azure/msal-node";
import { z } from "zod/v4";
import type { MicrosoftHosts } from "../config";
import type { Logger } from "../log/logger";
import { MicrosoftError, toMicrosoftError } from "./errors";
import { msalNetworkClient, PUBLIC_LOGIN_ORIGIN, type MsalNetworkOptions } from "./network";
import { GUID_PATTERN } from "../domain/guid";
import { createLru } from "./lru";

export interface AppCredentials {
  clientId: string;
  clientSecret: string;
}
export type Resource = "graph" | "partnerCenter" | "defender";

/** The resources' application ID URIs: token scopes stay the real ones whatever the hosts are. */
export const RESOURCE_URIS: Record<Resource, string> = {
  graph: "https://graph.microsoft.com",
  partnerCenter: "https://api.partnercenter.microsoft.com",
  defender: "https://api.securitycenter.microsoft.com",
};

export interface TokenBroker {
  /** Client credentials in `tenantId` for `<resource>/.default`. */
  appToken(app: AppCredentials, tenantId: string, resource: Resource, opts?: { forceRefresh?: boolean }): Promise<string>;
  /** On-behalf-of: `assertion` is the user's SSO token for `app`; scopes are full scope URIs. */
  onBehalfOf(app: AppCredentials, tenantId: string, assertion: string, scopes: string[], opts?: { forceRefresh?: boolean }): Promise<string>;
}

/** What a client calls to get a bearer token; forceRefresh after a 401 InvalidAuthenticationToken. */
export type TokenProvider = (opts: { forceRefresh: boolean }) => Promise<string>;

export interface TokenBrokerOptions {
  logger: Logger;
  /** Passed to the MSAL network module (tests inject sleep / random; retries of transient login failures). */
  network?: MsalNetworkOptions;
  /** The clock tokens' expiry is judged by (MSAL's: real time; tests inject one). */
  now?: () => number;
  /** MSAL clients kept at most (default MAX_MSAL_CLIENTS; tests use fewer). */
  maxClients?: number;
}

/** MSAL clients kept (least recently used dropped): above the sync's tenant concurrency's need, far below its tenants. */
export const MAX_MSAL_CLIENTS = 64;

/** A token is reused until this long before it expires (MSAL's DEFAULT_TOKEN_RENEWAL_OFFSET_SEC). */
export const TOKEN_RENEWAL_OFFSET_MS = 300_000;

/** Until when a token MSAL returned may be handed out again (pure): 5 minutes before expiry, or its refreshOn if sooner. */
export function reuseUntil(r: { expiresOn: Date | null; refreshOn?: Date }): number {
  if (!r.expiresOn) return 0;
  const expiry = r.expiresOn.getTime() - TOKEN_RENEWAL_OFFSET_MS;
  const refresh = r.refreshOn?.getTime();
  return refresh !== undefined && Number.isFinite(refresh) ? Math.min(expiry, refresh) : expiry;
}

/** MSAL's per-token warning for client credentials (their answers never carry client_info): noise, not logged. */
const NO_CLIENT_INFO = /No client info in response/;

const Guid = z.string().regex(GUID_PATTERN);
const AppSchema = z.object({ clientId: Guid, clientSecret: z.string().min(1) });
/** Tenant id (GUID) or a verified domain. */
const TenantSchema = z.union([Guid, z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,63}$/)]);
const ScopesSchema = z.array(z.string().regex(/^\S+$/)).min(1);

/**
 * Graph's delegated scopes as Entra answers them: "https://graph.microsoft.com/User.Read" → "User.Read" (a scope without
 * a resource is Graph's). Entra returns Graph scopes in the short form, so only then does MSAL's cache find the token again.
 */
export function msalScopes(scopes: readonly string[]): string[] {
  const prefix = `${RESOURCE_URIS.graph}/`;
  return scopes.map((s) => (s.toLowerCase().startsWith(prefix) && s.slice(prefix.length) !== ".default" ? s.slice(prefix.length) : s));
}

const sha256 = (s: string): string => createHash("sha256").update(s).digest("hex");

function invalid(what: string): MicrosoftError {
  return new MicrosoftError({ code: "badRequest", service: "login", microsoftCode: `invalid ${what}` });
}

export function createTokenBroker(hosts: MicrosoftHosts, opts: TokenBrokerOptions): TokenBroker {
  const log = opts.logger.child({ component: "tokens" });
  const networkClient = msalNetworkClient(hosts, { logger: log, ...opts.network });
  /** (clientId, authority) → the MSAL client and the secret it was built with (which MSAL holds anyway); the most recent only. */
  const clients = createLru<string, { secret: string; cca: ConfidentialClientApplication }>(opts.maxClients ?? MAX_MSAL_CLIENTS);
  const inFlight = new Map<string, Promise<string>>();
  /** Key (without the force flag) → the last token MSAL gave, the secret it was asked with, and until when it is reused. */
  const issued = new Map<string, { secret: string; token: string; until: number }>();
  /** Key → forced refreshes started: a plain request that began before one never overwrites its newer token. */
  const forced = new Map<string, number>();
  const now = opts.now ?? Date.now;
  // Stale entries are dropped when the map has doubled since the last sweep (amortised: not a scan per token).
  let sweepAt = 1024;
  const sweep = (): void => {
    if (issued.size < sweepAt) return;
    const t = now();
    for (const [k, v] of issued) if (v.until <= t) issued.delete(k);
    sweepAt = Math.max(1024, issued.size * 2);
  };

  const clientFor = (app: AppCredentials, tenantId: string): ConfidentialClientApplication => {
    const authority = `${PUBLIC_LOGIN_ORIGIN}/${tenantId.toLowerCase()}`;
    const key = `${app.clientId.toLowerCase()}|${authority}`;
    const existing = clients.get(key);
    if (existing && existing.secret === app.clientSecret) return existing.cca;
    const cca = new ConfidentialClientApplication({
      auth: { clientId: app.clientId, clientSecret: app.clientSecret, authority },
      system: {
        networkClient,
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (_level, message, containsPii) => {
            if (!containsPii && !NO_CLIENT_INFO.test(message)) log.debug("msal", { message });
          },
        },
      },
    });
    clients.set(key, { secret: app.clientSecret, cca });
    return cca;
  };

  /** The token last issued for `key` with this secret, while it is fresh. */
  const reusable = (key: string, secret: string): string | undefined => {
    const hit = issued.get(key);
    if (!hit) return undefined;
    if (hit.secret === secret && now() < hit.until) return hit.token;
    issued.delete(key);
    return undefined;
  };

  /** One request at a time per token; a forced refresh never joins a cached-token request. */
  const once = (key: string, force: boolean, secret: string, run: () => Promise<AuthenticationResult | null>): Promise<string> => {
    const flightKey = `${key}|${force}`;
    const pending = inFlight.get(flightKey);
    if (pending) return pending;
    if (force) {
      issued.delete(key);
      forced.set(key, (forced.get(key) ?? 0) + 1);
    }
    const generation = forced.get(key) ?? 0;
    const p = (async () => {
      try {
        const r = await run();
        if (!r?.accessToken) throw new MicrosoftError({ code: "unknown", service: "login", microsoftCode: "no_token" });
        if ((forced.get(key) ?? 0) === generation) {
          sweep();
          issued.set(key, { secret, token: r.accessToken, until: reuseUntil(r) });
        }
        return r.accessToken;
      } catch (e) {
        const err = toMicrosoftError(e, "login");
        log.debug("token request failed", { code: err.code, microsoftCode: err.microsoftCode, status: err.status });
        throw err;
      } finally {
        inFlight.delete(flightKey);
      }
    })();
    inFlight.set(flightKey, p);
    return p;
  };

  return {
    appToken: (app, tenantId, resource, o = {}) => {
      const scope = `${RESOURCE_URIS[resource]}/.default`;
      const force = o.forceRefresh === true;
      const key = `app|${app.clientId.toLowerCase()}|${tenantId.toLowerCase()}|${scope}`;
      // Only inputs that were valid are in `issued`.
      const fresh = force ? undefined : reusable(key, app.clientSecret);
      if (fresh !== undefined) return Promise.resolve(fresh);
      if (!AppSchema.safeParse(app).success) return Promise.reject(invalid("app credentials"));
      if (!TenantSchema.safeParse(tenantId).success) return Promise.reject(invalid("tenant"));
      const cca = clientFor(app, tenantId);
      return once(key, force, app.clientSecret, () => cca.acquireTokenByClientCredential({ scopes: [scope], skipCache: force }));
    },
    onBehalfOf: (app, tenantId, assertion, scopes, o = {}) => {
      if (!AppSchema.safeParse(app).success) return Promise.reject(invalid("app credentials"));
      if (!TenantSchema.safeParse(tenantId).success) return Promise.reject(invalid("tenant"));
      if (!ScopesSchema.safeParse(scopes).success) return Promise.reject(invalid("scopes"));
      if (assertion.trim() === "") return Promise.reject(new MicrosoftError({ code: "unauthorized", service: "login", microsoftCode: "empty assertion" }));
      const force = o.forceRefresh === true;
      const key = `obo|${app.clientId.toLowerCase()}|${tenantId.toLowerCase()}|${sha256(assertion)}|${[...scopes].sort().join(" ")}`;
      const fresh = force ? undefined : reusable(key, app.clientSecret);
      if (fresh !== undefined) return Promise.resolve(fresh);
      const cca = clientFor(app, tenantId);
      return once(key, force, app.clientSecret, () => cca.acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: msalScopes(scopes), skipCache: force }));
    },
  };
}

/** A TokenProvider for an app in a tenant (client credentials). */
export function appTokenProvider(broker: TokenBroker, app: AppCredentials, tenantId: string, resource: Resource): TokenProvider {
  return ({ forceRefresh }) => broker.appToken(app, tenantId, resource, { forceRefresh });
}

/** A TokenProvider for a signed-in user (on-behalf-of the user's SSO token). */
export function onBehalfOfProvider(broker: TokenBroker, app: AppCredentials, tenantId: string, assertion: string, scopes: string[]): TokenProvider {
  return ({ forceRefresh }) => broker.onBehalfOf(app, tenantId, assertion, scopes, { forceRefresh });
}
