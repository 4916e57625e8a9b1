/**
 * What the sync views read: plain data shaped like the sync service's answers (src/sync/service.ts `SyncStatus`,
 * `RunSummary`), declared here so src/dialogs stays free of the store and the engine. Pure types.
 */
export type SyncTriggerKind = "manual" | "schedule" | "retry" | "wizard";

export interface SyncTriggerInput {
  kind: SyncTriggerKind;
  by?: string;
}

export interface SyncProgressInput {
  runId: string;
  tenantsDone: number;
  tenantsTotal: number;
  devices: number;
  apps: number;
  users: number;
  failures: number;
  elapsedMs: number;
  estimateMs?: number;
  finished: boolean;
}

export interface CauseGroupInput {
  code: string;
  title: string;
  fix: string;
  tenants: { tenantId: string; displayName: string }[];
}

export interface TenantOutcomeInput {
  tenantId: string;
  displayName: string;
  state: "pending" | "running" | "done" | "failed" | "parked";
  incomplete: string[];
}

export interface SyncStatusInput {
  runId: string;
  trigger: SyncTriggerInput;
  status: "running" | "finished";
  startedAt: string;
  finishedAt?: string;
  progress: SyncProgressInput;
  tenants: TenantOutcomeInput[];
  failuresByCause: CauseGroupInput[];
  newTenants: string[];
}

export interface RunSummaryInput {
  runId: string;
  trigger: SyncTriggerInput;
  status: "running" | "finished";
  startedAt: string;
  finishedAt?: string;
  tenants: number;
  summary?: { done: number; failed: number; devices: number; apps: number; users: number; durationMs: number };
}
