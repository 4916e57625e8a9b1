/**
 * Entra's authorization endpoint `GET /{tenant}/oauth2/v2.0/authorize` (authorization code flow, PKCE): instead of
 * Microsoft's sign-in a small HTML page lists the scenario's users (the partner's, and a customer's own when the
 * authority is a customer) as links; following one (`&sim_user={id}`) signs that user in and redirects to
 * `redirect_uri` with `code` and `state` (query, or an auto-submitted form for `response_mode=form_post`). Tests pick a
 * user without a browser through the control API (`POST /authorize/complete {url, user}`).
 *
 * Errors as Entra shows them: an unknown client (AADSTS700016), tenant (AADSTS90002) or a redirect_uri the app does
 * not register (AADSTS50011) on the page itself; a bad request that has a trustworthy redirect_uri goes back to it as
 * `error` / `error_description`.
 */
import type { SimContext, SimRequest, SimResponse, TenantState } from "../core/types";
import { SimWorld, type UserRecord } from "../core/world";
import { delegatedAccess } from "./access";
import { grantStore, type GrantStore } from "./grants";

const SPECIAL = new Set(["common", "organizations"]);

export interface AuthorizeRequest {
  tenantRef: string;
  /** The authority's tenant; undefined for common / organizations (the user's home tenant then). */
  tenant: TenantState | undefined;
  clientId: string;
  appName: string;
  redirectUri: string;
  scope: string;
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: "S256" | "plain";
  responseMode: "query" | "form_post";
  loginHint?: string;
}

export interface AuthorizeError {
  /** Shown on Entra's page (no redirect) when the redirect_uri cannot be trusted. */
  redirect: boolean;
  error: string;
  code: number;
  description: string;
}

export type Parsed = { ok: true; value: AuthorizeRequest } | { ok: false; error: AuthorizeError; redirectUri?: string; state?: string; responseMode?: "query" | "form_post" };

const page = (e: string, code: number, description: string): AuthorizeError => ({ redirect: false, error: e, code, description: `AADSTS${code}: ${description}` });
const back = (e: string, code: number, description: string): AuthorizeError => ({ redirect: true, error: e, code, description: `AADSTS${code}: ${description}` });

