/**
 * Tokens through @azure/msal-node: one ConfidentialClientApplication per (client id, authority), whose in-memory cache
 * reuses a token until 5 minutes before it expires; `forceRefresh` skips the cache (after a 401
 * InvalidAuthenticationToken). Client credentials and on-behalf-of. Concurrent requests for the same token share one
 * call. Failures are MicrosoftError (errors.ts). Tokens and secrets are never logged.
 */
import { createHash } from "node:crypto";
import { ConfidentialClientApplication, LogLevel, type AuthenticationResult } from "@azure/msal-node";
import { z } from "zod/v4";
import type { MicrosoftHosts } from "../config";
import type { Logger } from "../log/logger";
import { MicrosoftError, toMicrosoftError } from "./errors";
import { msalNetworkClient, PUBLIC_LOGIN_ORIGIN, type MsalNetworkOptions } from "./network";

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
}

const Guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
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
  /** (clientId, authority) → the MSAL client and the hash of the secret it was built with. */
  const clients = new Map<string, { secretHash: string; cca: ConfidentialClientApplication }>();
  const inFlight = new Map<string, Promise<string>>();

  const clientFor = (app: AppCredentials, tenantId: string): ConfidentialClientApplication => {
    const authority = `${PUBLIC_LOGIN_ORIGIN}/${tenantId.toLowerCase()}`;
    const key = `${app.clientId.toLowerCase()}|${authority}`;
    const secretHash = sha256(app.clientSecret);
    const existing = clients.get(key);
    if (existing && existing.secretHash === secretHash) return existing.cca;
    const cca = new ConfidentialClientApplication({
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
    clients.set(key, { secretHash, cca });
    return cca;
  };

  /** One request at a time per token; a forced refresh never joins a cached-token request. */
  const once = (key: string, run: () => Promise<AuthenticationResult | null>): Promise<string> => {
    const pending = inFlight.get(key);
    if (pending) return pending;
    const p = (async () => {
      try {
        const r = await run();
        if (!r?.accessToken) throw new MicrosoftError({ code: "unknown", service: "login", microsoftCode: "no_token" });
        return r.accessToken;
      } catch (e) {
        const err = toMicrosoftError(e, "login");
        log.debug("token request failed", { code: err.code, microsoftCode: err.microsoftCode, status: err.status });
        throw err;
      } finally {
        inFlight.delete(key);
      }
    })();
    inFlight.set(key, p);
    return p;
  };

  return {
    appToken: (app, tenantId, resource, o = {}) => {
      if (!AppSchema.safeParse(app).success) return Promise.reject(invalid("app credentials"));
      if (!TenantSchema.safeParse(tenantId).success) return Promise.reject(invalid("tenant"));
      const scope = `${RESOURCE_URIS[resource]}/.default`;
      const force = o.forceRefresh === true;
      const cca = clientFor(app, tenantId);
      const key = `app|${app.clientId.toLowerCase()}|${tenantId.toLowerCase()}|${scope}|${force}`;
      return once(key, () => cca.acquireTokenByClientCredential({ scopes: [scope], skipCache: force }));
    },
    onBehalfOf: (app, tenantId, assertion, scopes, o = {}) => {
      if (!AppSchema.safeParse(app).success) return Promise.reject(invalid("app credentials"));
      if (!TenantSchema.safeParse(tenantId).success) return Promise.reject(invalid("tenant"));
      if (!ScopesSchema.safeParse(scopes).success) return Promise.reject(invalid("scopes"));
      if (assertion.trim() === "") return Promise.reject(new MicrosoftError({ code: "unauthorized", service: "login", microsoftCode: "empty assertion" }));
      const force = o.forceRefresh === true;
      const cca = clientFor(app, tenantId);
      const key = `obo|${app.clientId.toLowerCase()}|${tenantId.toLowerCase()}|${sha256(assertion)}|${[...scopes].sort().join(" ")}|${force}`;
      return once(key, () => cca.acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: msalScopes(scopes), skipCache: force }));
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
