/**
 * One customer tenant's inventory at a glance, as the sync leaves it after the tenant's run (one document per tenant,
 * written by src/sync, read by `tenant <name>` and the digest with a point read). Counts are of what was read in the
 * last complete read of each resource; a resource whose read was cut short keeps its previous figures.
 */
export interface InventorySummary {
  tenantId: string;
  displayName: string;
  /** When the last successful sync of this tenant finished, and how long it took. */
  lastSuccessAt?: string;
  lastDurationMs?: number;
  devices?: {
    total: number;
    /** Graph's `operatingSystem` values as read ("Windows", "macOS", "iOS", "Android", "Linux", …) → count. */
    byOperatingSystem: Record<string, number>;
    /** Graph's `complianceState` values ("compliant", "noncompliant", "inGracePeriod", "unknown", …) → count. */
    byComplianceState: Record<string, number>;
    /** No check-in (`lastSyncDateTime`) for 30 days or more at the time of the sync. */
    stale: number;
  };
  /** Detected apps by the number of devices they are on, most first (at most 10). */
  topApps?: { displayName: string; version?: string; deviceCount: number }[];
  appsTotal?: number;
  users?: { total: number; enabled: number; licensed: number; signedInLast30Days?: number };
  /** subscribedSkus: part number → consumed / prepaid (enabled) units. */
  licences?: { skuPartNumber: string; consumed: number; enabled: number }[];
  /** Defender for Endpoint machines, when Defender tracking is on. */
  defenderMachines?: number;
  /** When these figures were last computed (the run's clock time; `devices.stale` was judged then). */
  computedAt?: string;
  /** The run that last wrote this summary. */
  runId?: string;
}

/** Id of the summary document in the `inventory` container (partition: the tenant id). */
export const INVENTORY_SUMMARY_ID = "summary";

/** A device is stale after this long without a check-in. */
export const STALE_AFTER_MS = 30 * 86_400_000;

/** Detected apps kept in `topApps`. */
export const TOP_APPS = 10;
