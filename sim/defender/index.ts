/** Placeholder created by sim-core so the server compiles; the owning helper replaces it with this area's routes. */
import type { RouteDef } from "../core/types";

export const routes: RouteDef[] = [];
