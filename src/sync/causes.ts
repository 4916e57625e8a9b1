/**
 * Why a tenant's sync failed, in words an admin understands, with the fix (pure): mapped from the shared
 * MicrosoftError codes (src/graph/errors.ts). Transient causes (throttled out, Microsoft unavailable) are retried
 * before the tenant is declared failed; the others fail at once.
 */
import type { MicrosoftErrorCode, MicrosoftService } from "../graph/errors";

export type SyncCauseCode =
  | "notConsented"
  | "noGdap"
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
    fix: "Create or renew a GDAP relationship with the customer and assign the lifecycle group its roles (MEM setup, step 'GDAP').",
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
    fix: "Assign an Intune (Microsoft Endpoint Manager) licence in the customer tenant, or exclude it with `sync exclude <tenant>`.",
    transient: false,
  },
  throttled: {
    title: "Throttled by Microsoft",
    fix: "Microsoft kept throttling this tenant: `sync retry` later, or schedule the sync at a quieter time.",
    transient: true,
  },
  unavailable: {
    title: "Microsoft unavailable",
    fix: "Microsoft did not answer or kept failing: `sync retry` in a few minutes.",
    transient: true,
  },
  accessLost: {
    title: "Access lost",
    fix: "The tenant was synced before but now refuses the app: check that consent was not revoked and the tenant still exists, then `sync retry`.",
    transient: false,
  },
  unknown: {
    title: "Unexpected answer",
    fix: "`sync retry`; if it keeps happening, report it with the run's time.",
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
}

export function causeCode(e: CauseInput): SyncCauseCode {
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
