/**
 * Bearer-token checks for a route's RouteAuth: signature, lifetime (against the simulator clock), audience, tenant,
 * and the permission (`roles` for app tokens, `scp` for delegated) — answered in the service's own error shape.
 */
import type { Principal, RouteAuth, Service, SimRequest, SimResponse, World } from "./types";
import { principalOf, resourceOf, type TokenService } from "./tokens";
import { defenderError, graphError, partnerCenterError, teamsError } from "./errors";

/** Microsoft accepts tokens up to 5 minutes past `exp` (clock skew). */
export const CLOCK_SKEW_S = 300;

export type AuthResult = { ok: true; principal?: Principal } | { ok: false; response: SimResponse };

export interface AuthDeps {
  tokens: TokenService;
  world: World;
  now: Date;
  /** Teams: Bot Connector calls without a token are accepted (local mode). */
  allowAnonymousTeams: boolean;
}

type Failure = "empty" | "malformed" | "signature" | "expired" | "audience" | "tenant" | "permission";

const GRAPH_MESSAGES: Record<Exclude<Failure, "permission">, string> = {
  empty: "Access token is empty.",
  malformed: "IDX14100: JWT is not well formed, there are no dots (.).",
  signature: "Access token validation failure.",
  expired: "Lifetime validation failed, the token is expired.",
  audience: "Access token validation failure. Invalid audience.",
  tenant: "Access token validation failure. Invalid tenant.",
};

function bearer(req: SimRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(h.trim());
  return m ? m[1].trim() : "";
}

/** Any one accepted permission granted ("*": any token of that kind, e.g. Partner Center app-only tokens carry no roles). */
function hasAny(granted: string[], accepted: string[]): boolean {
  if (accepted.length === 0) return false;
  if (accepted.includes("*")) return true;
  const g = new Set(granted.map((x) => x.toLowerCase()));
  return accepted.some((a) => g.has(a.toLowerCase()));
}

export function authenticate(req: SimRequest, auth: RouteAuth, deps: AuthDeps): AuthResult {
  const token = bearer(req);
  if (token === undefined && auth.audience === "botframework" && deps.allowAnonymousTeams) return { ok: true };
  if (!token) return fail(req.service, req, deps.now, "empty");
  const v = deps.tokens.verify(token);
  if (!v.ok) return fail(req.service, req, deps.now, v.reason);
  const c = v.claims;
  if (c.exp + CLOCK_SKEW_S <= deps.now.getTime() / 1000) return fail(req.service, req, deps.now, "expired");
  if (resourceOf(c.aud) !== auth.audience) return fail(req.service, req, deps.now, "audience");
  if (auth.audience !== "botframework" && !deps.world.tenant(c.tid)) return fail(req.service, req, deps.now, "tenant");
  const principal = principalOf(c);
  const allowed = principal.kind === "app" ? hasAny(principal.roles, auth.application) : hasAny(principal.scopes, auth.delegated);
  const denied = (): AuthResult => ({ ok: false, response: auth.forbidden?.(req, deps.now) ?? authError(req.service, req, deps.now, "permission") });
  if (!allowed && auth.audience !== "botframework") return denied();
  if (principal.kind === "delegated" && principal.homeTenantId && !foreignUserAllowed(principal, auth, deps)) return denied();
  return { ok: true, principal };
}

/**
 * A partner user in a customer tenant has no member's default permissions there: what the delegated token may do is
 * bounded by the directory roles GDAP gives the user's groups at request time (so access ends when GDAP ends, even
 * with a token issued before).
 */
function foreignUserAllowed(p: Principal, auth: RouteAuth, deps: AuthDeps): boolean {
  const accepted = auth.foreignUserRoles;
  if (!accepted || accepted.length === 0 || !p.homeTenantId) return false;
  const held = new Set(deps.world.userRoles(p.tenantId, p.homeTenantId, p.oid, deps.now));
  return accepted.some((r) => held.has(r.toLowerCase()));
}

function fail(service: Service, req: SimRequest, now: Date, why: Failure): AuthResult {
  return { ok: false, response: authError(service, req, now, why) };
}

const WWW_AUTH = 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

export function authError(service: Service, req: SimRequest, now: Date, why: Failure): SimResponse {
  if (why === "permission") {
    switch (service) {
      case "partnerCenter":
        return partnerCenterError(req, 403, 403, "Insufficient permissions to perform this operation.");
      case "defender":
        return defenderError(req, 403, "Forbidden", "The application does not have any of the required application roles (Machine.Read.All, Machine.ReadWrite.All) to access the resource.");
      case "teams":
        return teamsError(403, "Forbidden", "The bot is not authorized to perform this operation.");
      default:
        return graphError(req, now, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
    }
  }
  switch (service) {
    case "partnerCenter":
      return partnerCenterError(req, 401, 401, "Unauthorized: Invalid Authorization header", { "WWW-Authenticate": 'Bearer error="invalid_token"' });
    case "defender":
      return defenderError(req, 401, "Unauthorized", why === "expired" ? "The token is expired." : "Unauthorized");
    case "teams":
      return teamsError(401, "Unauthorized", "Authorization has been denied for this request.");
    default:
      return graphError(req, now, 401, "InvalidAuthenticationToken", GRAPH_MESSAGES[why], { "WWW-Authenticate": WWW_AUTH });
  }
}
