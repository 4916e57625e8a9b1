/**
 * Pure: GDAP relationships ending in 30, 7 and 1 days (whole days, rounded up) that will not auto-extend: auto-extend
 * off, or Global Administrator in the relationship (Microsoft refuses auto-extend for it). Partner Center e-mails at
 * the same thresholds; the alert is in Teams, grouped across tenants.
 */
import { links } from "../checks/links";
import { day, days, daysUntil, q } from "../checks/text";
import { thresholdFor } from "./detectSecrets";
import { GDAP_THRESHOLDS, type AlertFacts, type DetectedAlert } from "./types";

export function detectGdap(facts: Pick<AlertFacts, "gdap">, now: Date): DetectedAlert[] {
  const out: DetectedAlert[] = [];
  for (const r of facts.gdap) {
    if (!r.autoExtendOff && !r.globalAdmin) continue;
    const left = daysUntil(r.endDateTime, now);
    if (left <= 0) continue; // ended: the relationship is no longer active, the check reports it
    const hit = thresholdFor(left, GDAP_THRESHOLDS);
    if (!hit) continue;
    const why = r.globalAdmin ? "it contains Global Administrator, so it cannot auto-extend" : "auto-extend is off";
    out.push({
      kind: "gdap.ending",
      subject: `${r.tenantId}:${r.relationshipId}`,
      // Global Administrator relationships are a different cause (and fix) than auto-extend off: separate cards.
      threshold: r.globalAdmin ? `${hit.threshold}.globalAdmin` : hit.threshold,
      rank: hit.rank,
      severity: left <= 7 ? "error" : "warning",
      tenant: { tenantId: r.tenantId, displayName: r.tenantName },
      label: r.relationshipName,
      message: `${r.tenantName}'s GDAP relationship ${q(r.relationshipName)} ends in ${days(left)} (${day(r.endDateTime)}) and ${why}.`,
      endsAt: r.endDateTime,
      daysLeft: left,
      fix: r.globalAdmin
        ? { text: `Request a new relationship with ${r.tenantName} without Global Administrator (auto-extend on) before this one ends.`, url: links.customerAdminRelationships(r.tenantId) }
        : { text: "Turn on auto-extend (180 days) for this relationship in Partner Center.", url: links.customerAdminRelationships(r.tenantId) },
    });
  }
  return out;
}
