/**
 * The two apps of the MEM integration, and the lifecycle app in each customer.
 *
 * Partner side: the Partner Center web app requests (and has admin consent for) its delegated and application
 * permissions; the lifecycle app is multitenant and requests, with admin consent, its application permissions
 * (+ WindowsDefenderATP Machine.Read.All when Defender tracking is on).
 *
 * Customer side (only once the lifecycle app's key is stored; until then ONE partner info finding says consent cannot
 * be tested, and customers' verdicts do not change): a token in the customer (consent), the Graph permissions it
 * carries, and one Intune read (licence). A customer's consent is judged against the Graph permissions the
 * registration requests: a permission the registration lacks is reported once on the partner side, and after it is
 * added each customer that has not consented it again shows `consent.permissionMissing`.
 */
import type { Finding } from "../domain/findings";
import type { AppSnapshot, CustomerSnapshot, PartnerSnapshot, PermissionRef } from "../domain/snapshot";
import { links } from "./links";
import {
  DEFENDER_PERMISSION,
  LIFECYCLE_APP_PERMISSIONS,
  PARTNER_CENTER_APP_PERMISSIONS,
  includesPermission,
  permissionLabel,
} from "./permissions";
import { list, q, unreadable, unreadableFix } from "./text";
import type { Check } from "./types";

export const MEM_APP_CODES = {
  pcNotFound: "pcApp.notFound",
  pcPermissionMissing: "pcApp.permissionMissing",
  pcConsentMissing: "pcApp.consentMissing",
  pcGrantsUnreadable: "pcApp.grantsUnreadable",
  lcNotFound: "lifecycleApp.notFound",
  lcNotMultitenant: "lifecycleApp.notMultitenant",
  lcPermissionMissing: "lifecycleApp.permissionMissing",
  lcConsentMissing: "lifecycleApp.consentMissing",
  lcGrantsUnreadable: "lifecycleApp.grantsUnreadable",
  consentNotTested: "consent.notTested",
  notConsented: "consent.notConsented",
  consentPermissionMissing: "consent.permissionMissing",
  consentUnreadable: "consent.unreadable",
  intuneNotLicensed: "intune.notLicensed",
  intuneForbidden: "intune.forbidden",
  intuneUnreadable: "intune.unreadable",
} as const;
const C = MEM_APP_CODES;

export const DEFAULT_LIFECYCLE_APP_LOOKUP = "the multitenant app registration holding DeviceManagementManagedDevices.Read.All";
export const DEFAULT_PARTNER_CENTER_APP_LOOKUP = "the app registration whose required permissions include Partner Center's user_impersonation";

/** Shared with the AdminAgents check (run.ts removes the duplicate). */
export function lifecycleAppNotFound(s: PartnerSnapshot): Finding {
  return {
    severity: "error",
    code: C.lcNotFound,
    subject: "Lifecycle app",
    message: `No lifecycle app found. Looked for ${s.lookedFor?.lifecycleApp ?? DEFAULT_LIFECYCLE_APP_LOOKUP}.`,
    fix: {
      text: "Register a multitenant app (Accounts in any organizational directory) for the lifecycle manager, or choose it in setup.",
      url: links.appRegistrations(),
    },
  };
}

export function lifecycleAppRequired(s: PartnerSnapshot): PermissionRef[] {
  return s.defenderTracking ? [...LIFECYCLE_APP_PERMISSIONS, DEFENDER_PERMISSION] : [...LIFECYCLE_APP_PERMISSIONS];
}

/** Requested and admin-consented in the partner tenant. */
function permissionFindings(
  s: PartnerSnapshot,
  a: AppSnapshot,
  wanted: readonly PermissionRef[],
  codes: { missing: string; consent: string; unreadable: string },
  role: string,
): Finding[] {
  const subject = a.displayName;
  const out: Finding[] = [];
  const notRequested = wanted.filter((p) => !includesPermission(a.required, p));
  if (notRequested.length > 0) {
    out.push({
      severity: "error",
      code: codes.missing,
      subject,
      message: `${role} ${q(a.displayName)} does not request ${list(notRequested.map(permissionLabel))}.`,
      fix: { text: "Add these permissions under API permissions, then select Grant admin consent.", url: links.appApiPermissions(a.appId) },
    });
  }
  if (!a.granted.ok) {
    out.push({
      severity: "warning",
      code: codes.unreadable,
      subject,
      message: unreadable(`the admin consent of ${q(a.displayName)}`, a.granted.error),
      fix: { text: unreadableFix(a.granted.error), url: links.appApiPermissions(a.appId) },
    });
    return out;
  }
  const granted = a.granted.value;
  const notConsented = wanted.filter((p) => includesPermission(a.required, p) && !includesPermission(granted, p));
  if (notConsented.length > 0) {
    out.push({
      severity: "error",
      code: codes.consent,
      subject,
      message: `${role} ${q(a.displayName)} has no admin consent for ${list(notConsented.map(permissionLabel))}.`,
      fix: { text: "Grant admin consent for your tenant.", url: links.adminConsent(s.partner.tenantId, a.appId) },
    });
  }
  return out;
}

