/** Entra discovery documents: OpenID configuration (v1 and v2) per tenant, JWKS, and instance discovery. */
import type { SimContext, SimRequest, SimResponse } from "../core/types";
import { SimWorld } from "../core/world";
import { aadstsError } from "../core/errors";
import type { TokenService } from "../core/tokens";

const PUBLIC_HOST = "https://login.microsoftonline.com";

function tenantOrError(req: SimRequest, ctx: SimContext): { tid: string } | SimResponse {
  const ref = req.params.tenant.toLowerCase();
  if (["common", "organizations", "consumers"].includes(ref)) return { tid: "{tenantid}" };
  const t = ctx.world instanceof SimWorld ? ctx.world.findTenant(ref) : ctx.world.tenant(ref);
  if (!t) return aadstsError(req, ctx.clock.now(), 400, "invalid_tenant", 90002, `Tenant '${req.params.tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  return { tid: t.tenantId };
}

export function openIdConfiguration(version: "v1" | "v2") {
  return (req: SimRequest, ctx: SimContext): SimResponse => {
    const t = tenantOrError(req, ctx);
    if ("status" in t) return t;
    const base = `${req.origin}/${req.params.tenant}`;
    const v = version === "v2" ? "/v2.0" : "";
    return {
      status: 200,
      body: {
        token_endpoint: `${base}/oauth2${v}/token`,
        token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        jwks_uri: `${base}/discovery${v}/keys`,
        response_modes_supported: ["query", "fragment", "form_post"],
        subject_types_supported: ["pairwise"],
        id_token_signing_alg_values_supported: ["RS256"],
        response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
        scopes_supported: ["openid", "profile", "email", "offline_access"],
        issuer: version === "v2" ? `${PUBLIC_HOST}/${t.tid}/v2.0` : `https://sts.windows.net/${t.tid}/`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: "https://graph.microsoft.com/oidc/userinfo",
        authorization_endpoint: `${base}/oauth2${v}/authorize`,
        device_authorization_endpoint: `${base}/oauth2${v}/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${base}/oauth2${v}/logout`,
        claims_supported: ["sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
        kerberos_endpoint: `${base}/kerberos`,
        tenant_region_scope: "EU",
        cloud_instance_name: "microsoftonline.com",
        cloud_graph_host_name: "graph.windows.net",
        msgraph_host: "graph.microsoft.com",
        rbac_url: "https://pas.windows.net",
      },
    };
  };
}

export function jwks(tokens: TokenService) {
  return (req: SimRequest, ctx: SimContext): SimResponse => {
    const t = tenantOrError(req, ctx);
    if ("status" in t) return t;
    return { status: 200, body: tokens.jwks() };
  };
}

export function instanceDiscovery(req: SimRequest): SimResponse {
  const host = "login.microsoftonline.com";
  return {
    status: 200,
    body: {
      tenant_discovery_endpoint: `${req.origin}/{tenant}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [
        { preferred_network: host, preferred_cache: "login.windows.net", aliases: [host, "login.windows.net", "login.microsoft.com", "sts.windows.net"] },
        { preferred_network: new URL(req.origin).host, preferred_cache: new URL(req.origin).host, aliases: [new URL(req.origin).host] },
      ],
    },
  };
}
