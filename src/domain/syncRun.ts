/**
 * A sync run as the views see it (plain types, no behaviour): its progress while it goes on, each tenant's outcome, its
 * failures grouped by cause, its summary. The engine (src/sync) answers in these shapes and the sync views
 * (src/dialogs/sync) read them, so the two cannot drift apart.
 */
export type SyncTriggerKind = "manual" | "schedule" | "retry" | "wizard";

export interface SyncTriggerView {
  kind: SyncTriggerKind;
  /** Who asked (display name or UPN), or the schedule slot. */
  by?: string | undefined;
}

export type TenantRunState = "pending" | "running" | "done" | "failed" | "parked";

export interface SyncProgress {
  runId: string;
  tenantsDone: number;
  tenantsTotal: number;
  devices: number;
  apps: number;
  users: number;
  failures: number;
  elapsedMs: number;
  /** Time left, when it can be estimated. */
  estimateMs?: number;
  finished: boolean;
}

export interface TenantOutcome {
  tenantId: string;
  displayName: string;
  state: TenantRunState;
  devices: number;
  apps: number;
  /** Users read (the M365 part), when it ran for this tenant. */
  users?: number;
  durationMs?: number;
  cause?: { code: string; title: string; fix: string };
  /** Resources whose read was cut short (nothing removed for them). */
  incomplete: string[];
}

/** How a tenant's latest finished sync ended (whichever run it was in), for its `tenant <name>` card. */
export interface LastTenantSync {
  state: "done" | "failed" | "parked";
  finishedAt: string;
  cause?: { code: string; title: string; fix: string };
}

export interface CauseGroup {
  code: string;
  title: string;
  fix: string;
  tenants: { tenantId: string; displayName: string }[];
}

export type RunStatus = "running" | "finished";

export interface SyncStatus {
  runId: string;
  trigger: SyncTriggerView;
  status: RunStatus;
  startedAt: string;
  finishedAt?: string;
  progress: SyncProgress;
  tenants: TenantOutcome[];
  failuresByCause: CauseGroup[];
  newTenants: string[];
}

export interface RunFigures {
  done: number;
  failed: number;
  devices: number;
  apps: number;
  users: number;
  durationMs: number;
  /** Failed or parked tenants by cause code. */
  causes?: Record<string, number>;
}

export interface RunSummary {
  runId: string;
  trigger: SyncTriggerView;
  status: RunStatus;
  startedAt: string;
  finishedAt?: string;
  tenants: number;
  summary?: RunFigures;
}
