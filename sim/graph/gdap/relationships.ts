/**
 * GDAP relationships (partner view): list with $filter / $top ≤ 300 / $skipToken nextLinks / $count / $orderby,
 * get, and PATCH with If-Match (auto-extend; refused when the relationship holds Global Administrator), plus
 * access assignments and delegatedAdminCustomers.
 */
import { z } from "zod/v4";
import type { GdapRelationshipState, RouteDef, SimContext, SimRequest, SimResponse } from "../../core/types";
import { GLOBAL_ADMINISTRATOR } from "../../scenario/roles";
import { toGraphDate } from "../../scenario/dates";
import { GraphHttpError, graphHandler, headerValue } from "../errors";
import { entityResponse, listResponse, type CollectionSpec, type Rec } from "../odata";
import { effectiveState } from "../../core/gdap";
import { accessAssignmentEntity, customerEntity, newEtag, relationshipEntity } from "./entities";

export const PARTNER_CUSTOMER_DELEGATED_ADMIN_APP_ID = "2832473f-ec63-45fb-976f-5d45a7d4bb91";

const READ = {
  audience: "graph" as const,
  application: ["DelegatedAdminRelationship.Read.All", "DelegatedAdminRelationship.ReadWrite.All"],
  delegated: ["DelegatedAdminRelationship.Read.All", "DelegatedAdminRelationship.ReadWrite.All"],
};
const WRITE = {
  audience: "graph" as const,
  application: ["DelegatedAdminRelationship.ReadWrite.All"],
  delegated: ["DelegatedAdminRelationship.ReadWrite.All"],
};

const BASE = "/tenantRelationships";

const notFound = (what: string, id: string): GraphHttpError =>
  new GraphHttpError(404, "NotFound", `The ${what} with id '${id}' was not found.`);

export const RELATIONSHIPS_SPEC: CollectionSpec = {
  context: "delegatedAdminRelationships",
  metadataPrefix: "tenantRelationships/",
  resource: "DelegatedAdminRelationship",
  entityType: "microsoft.graph.delegatedAdminRelationship",
  style: "odata",
  maxTop: 300,
  defaultTop: 100,
  skipTokenName: "$skipToken",
  count: true,
  properties: ["isPartnerConsentPending", "indirectProviderTenantId"],
  filter: {
    id: ["eq", "ne", "in"],
    displayName: ["eq", "ne", "in", "startswith", "endswith", "contains"],
    status: ["eq", "ne", "in"],
    "customer/tenantId": ["eq", "ne", "in"],
    "customer/displayName": ["eq", "ne", "startswith", "contains"],
    autoExtendDuration: ["eq", "ne"],
    duration: ["eq", "ne"],
    createdDateTime: ["eq", "gt", "ge", "lt", "le"],
    activatedDateTime: ["eq", "gt", "ge", "lt", "le"],
    endDateTime: ["eq", "ne", "gt", "ge", "lt", "le"],
    lastModifiedDateTime: ["eq", "gt", "ge", "lt", "le"],
    "accessDetails/unifiedRoles": ["any", "all"],
    "accessDetails/unifiedRoles/roleDefinitionId": ["eq", "in"],
  },
  orderby: ["displayName", "status", "createdDateTime", "activatedDateTime", "endDateTime", "lastModifiedDateTime", "customer/displayName"],
};

/** Relationships the caller's tenant sees: all of them for the partner, its own for a customer. */
function visibleRelationships(req: SimRequest, ctx: SimContext): GdapRelationshipState[] {
  const tid = req.principal?.tenantId.toLowerCase() ?? "";
  const all = ctx.world.gdapRelationships();
  if (tid === ctx.world.partnerTenantId.toLowerCase()) return all;
  return all.filter((r) => r.customerTenantId.toLowerCase() === tid);
}

function requireRelationship(req: SimRequest, ctx: SimContext, id: string): GdapRelationshipState {
  const r = ctx.world.gdapRelationship(id);
  const tid = req.principal?.tenantId.toLowerCase() ?? "";
  if (!r || (tid !== ctx.world.partnerTenantId.toLowerCase() && r.customerTenantId.toLowerCase() !== tid)) {
    throw notFound("delegatedAdminRelationship", id);
  }
  return r;
}

const PatchBody = z
  .object({
    autoExtendDuration: z.string().optional(),
    displayName: z.string().optional(),
    duration: z.string().optional(),
    customer: z.object({ tenantId: z.string().optional(), displayName: z.string().optional() }).optional(),
    accessDetails: z.object({ unifiedRoles: z.array(z.object({ roleDefinitionId: z.string() })) }).optional(),
  })
  .strict();

