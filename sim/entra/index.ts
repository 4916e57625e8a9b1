/** Entra ID (login.microsoftonline.com) routes. */
import type { RouteDef } from "../core/types";
import type { TokenService } from "../core/tokens";
import { tokenHandler } from "./token";
import { authorizeHandler } from "./authorize";
import { instanceDiscovery, jwks, openIdConfiguration } from "./metadata";

export function entraRoutes(tokens: TokenService): RouteDef[] {
  const token = tokenHandler(tokens);
  const keys = jwks(tokens);
  return [
    { service: "login", method: "POST", path: "/{tenant}/oauth2/v2.0/token", handler: token },
    { service: "login", method: "GET", path: "/{tenant}/oauth2/v2.0/authorize", handler: authorizeHandler },
    { service: "login", method: "GET", path: "/{tenant}/v2.0/.well-known/openid-configuration", handler: openIdConfiguration("v2") },
    { service: "login", method: "GET", path: "/{tenant}/.well-known/openid-configuration", handler: openIdConfiguration("v1") },
    { service: "login", method: "GET", path: "/{tenant}/discovery/v2.0/keys", handler: keys },
    { service: "login", method: "GET", path: "/{tenant}/discovery/keys", handler: keys },
    { service: "login", method: "GET", path: "/common/discovery/instance", handler: instanceDiscovery },
  ];
}
