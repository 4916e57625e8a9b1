/** What every reader of a snapshot run shares: the partner-tenant Graph client, one limiter, one permission cache. */
import type { Logger } from "../../log/logger";
import type { GraphClient } from "../client";
import type { PermissionResolver } from "../permissions";
import type { Limiter } from "./limiter";

export interface ReadContext {
  /** Partner tenant, v1.0 and beta via opts. */
  graph: GraphClient;
  /** Every request of the run goes through it (never nest `limiter.run` calls: a parent holding a slot would wait on its child). */
  limiter: Limiter;
  permissions: PermissionResolver;
  logger: Logger;
}

/** One request of the run through the limiter. */
export function request<T>(ctx: ReadContext, call: (graph: GraphClient) => Promise<T>): Promise<T> {
  return ctx.limiter.run(() => call(ctx.graph));
}
