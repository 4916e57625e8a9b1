/**
 * AdminAgents (Partner Center API access): the group exists, and both the service account and the lifecycle app's
 * service principal are members. Membership comes from the principal's side (v1.0 group members omit service principals).
 */
import type { Finding } from "../domain/findings";
import { links } from "./links";
import { lifecycleAppNotFound } from "./memApps";
import { serviceAccountNotFound } from "./serviceAccount";
import { q, unreadable, unreadableFix } from "./text";
import type { Check } from "./types";

export const ADMIN_AGENTS_CODES = {
  groupNotFound: "adminAgents.notFound",
  serviceAccountNotMember: "serviceAccount.notInAdminAgents",
  serviceAccountUnreadable: "serviceAccount.adminAgentsUnreadable",
  lifecycleAppNotMember: "lifecycleApp.notInAdminAgents",
  lifecycleAppUnreadable: "lifecycleApp.adminAgentsUnreadable",
} as const;
const C = ADMIN_AGENTS_CODES;

export const checkAdminAgents: Check = (s) => {
  const groupId = s.adminAgentsGroupId;
  if (groupId === null) {
    return [
      {
        severity: "error",
        code: C.groupNotFound,
        subject: "AdminAgents",
        message: `${s.partner.displayName} has no AdminAgents group, which Partner Center API access needs. Is this tenant enrolled in Partner Center?`,
        fix: { text: "Sign in to Partner Center with a Global Administrator of this tenant so it creates AdminAgents.", url: links.groups() },
      },
    ];
  }
  const members = links.groupMembers(groupId);
  const out: Finding[] = [];

  const sa = s.serviceAccount;
  if (!sa) out.push(serviceAccountNotFound(s));
  else if (!sa.inAdminAgents.ok) {
    out.push({
      severity: "warning",
      code: C.serviceAccountUnreadable,
      subject: sa.user.userPrincipalName,
      message: unreadable(`whether ${sa.user.userPrincipalName} is in AdminAgents`, sa.inAdminAgents.error),
      fix: { text: unreadableFix(sa.inAdminAgents.error), url: members },
    });
  } else if (!sa.inAdminAgents.value) {
    out.push({
      severity: "error",
      code: C.serviceAccountNotMember,
      subject: sa.user.userPrincipalName,
      message: `Service account ${sa.user.userPrincipalName} is not a member of AdminAgents, so it cannot call the Partner Center API.`,
      fix: { text: `Add ${sa.user.userPrincipalName} to AdminAgents.`, url: members },
    });
  }

  const appSnap = s.lifecycleApp;
  if (!appSnap) out.push(lifecycleAppNotFound(s));
  else if (appSnap.servicePrincipalId === null) {
    out.push({
      severity: "error",
      code: C.lifecycleAppNotMember,
      subject: appSnap.displayName,
      message: `The lifecycle app ${q(appSnap.displayName)} has no service principal in your tenant, so it cannot be in AdminAgents.`,
      fix: {
        text: "Grant admin consent to the app in your tenant, then add it to AdminAgents.",
        url: links.adminConsent(s.partner.tenantId, appSnap.appId),
      },
    });
  } else if (!appSnap.inAdminAgents.ok) {
    out.push({
      severity: "warning",
      code: C.lifecycleAppUnreadable,
      subject: appSnap.displayName,
      message: unreadable(`whether the lifecycle app ${q(appSnap.displayName)} is in AdminAgents`, appSnap.inAdminAgents.error),
      fix: { text: unreadableFix(appSnap.inAdminAgents.error), url: members },
    });
  } else if (!appSnap.inAdminAgents.value) {
    out.push({
      severity: "error",
      code: C.lifecycleAppNotMember,
      subject: appSnap.displayName,
      message: `The lifecycle app ${q(appSnap.displayName)} is not a member of AdminAgents, so it cannot reach your customers.`,
      fix: { text: `Add the app ${q(appSnap.displayName)} to AdminAgents (Members > Add members).`, url: members },
    });
  }
  return out;
};
