/**
 * Pure: tenants whose sync failed, from the latest finished run. A tenant counts as failed only in a terminal state
 * (`failed` or `parked`: the sync's own retries already ran), never while a retry is pending. One alert per tenant and
 * cause; `healthy` names the tenants the run synced, which closes their failure series with one "recovered" message.
 */
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

/** Where a failed sync's fix usually starts: the Intune sync status in Tenant Pilot itself. */
export const SYNC_FIX_URL = "https://intune.microsoft.com/";

export function detectSync(run: { finishedAt?: string; tenants: readonly SyncTenantOutcome[] } | undefined): SyncDetection {
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
      message: `The Intune sync of ${t.displayName} failed: ${t.cause.title}`,
      fix: { text: t.cause.fix, url: SYNC_FIX_URL },
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
    message: `The Intune sync of ${tenant.displayName} works again (it had failed: ${cause}).`,
    fix: { text: "Nothing to do; type **sync status** to see the latest run.", url: SYNC_FIX_URL },
  };
}
