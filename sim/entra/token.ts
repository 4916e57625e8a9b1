/**
 * Entra ID token endpoint `POST /{tenant}/oauth2/v2.0/token`: client credentials with a client secret,
 * on-behalf-of (jwt-bearer), authorization code (with PKCE) and refresh token — the last two also with another
 * tenant's authority, which a partner user reaches only through GDAP (access.ts). Refuses what Entra refuses, with its
 * AADSTS codes and body shape.
 */
import { randomUUID } from "node:crypto";
import type { SimContext, SimRequest, SimResponse } from "../core/types";
import { SimWorld, type UserRecord } from "../core/world";
import { aadstsError } from "../core/errors";
import { isSecretExpiredForced } from "../core/faults";
import { appTokenClaims, resourceOf, RESOURCE_IDS, userTokenClaims, type Resource, type TokenService } from "../core/tokens";
import { CLOCK_SKEW_S } from "../core/auth";
import type { TenantState } from "../core/types";
import { delegatedAccess } from "./access";
import { CODE_LIFETIME_MS, REFRESH_INACTIVITY_MS, REFRESH_LIFETIME_MS, checkPkce, grantStore, type RefreshGrant } from "./grants";

const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);
const SPECIAL_TENANTS = new Set(["common", "organizations", "consumers"]);

type Form = Record<string, string>;

function asForm(body: unknown): Form | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const out: Form = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) if (typeof v === "string") out[k] = v;
  return out;
}

const permsKey = (r: Resource): "graph" | "partnerCenter" | "defender" | undefined => (r === "botframework" || r === "keyVault" ? undefined : r);

