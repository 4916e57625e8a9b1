/**
 * Why a tenant's sync failed, in words an admin understands, with the fix (pure): mapped from the shared
 * MicrosoftError codes (src/graph/errors.ts). Transient causes (throttled out, Microsoft unavailable) are retried
 * before the tenant is declared failed; the others fail at once.
 */
import type { MicrosoftError, MicrosoftErrorCode, MicrosoftService } from "../graph/errors";

export type SyncCauseCode =
  | "notConsented"
  | "noGdap"
  | "gdapRoleMissing"
  | "serviceAccountSignedOut"
  | "secretExpired"
  | "secretInvalid"
  | "intuneNotLicensed"
  | "throttled"
  | "unavailable"
  | "accessLost"
  | "unknown";

export interface SyncCause {
  code: SyncCauseCode;
  /** Short, for grouping on the summary card. */
  title: string;
  /** What to do. */
  fix: string;
  /** Worth another try in this run. */
  transient: boolean;
  /** The shared error code it came from (logs, tests). */
  microsoftCode?: MicrosoftErrorCode;
}

const TEXT: Record<SyncCauseCode, { title: string; fix: string; transient: boolean }> = {
  notConsented: {
    title: "App not consented",
    fix: "An administrator of the customer tenant must grant admin consent to the lifecycle app (MEM setup, step 'Consent').",
    transient: false,
  },
  noGdap: {
    title: "No GDAP access",
    fix: "The service account cannot reach this customer: create or renew the GDAP relationship and give the GDAP Lifecycle Manager group an active access assignment in it (**setup m365**, step 5).",
    transient: false,
  },
  gdapRoleMissing: {
    title: "GDAP role missing",
    fix: "The service account reaches this customer through GDAP, but its roles there do not allow reading users and licences: add a role that reads the directory (Directory Readers or Global Reader) to the GDAP Lifecycle Manager group's access assignment.",
    transient: false,
  },
  serviceAccountSignedOut: {
    title: "Service account signed out",
    fix: "The service account's sign-in was revoked, expired or the account is disabled: connect it again (**setup m365**, step 6 'Connect').",
    transient: false,
  },
  secretExpired: {
    title: "App secret expired",
    fix: "Create a new client secret for the lifecycle app (Certificates & secrets) and store it with the MEM setup.",
    transient: false,
  },
  secretInvalid: {
    title: "App secret wrong",
    fix: "Store the lifecycle app's secret value again (the value, not its secret ID), or create a new one.",
    transient: false,
  },
  intuneNotLicensed: {
    title: "Intune not licensed",
    fix: "Assign an Intune (Microsoft Endpoint Manager) licence in the customer tenant, or leave it out of the sync: **sync exclude** and the customer's name.",
    transient: false,
  },
  throttled: {
    title: "Throttled by Microsoft",
    fix: "Microsoft kept throttling this tenant: **sync retry** later, or schedule the sync at a quieter time.",
    transient: true,
  },
  unavailable: {
    title: "Microsoft unavailable",
    fix: "Microsoft did not answer or kept failing: **sync retry** in a few minutes.",
    transient: true,
  },
  accessLost: {
    title: "Access lost",
    fix: "The tenant was synced before but now refuses the app: check that consent was not revoked and the tenant still exists, then **sync retry**.",
    transient: false,
  },
  unknown: {
    title: "Unexpected answer",
    fix: "**sync retry**; if it keeps happening, report it with the run's time.",
    transient: true,
  },
};

export interface CauseInput {
  code: MicrosoftErrorCode;
  service: MicrosoftService;
  /** Delegated access through GDAP (the M365 part), where a refusal means no GDAP. */
  delegated?: boolean;
  /** The tenant had a successful sync before (a refusal now means access was lost). */
  syncedBefore?: boolean;
  /** Microsoft's own code ("AADSTS50020", "Authorization_RequestDenied"), for what the shared code does not tell. */
  microsoftCode?: string;
}

/** Entra's answers to the service account's refresh token that mean it must sign in again (revoked, expired, unknown, disabled). */
const SIGNED_OUT = new Set(["AADSTS50173", "AADSTS700082", "AADSTS70008", "AADSTS9002313", "AADSTS50057", "AADSTS50034"]);

/** Failures of delegated reads (the service account through GDAP), marked where they happen. */
const delegatedFailures = new WeakSet<MicrosoftError>();

export function markDelegated(e: MicrosoftError): MicrosoftError {
  delegatedFailures.add(e);
  return e;
}

export function isDelegated(e: MicrosoftError): boolean {
  return delegatedFailures.has(e);
}

/** The service account's own refusals (pure): GDAP gives nothing (AADSTS50020), signed out, a role missing. */
function delegatedCause(e: CauseInput): SyncCauseCode | undefined {
  const mc = e.microsoftCode ?? "";
  if (mc === "AADSTS50020") return "noGdap";
  if (SIGNED_OUT.has(mc) || mc === "service account not connected") return "serviceAccountSignedOut";
  if (e.code === "forbidden") return "gdapRoleMissing";
  return undefined;
}

export function causeCode(e: CauseInput): SyncCauseCode {
  if (e.delegated) {
    const d = delegatedCause(e);
    if (d !== undefined) return d;
  }
  switch (e.code) {
    case "notConsented":
      return e.syncedBefore ? "accessLost" : "notConsented";
    case "secretExpired":
      return "secretExpired";
    case "secretInvalid":
      return "secretInvalid";
    case "intuneNotLicensed":
      return "intuneNotLicensed";
    case "throttled":
      return "throttled";
    case "unavailable":
      return "unavailable";
    case "forbidden":
    case "unauthorized":
      if (e.delegated) return "noGdap";
      return e.syncedBefore ? "accessLost" : "notConsented";
    case "tenantNotFound":
    case "notFound":
      return "accessLost";
    case "mfaRequired":
      return e.delegated ? "noGdap" : "unknown";
    case "featureNotEnabled":
    case "badRequest":
    case "unknown":
      return "unknown";
  }
}

export function toSyncCause(e: CauseInput): SyncCause {
  const code = causeCode(e);
  return { code, ...TEXT[code], microsoftCode: e.code };
}

export function causeText(code: SyncCauseCode): { title: string; fix: string } {
  const { title, fix } = TEXT[code];
  return { title, fix };
}
