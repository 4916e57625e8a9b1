/**
 * Pure: access lost and access gained, per customer, from the saved facts.
 * - access.lost: consent of the lifecycle app removed, or the lifecycle group gone from the customer's GDAP access
 *   assignments, after either was seen working at an earlier check (threshold = what was lost).
 * - tenant.new: a customer where the lifecycle app gets a token since the latest check (not at the one before), which
 *   the sync has not synced yet (`known`).
 */
import { links } from "../checks/links";
import type { AlertFacts, DetectedAlert } from "./types";

export function detectAccess(facts: Pick<AlertFacts, "access" | "partnerTenantId">, lifecycleAppId: string | undefined, synced: ReadonlySet<string>): DetectedAlert[] {
  const out: DetectedAlert[] = [];
  for (const a of facts.access) {
    const tenant = { tenantId: a.tenantId, displayName: a.tenantName };
    if (a.consentSeen && a.consent === false) {
      out.push({
        kind: "access.lost",
        subject: a.tenantId,
        threshold: "consent",
        rank: 1,
        severity: "error",
        tenant,
        label: a.tenantName,
        message: `The lifecycle app's consent in ${a.tenantName} was removed: the Intune sync cannot read it any more.`,
        fix: {
          text: `Ask ${a.tenantName}'s administrator to consent to the lifecycle app again.`,
          url: lifecycleAppId ? links.adminConsent(a.tenantId, lifecycleAppId) : links.enterpriseApps(),
        },
      });
    }
    if (a.groupSeen && a.lifecycleGroupInGdap === false) {
      out.push({
        kind: "access.lost",
        subject: a.tenantId,
        threshold: "gdapGroup",
        rank: 1,
        severity: "error",
        tenant,
        label: a.tenantName,
        message: `The lifecycle group is no longer in an active GDAP access assignment of ${a.tenantName}: the service account lost access there.`,
        fix: { text: `Add the lifecycle group back to ${a.tenantName}'s GDAP access assignment with Application Administrator.`, url: links.customerAdminRelationships(a.tenantId) },
      });
    }
    if (a.newlyReachable === true && !synced.has(a.tenantId.toLowerCase())) {
      out.push({
        kind: "tenant.new",
        subject: a.tenantId,
        threshold: "once",
        rank: 1,
        severity: "info",
        tenant,
        label: a.tenantName,
        message: `${a.tenantName} is reachable by the lifecycle app and has not been synced yet.`,
        fix: { text: "Type **sync** to sync it now (or wait for the nightly sync).", url: links.customerAdminRelationships(a.tenantId) },
      });
    }
  }
  return out;
}