const AUTO_EXTEND = new Set(["PT0S", "P0D", "P180D"]);

/** Applies a PATCH to a relationship; pure apart from the clock. Throws Graph's errors. */
export function patchRelationship(r: GdapRelationshipState, body: unknown, ifMatch: string | undefined, now: Date): GdapRelationshipState {
  if (ifMatch === undefined || ifMatch.trim() === "") {
    throw new GraphHttpError(400, "BadRequest", "The If-Match header is required to update a delegatedAdminRelationship.");
  }
  if (ifMatch.trim() !== "*" && ifMatch.trim() !== r.etag) {
    throw new GraphHttpError(412, "PreconditionFailed", "The entity has been modified since it was last read: the If-Match etag does not match the current etag.");
  }
  const parsed = PatchBody.safeParse(body ?? {});
  if (!parsed.success) {
    const keys = parsed.error.issues.map((i) => (i.code === "unrecognized_keys" ? i.keys.join(", ") : i.path.join("/"))).join("; ");
    throw new GraphHttpError(400, "BadRequest", `Invalid request body: ${keys || "unexpected content"}.`);
  }
  const p = parsed.data;
  const status = effectiveState(r, now).status;
  const next: GdapRelationshipState = { ...r };
  const others = p.displayName !== undefined || p.duration !== undefined || p.customer !== undefined || p.accessDetails !== undefined;
  if (status !== "created" && status !== "active") {
    throw new GraphHttpError(400, "BadRequest", `A relationship in status '${status}' cannot be updated.`);
  }
  if (status === "active" && others) {
    throw new GraphHttpError(400, "BadRequest", "Only autoExtendDuration can be updated on an active relationship.");
  }
  if (p.displayName !== undefined) {
    if (p.displayName.length < 1 || p.displayName.length > 50) throw new GraphHttpError(400, "BadRequest", "displayName must be between 1 and 50 characters.");
    next.displayName = p.displayName;
  }
  if (p.duration !== undefined) next.duration = p.duration;
  if (p.accessDetails !== undefined) next.roles = p.accessDetails.unifiedRoles.map((u) => u.roleDefinitionId.toLowerCase());
  if (p.autoExtendDuration !== undefined) {
    if (!AUTO_EXTEND.has(p.autoExtendDuration)) {
      throw new GraphHttpError(400, "BadRequest", `The value '${p.autoExtendDuration}' is not valid for autoExtendDuration. Supported values are: PT0S, P0D, P180D.`);
    }
    if (p.autoExtendDuration === "P180D" && next.roles.some((role) => role.toLowerCase() === GLOBAL_ADMINISTRATOR)) {
      throw new GraphHttpError(400, "BadRequest", "Auto-extension is not supported for relationships that include the Global Administrator role.");
    }
    next.autoExtendDuration = p.autoExtendDuration as GdapRelationshipState["autoExtendDuration"];
  }
  next.lastModifiedDateTime = toGraphDate(now.getTime());
  next.etag = newEtag(r.id, `${next.lastModifiedDateTime}:${JSON.stringify([next.autoExtendDuration, next.displayName, next.duration, next.roles])}`);
  if (next.etag === r.etag) next.etag = newEtag(r.id, `${next.lastModifiedDateTime}:${r.etag}`);
  return next;
}

function assignmentsSpec(relId: string): CollectionSpec {
  return {
    context: `delegatedAdminRelationships('${relId}')/accessAssignments`,
    metadataPrefix: "tenantRelationships/",
    resource: "DelegatedAdminAccessAssignment",
    entityType: "microsoft.graph.delegatedAdminAccessAssignment",
    style: "odata",
    maxTop: 300,
    defaultTop: 100,
    skipTokenName: "$skipToken",
    count: true,
    filter: {
      id: ["eq", "in"],
      status: ["eq", "ne", "in"],
      "accessContainer/accessContainerId": ["eq", "in"],
      "accessDetails/unifiedRoles": ["any"],
      "accessDetails/unifiedRoles/roleDefinitionId": ["eq", "in"],
    },
    orderby: ["createdDateTime", "lastModifiedDateTime", "status"],
  };
}