export function tokenHandler(tokens: TokenService) {
  return (req: SimRequest, ctx: SimContext): SimResponse => {
    const now = ctx.clock.now();
    const err = (status: number, error: string, code: number, message: string, extra = {}) => aadstsError(req, now, status, error, code, message, extra);
    if (!(ctx.world instanceof SimWorld)) return err(500, "server_error", 90100, "The simulator's world is not available.");
    const world = ctx.world;
    const form = asForm(req.body);
    if (!form) return err(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
    for (const p of ["grant_type", "client_id"]) {
      if (!form[p]) return err(400, "invalid_request", 900144, `The request body must contain the following parameter: '${p}'.`);
    }
    const grant = form.grant_type;
    const isObo = grant === "urn:ietf:params:oauth:grant-type:jwt-bearer";
    const isUserGrant = grant === "authorization_code" || grant === "refresh_token";
    if (grant !== "client_credentials" && !isObo && !isUserGrant) return err(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grant}'.`);

    // Tenant in the path: id or verified domain; "botframework.com" is where bots get their Bot Connector tokens.
    const ref = req.params.tenant.toLowerCase();
    let tenant = ref === "botframework.com" ? world.tenant(world.partnerTenantId) : world.findTenant(ref);
    if (!tenant && SPECIAL_TENANTS.has(ref)) {
      if (!isObo && !isUserGrant) return err(400, "invalid_request", 50059, "No tenant-identifying information found in either the request or implied by any provided credentials.");
    } else if (!tenant) {
      return err(400, "invalid_request", 90002, `Tenant '${req.params.tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`);
    }

    // On-behalf-of: the user's tenant comes from the assertion when the path says common/organizations.
    let assertionUser: UserRecord | undefined;
    let assertionMfa = false;
    if (isObo) {
      if (form.requested_token_use !== "on_behalf_of") return err(400, "invalid_request", 900144, "The request body must contain the following parameter: 'requested_token_use'.");
      if (!form.assertion) return err(400, "invalid_request", 900144, "The request body must contain the following parameter: 'assertion'.");
      const v = tokens.verify(form.assertion);
      if (!v.ok) return err(400, "invalid_grant", 50013, "Assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: 'unknown']");
      const c = v.claims;
      if (c.exp + CLOCK_SKEW_S <= now.getTime() / 1000) return err(400, "invalid_grant", 500133, "Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token.");
      const appForAud = world.applicationByAppId(form.client_id);
      const expected = new Set([form.client_id.toLowerCase(), `api://botid-${form.client_id.toLowerCase()}`, ...(appForAud?.identifierUris ?? []).map((u) => u.toLowerCase())]);
      if (!expected.has(c.aud.toLowerCase())) {
        return err(400, "invalid_grant", 50013, `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '${c.aud}' and the expected audience is '${form.client_id}' or one of the Application Id URIs of this application.`);
      }
      const userTenant = world.tenant(c.tid);
      if (!userTenant || (tenant && tenant.tenantId !== userTenant.tenantId)) return err(400, "invalid_grant", 50013, "Assertion contains an invalid tenant.");
      tenant = userTenant;
      assertionUser = world.user(c.tid, c.oid);
      if (!assertionUser) return err(400, "invalid_grant", 50034, `The user account {EUII Hidden} does not exist in the ${c.tid} directory. To sign into this application, the account must be added to the directory.`);
      if (!assertionUser.accountEnabled) return err(400, "invalid_grant", 50057, "The user account is disabled.");
      assertionMfa = Array.isArray(c.amr) && c.amr.includes("mfa");
    }
    // Authorization code / refresh token: the user and (for common / organizations) the tenant come from the grant.
    const store = grantStore(ctx.state);
    let userGrant: { user: UserRecord; scope: string; mfa: boolean; nonce?: string; refresh?: RefreshGrant } | undefined;
    if (isUserGrant) {
      const r = redeemUserGrant(form, store, world, tenant, now, err);
      if ("response" in r) return r.response;
      userGrant = r;
      tenant ??= world.tenant(r.tenantId);
    }
    if (!tenant) return err(400, "invalid_request", 90002, `Tenant '${req.params.tenant}' not found.`);

    // The client: registered in the partner tenant; elsewhere it needs a service principal (consent).
    const clientId = form.client_id.toLowerCase();
    const app = world.applicationByAppId(clientId);
    const notFound = () =>
      err(400, "unauthorized_client", 700016, `Application with identifier '${form.client_id}' was not found in the directory '${tenant?.displayName ?? ""}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
    if (!app) return notFound();
    const home = tenant.tenantId === world.partnerTenantId;
    if (!home && app.signInAudience === "AzureADMyOrg") return notFound();
    const sp = world.servicePrincipalByAppId(tenant.tenantId, clientId);
    if (!sp) {
      if (!home) return isObo || isUserGrant ? consentMissing(err, form.client_id, app.displayName) : notFound();
      return err(400, "unauthorized_client", 7000229, `The client application ${form.client_id} is missing service principal in the tenant ${tenant.tenantId}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`);
    }

    // Client authentication by secret.
    const secret = form.client_secret;
    if (!secret) return err(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    const cred = app.passwordCredentials.find((c) => c.secretText === secret);
    if (!cred || Date.parse(cred.startDateTime) > now.getTime()) {
      return err(401, "invalid_client", 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${form.client_id}'.`);
    }
    if (Date.parse(cred.endDateTime) <= now.getTime() || isSecretExpiredForced(req)) {
      return err(401, "invalid_client", 7000222, `The provided client secret keys for app '${form.client_id}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`);
    }

    const requested = (form.scope ?? "").split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s.toLowerCase()));
    const nowMs = now.getTime();

    if (grant === "client_credentials") {
      if (requested.length !== 1 || !requested[0].endsWith("/.default")) {
        return err(400, "invalid_scope", 1002012, `The provided value for scope ${form.scope ?? ""} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
      }
      const resourceUri = requested[0].slice(0, -"/.default".length).replace(/\/+$/, "");
      const resource = resourceOf(resourceUri);
      if (!resource) return resourceNotFound(err, resourceUri, tenant.displayName);
      const key = permsKey(resource);
      const roles = key ? sp.applicationPermissions[key] : [];
      const token = tokens.sign(appTokenClaims({ tenantId: tenant.tenantId, appId: clientId, audience: resourceUri, roles, servicePrincipalId: sp.id, nowMs }));
      return { status: 200, headers: { "Cache-Control": "no-store, no-cache", Pragma: "no-cache" }, body: { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: token } };
    }

    // A user grant for another tenant: only through GDAP, and with the roles it gives (wids).
    const user = userGrant ? userGrant.user : (assertionUser as UserRecord);
    const access = delegatedAccess(world, user, tenant, clientId, app.displayName, now);
    if (!access.ok) return err(400, "invalid_grant", access.code, access.message);
    if (userGrant?.refresh && userGrant.refresh.clientId !== clientId) {
      return err(400, "invalid_grant", 70000, "The provided grant is invalid or malformed: the refresh token was issued to another client [message unconfirmed].");
    }

    // Delegated permissions consented in the tenant, intersected with what is asked.
    const parsed = requested.map(parseScope);
    const resources = new Set(parsed.map((p) => p.resource));
    if (parsed.length === 0) return err(400, "invalid_scope", 70011, "The provided request must include a 'scope' input parameter.");
    if (resources.size > 1) return err(400, "invalid_scope", 28000, "Provided value for the input parameter scope is not valid because it contains more than one resource. Scope " + (form.scope ?? "") + " is not valid.");
    const first = parsed[0];
    if (!first.resource) return resourceNotFound(err, first.resourceUri, tenant.displayName);
    const resource = first.resource;
    const key = permsKey(resource);
    const consented = key ? sp.delegatedPermissions[key] : [];
    let scp: string[];
    if (parsed.some((p) => p.name === ".default")) {
      scp = [...consented];
    } else {
      const byLower = new Map(consented.map((c) => [c.toLowerCase(), c]));
      const missing = parsed.filter((p) => !byLower.has(p.name.toLowerCase()));
      if (missing.length) return consentMissing(err, form.client_id, app.displayName);
      scp = parsed.map((p) => byLower.get(p.name.toLowerCase()) as string);
    }
    if (scp.length === 0) return consentMissing(err, form.client_id, app.displayName);
    const mfa = userGrant ? userGrant.mfa : assertionMfa;
    if (resource === "partnerCenter" && !user.mfaRegistered && !mfa) {
      return err(400, "invalid_grant", 50076, `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${RESOURCE_IDS.partnerCenter[1]}'.`, {
        suberror: "basic_action",
        claims: '{"access_token":{"capolids":{"essential":true,"values":["00000000-0000-0000-0000-000000000001"]}}}',
      });
    }
    const audience = first.resourceUri;
    const accessToken = tokens.sign(
      userTokenClaims({ tenantId: tenant.tenantId, appId: clientId, audience, scopes: scp, userId: user.id, upn: user.userPrincipalName, name: user.displayName, nowMs, mfa: user.mfaRegistered, wids: access.wids, homeTenantId: user.tenantId }),
    );
    const asked = new Set((userGrant && grant === "authorization_code" ? `${userGrant.scope} ${form.scope ?? ""}` : (form.scope ?? "")).split(/\s+/).map((s) => s.toLowerCase()));
    const body: Record<string, unknown> = {
      token_type: "Bearer",
      scope: scp.map((s) => (resource === "graph" ? s : `${audience}/${s}`)).join(" "),
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: accessToken,
    };
    // Entra answers every refresh with a new refresh token (the old one stays valid until it expires or is revoked).
    if (asked.has("offline_access") || userGrant?.refresh) {
      body.refresh_token = store.issueRefresh({ clientId, userId: user.id.toLowerCase(), userTenantId: user.tenantId.toLowerCase(), issuedAtMs: nowMs, mfa: userGrant ? userGrant.mfa : assertionMfa });
    }
    if (asked.has("openid") || userGrant) {
      const iat = Math.floor(nowMs / 1000);
      body.id_token = tokens.sign({
        aud: clientId, iss: `https://login.microsoftonline.com/${tenant.tenantId}/v2.0`, iat, nbf: iat, exp: iat + 3600, name: user.displayName, oid: user.id,
        preferred_username: user.userPrincipalName, sub: user.id, tid: tenant.tenantId, ver: "2.0", uti: randomUUID(),
        ...(userGrant?.nonce ? { nonce: userGrant.nonce } : {}),
      });
    }
    // client_info names the home account: the user's own tenant even when the token is for a customer.
    if (form.client_info === "1") body.client_info = Buffer.from(JSON.stringify({ uid: user.id, utid: user.tenantId })).toString("base64url");
    return { status: 200, headers: { "Cache-Control": "no-store, no-cache", Pragma: "no-cache" }, body };
  };
}

