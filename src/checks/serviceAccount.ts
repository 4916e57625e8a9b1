/**
 * The dedicated service account of the Microsoft 365 integration: found, enabled, MFA registered, and the right
 * directory role for the stage of setup (Global Administrator only until the integration is connected, then
 * Application Administrator or Cloud Application Administrator). AdminAgents membership is checked in adminAgents.ts.
 */
import type { Finding } from "../domain/findings";
import type { PartnerSnapshot, ServiceAccountSnapshot } from "../domain/snapshot";
import { links } from "./links";
import { ROLE, hasAppAdminRole, hasRole } from "./roles";
import { q, unreadable, unreadableFix } from "./text";
import type { Check } from "./types";

export const SERVICE_ACCOUNT_CODES = {
  notFound: "serviceAccount.notFound",
  disabled: "serviceAccount.disabled",
  noMfa: "serviceAccount.noMfa",
  mfaUnreadable: "serviceAccount.mfaUnreadable",
  rolesUnreadable: "serviceAccount.rolesUnreadable",
  globalAdmin: "serviceAccount.globalAdmin",
  globalAdminDuringSetup: "serviceAccount.globalAdminDuringSetup",
  noSetupRole: "serviceAccount.noSetupRole",
  missingRole: "serviceAccount.missingRole",
} as const;
const C = SERVICE_ACCOUNT_CODES;

export const DEFAULT_SERVICE_ACCOUNT_LOOKUP =
  'the user member of the security group named "GDAP Lifecycle Manager" (or containing "Lifecycle Manager")';

/** The "not found" finding, shared with the AdminAgents check (run.ts removes the duplicate). */
export function serviceAccountNotFound(s: PartnerSnapshot): Finding {
  const group = s.lifecycleGroup;
  return {
    severity: "error",
    code: C.notFound,
    subject: "Service account",
    message: `No service account found. Looked for ${s.lookedFor?.serviceAccount ?? DEFAULT_SERVICE_ACCOUNT_LOOKUP}.`,
    fix: group
      ? { text: `Add the dedicated service account to ${q(group.displayName)}, or choose it in setup.`, url: links.groupMembers(group.id) }
      : { text: "Create a dedicated service account (a new user, account enabled), or choose it in setup.", url: links.users() },
  };
}

function label(sa: ServiceAccountSnapshot): string {
  return `Service account ${sa.user.userPrincipalName}`;
}

export const checkServiceAccount: Check = (s) => {
  const sa = s.serviceAccount;
  if (!sa) return [serviceAccountNotFound(s)];
  const subject = sa.user.userPrincipalName;
  const out: Finding[] = [];

  if (!sa.user.accountEnabled) {
    out.push({
      severity: "error",
      code: C.disabled,
      subject,
      message: `${label(sa)} is disabled, so the Microsoft 365 integration cannot sign in with it.`,
      fix: { text: "Enable the account (Account enabled) in Entra ID.", url: links.user(sa.user.id) },
    });
  }

  if (!sa.mfaMethods.ok) {
    out.push({
      severity: "warning",
      code: C.mfaUnreadable,
      subject,
      message: unreadable(`the MFA methods of ${sa.user.userPrincipalName}`, sa.mfaMethods.error),
      fix: { text: unreadableFix(sa.mfaMethods.error), url: links.userAuthMethods(sa.user.id) },
    });
  } else if (sa.mfaMethods.value.length === 0) {
    out.push({
      severity: "error",
      code: C.noMfa,
      subject,
      message: `${label(sa)} has no MFA method registered; the Microsoft 365 integration cannot authorize without it.`,
      fix: { text: "Sign in once as the service account and complete the MFA enrolment.", url: links.userAuthMethods(sa.user.id) },
    });
  }

  out.push(...roleFindings(s, sa));
  return out;
};

function roleFindings(s: PartnerSnapshot, sa: ServiceAccountSnapshot): Finding[] {
  const subject = sa.user.userPrincipalName;
  const url = links.userRoles(sa.user.id);
  if (!sa.directoryRoles.ok) {
    return [
      {
        severity: "warning",
        code: C.rolesUnreadable,
        subject,
        message: unreadable(`the directory roles of ${sa.user.userPrincipalName}`, sa.directoryRoles.error),
        fix: { text: unreadableFix(sa.directoryRoles.error), url },
      },
    ];
  }
  const roles = sa.directoryRoles.value;
  const globalAdmin = hasRole(roles, ROLE.globalAdministrator);
  const appAdmin = hasAppAdminRole(roles);
  if (s.m365Connected) {
    if (globalAdmin) {
      return [
        {
          severity: "warning",
          code: C.globalAdmin,
          subject,
          message: `${label(sa)} still holds Global Administrator. It was needed only for setup; the Microsoft 365 integration is connected now.`,
          fix: { text: "Replace Global Administrator with Application Administrator or Cloud Application Administrator.", url },
        },
      ];
    }
    if (!appAdmin) {
      return [
        {
          severity: "error",
          code: C.missingRole,
          subject,
          message: `${label(sa)} holds neither Application Administrator nor Cloud Application Administrator, which the Microsoft 365 integration needs.`,
          fix: { text: "Assign Application Administrator or Cloud Application Administrator to the service account.", url },
        },
      ];
    }
    return [];
  }
  if (globalAdmin) {
    return [
      {
        severity: "info",
        code: C.globalAdminDuringSetup,
        subject,
        message: `${label(sa)} holds Global Administrator, as setup needs until the Microsoft 365 integration is connected.`,
        fix: {
          text: "Once the integration is connected, replace Global Administrator with Application Administrator or Cloud Application Administrator.",
          url,
        },
      },
    ];
  }
  return [
    {
      severity: "warning",
      code: C.noSetupRole,
      subject,
      message: `${label(sa)} does not hold Global Administrator, which authorizing the Microsoft 365 integration needs (during setup only).`,
      fix: { text: "Assign Global Administrator to the service account until the integration is connected.", url },
    },
  ];
}
