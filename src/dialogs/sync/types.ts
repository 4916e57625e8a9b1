/**
 * What the sync views read: the sync run's view types (src/domain/syncRun.ts, which the engine answers in), under the
 * names the views use. Pure types.
 */
export type {
  CauseGroup as CauseGroupInput,
  RunSummary as RunSummaryInput,
  SyncProgress as SyncProgressInput,
  SyncStatus as SyncStatusInput,
  SyncTriggerKind,
  SyncTriggerView as SyncTriggerInput,
  TenantOutcome as TenantOutcomeInput,
} from "../../domain/syncRun";
