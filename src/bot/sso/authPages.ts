/**
 * The Teams SSO fallback pages, served by the bot: `auth-start.html` and `auth-end.html`.
 *
 * When the silent exchange fails (consent missing, token refused), the bot answers the `signin/tokenExchange` invoke
 * with 412 and Teams shows the OAuth card's sign-in button, which opens `signInLink` (auth-start) in a popup. The page
 * sends the admin to Microsoft's authorize endpoint (authorization code + PKCE, `response_mode=fragment`) to consent;
 * Microsoft redirects to auth-end, which checks the state and tells Teams (Teams JavaScript SDK
 * `authentication.notifySuccess`). Teams then sends `signin/verifyState`; teams-ai sends the OAuth card again and the
 * silent exchange now succeeds. The authorization code is never redeemed, never sent to the bot, and is removed from the
 * address bar at once: no token or code is shown or stored.
 *
 * The pages are static: their configuration (client id, tenant, scopes: none of them secret) is rendered once at start;
 * inline scripts are allowed by their hash in a strict Content-Security-Policy. In local mode (no Teams, no SSO) both
 * pages only say so and load nothing; in azure mode auth-end loads the Teams JavaScript SDK from Microsoft's CDN with
 * Subresource Integrity.
 */
import { createHash } from "node:crypto";
import type * as restify from "restify";
import { z } from "zod/v4";
import { GUID_PATTERN } from "../../domain/guid";

export const AUTH_START_PATH = "/auth-start.html";
export const AUTH_END_PATH = "/auth-end.html";

/** Microsoft Teams JavaScript SDK as in Microsoft's teams-ai Teams SSO sample, pinned by its integrity hash. */
export const TEAMS_JS_SDK = {
  src: "https://statics.teams.cdn.office.net/sdk/v1.6.0/js/MicrosoftTeams.min.js",
  integrity: "sha384-mhp2E+BLMiZLe7rDIzj19WjgXJeI32NkPvrvvZBrMi5IvWup/1NUfS5xuYN5S3VT",
  origin: "https://statics.teams.cdn.office.net",
} as const;

const Guid = z.string().regex(GUID_PATTERN);

export const AuthPagesOptionsSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("local") }),
  z.object({
    mode: z.literal("azure"),
    /** The SSO app (client) id. */
    clientId: Guid,
    /** The tenant admins sign in to. */
    tenantId: Guid,
    /** Full scope URIs to consent to (SSO_GRAPH_SCOPES). */
    scopes: z.array(z.string().regex(/^[A-Za-z0-9.:/_-]{1,200}$/)).min(1),
  }),
]);
export type AuthPagesOptions = z.input<typeof AuthPagesOptionsSchema>;

export interface AuthPage {
  path: string;
  html: string;
  headers: Record<string, string>;
}

const STYLE = "body{font-family:'Segoe UI',system-ui,sans-serif;margin:2rem;color:#242424}";
const STATE_KEY = "tenantPilot.auth.state";

