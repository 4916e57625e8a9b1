/**
 * The GDAP Lifecycle Manager group: exists, is a security group with assigned membership (not dynamic, not a
 * Microsoft 365 group: neither can be nested in the customers' GDAP groups), and contains the service account.
 * Also reports when the partner-wide "which GDAP groups contain it" read failed.
 */
import type { Finding } from "../domain/findings";
import type { PartnerSnapshot } from "../domain/snapshot";
import { links } from "./links";
import { q, unreadable, unreadableFix } from "./text";
import type { Check } from "./types";

export const LIFECYCLE_GROUP_CODES = {
  notFound: "lifecycleGroup.notFound",
  notSecurity: "lifecycleGroup.notSecurity",
  m365Group: "lifecycleGroup.m365Group",
  dynamic: "lifecycleGroup.dynamic",
  serviceAccountMissing: "lifecycleGroup.serviceAccountMissing",
  membersUnreadable: "lifecycleGroup.membersUnreadable",
  containmentUnreadable: "lifecycleGroup.containmentUnreadable",
} as const;
const C = LIFECYCLE_GROUP_CODES;

export const DEFAULT_LIFECYCLE_GROUP_LOOKUP =
  'the security group named "GDAP Lifecycle Manager" (or containing "Lifecycle Manager")';

function hasType(types: readonly string[], name: string): boolean {
  return types.some((t) => t.toLowerCase() === name.toLowerCase());
}

export const checkLifecycleGroup: Check = (s: PartnerSnapshot) => {
  const g = s.lifecycleGroup;
  if (!g) {
    return [
      {
        severity: "error",
        code: C.notFound,
        subject: "GDAP Lifecycle Manager",
        message: `No GDAP Lifecycle Manager group found. Looked for ${s.lookedFor?.lifecycleGroup ?? DEFAULT_LIFECYCLE_GROUP_LOOKUP}.`,
        fix: {
          text: 'Create a security group with assigned membership (e.g. "GDAP Lifecycle Manager") and add the service account to it.',
          url: links.groups(),
        },
      },
    ];
  }
  const name = q(g.displayName);
  const subject = g.displayName;
  const out: Finding[] = [];

  if (hasType(g.groupTypes, "Unified")) {
    out.push({
      severity: "error",
      code: C.m365Group,
      subject,
      message: `${name} is a Microsoft 365 group; only a security group can be nested in your customers' GDAP groups.`,
      fix: { text: "Create a new group of type Security with assigned membership and use it instead.", url: links.groups() },
    });
  } else if (!g.securityEnabled) {
    out.push({
      severity: "error",
      code: C.notSecurity,
      subject,
      message: `${name} is not a security group; only a security group can be nested in your customers' GDAP groups.`,
      fix: { text: "Create a new group of type Security with assigned membership and use it instead.", url: links.groups() },
    });
  }
  if (hasType(g.groupTypes, "DynamicMembership")) {
    out.push({
      severity: "error",
      code: C.dynamic,
      subject,
      message: `${name} has dynamic membership; it must have assigned membership so the service account stays in it.`,
      fix: { text: "Change the membership type to Assigned and add the service account.", url: links.groupOverview(g.id) },
    });
  }

  if (!g.members.ok) {
    out.push({
      severity: "warning",
      code: C.membersUnreadable,
      subject,
      message: unreadable(`the members of ${name}`, g.members.error),
      fix: { text: unreadableFix(g.members.error), url: links.groupMembers(g.id) },
    });
  } else if (s.serviceAccount) {
    const saId = s.serviceAccount.user.id;
    if (!g.members.value.some((m) => m.id === saId)) {
      const upn = s.serviceAccount.user.userPrincipalName;
      out.push({
        severity: "error",
        code: C.serviceAccountMissing,
        subject,
        message: `${name} does not contain the service account ${upn}, so GDAP access through it does not reach the account.`,
        fix: { text: `Add ${upn} to ${name}.`, url: links.groupMembers(g.id) },
      });
    }
  }

  if (!s.lifecycleGroupContainedIn.ok) {
    out.push({
      severity: "warning",
      code: C.containmentUnreadable,
      subject,
      message: unreadable(`which customer GDAP groups contain ${name}`, s.lifecycleGroupContainedIn.error),
      fix: { text: unreadableFix(s.lifecycleGroupContainedIn.error), url: links.groupMembers(g.id) },
    });
  }
  return out;
};
