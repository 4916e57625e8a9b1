/** Every service's routes, wired into the dispatcher. Each area exports its RouteDef[] from an index file. */
import type { RouteDef } from "./core/types";
import type { TokenService } from "./core/tokens";
import { entraRoutes } from "./entra";
import { routes as directory } from "./graph/directory";
import { routes as gdap } from "./graph/gdap";
import { routes as intune } from "./graph/intune";
import { createBatchRoutes, type SubDispatch } from "./graph/batch";
import { routes as partnerCenter } from "./partnercenter";
import { routes as defender } from "./defender";
import { routes as teams } from "./teams";

export function allRoutes(tokens: TokenService, batchDispatch: SubDispatch): RouteDef[] {
  return [...entraRoutes(tokens), ...directory, ...gdap, ...intune, ...createBatchRoutes(batchDispatch), ...partnerCenter, ...defender, ...teams];
}