function sha256(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** JSON inside a <script>: no `<`, so `</script>` cannot end the element early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

function page(title: string, bodyHtml: string, scripts: { inline?: string; external?: typeof TEAMS_JS_SDK }): { html: string; csp: string } {
  const scriptSrc = [scripts.inline ? sha256(scripts.inline) : "", scripts.external ? scripts.external.origin : ""].filter(Boolean);
  const csp = [
    "default-src 'none'",
    `script-src ${scriptSrc.length ? scriptSrc.join(" ") : "'none'"}`,
    `style-src ${sha256(STYLE)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const ext = scripts.external ? `<script src="${scripts.external.src}" integrity="${scripts.external.integrity}" crossorigin="anonymous"></script>` : "";
  const inline = scripts.inline ? `<script>${scripts.inline}</script>` : "";
  const html = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${STYLE}</style></head>
<body><p id="status">${bodyHtml}</p>${ext}${inline}</body>
</html>
`;
  return { html, csp };
}

function startScript(cfg: { clientId: string; tenantId: string; scope: string }): string {
  const authorize = `https://login.microsoftonline.com/${cfg.tenantId}/oauth2/v2.0/authorize`;
  return `(function(){"use strict";
var cfg=${scriptJson({ clientId: cfg.clientId, scope: cfg.scope, authorize })};
var status=document.getElementById("status");
function b64url(bytes){var s="";for(var i=0;i<bytes.length;i++)s+=String.fromCharCode(bytes[i]);return btoa(s).replace(/\\+/g,"-").replace(/\\//g,"_").replace(/=+$/,"");}
function random(){var b=new Uint8Array(32);crypto.getRandomValues(b);return b64url(b);}
var state=random();
sessionStorage.setItem(${scriptJson(STATE_KEY)},state);
crypto.subtle.digest("SHA-256",new TextEncoder().encode(random())).then(function(h){
var q=new URLSearchParams({client_id:cfg.clientId,response_type:"code",response_mode:"fragment",scope:cfg.scope,redirect_uri:location.origin+${scriptJson(AUTH_END_PATH)},state:state,nonce:random(),code_challenge:b64url(new Uint8Array(h)),code_challenge_method:"S256"});
location.assign(cfg.authorize+"?"+q.toString());
},function(){status.textContent="This browser cannot start the sign-in.";});
})();`;
}

function endScript(): string {
  return `(function(){"use strict";
var status=document.getElementById("status");
var p=new URLSearchParams(location.hash.slice(1));
history.replaceState(null,"",location.pathname);
var expected=sessionStorage.getItem(${scriptJson(STATE_KEY)});
sessionStorage.removeItem(${scriptJson(STATE_KEY)});
if(typeof microsoftTeams==="undefined"){status.textContent="Open this page from Microsoft Teams.";return;}
microsoftTeams.initialize();
function fail(code){var c=/^[A-Za-z0-9_]{1,64}$/.test(code||"")?code:"UnexpectedFailure";status.textContent="Sign-in did not complete ("+c+"). Close this window and try again.";microsoftTeams.authentication.notifyFailure(c);}
if(p.get("error")){fail(p.get("error"));}
else if(p.get("code")&&expected&&p.get("state")===expected){status.textContent="Signed in. You can close this window.";microsoftTeams.authentication.notifySuccess();}
else{fail("StateDoesNotMatch");}
})();`;
}

const LOCAL_NOTE = "Local mode has no Teams sign-in: Tenant Pilot signs you in through the Microsoft simulator. You can close this window.";

/** Pure: the two pages with their headers. */
export function renderAuthPages(input: AuthPagesOptions): AuthPage[] {
  const opts = AuthPagesOptionsSchema.parse(input);
  const headersFor = (csp: string): Record<string, string> => ({
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "Content-Security-Policy": csp,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
  });
  if (opts.mode === "local") {
    return [AUTH_START_PATH, AUTH_END_PATH].map((path) => {
      const p = page("Tenant Pilot sign-in", LOCAL_NOTE, {});
      return { path, html: p.html, headers: headersFor(p.csp) };
    });
  }
  const start = page("Tenant Pilot sign-in", "Opening Microsoft sign-in…", {
    inline: startScript({ clientId: opts.clientId, tenantId: opts.tenantId, scope: opts.scopes.join(" ") }),
  });
  const end = page("Tenant Pilot sign-in", "Finishing sign-in…", { inline: endScript(), external: TEAMS_JS_SDK });
  return [
    { path: AUTH_START_PATH, html: start.html, headers: headersFor(start.csp) },
    { path: AUTH_END_PATH, html: end.html, headers: headersFor(end.csp) },
  ];
}

/** GET /auth-start.html and /auth-end.html (rendered once). Call before `server.listen`. */
export function registerAuthPages(server: restify.Server, opts: AuthPagesOptions): void {
  for (const p of renderAuthPages(opts)) {
    const body = Buffer.from(p.html, "utf8");
    server.get(p.path, (_req: restify.Request, res: restify.Response, next: restify.Next) => {
      res.writeHead(200, { ...p.headers, "Content-Length": String(body.length) });
      res.end(body);
      next();
    });
  }
}
