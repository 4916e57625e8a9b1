/**
 * The chain, per customer: the service account's lifecycle group must reach Application Administrator or Cloud
 * Application Administrator in the customer tenant through GDAP. The verdict comes from the relationships that count:
 *
 *   relationship `active` (and not a Microsoft-led `MLT_` one) → includes either role → an access assignment carrying
 *   the role → whose group contains the lifecycle group (directly or nested) → that assignment `active`.
 *
 * Healthy when at least one relationship + assignment satisfies all of it; otherwise ONE finding names the first
 * link none of them got past (the furthest any relationship got). A missing lifecycle group is a partner finding
 * (lifecycleGroup.notFound) that run.ts turns into `partner.blocking` on every customer, so it is not repeated here.
 */
import type { Finding } from "../domain/findings";
import type {
  AccessAssignmentSnapshot,
  CustomerSnapshot,
  GdapRelationshipSnapshot,
  PartnerSnapshot,
  ReadFailure,
} from "../domain/snapshot";
import { links } from "./links";
import { APP_ADMIN_ROLES, hasAppAdminRole, hasRole, roleName } from "./roles";
import { day, list, q, unreadable, unreadableFix } from "./text";
import type { Check } from "./types";

export const GDAP_CODES = {
  none: "gdap.none",
  expired: "gdap.expired",
  mltOnly: "gdap.mltOnly",
  pendingApproval: "gdap.pendingApproval",
  activating: "gdap.activating",
  missingRole: "gdap.missingRole",
  roleNotAssigned: "gdap.roleNotAssigned",
  groupNotAssigned: "gdap.groupNotAssigned",
  assignmentPending: "gdap.assignmentPending",
  assignmentError: "gdap.assignmentError",
  assignmentRemoved: "gdap.assignmentRemoved",
  unreadable: "gdap.unreadable",
} as const;
const C = GDAP_CODES;

const AWAITING_APPROVAL = new Set(["approvalPending", "created"]);
const ACTIVATING = new Set(["approved", "activating"]);
const ENDED = new Set(["expired", "expiring", "terminated", "terminating", "terminationRequested"]);

export function isMlt(r: GdapRelationshipSnapshot): boolean {
  return r.displayName.toUpperCase().startsWith("MLT_");
}

const APP_ADMIN_TEXT = "Application Administrator or Cloud Application Administrator";

interface Held {
  rel: GdapRelationshipSnapshot;
  a: AccessAssignmentSnapshot;
}

function names(rels: readonly GdapRelationshipSnapshot[]): string {
  return list(rels.map((r) => q(r.displayName)));
}

function groupName(s: PartnerSnapshot, id: string): string {
  const n = s.groupNames[id];
  return n ? q(n) : `the group ${id}`;
}

/** The app-admin roles an assignment carries, by name ("Application Administrator and Cloud Application Administrator"). */
function appAdminRoleNames(roles: readonly string[]): string {
  const held = APP_ADMIN_ROLES.filter((id) => hasRole(roles, id)).map(roleName);
  return `${list(held)} ${held.length === 1 ? "is" : "are"}`;
}

export const checkCustomerChains: Check = (s) => s.customers.flatMap((c) => chainFindings(s, c));

