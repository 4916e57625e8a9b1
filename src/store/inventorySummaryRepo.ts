/**
 * One inventory summary per customer tenant in the `inventory` container: id `summary`, partitioned by the tenant id
 * (next to that tenant's items and manifests; the item queries filter on `type: "inventory"`). Written by the sync at
 * the end of each tenant's attempt, read by `tenant <name>` and the digest with one point read.
 */
import type { Container } from "@azure/cosmos";
import { z } from "zod/v4";
import { INVENTORY_SUMMARY_ID, type InventorySummary } from "../domain/inventorySummary";
import { pointReaderFor } from "./pointReads";

const Count = z.number().int().min(0);
const Counts = z.record(z.string(), Count);

export const inventorySummarySchema = z.object({
  tenantId: z.string().min(1),
  displayName: z.string(),
  lastSuccessAt: z.string().optional(),
  lastDurationMs: z.number().min(0).optional(),
  devices: z.object({ total: Count, byOperatingSystem: Counts, byComplianceState: Counts, stale: Count }).optional(),
  topApps: z.array(z.object({ displayName: z.string(), version: z.string().optional(), deviceCount: z.number().min(0) })).optional(),
  appsTotal: Count.optional(),
  users: z.object({ total: Count, enabled: Count, licensed: Count, signedInLast30Days: Count.optional() }).optional(),
  licences: z.array(z.object({ skuPartNumber: z.string(), consumed: z.number().min(0), enabled: z.number().min(0) })).optional(),
  defenderMachines: Count.optional(),
  computedAt: z.string().optional(),
  runId: z.string().optional(),
});

export interface InventorySummaryRepo {
  read(tenantId: string): Promise<InventorySummary | undefined>;
  write(summary: InventorySummary): Promise<void>;
}

export function createInventorySummaryRepo(container: Container): InventorySummaryRepo {
  const reads = pointReaderFor(container);
  return {
    async read(tenantId) {
      // Through the container's point reader: read with the sync's manifests of the tenant, it costs no request of its own.
      const doc = await reads.read(INVENTORY_SUMMARY_ID, tenantId.toLowerCase());
      if (doc === undefined || doc === null || typeof doc !== "object") return undefined;
      const r = inventorySummarySchema.safeParse((doc as { summary?: unknown }).summary);
      return r.success ? r.data : undefined;
    },
    async write(summary) {
      const tenantId = summary.tenantId.toLowerCase();
      await container.items.upsert({ id: INVENTORY_SUMMARY_ID, tenantId, type: "inventorySummary", summary: { ...summary, tenantId } });
    },
  };
}
