/**
 * Pure: the service account still holds Global Administrator GLOBAL_ADMIN_GRACE_DAYS days after the Microsoft 365
 * integration was connected (the guide needs it during setup only; least privilege afterwards).
 */
import { links } from "../checks/links";
import { days, daysBetween } from "../checks/text";
import { GLOBAL_ADMIN_GRACE_DAYS, type AlertFacts, type DetectedAlert } from "./types";

export function detectServiceAccount(facts: Pick<AlertFacts, "serviceAccountGlobalAdmin" | "m365ConnectedSince" | "serviceAccountUpn" | "serviceAccountId">, now: Date): DetectedAlert[] {
  if (facts.serviceAccountGlobalAdmin !== true || facts.m365ConnectedSince === undefined) return [];
  const since = daysBetween(facts.m365ConnectedSince, now.toISOString());
  if (since < GLOBAL_ADMIN_GRACE_DAYS) return [];
  const who = facts.serviceAccountUpn ?? "The service account";
  return [
    {
      kind: "serviceAccount.globalAdmin",
      subject: "partner",
      threshold: "once",
      rank: 1,
      severity: "warning",
      label: who,
      message: `${who} still holds Global Administrator ${days(since)} after Microsoft 365 was connected; it needs it during setup only.`,
      fix: { text: "Remove Global Administrator from the service account (keep its GDAP group membership).", url: facts.serviceAccountId ? links.userRoles(facts.serviceAccountId) : links.users() },
    },
  ];
}
