/** Microsoft Graph directory routes (v1.0 and beta), wired into the simulator by sim-core. */
import type { RouteDef } from "../../core/types";
import { routes as applications } from "./applications";
import { routes as groups } from "./groups";
import { routes as memberGroups } from "./memberGroups";
import { routes as memberOf } from "./memberOf";
import { routes as organization } from "./organization";
import { routes as roleAssignments } from "./roleAssignments";
import { routes as servicePrincipals } from "./servicePrincipals";
import { routes as users } from "./users";

export const routes: RouteDef[] = [
  ...users,
  ...groups,
  ...memberOf,
  ...memberGroups,
  ...roleAssignments,
  ...applications,
  ...servicePrincipals,
  ...organization,
];
