/**
 * TEST-ONLY: sync statuses and run summaries as the sync service returns them, for view, card and route tests.
 */
import type { CauseGroupInput, RunSummaryInput, SyncStatusInput, TenantOutcomeInput } from "../types";

export const tenantId = (i: number): string => `cc000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
export const RUN = "20261202T070000000Z-abcdef12";
export const STARTED = "2026-12-02T07:00:00.000Z";

export const CAUSES = {
  notConsented: { code: "notConsented", title: "App not consented", fix: "An administrator of the customer tenant must grant admin consent to the lifecycle app." },
  intuneNotLicensed: { code: "intuneNotLicensed", title: "Intune not licensed", fix: "Assign an Intune licence in the customer tenant, or leave it out of the sync: **sync exclude** and the customer's name." },
  throttled: { code: "throttled", title: "Throttled by Microsoft", fix: "**sync retry** later." },
} as const;

export interface StatusSpec {
  done?: number;
  running?: number;
  pending?: number;
  /** Failed tenants per cause. */
  failed?: Partial<Record<keyof typeof CAUSES, number>>;
  finished?: boolean;
  devices?: number;
  apps?: number;
  users?: number;
  elapsedMs?: number;
  estimateMs?: number;
  trigger?: SyncStatusInput["trigger"];
  newTenants?: number;
  runId?: string;
  names?: (i: number) => string;
}

/** A run with `done` synced tenants, `failed` ones by cause, some still running or pending. */
export function status(spec: StatusSpec = {}): SyncStatusInput {
  const tenants: TenantOutcomeInput[] = [];
  let i = 0;
  const name = spec.names ?? ((n: number) => `Customer ${n}`);
  const add = (state: TenantOutcomeInput["state"], n: number) => {
    for (let k = 0; k < n; k++) {
      i++;
      tenants.push({ tenantId: tenantId(i), displayName: name(i), state, devices: 0, apps: 0, incomplete: [] });
    }
  };
  add("done", spec.done ?? 0);
  add("running", spec.running ?? 0);
  add("pending", spec.pending ?? 0);
  const groups: CauseGroupInput[] = [];
  for (const [code, n] of Object.entries(spec.failed ?? {}) as [keyof typeof CAUSES, number][]) {
    const start = i;
    add("failed", n);
    groups.push({ ...CAUSES[code], tenants: tenants.slice(start).map((t) => ({ tenantId: t.tenantId, displayName: t.displayName })) });
  }
  groups.sort((a, b) => b.tenants.length - a.tenants.length);
  const failures = groups.reduce((n, g) => n + g.tenants.length, 0);
  const finished = spec.finished ?? false;
  const runId = spec.runId ?? RUN;
  return {
    runId,
    trigger: spec.trigger ?? { kind: "manual", by: "Alice Admin" },
    status: finished ? "finished" : "running",
    startedAt: STARTED,
    ...(finished ? { finishedAt: "2026-12-02T07:02:05.000Z" } : {}),
    progress: {
      runId,
      tenantsDone: (spec.done ?? 0) + failures,
      tenantsTotal: tenants.length,
      devices: spec.devices ?? 0,
      apps: spec.apps ?? 0,
      users: spec.users ?? 0,
      failures,
      elapsedMs: spec.elapsedMs ?? 65_000,
      ...(spec.estimateMs !== undefined ? { estimateMs: spec.estimateMs } : {}),
      finished,
    },
    tenants,
    failuresByCause: groups,
    newTenants: Array.from({ length: spec.newTenants ?? 0 }, (_, k) => tenantId(k + 1)),
  };
}

export function runSummary(over: Partial<RunSummaryInput> = {}): RunSummaryInput {
  return {
    runId: RUN,
    trigger: { kind: "manual", by: "Alice Admin" },
    status: "finished",
    startedAt: STARTED,
    finishedAt: "2026-12-02T07:02:05.000Z",
    tenants: 14,
    summary: { done: 11, failed: 3, devices: 1725, apps: 180, users: 0, durationMs: 125_000 },
    ...over,
  };
}
