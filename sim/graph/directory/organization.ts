/** The caller's organization (a collection of one) and its subscribed SKUs. */
import type * as MG from "@microsoft/microsoft-graph-types";
import type { RouteDef, TenantState } from "../../core/types";
import { errors } from "../errors";
import { entityResponse, listResponse, rec, type CollectionSpec, type Rec } from "../odata";
import { P, graphRoutes, tenantOf } from "./common";

export function organizationEntity(t: TenantState): Rec {
  const org: MG.Organization = {
    id: t.tenantId,
    displayName: t.displayName,
    tenantType: "AAD",
    countryLetterCode: "US",
    preferredLanguage: "en",
    createdDateTime: null,
    businessPhones: [],
    technicalNotificationMails: [],
    assignedPlans: [],
    verifiedDomains: [
      { name: t.domain, isDefault: true, isInitial: true, type: "Managed", capabilities: "Email, OfficeCommunicationsOnline" },
    ],
  };
  return rec(org);
}

const ORG_SPEC: CollectionSpec = {
  context: "organization",
  resource: "Organization",
  entityType: "microsoft.graph.organization",
  style: "directory",
  maxTop: 999,
  defaultTop: 100,
};

export function skuEntities(t: TenantState): Rec[] {
  return t.subscribedSkus.map((s) => {
    const sku: MG.SubscribedSku = {
      id: `${t.tenantId}_${s.skuId}`,
      skuId: s.skuId,
      skuPartNumber: s.skuPartNumber,
      accountId: t.tenantId,
      accountName: t.displayName,
      appliesTo: "User",
      capabilityStatus: "Enabled",
      consumedUnits: s.consumedUnits,
      prepaidUnits: { enabled: s.prepaidUnits, suspended: 0, warning: 0, lockedOut: 0 },
      servicePlans: [],
    };
    return rec(sku);
  });
}

const SKU_SPEC: CollectionSpec = {
  context: "subscribedSkus",
  resource: "SubscribedSku",
  entityType: "microsoft.graph.subscribedSku",
  style: "directory",
  maxTop: 999,
  defaultTop: 999,
};

const cost = { workload: "identity" as const, cost: 1 };

export const routes: RouteDef[] = [
  ...graphRoutes("GET", "/organization", P.organization, cost, (req, ctx) => listResponse(req, [organizationEntity(tenantOf(req, ctx))], ORG_SPEC)),
  ...graphRoutes("GET", "/organization/{id}", P.organization, cost, (req, ctx) => {
    const t = tenantOf(req, ctx);
    if (req.params.id.toLowerCase() !== t.tenantId.toLowerCase()) throw errors.notFound(req.params.id);
    return entityResponse(req, organizationEntity(t), ORG_SPEC);
  }),
  ...graphRoutes("GET", "/subscribedSkus", P.skus, cost, (req, ctx) => listResponse(req, skuEntities(tenantOf(req, ctx)), SKU_SPEC)),
];
