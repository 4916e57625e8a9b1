/**
 * Pure: tenants whose sync failed, from the latest finished run. A tenant counts as failed only in a terminal state
 * (`failed` or `parked`: the sync's own retries already ran), never while a retry is pending. One alert per tenant and
 * cause; `healthy` names the tenants the run synced, which closes their failure series with one "recovered" message.
 */
import { links } from "../checks/links";
import type { AlertTenant, DetectedAlert } from "./types";

export interface SyncTenantOutcome {
  tenantId: string;
  displayName: string;
  state: "pending" | "running" | "done" | "failed" | "parked";
  cause?: { code: string; title: string; fix: string };
}

export interface SyncDetection {
  failures: DetectedAlert[];
  /** Synced successfully by the run (a failure series of theirs has recovered). */
  healthy: AlertTenant[];
}

/** Where the fix of a failure that no portal fixes (Microsoft busy or down, an unexpected answer) starts: Microsoft 365 service health. */
export const SYNC_FIX_URL = "https://admin.microsoft.com/#/servicehealth";

/**
 * Which integration a cause belongs to, for the alert's words ("The Microsoft 365 sync of …"): GDAP and the service
 * account are the M365 integration's; consent, the app's secret and the Intune licence the MEM (Intune) one's. The
 * others (throttled, unavailable, access lost, unknown) are the tenant's sync as a whole.
 */
const INTEGRATION: Record<string, string> = {
  noGdap: "Microsoft 365",
  gdapRoleMissing: "Microsoft 365",
  serviceAccountSignedOut: "Microsoft 365",
  notConsented: "Intune",
  secretExpired: "Intune",
  secretInvalid: "Intune",
  intuneNotLicensed: "Intune",
};

/** Pure: what a failure's "Open fix" opens — the page where that cause is fixed. */
export function syncFixUrl(code: string, tenantId: string, lifecycleAppId: string | undefined): string {
  switch (code) {
    case "noGdap":
    case "gdapRoleMissing":
      return links.customerAdminRelationships(tenantId);
    case "serviceAccountSignedOut":
      return links.users();
    case "notConsented":
    case "accessLost":
      return lifecycleAppId ? links.adminConsent(tenantId, lifecycleAppId) : links.enterpriseApps();
    case "secretExpired":
    case "secretInvalid":
      return lifecycleAppId ? links.appCredentials(lifecycleAppId) : links.appRegistrations();
    case "intuneNotLicensed":
      return links.customerSubscriptions(tenantId);
    default:
      return SYNC_FIX_URL;
  }
}

const syncName = (code: string): string => (INTEGRATION[code] ? `${INTEGRATION[code]} sync` : "sync");

export function detectSync(run: { finishedAt?: string; tenants: readonly SyncTenantOutcome[] } | undefined, lifecycleAppId?: string): SyncDetection {
  if (!run || run.finishedAt === undefined) return { failures: [], healthy: [] };
  const failures: DetectedAlert[] = [];
  const healthy: AlertTenant[] = [];
  for (const t of run.tenants) {
    const tenant = { tenantId: t.tenantId, displayName: t.displayName };
    if (t.state === "done") healthy.push(tenant);
    if ((t.state !== "failed" && t.state !== "parked") || !t.cause) continue;
    failures.push({
      kind: "sync.failed",
      subject: t.tenantId,
      threshold: t.cause.code,
      rank: 1,
      severity: "error",
      tenant,
      label: t.displayName,
      message: `The ${syncName(t.cause.code)} of ${t.displayName} failed: ${t.cause.title}`,
      fix: { text: t.cause.fix, url: syncFixUrl(t.cause.code, t.tenantId, lifecycleAppId) },
    });
  }
  return { failures, healthy };
}

/** Pure: the one "recovered" message of a failure series whose tenant synced again. */
export function recoveredAlert(tenant: AlertTenant, cause: string): DetectedAlert {
  return {
    kind: "sync.recovered",
    subject: tenant.tenantId,
    threshold: "recovered",
    rank: 1,
    severity: "info",
    tenant,
    label: tenant.displayName,
    message: `The sync of ${tenant.displayName} works again (it had failed: ${cause}).`,
    fix: { text: "Nothing to do; type **sync status** to see the latest run.", url: SYNC_FIX_URL },
  };
}
