/**
 * Customer-side confirmation (Microsoft 365 integration connected): the partner-side chain says what GDAP should
 * allow; one read in the customer as the service account says what it does. Where they disagree, a finding says so:
 * - the chain is whole (no finding at all) but the read is refused: access does not work in practice (role changes can take up to an hour
 *   to show; otherwise something the partner side cannot see, e.g. the customer removed the role);
 * - the chain is broken but the read works: the service account reaches the customer another way (another group or
 *   relationship), so the named broken link is not what blocks it — an info finding, the verdict stays the chain's.
 */
import type { Finding } from "../domain/findings";
import type { CustomerSnapshot, PartnerSnapshot } from "../domain/snapshot";
import { chainFindings } from "./customerChain";
import { links } from "./links";
import type { Check } from "./types";

export const CUSTOMER_SIDE_CODES = { refused: "gdap.customerSideRefused", worksAnyway: "gdap.customerSideWorks" } as const;

function finding(c: CustomerSnapshot, f: Omit<Finding, "tenantId" | "subject">): Finding {
  return { ...f, tenantId: c.tenantId, subject: c.displayName };
}

export const checkCustomerSide: Check = (s: PartnerSnapshot) =>
  s.customers.flatMap((c): Finding[] => {
    const side = c.customerSide;
    if (side === undefined) return [];
    const chain = chainFindings(s, c);
    const chainBroken = chain.some((f) => f.severity === "error");
    // A chain with a warning (assignment pending, relationship activating) is not expected to work yet.
    if (chain.length === 0 && !side.ok) {
      return [
        finding(c, {
          severity: "error",
          code: CUSTOMER_SIDE_CODES.refused,
          message: `The GDAP chain to ${c.displayName} looks complete, but reading ${c.displayName}'s directory as the service account failed: ${side.error.message}`,
          fix: {
            text: `Role changes can take up to an hour to reach ${c.displayName}; if it still fails, check the relationship's roles and access assignments in Partner Center.`,
            url: links.customerAdminRelationships(c.tenantId),
          },
        }),
      ];
    }
    if (chainBroken && side.ok) {
      return [
        finding(c, {
          severity: "info",
          code: CUSTOMER_SIDE_CODES.worksAnyway,
          message: `The service account can read ${c.displayName}'s directory nevertheless: it reaches ${c.displayName} through another group or relationship than the one the guides ask for.`,
          fix: { text: `Fix the broken link above so access rests on the lifecycle group as the setup guide describes.`, url: links.customerAdminRelationships(c.tenantId) },
        }),
      ];
    }
    return [];
  });
