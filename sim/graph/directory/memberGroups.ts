/**
 * checkMemberGroups / getMemberGroups on users (and /me), groups, service principals and directoryObjects.
 * Transitive; checkMemberGroups takes at most 20 group ids; getMemberGroups answers at most 11,000 ids.
 */
import { z } from "zod/v4";
import type { RouteDef, SimContext, SimRequest, TenantState } from "../../core/types";
import { GraphHttpError, errors } from "../errors";
import { apiVersion } from "../odata";
import { GUID, P, graphRoutes, jsonBody, meId, objectKind, ok, tenantOf, type ObjectKind } from "./common";
import { transitiveGroups } from "./membership";
import { subjectId } from "./memberOf";

export const MAX_CHECK_IDS = 20;
export const MAX_MEMBER_GROUPS = 11_000;

const CheckBody = z.object({ groupIds: z.array(z.string()) });
const GetBody = z.object({ securityEnabledOnly: z.boolean() });

type Subject = ObjectKind | "directoryObject" | "me";

function resolveSubject(req: SimRequest, tenant: TenantState, kind: Subject): string {
  if (kind === "me") return subjectId(tenant, "user", meId(req));
  if (kind === "directoryObject") {
    const id = req.params.id.toLowerCase();
    if (!GUID.test(id)) throw errors.invalidObjectId(req.params.id);
    if (!objectKind(tenant, id)) throw errors.notFound(req.params.id);
    return id;
  }
  return subjectId(tenant, kind, req.params.id);
}

function stringCollection(req: SimRequest, values: string[]) {
  return ok({ "@odata.context": `${req.origin}/${apiVersion(req)}/$metadata#Collection(Edm.String)`, value: values });
}

export function checkMemberGroups(tenant: TenantState, objectId: string, groupIds: readonly string[]): string[] {
  const member = new Set(transitiveGroups(tenant, objectId));
  return groupIds.filter((g) => member.has(g.toLowerCase()));
}

function check(kind: Subject) {
  return (req: SimRequest, ctx: SimContext) => {
    const tenant = tenantOf(req, ctx);
    const id = resolveSubject(req, tenant, kind);
    const parsed = CheckBody.safeParse(jsonBody(req));
    if (!parsed.success) throw new GraphHttpError(400, "BadRequest", "Invalid request body: 'groupIds' must be an array of strings.");
    const ids = parsed.data.groupIds;
    if (ids.length > MAX_CHECK_IDS) {
      throw errors.badRequest(`The number of groupIds in the request (${ids.length}) exceeds the maximum of ${MAX_CHECK_IDS}.`);
    }
    for (const g of ids) if (!GUID.test(g)) throw errors.invalidObjectId(g);
    return stringCollection(req, checkMemberGroups(tenant, id, ids));
  };
}

function get(kind: Subject) {
  return (req: SimRequest, ctx: SimContext) => {
    const tenant = tenantOf(req, ctx);
    const id = resolveSubject(req, tenant, kind);
    const parsed = GetBody.safeParse(jsonBody(req));
    if (!parsed.success) throw new GraphHttpError(400, "BadRequest", "Invalid request body: 'securityEnabledOnly' must be a boolean.");
    let groups = transitiveGroups(tenant, id);
    if (parsed.data.securityEnabledOnly) groups = groups.filter((g) => tenant.groups.get(g)?.securityEnabled === true);
    if (groups.length > MAX_MEMBER_GROUPS) {
      throw new GraphHttpError(400, "Directory_ResultSizeLimitExceeded", `The result set exceeds the maximum size limit of ${MAX_MEMBER_GROUPS}.`);
    }
    return stringCollection(req, groups);
  };
}

const cost = { workload: "identity" as const, cost: 4 };

export const routes: RouteDef[] = [
  ...graphRoutes("POST", "/users/{id}/checkMemberGroups", P.memberGroups, cost, check("user")),
  ...graphRoutes("POST", "/users/{id}/getMemberGroups", P.memberGroups, cost, get("user")),
  ...graphRoutes("POST", "/me/checkMemberGroups", P.myMemberGroups, cost, check("me")),
  ...graphRoutes("POST", "/me/getMemberGroups", P.myMemberGroups, cost, get("me")),
  ...graphRoutes("POST", "/groups/{id}/checkMemberGroups", P.memberGroups, cost, check("group")),
  ...graphRoutes("POST", "/groups/{id}/getMemberGroups", P.memberGroups, cost, get("group")),
  ...graphRoutes("POST", "/servicePrincipals/{id}/checkMemberGroups", P.memberGroups, cost, check("servicePrincipal")),
  ...graphRoutes("POST", "/servicePrincipals/{id}/getMemberGroups", P.memberGroups, cost, get("servicePrincipal")),
  ...graphRoutes("POST", "/directoryObjects/{id}/checkMemberGroups", P.memberGroups, cost, check("directoryObject")),
  ...graphRoutes("POST", "/directoryObjects/{id}/getMemberGroups", P.memberGroups, cost, get("directoryObject")),
];