const CUSTOMERS_SPEC: CollectionSpec = {
  context: "delegatedAdminCustomers",
  metadataPrefix: "tenantRelationships/",
  resource: "DelegatedAdminCustomer",
  entityType: "microsoft.graph.delegatedAdminCustomer",
  style: "odata",
  maxTop: 300,
  defaultTop: 100,
  skipTokenName: "$skipToken",
  count: true,
  filter: { id: ["eq", "in"], tenantId: ["eq", "in"], displayName: ["eq", "startswith", "contains"] },
  orderby: ["displayName"],
};

/** Customers with at least one relationship that is (or was) in force. */
function customers(req: SimRequest, ctx: SimContext): Rec[] {
  const seen = new Map<string, Rec>();
  for (const r of visibleRelationships(req, ctx)) {
    if (r.activatedDateTime === null) continue;
    if (!seen.has(r.customerTenantId)) seen.set(r.customerTenantId, customerEntity(r.customerTenantId, r.customerDisplayName));
  }
  return [...seen.values()];
}

function route(method: RouteDef["method"], path: string, auth: typeof READ, write: boolean, handler: (req: SimRequest, ctx: SimContext) => SimResponse, paged = false): RouteDef[] {
  return (["/v1.0", "/beta"] as const).map((v) => ({
    service: "graph" as const,
    method,
    path: `${v}${BASE}${path}`,
    auth,
    throttle: { workload: "other" as const, write },
    paged,
    handler: graphHandler(handler),
  }));
}

export const routes: RouteDef[] = [
  ...route("GET", "/delegatedAdminRelationships", READ, false, (req, ctx) => {
    const now = ctx.clock.now();
    return listResponse(req, visibleRelationships(req, ctx).map((r) => relationshipEntity(r, now)), RELATIONSHIPS_SPEC);
  }, true),
  ...route("GET", "/delegatedAdminRelationships/{id}", READ, false, (req, ctx) => {
    const r = requireRelationship(req, ctx, req.params.id);
    const res = entityResponse(req, relationshipEntity(r, ctx.clock.now()), RELATIONSHIPS_SPEC);
    return { ...res, headers: { ETag: r.etag } };
  }),
  ...route("PATCH", "/delegatedAdminRelationships/{id}", WRITE, true, (req, ctx) => {
    const p = req.principal;
    if (p?.kind === "app" && !ctx.world.servicePrincipalByAppId(ctx.world.partnerTenantId, PARTNER_CUSTOMER_DELEGATED_ADMIN_APP_ID)) {
      throw new GraphHttpError(403, "Forbidden", "The Partner Customer Delegated Administration service principal is not provisioned in the partner tenant.");
    }
    if (p && p.tenantId.toLowerCase() !== ctx.world.partnerTenantId.toLowerCase()) {
      throw new GraphHttpError(403, "Forbidden", "Only the partner can update a delegatedAdminRelationship.");
    }
    const r = requireRelationship(req, ctx, req.params.id);
    const next = patchRelationship(r, req.rawBody.trim() === "" ? undefined : req.body, headerValue(req, "if-match"), ctx.clock.now());
    ctx.world.updateGdapRelationship(next);
    const res = entityResponse({ ...req, query: new URLSearchParams() }, relationshipEntity(next, ctx.clock.now()), RELATIONSHIPS_SPEC);
    return { ...res, headers: { ETag: next.etag } };
  }),
  ...route("GET", "/delegatedAdminRelationships/{id}/accessAssignments", READ, false, (req, ctx) => {
    const r = requireRelationship(req, ctx, req.params.id);
    return listResponse(req, r.accessAssignments.map(accessAssignmentEntity), assignmentsSpec(r.id));
  }, true),
  ...route("GET", "/delegatedAdminRelationships/{id}/accessAssignments/{assignmentId}", READ, false, (req, ctx) => {
    const r = requireRelationship(req, ctx, req.params.id);
    const a = r.accessAssignments.find((x) => x.id.toLowerCase() === req.params.assignmentId.toLowerCase());
    if (!a) throw notFound("delegatedAdminAccessAssignment", req.params.assignmentId);
    return entityResponse(req, accessAssignmentEntity(a), assignmentsSpec(r.id));
  }),
  ...route("GET", "/delegatedAdminCustomers", READ, false, (req, ctx) => listResponse(req, customers(req, ctx), CUSTOMERS_SPEC), true),
  ...route("GET", "/delegatedAdminCustomers/{id}", READ, false, (req, ctx) => {
    const c = customers(req, ctx).find((x) => String(x.id).toLowerCase() === req.params.id.toLowerCase());
    if (!c) throw notFound("delegatedAdminCustomer", req.params.id);
    return entityResponse(req, c, CUSTOMERS_SPEC);
  }),
];
