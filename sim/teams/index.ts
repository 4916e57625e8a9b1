/** Teams connector (Bot Connector v3) routes, wired into the simulator by sim-core. */
import type { RouteAuth, RouteDef } from "../core/types";
import { createConversation, replyToActivity, sendToConversation, throttleTenantOf, updateActivity } from "./connector";

/** Bot Framework tokens (aud https://api.botframework.com); anonymous calls are accepted when scenario.teams.allowAnonymous. */
export const BOT_CONNECTOR_AUTH: RouteAuth = { audience: "botframework", application: [], delegated: [] };

/** Per-app-per-tenant limits count against the conversation's tenant, not the Bot Framework token's. */
const send = { workload: "teams", write: true, tenant: throttleTenantOf } as const;

export const routes: RouteDef[] = [
  { service: "teams", method: "POST", path: "/v3/conversations", auth: BOT_CONNECTOR_AUTH, throttle: { workload: "teams", tenant: throttleTenantOf }, handler: createConversation },
  { service: "teams", method: "POST", path: "/v3/conversations/{conversationId}/activities", auth: BOT_CONNECTOR_AUTH, throttle: send, handler: sendToConversation },
  { service: "teams", method: "POST", path: "/v3/conversations/{conversationId}/activities/{activityId}", auth: BOT_CONNECTOR_AUTH, throttle: send, handler: replyToActivity },
  { service: "teams", method: "PUT", path: "/v3/conversations/{conversationId}/activities/{activityId}", auth: BOT_CONNECTOR_AUTH, throttle: send, handler: updateActivity },
];
