/**
 * The live progress of a run (pure): what the progress card shows, from the per-tenant states.
 * The estimate extrapolates the time spent per unit of work (a tenant's weight: its items at the last sync, at least 1)
 * over the work left.
 */
import type { SyncProgress, TenantRunState } from "../domain/syncRun";

export type { SyncProgress, TenantRunState } from "../domain/syncRun";

export interface TenantProgressInput {
  tenantId: string;
  state: TenantRunState;
  devices: number;
  apps: number;
  users: number;
  /** Expected size (items at the last sync), for the estimate. */
  weight?: number;
}

export function progressOf(runId: string, tenants: readonly TenantProgressInput[], startedAtMs: number, nowMs: number, finished = false): SyncProgress {
  let done = 0;
  let failures = 0;
  let devices = 0;
  let apps = 0;
  let users = 0;
  let doneWeight = 0;
  let leftWeight = 0;
  for (const t of tenants) {
    const w = Math.max(1, t.weight ?? 1);
    const terminal = t.state === "done" || t.state === "failed" || t.state === "parked";
    if (terminal) {
      done++;
      doneWeight += w;
    } else leftWeight += w;
    if (t.state === "failed" || t.state === "parked") failures++;
    devices += t.devices;
    apps += t.apps;
    users += t.users;
  }
  const elapsedMs = Math.max(0, nowMs - startedAtMs);
  const out: SyncProgress = { runId, tenantsDone: done, tenantsTotal: tenants.length, devices, apps, users, failures, elapsedMs, finished };
  if (finished || leftWeight === 0) out.estimateMs = 0;
  else if (doneWeight > 0) out.estimateMs = Math.round((elapsedMs / doneWeight) * leftWeight);
  return out;
}
