/**
 * Pure: the partner's customers from GDAP relationships (grouped by customer tenant) and Partner Center's customer
 * list together, one CustomerSnapshot per tenant, sorted by name (then tenant id) so snapshots are deterministic.
 */
import type { CustomerSnapshot, GdapRelationshipSnapshot } from "../../domain/snapshot";

export interface GdapCustomerRow {
  customerTenantId: string;
  customerName: string | null;
  relationship: GdapRelationshipSnapshot;
}

/** Partner Center's customer (src/graph/partnerCenter.ts PartnerCenterCustomer). */
export interface PcCustomerRow {
  tenantId: string;
  companyName: string;
  domain: string | null;
  relationshipToPartner: string | null;
  associatedPartnerId?: string;
}

/** Only these tenants (lower-case ids), when given. */
export type TenantFilter = ReadonlySet<string> | undefined;

export function mergeCustomers(gdap: readonly GdapCustomerRow[], partnerCenter: readonly PcCustomerRow[], only?: TenantFilter): CustomerSnapshot[] {
  const byTenant = new Map<string, CustomerSnapshot>();
  const get = (tenantId: string, name: string | null): CustomerSnapshot => {
    const id = tenantId.toLowerCase();
    let c = byTenant.get(id);
    if (!c) {
      c = { tenantId: id, displayName: name ?? id, domain: null, sources: [], relationshipToPartner: null, relationships: [] };
      byTenant.set(id, c);
    } else if (c.displayName === c.tenantId && name) {
      c.displayName = name;
    }
    return c;
  };
  for (const row of gdap) {
    if (only && !only.has(row.customerTenantId.toLowerCase())) continue;
    const c = get(row.customerTenantId, row.customerName);
    if (!c.sources.includes("gdap")) c.sources.push("gdap");
    c.relationships.push(row.relationship);
  }
  for (const pc of partnerCenter) {
    if (only && !only.has(pc.tenantId.toLowerCase())) continue;
    const c = get(pc.tenantId, pc.companyName || null);
    // Partner Center's company name is the customer's own; GDAP's is the relationship's copy of it.
    if (pc.companyName) c.displayName = pc.companyName;
    c.domain = pc.domain;
    c.relationshipToPartner = pc.relationshipToPartner;
    if (pc.associatedPartnerId) c.associatedPartnerId = pc.associatedPartnerId;
    if (!c.sources.includes("partnerCenter")) c.sources.push("partnerCenter");
  }
  for (const c of byTenant.values()) c.sources.sort();
  return [...byTenant.values()].sort(
    (a, b) => a.displayName.localeCompare(b.displayName, "en", { sensitivity: "base" }) || a.tenantId.localeCompare(b.tenantId),
  );
}