export function chainFindings(s: PartnerSnapshot, c: CustomerSnapshot): Finding[] {
  const f = (severity: Finding["severity"], code: string, message: string, fix: Finding["fix"]): Finding[] => [
    { severity, code, tenantId: c.tenantId, subject: c.displayName, message, fix },
  ];
  const customerPage = links.customerAdminRelationships(c.tenantId);
  const unread = (what: string, error: ReadFailure): Finding[] =>
    f("warning", C.unreadable, unreadable(what, error), { text: unreadableFix(error), url: customerPage });
  const name = c.displayName;

  if (!s.gdapRead.ok) return unread("your GDAP relationships", s.gdapRead.error);

  const rels = c.relationships;
  const requestNew = `Request a GDAP relationship with ${APP_ADMIN_TEXT}; once ${name} approves it, add your lifecycle group to the group that holds the role.`;
  if (rels.length === 0) {
    return f("error", C.none, `${name} has no GDAP relationship with you.`, { text: requestNew, url: customerPage });
  }

  const counting = rels.filter((r) => r.status === "active" && !isMlt(r));
  if (counting.length === 0) return noCountingRelationship(c, rels, f, requestNew, customerPage);

  // Link: the relationship includes Application Administrator or Cloud Application Administrator.
  const withRole = counting.filter((r) => hasAppAdminRole(r.roles));
  if (withRole.length === 0) {
    return f(
      "error",
      C.missingRole,
      `${name}'s GDAP relationship ${names(counting)} has neither Application Administrator nor Cloud Application Administrator.`,
      { text: `Request a new GDAP relationship with ${name} that includes ${APP_ADMIN_TEXT} (roles of an existing one cannot be added).`, url: customerPage },
    );
  }

  const unreadableRels = withRole.filter((r) => !r.accessAssignments.ok);
  const held: Held[] = withRole.flatMap((rel) =>
    rel.accessAssignments.ok
      ? rel.accessAssignments.value.filter((a) => hasAppAdminRole(a.roles) && hasAppAdminRole(rel.roles)).map((a) => ({ rel, a }))
      : [],
  );

  // A missing lifecycle group breaks every customer: reported once as a partner finding (see run.ts).
  const group = s.lifecycleGroup;
  if (!group) return [];
  const contained = s.lifecycleGroupContainedIn.ok ? new Set(s.lifecycleGroupContainedIn.value) : null;
  if (contained && held.some((h) => h.a.status === "active" && contained.has(h.a.groupId))) return [];

  for (const r of unreadableRels) {
    if (!r.accessAssignments.ok) {
      return unread(`the access assignments of ${name}'s GDAP relationship ${q(r.displayName)}`, r.accessAssignments.error);
    }
  }

  // Link: an access assignment gives the role to a security group.
  if (held.length === 0) {
    return f(
      "error",
      C.roleNotAssigned,
      `${name}'s GDAP relationship ${names(withRole)} includes ${APP_ADMIN_TEXT}, but no security group is assigned that role.`,
      { text: `In Partner Center, assign ${APP_ADMIN_TEXT} to a security group that contains ${q(group.displayName)}.`, url: customerPage },
    );
  }

  if (!s.lifecycleGroupContainedIn.ok) {
    return unread(`whether ${q(group.displayName)} is in ${name}'s GDAP groups`, s.lifecycleGroupContainedIn.error);
  }
  const inGroup = new Set(s.lifecycleGroupContainedIn.value);

  // Link: the assignment's group contains the lifecycle group (directly or nested).
  const withGroup = held.filter((h) => inGroup.has(h.a.groupId));
  if (withGroup.length === 0) {
    const target = held.find((h) => h.a.status === "active") ?? held[0];
    const elsewhere = rels.flatMap((r) =>
      r.accessAssignments.ok ? r.accessAssignments.value.filter((a) => inGroup.has(a.groupId)).map((a) => ({ rel: r, a })) : [],
    );
    const where =
      elsewhere.length > 0
        ? ` It is in ${list(
            elsewhere.map(
              (h) =>
                `${groupName(s, h.a.groupId)} instead (${h.a.roles.length > 0 ? list(h.a.roles.map(roleName)) : "no roles"} in ${q(h.rel.displayName)})`,
            ),
          )}.`
        : ` It is in none of ${name}'s GDAP groups.`;
    return f(
      "error",
      C.groupNotAssigned,
      `In ${name}'s GDAP relationship ${q(target.rel.displayName)}, ${appAdminRoleNames(target.a.roles)} assigned to ${groupName(s, target.a.groupId)}, which does not contain ${q(group.displayName)}.${where}`,
      { text: `Add ${q(group.displayName)} as a member of ${groupName(s, target.a.groupId)}.`, url: links.groupMembers(target.a.groupId) },
    );
  }

  // Link: the assignment is active.
  const describe = (h: Held): string => `The access assignment of ${groupName(s, h.a.groupId)} in ${q(h.rel.displayName)}`;
  const pending = withGroup.find((h) => h.a.status === "pending");
  if (pending) {
    return f("warning", C.assignmentPending, `${describe(pending)} for ${name} is still pending; this can take up to an hour.`, {
      text: "Check again in an hour; if it is still pending, remove the assignment and add it again in Partner Center.",
      url: customerPage,
    });
  }
  const failed = withGroup.find((h) => h.a.status === "error" || h.a.status === "unknownFutureValue");
  if (failed) {
    return f("error", C.assignmentError, `${describe(failed)} for ${name} failed (status ${failed.a.status}).`, {
      text: "Remove the access assignment and add it again in Partner Center.",
      url: customerPage,
    });
  }
  const removed = withGroup[0];
  return f("error", C.assignmentRemoved, `${describe(removed)} for ${name} is ${removed.a.status === "deleting" ? "being deleted" : "deleted"}.`, {
    text: `Assign ${APP_ADMIN_TEXT} to ${groupName(s, removed.a.groupId)} again in Partner Center.`,
    url: customerPage,
  });
}

