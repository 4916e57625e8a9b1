/**
 * Whole sources that could not be read: GDAP relationships (then customers hold only Partner Center's) or Partner
 * Center customers (then customers without GDAP and indirect-reseller status are unknown). Partner findings; the
 * per-customer consequences are in customerChain.ts (gdap.unreadable) and indirectReseller.ts.
 */
import type { Finding } from "../domain/findings";
import { links } from "./links";
import { unreadable, unreadableFix } from "./text";
import type { Check } from "./types";

export const SOURCE_CODES = {
  gdapUnreadable: "gdap.unreadable",
  partnerCenterUnreadable: "partnerCenter.unreadable",
} as const;

export const checkSources: Check = (s) => {
  const out: Finding[] = [];
  if (!s.gdapRead.ok) {
    out.push({
      severity: "warning",
      code: SOURCE_CODES.gdapUnreadable,
      subject: "GDAP relationships",
      message: unreadable("your GDAP relationships", s.gdapRead.error),
      fix: { text: unreadableFix(s.gdapRead.error), url: links.adminRelationships() },
    });
  }
  if (!s.partnerCenterRead.ok) {
    out.push({
      severity: "warning",
      code: SOURCE_CODES.partnerCenterUnreadable,
      subject: "Partner Center customers",
      message: `${unreadable("your Partner Center customers", s.partnerCenterRead.error)} Customers without GDAP and indirect resellers may be missing.`,
      fix: { text: unreadableFix(s.partnerCenterRead.error), url: links.partnerCenterAppManagement() },
    });
  }
  return out;
};