type Err = (status: number, error: string, code: number, message: string, extra?: Record<string, string>) => SimResponse;

type RedeemedGrant = { user: UserRecord; tenantId: string; scope: string; mfa: boolean; nonce?: string; refresh?: RefreshGrant };

/**
 * The user and tenant of an authorization code or refresh token, refused as Entra refuses them:
 * an unknown code AADSTS70000 [message unconfirmed], a redeemed one AADSTS54005, an expired one (10 minutes)
 * AADSTS70008, a PKCE verifier that does not match AADSTS501481, a redirect_uri other than the authorize request's
 * AADSTS70000 [unconfirmed]; an unknown refresh token AADSTS9002313, a revoked one AADSTS50173, one unused for 90 days
 * or issued more than 90 days ago AADSTS700082.
 */
function redeemUserGrant(form: Form, store: ReturnType<typeof grantStore>, world: SimWorld, pathTenant: TenantState | undefined, now: Date, err: Err): RedeemedGrant | { response: SimResponse } {
  const fail = (code: number, message: string, error = "invalid_grant"): { response: SimResponse } => ({ response: err(400, error, code, message) });
  const nowMs = now.getTime();
  const clientId = form.client_id.toLowerCase();
  const samePath = (tid: string): boolean => !pathTenant || pathTenant.tenantId === tid.toLowerCase();
  if (form.grant_type === "authorization_code") {
    if (!form.code) return fail(900144, "The request body must contain the following parameter: 'code'.", "invalid_request");
    const r = store.redeemCode(form.code);
    if (!r || r.grant.clientId !== clientId) return fail(70000, "The provided value for the 'code' parameter is not valid. The code is malformed or was not issued to this client [message unconfirmed].");
    const g = r.grant;
    if (!r.firstUse) return fail(54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.");
    if (nowMs - g.issuedAtMs > CODE_LIFETIME_MS) return fail(70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.");
    if ((form.redirect_uri ?? "") !== g.redirectUri) return fail(70000, "The provided value for the 'redirect_uri' is not valid. The value must exactly match the redirect URI used to obtain the authorization code [code unconfirmed].");
    const pkce = checkPkce(g, form.code_verifier);
    if (pkce !== "ok") return fail(501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.");
    if (!samePath(g.tenantId)) return fail(70000, "The provided authorization code was issued for another tenant [message unconfirmed].");
    const user = world.user(g.userTenantId, g.userId);
    if (!user) return fail(50034, "The user account {EUII Hidden} does not exist in the directory.");
    if (!user.accountEnabled) return fail(50057, "The user account is disabled.");
    return { user, tenantId: g.tenantId, scope: g.scope, mfa: user.mfaRegistered, nonce: g.nonce };
  }
  if (!form.refresh_token) return fail(900144, "The request body must contain the following parameter: 'refresh_token'.", "invalid_request");
  const g = store.refresh(form.refresh_token);
  if (!g) return fail(9002313, "Invalid request. Request is malformed or invalid.", "invalid_request");
  if (g.revoked) {
    return fail(50173, `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${new Date(g.issuedAtMs).toISOString()}'.`);
  }
  if (nowMs - g.lastUsedMs > REFRESH_INACTIVITY_MS) {
    return fail(700082, `The refresh token has expired due to inactivity. The token was issued on ${new Date(g.issuedAtMs).toISOString()} and was inactive for 90.00:00:00.`);
  }
  // A refresh token's lifetime runs from its issue, not its last use: "The default lifetime for the refresh tokens is
  // ... 90 days", "Refresh tokens replace themselves with a fresh token upon every use" and the old one is not revoked
  // (learn.microsoft.com/entra/identity-platform/refresh-tokens). So a client that keeps presenting its first refresh
  // token is signed out 90 days after it signed in; one that keeps the newest stays signed in. [message unconfirmed]
  if (nowMs - g.issuedAtMs > REFRESH_LIFETIME_MS) {
    return fail(700082, `The refresh token has expired. The token was issued on ${new Date(g.issuedAtMs).toISOString()} and its lifetime of 90.00:00:00 has passed.`);
  }
  g.lastUsedMs = nowMs;
  const user = world.user(g.userTenantId, g.userId);
  if (!user) return fail(50034, "The user account {EUII Hidden} does not exist in the directory.");
  if (!user.accountEnabled) return fail(50057, "The user account is disabled.");
  // A refresh at common / organizations lands in the user's home tenant; a tenant authority is that tenant.
  return { user, tenantId: pathTenant?.tenantId ?? g.userTenantId, scope: form.scope ?? "", mfa: g.mfa, refresh: g };
}

function consentMissing(err: Err, appId: string, name: string): SimResponse {
  return err(400, "invalid_grant", 65001, `The user or administrator has not consented to use the application with ID '${appId}' named '${name}'. Send an interactive authorization request for this user and resource.`, { suberror: "consent_required" });
}

function resourceNotFound(err: Err, resourceUri: string, tenantName: string): SimResponse {
  return err(400, "invalid_resource", 500011, `The resource principal named ${resourceUri} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`);
}

/** "https://graph.microsoft.com/User.Read" → graph/User.Read; "User.Read" → graph (the default resource). */
export function parseScope(scope: string): { resource: Resource | undefined; resourceUri: string; name: string } {
  const i = scope.lastIndexOf("/");
  if (i < 0) return { resource: "graph", resourceUri: RESOURCE_IDS.graph[0], name: scope };
  const resourceUri = scope.slice(0, i).replace(/\/+$/, "");
  return { resource: resourceOf(resourceUri), resourceUri, name: scope.slice(i + 1) };
}