/** No active non-MLT relationship: say what there is instead, the closest to working first. */
function noCountingRelationship(
  c: CustomerSnapshot,
  rels: readonly GdapRelationshipSnapshot[],
  f: (severity: Finding["severity"], code: string, message: string, fix: Finding["fix"]) => Finding[],
  requestNew: string,
  customerPage: string,
): Finding[] {
  const name = c.displayName;
  const awaiting = rels.filter((r) => AWAITING_APPROVAL.has(r.status));
  if (awaiting.length > 0) {
    const r = awaiting[0];
    const since = r.createdDateTime ? ` (requested on ${day(r.createdDateTime)})` : "";
    return f(
      "error",
      C.pendingApproval,
      `${name} has not approved your GDAP relationship ${q(r.displayName)} yet${since}. Requests expire after 90 days unapproved.`,
      { text: `Send ${name}'s Global Administrator this approval link.`, url: links.gdapApproval(r.id) },
    );
  }
  const activating = rels.filter((r) => ACTIVATING.has(r.status));
  if (activating.length > 0) {
    return f(
      "warning",
      C.activating,
      `${name} approved your GDAP relationship ${names(activating)}; it is being activated.`,
      { text: "Check again in a few minutes, then add your lifecycle group to the group that holds the role.", url: customerPage },
    );
  }
  const mlt = rels.filter((r) => r.status === "active" && isMlt(r));
  if (mlt.length > 0) {
    return f(
      "error",
      C.mltOnly,
      `${name}'s only active GDAP relationship is ${names(mlt)}, a Microsoft-led transition relationship with read-only roles.`,
      { text: requestNew, url: customerPage },
    );
  }
  const ended = rels.filter((r) => ENDED.has(r.status));
  if (ended.length > 0) {
    const what = ended
      .map((r) =>
        r.status === "expired" || r.status === "expiring"
          ? `${q(r.displayName)} ${r.status === "expired" ? "expired" : "is expiring"}${r.endDateTime ? ` (${day(r.endDateTime)})` : ""}`
          : `${q(r.displayName)} was terminated`,
      );
    return f("error", C.expired, `${name}'s GDAP relationship ${list(what)}. Ended relationships cannot be restored.`, {
      text: requestNew,
      url: customerPage,
    });
  }
  return f(
    "error",
    C.none,
    `${name} has no active GDAP relationship (${list(rels.map((r) => `${q(r.displayName)} is ${r.status}`))}).`,
    { text: requestNew, url: customerPage },
  );
}
