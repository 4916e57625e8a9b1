/**
 * Indirect resellers: the MEM integration needs direct access to manage the customer's devices, which an indirect
 * (or unmanaged) reseller does not have. Signalled by Partner Center's `relationshipToPartner` = indirectReseller,
 * or by a GDAP reseller relationship (resellerDelegatedAdminRelationship). CSP direct partners ("reseller" in
 * Partner Center) and indirect providers are fine.
 */
import { links } from "./links";
import { q } from "./text";
import type { Check } from "./types";

export const INDIRECT_RESELLER_CODES = { indirect: "reseller.indirect" } as const;

export const checkIndirectReseller: Check = (s) =>
  s.customers.flatMap((c) => {
    const viaPartnerCenter = (c.relationshipToPartner ?? "").toLowerCase() === "indirectreseller";
    const resellerRels = c.relationships.filter((r) => r.isReseller);
    if (!viaPartnerCenter && resellerRels.length === 0) return [];
    const how = viaPartnerCenter
      ? "you are its indirect reseller in Partner Center"
      : `its GDAP relationship ${q(resellerRels[0].displayName)} is a reseller relationship`;
    return [
      {
        severity: "error" as const,
        code: INDIRECT_RESELLER_CODES.indirect,
        tenantId: c.tenantId,
        subject: c.displayName,
        message: `${c.displayName}: ${how}. The MEM (Intune) integration does not support indirect resellers; it needs direct access to manage the devices.`,
        fix: {
          text: `Sync ${c.displayName}'s devices with a single-tenant MEM integration in the customer's own tenant, or manage it as a direct CSP customer.`,
          url: links.customerAdminRelationships(c.tenantId),
        },
      },
    ];
  });
