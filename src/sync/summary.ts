/**
 * The per-tenant inventory summary, computed while pages stream (pure, constant memory: counters, a top-10 of apps,
 * the licences' few rows), then merged with the tenant's previous summary: a resource whose read did not end complete
 * in this attempt keeps its previous figures.
 */
import { STALE_AFTER_MS, TOP_APPS, type InventorySummary } from "../domain/inventorySummary";
import type { InventoryKind } from "../store/inventoryRepo";

type Data = Readonly<Record<string, unknown>>;
type TopApp = NonNullable<InventorySummary["topApps"]>[number];
type Licence = NonNullable<InventorySummary["licences"]>[number];

/** What the accumulator can say about a resource once read (the summary fields it decides). */
export type SummaryFigures = Pick<InventorySummary, "devices" | "topApps" | "appsTotal" | "users" | "licences" | "defenderMachines">;

export interface SummaryAccumulator {
  add(kind: InventoryKind, data: Data): void;
  /** The figures of the given resources (those read completely). */
  figures(complete: ReadonlySet<InventoryKind>): SummaryFigures;
}

const MAX_LICENCES = 200;

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : 0);
const dateMs = (v: unknown): number | undefined => {
  if (typeof v !== "string") return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
};
const bump = (m: Record<string, number>, k: string): void => {
  m[k] = (m[k] ?? 0) + 1;
};

/** Orders apps most devices first, then by name and version (deterministic). */
export function compareApps(a: TopApp, b: TopApp): number {
  return b.deviceCount - a.deviceCount || a.displayName.localeCompare(b.displayName) || (a.version ?? "").localeCompare(b.version ?? "");
}

/** Keeps `top` the best `max` apps after offering `app` (in place; at most `max` entries ever held). */
export function offerTopApp(top: TopApp[], app: TopApp, max = TOP_APPS): void {
  if (top.length >= max && compareApps(app, top[top.length - 1]) >= 0) return;
  let i = top.length;
  while (i > 0 && compareApps(app, top[i - 1]) < 0) i--;
  top.splice(i, 0, app);
  if (top.length > max) top.pop();
}

/** The user's latest sign-in of any kind Graph reports in signInActivity (undefined: none). */
function lastSignInMs(v: unknown): number | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const a = v as Record<string, unknown>;
  const times = [a.lastSignInDateTime, a.lastNonInteractiveSignInDateTime, a.lastSuccessfulSignInDateTime].map(dateMs).filter((t): t is number => t !== undefined);
  return times.length > 0 ? Math.max(...times) : undefined;
}

export function createSummaryAccumulator(nowMs: number): SummaryAccumulator {
  const devices = { total: 0, byOperatingSystem: {} as Record<string, number>, byComplianceState: {} as Record<string, number>, stale: 0 };
  const top: TopApp[] = [];
  let appsTotal = 0;
  const users = { total: 0, enabled: 0, licensed: 0, signedInLast30Days: 0 };
  let signInRead = false;
  const licences: Licence[] = [];
  let machines = 0;

  return {
    add(kind, d) {
      switch (kind) {
        case "device": {
          devices.total++;
          bump(devices.byOperatingSystem, str(d.operatingSystem) ?? "Unknown");
          bump(devices.byComplianceState, str(d.complianceState) ?? "unknown");
          const last = dateMs(d.lastSyncDateTime);
          if (last !== undefined && nowMs - last >= STALE_AFTER_MS) devices.stale++;
          return;
        }
        case "app": {
          appsTotal++;
          const name = str(d.displayName);
          if (name === undefined) return;
          const version = str(d.version);
          offerTopApp(top, { displayName: name, ...(version !== undefined ? { version } : {}), deviceCount: num(d.deviceCount) });
          return;
        }
        case "user": {
          users.total++;
          if (d.accountEnabled === true) users.enabled++;
          if (Array.isArray(d.assignedLicenses) && d.assignedLicenses.length > 0) users.licensed++;
          if ("signInActivity" in d) {
            signInRead = true;
            const last = lastSignInMs(d.signInActivity);
            if (last !== undefined && nowMs - last < STALE_AFTER_MS) users.signedInLast30Days++;
          }
          return;
        }
        case "sku": {
          const part = str(d.skuPartNumber);
          if (part === undefined || licences.length >= MAX_LICENCES) return;
          const prepaid = typeof d.prepaidUnits === "object" && d.prepaidUnits !== null ? (d.prepaidUnits as Record<string, unknown>).enabled : undefined;
          licences.push({ skuPartNumber: part, consumed: num(d.consumedUnits), enabled: num(prepaid) });
          return;
        }
        case "machine":
          machines++;
          return;
        case "organization":
          return;
      }
    },
    figures(complete) {
      const out: SummaryFigures = {};
      if (complete.has("device")) out.devices = { total: devices.total, byOperatingSystem: { ...devices.byOperatingSystem }, byComplianceState: { ...devices.byComplianceState }, stale: devices.stale };
      if (complete.has("app")) {
        out.topApps = top.map((a) => ({ ...a }));
        out.appsTotal = appsTotal;
      }
      if (complete.has("user")) out.users = { total: users.total, enabled: users.enabled, licensed: users.licensed, ...(signInRead ? { signedInLast30Days: users.signedInLast30Days } : {}) };
      if (complete.has("sku")) out.licences = [...licences].sort((a, b) => a.skuPartNumber.localeCompare(b.skuPartNumber));
      if (complete.has("machine")) out.defenderMachines = machines;
      return out;
    },
  };
}

/**
 * The tenant's new summary (pure): the previous one with this attempt's fresh figures over it, the run's time, and
 * the last success when the whole tenant succeeded.
 */
export function mergeSummary(
  prev: InventorySummary | undefined,
  o: { tenantId: string; displayName: string; runId: string; at: Date; fresh: SummaryFigures; success?: { durationMs: number } },
): InventorySummary {
  const out: InventorySummary = { ...(prev ?? {}), ...o.fresh, tenantId: o.tenantId, displayName: o.displayName, computedAt: o.at.toISOString(), runId: o.runId };
  if (o.success) {
    out.lastSuccessAt = o.at.toISOString();
    out.lastDurationMs = o.success.durationMs;
  }
  return out;
}
