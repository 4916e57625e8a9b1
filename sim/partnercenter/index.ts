/** Partner Center routes, wired into the simulator by sim-core. */
import type { RouteAuth, RouteDef } from "../core/types";
import { listCustomers } from "./customers";

/**
 * Tokens for https://api.partnercenter.microsoft.com. Delegated: `user_impersonation` (the Partner Center API's only
 * scope). App-only tokens carry no roles for Partner Center; "*" asks the core to accept any app token of this audience
 * (the handler then checks the app is the partner's registered Partner Center web app).
 */
export const PARTNER_CENTER_AUTH: RouteAuth = { audience: "partnerCenter", application: ["*"], delegated: ["user_impersonation"] };

export const routes: RouteDef[] = [
  { service: "partnerCenter", method: "GET", path: "/v1/customers", auth: PARTNER_CENTER_AUTH, throttle: { workload: "other" }, paged: true, handler: listCustomers },
];
