/** GDAP routes (delegatedAdminRelationships, accessAssignments, delegatedAdminCustomers), v1.0 and beta. */
import type { RouteDef } from "../../core/types";
import { routes as relationships } from "./relationships";

export const routes: RouteDef[] = [...relationships];