export const checkPartnerCenterApp: Check = (s) => {
  const a = s.partnerCenterApp;
  if (!a) {
    return [
      {
        severity: "error",
        code: C.pcNotFound,
        subject: "Partner Center web app",
        message: `No Partner Center web app found. Looked for ${s.lookedFor?.partnerCenterApp ?? DEFAULT_PARTNER_CENTER_APP_LOOKUP}.`,
        fix: { text: "Add a web app in Partner Center (Account settings > App management), or choose it in setup.", url: links.partnerCenterAppManagement() },
      },
    ];
  }
  return permissionFindings(
    s,
    a,
    PARTNER_CENTER_APP_PERMISSIONS,
    { missing: C.pcPermissionMissing, consent: C.pcConsentMissing, unreadable: C.pcGrantsUnreadable },
    "The Partner Center web app",
  );
};

export const checkLifecycleApp: Check = (s) => {
  const a = s.lifecycleApp;
  if (!a) return [lifecycleAppNotFound(s)];
  const out: Finding[] = [];
  if (a.signInAudience !== "AzureADMultipleOrgs") {
    out.push({
      severity: "error",
      code: C.lcNotMultitenant,
      subject: a.displayName,
      message: `The lifecycle app ${q(a.displayName)} is not multitenant (${a.signInAudience}), so your customers cannot consent to it.`,
      fix: { text: "Set Supported account types to Accounts in any organizational directory (Multitenant).", url: links.appAuthentication(a.appId) },
    });
  }
  out.push(
    ...permissionFindings(
      s,
      a,
      lifecycleAppRequired(s),
      { missing: C.lcPermissionMissing, consent: C.lcConsentMissing, unreadable: C.lcGrantsUnreadable },
      "The lifecycle app",
    ),
  );
  return out;
};

/** The Graph application permissions a customer's token must carry (see the file comment). */
function customerRequired(s: PartnerSnapshot): PermissionRef[] {
  const graph = LIFECYCLE_APP_PERMISSIONS.filter((p) => p.resource === "graph");
  const a = s.lifecycleApp;
  return a ? graph.filter((p) => includesPermission(a.required, p)) : graph;
}

export const checkCustomerConsent: Check = (s) => {
  if (!s.lifecycleKeyKnown) {
    const a = s.lifecycleApp;
    return [
      {
        severity: "info",
        code: C.consentNotTested,
        subject: a?.displayName ?? "Lifecycle app",
        message: "Consent of the lifecycle app in each customer cannot be tested until its client secret is stored in Tenant Pilot.",
        fix: {
          text: "Store the lifecycle app's client secret with the setup command; the next check then tries the app in every customer.",
          url: a ? links.appCredentials(a.appId) : links.appRegistrations(),
        },
      },
    ];
  }
  const required = customerRequired(s);
  return s.customers.flatMap((c) => consentFindings(s, c, required));
};

function consentFindings(s: PartnerSnapshot, c: CustomerSnapshot, required: readonly PermissionRef[]): Finding[] {
  const tried = c.lifecycleApp;
  if (!tried) return [];
  const a = s.lifecycleApp;
  const appName = a ? q(a.displayName) : "the lifecycle app";
  const consentUrl = a ? links.adminConsent(c.tenantId, a.appId) : links.customerAdminRelationships(c.tenantId);
  const f = (severity: Finding["severity"], code: string, message: string, fix: Finding["fix"]): Finding => ({
    severity,
    code,
    tenantId: c.tenantId,
    subject: c.displayName,
    message,
    fix,
  });

  if (!tried.token.ok) {
    const e = tried.token.error;
    if (e.code === "notConsented") {
      return [
        f("error", C.notConsented, `${c.displayName} has not consented to ${appName}, so the MEM integration cannot read its devices.`, {
          text: `Open this admin-consent link signed in as ${c.displayName}'s administrator (or through GDAP with Application Administrator).`,
          url: consentUrl,
        }),
      ];
    }
    return [
      f("warning", C.consentUnreadable, unreadable(`a token for ${appName} in ${c.displayName}`, e), {
        text: unreadableFix(e),
        url: consentUrl,
      }),
    ];
  }

  const out: Finding[] = [];
  const roles = tried.token.value.roles.map((r) => r.toLowerCase());
  const missing = required.filter((p) => !roles.includes(p.name.toLowerCase()));
  if (missing.length > 0) {
    out.push(
      f("error", C.consentPermissionMissing, `${c.displayName}'s consent to ${appName} lacks ${list(missing.map((p) => p.name))}.`, {
        text: `Consent again in ${c.displayName} so the newly requested permissions are granted.`,
        url: consentUrl,
      }),
    );
  }

  const intune = tried.intune;
  if (intune && !intune.ok) {
    const e = intune.error;
    if (e.code === "intuneNotLicensed") {
      out.push(
        f("error", C.intuneNotLicensed, `${c.displayName} has no Intune licence, so the MEM integration has no devices to read there.`, {
          text: `Add an Intune subscription (e.g. Microsoft 365 Business Premium or Intune Plan 1) for ${c.displayName}.`,
          url: links.customerSubscriptions(c.tenantId),
        }),
      );
    } else if (e.code === "forbidden") {
      out.push(
        f(
          "error",
          C.intuneForbidden,
          `${appName} may not read Intune devices in ${c.displayName}: ${e.message.trim().replace(/\.$/, "")}${e.missing ? ` (missing: ${e.missing})` : ""}.`,
          { text: `Consent again in ${c.displayName} so DeviceManagementManagedDevices.Read.All is granted.`, url: consentUrl },
        ),
      );
    } else {
      out.push(
        f("warning", C.intuneUnreadable, unreadable(`Intune devices in ${c.displayName}`, e), {
          text: unreadableFix(e),
          url: consentUrl,
        }),
      );
    }
  }
  return out;
}