/** Validates an authorize request as Entra does, before anyone signs in. */
export function parseAuthorize(world: SimWorld, tenantRef: string, q: URLSearchParams): Parsed {
  const ref = tenantRef.toLowerCase();
  const tenant = SPECIAL.has(ref) ? undefined : world.findTenant(ref);
  if (!tenant && !SPECIAL.has(ref)) return { ok: false, error: page("invalid_request", 90002, `Tenant '${tenantRef}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`) };
  const clientId = (q.get("client_id") ?? "").toLowerCase();
  if (!clientId) return { ok: false, error: page("invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.") };
  const app = world.applicationByAppId(clientId);
  if (!app || (tenant && tenant.tenantId !== world.partnerTenantId && app.signInAudience === "AzureADMyOrg")) {
    return { ok: false, error: page("unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant?.displayName ?? tenantRef}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`) };
  }
  const redirectUri = q.get("redirect_uri") ?? "";
  const registered = app.redirectUris;
  if (!redirectUri || (registered && !registered.includes(redirectUri))) {
    return { ok: false, error: page("invalid_request", 50011, `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`) };
  }
  const state = q.get("state") ?? undefined;
  const rm = q.get("response_mode") ?? "query";
  const responseMode = rm === "form_post" ? "form_post" : "query";
  const fail = (error: AuthorizeError): Parsed => ({ ok: false, error, redirectUri, state, responseMode });
  if (rm !== "query" && rm !== "form_post") return fail(back("invalid_request", 900144, `The response_mode '${rm}' is not supported by the simulator (query, form_post).`));
  if (q.get("response_type") !== "code") return fail(back("unsupported_response_type", 700054, `response_type '${q.get("response_type") ?? ""}' is not enabled for the application.`));
  const scope = q.get("scope") ?? "";
  if (!scope.trim()) return fail(back("invalid_request", 900144, "The request body must contain the following parameter: 'scope'."));
  const codeChallenge = q.get("code_challenge") ?? undefined;
  const method = q.get("code_challenge_method") ?? (codeChallenge ? "plain" : undefined);
  if (method !== undefined && method !== "S256" && method !== "plain") return fail(back("invalid_request", 9002313, `Invalid request. Request is malformed or invalid: code_challenge_method '${method}' (S256 or plain).`));
  if (method !== undefined && !codeChallenge) return fail(back("invalid_request", 900144, "The request body must contain the following parameter: 'code_challenge'."));
  return {
    ok: true,
    value: {
      tenantRef,
      tenant,
      clientId,
      appName: app.displayName,
      redirectUri,
      scope,
      state,
      nonce: q.get("nonce") ?? undefined,
      codeChallenge,
      codeChallengeMethod: method,
      responseMode,
      loginHint: q.get("login_hint") ?? undefined,
    },
  };
}

/** Users the sign-in page offers: the partner's enabled users, and a customer authority's own. */
export function signInCandidates(world: SimWorld, r: AuthorizeRequest): UserRecord[] {
  const tenants = [world.partnerTenantId, ...(r.tenant && !r.tenant.isPartner ? [r.tenant.tenantId] : [])];
  const out: UserRecord[] = [];
  for (const tid of tenants) {
    const t = world.tenant(tid);
    for (const u of t?.users.values() ?? []) if (u.accountEnabled) out.push({ ...u, tenantId: tid });
  }
  return out;
}

function findUser(world: SimWorld, r: AuthorizeRequest, ref: string): UserRecord | undefined {
  const tenants = [world.partnerTenantId, ...(r.tenant && !r.tenant.isPartner ? [r.tenant.tenantId] : [])];
  for (const tid of tenants) {
    const u = world.user(tid, ref);
    if (u) return u;
  }
  return undefined;
}

export type Completed = { ok: true; redirect: string; code: string; state?: string } | { ok: false; error: AuthorizeError };

/** `url` of the redirect carrying `params` (query). */
function withQuery(uri: string, params: Record<string, string | undefined>): string {
  const u = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

/** The error redirect of a request that failed after its redirect_uri was validated. */
export function errorRedirect(redirectUri: string, state: string | undefined, e: AuthorizeError): string {
  return withQuery(redirectUri, { error: e.error, error_description: e.description, error_codes: String(e.code), state });
}

/** Signs `userRef` (object id or UPN) in and issues a code for the request. */
export function completeAuthorize(world: SimWorld, store: GrantStore, r: AuthorizeRequest, userRef: string, now: Date): Completed {
  const user = findUser(world, r, userRef);
  if (!user) return { ok: false, error: page("invalid_request", 50034, `The user account ${userRef} does not exist in the directory. To sign into this application, the account must be added to the directory.`) };
  if (!user.accountEnabled) return { ok: false, error: page("invalid_request", 50057, "The user account is disabled.") };
  const tenant = r.tenant ?? world.tenant(user.tenantId);
  if (!tenant) return { ok: false, error: page("invalid_request", 90002, `Tenant '${user.tenantId}' not found.`) };
  const access = delegatedAccess(world, user, tenant, r.clientId, r.appName, now);
  if (!access.ok) return { ok: false, error: page("invalid_request", access.code, access.message) };
  const code = store.issueCode({
    clientId: r.clientId,
    redirectUri: r.redirectUri,
    scope: r.scope,
    userId: user.id.toLowerCase(),
    userTenantId: user.tenantId.toLowerCase(),
    tenantId: tenant.tenantId.toLowerCase(),
    codeChallenge: r.codeChallenge,
    codeChallengeMethod: r.codeChallengeMethod,
    nonce: r.nonce,
    issuedAtMs: now.getTime(),
  });
  return { ok: true, code, state: r.state, redirect: withQuery(r.redirectUri, { code, state: r.state }) };
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function html(status: number, title: string, body: string): SimResponse {
  return {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body style="font-family:sans-serif;max-width:40em;margin:3em auto">${body}</body></html>`,
  };
}

/** 302 to the redirect (query), or the auto-submitted form Entra answers for response_mode=form_post. */
function deliver(redirectUri: string, params: Record<string, string | undefined>, mode: "query" | "form_post"): SimResponse {
  if (mode === "query") return { status: 302, headers: { location: withQuery(redirectUri, params), "cache-control": "no-store" }, body: "" };
  const inputs = Object.entries(params)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("");
  return html(200, "Working...", `<form method="POST" name="hiddenform" action="${esc(redirectUri)}">${inputs}<noscript><button>Continue</button></noscript></form><script>document.forms[0].submit()</script>`);
}

export function authorizeHandler(req: SimRequest, ctx: SimContext): SimResponse {
  if (!(ctx.world instanceof SimWorld)) return html(500, "Error", "<p>The simulator's world is not available.</p>");
  const world = ctx.world;
  const parsed = parseAuthorize(world, req.params.tenant, req.query);
  if (!parsed.ok) {
    const e = parsed.error;
    if (e.redirect && parsed.redirectUri) return deliver(parsed.redirectUri, { error: e.error, error_description: e.description, state: parsed.state }, parsed.responseMode ?? "query");
    return html(400, "Sign in", `<h1>Sorry, but we're having trouble signing you in.</h1><p>${esc(e.description)}</p>`);
  }
  const r = parsed.value;
  const chosen = req.query.get("sim_user");
  if (chosen) {
    const done = completeAuthorize(world, grantStore(ctx.state), r, chosen, ctx.clock.now());
    if (!done.ok) return html(400, "Sign in", `<h1>Sorry, but we're having trouble signing you in.</h1><p>${esc(done.error.description)}</p>`);
    return deliver(r.redirectUri, { code: done.code, state: r.state }, r.responseMode);
  }
  const self = (userId: string): string => {
    const q = new URLSearchParams(req.query);
    q.set("sim_user", userId);
    return `${req.origin}/${encodeURIComponent(req.params.tenant)}/oauth2/v2.0/authorize?${q.toString()}`;
  };
  const items = signInCandidates(world, r)
    .map((u) => `<li><a href="${esc(self(u.id))}">${esc(u.displayName)}</a> &lt;${esc(u.userPrincipalName)}&gt;</li>`)
    .join("");
  return html(200, "Sign in to your account", `<h1>Pick an account</h1><p>Simulated Microsoft sign-in for <b>${esc(r.appName)}</b>.</p><ul>${items}</ul>`);
}

export type ControlCompletion = { redirect: string; code: string; state?: string } | { error: string; code: number; description: string; redirect?: string };

/**
 * The control API's sign-in without a browser: `url` is an authorize URL (on login.microsoftonline.com or the
 * simulator), `user` the account that signs in. The redirect with the code, or the AADSTS error (and the error
 * redirect when Entra would send one).
 */
export function completeFromUrl(world: SimWorld, store: GrantStore, url: string, user: string, now: Date): ControlCompletion {
  const u = new URL(url);
  const m = /^\/([^/]+)\/oauth2\/v2\.0\/authorize\/?$/.exec(u.pathname);
  if (!m) return { error: "invalid_request", code: 900144, description: "AADSTS900144: Not an authorize URL (/{tenant}/oauth2/v2.0/authorize)." };
  const parsed = parseAuthorize(world, decodeURIComponent(m[1]), u.searchParams);
  if (!parsed.ok) {
    const e = parsed.error;
    return { error: e.error, code: e.code, description: e.description, ...(e.redirect && parsed.redirectUri ? { redirect: errorRedirect(parsed.redirectUri, parsed.state, e) } : {}) };
  }
  const done = completeAuthorize(world, store, parsed.value, user, now);
  if (!done.ok) return { error: done.error.error, code: done.error.code, description: done.error.description };
  return { redirect: done.redirect, code: done.code, ...(done.state !== undefined ? { state: done.state } : {}) };
}
