/**
 * The bot's routes, in order. To add a feature: write routes/<feature>.ts exporting `<feature>Routes(deps): RouteModule`
 * (commands, Execute and Submit verbs through the Router), then add it to the list below. The fallback comes last.
 */
import type { RouteModule } from "../router";
import { aboutRoutes, type AboutDeps } from "./about";
import { fallbackRoutes } from "./fallback";
import { helpRoutes } from "./help";
import { installRoutes, type InstallDeps } from "./install";

export type RouteDeps = InstallDeps & AboutDeps;

export function featureRoutes(deps: RouteDeps): RouteModule[] {
  return [installRoutes(deps), helpRoutes(), aboutRoutes(deps)];
}

export { fallbackRoutes };
