/**
 * A tenant's whole work from its parts (Intune, Microsoft 365, Defender), run concurrently, and the inventory summary
 * computed while their pages stream and written when the tenant's attempt ends: the figures of every resource read
 * completely in this attempt over the previous summary (a resource cut short or failed keeps its previous figures),
 * the last success only when every part succeeded.
 */
import type { MicrosoftError } from "../graph/errors";
import type { Logger } from "../log/logger";
import type { InventoryKind } from "../store/inventoryRepo";
import type { InventorySummaryRepo } from "../store/inventorySummaryRepo";
import type { TenantWork, TenantWorkContext } from "./intuneTenant";
import { LeaseLostError } from "./leaseKeeper";
import { createSummaryAccumulator, mergeSummary } from "./summary";

/** The parts run at once; their failures together. A part that throws (a lost lease, the store) ends the tenant's work once all are over. */
export function combineWork(parts: readonly TenantWork[]): TenantWork {
  if (parts.length === 1) return parts[0];
  return async (ctx) => {
    const settled = await Promise.allSettled(parts.map((p) => p(ctx)));
    const failures: MicrosoftError[] = [];
    const thrown = settled.filter((s): s is PromiseRejectedResult => s.status === "rejected").map((s) => s.reason as unknown);
    if (thrown.length > 0) throw thrown.find((e) => e instanceof LeaseLostError) ?? thrown[0];
    for (const s of settled) if (s.status === "fulfilled") failures.push(...s.value);
    return failures;
  };
}

export interface SummaryDeps {
  summaries: InventorySummaryRepo;
  now: () => Date;
  logger: Logger;
}

export function withInventorySummary(work: TenantWork, deps: SummaryDeps): TenantWork {
  return async (ctx) => {
    const started = deps.now();
    const acc = createSummaryAccumulator(started.getTime());
    const complete = new Set<InventoryKind>();
    const inner: TenantWorkContext = {
      ...ctx,
      checkpoint: async (kind, cp) => {
        await ctx.checkpoint(kind, cp);
        if (cp.end === "complete") complete.add(kind);
      },
      onData: (kind, items) => {
        for (const item of items) acc.add(kind, item.data);
        ctx.onData?.(kind, items);
      },
    };
    // The previous summary is asked for now, in the same turn as the work's first reads of the tenant's manifests
    // (one Cosmos request for all of them, store/pointReads.ts); only this tenant's lease holder writes it.
    const previous = deps.summaries.read(ctx.tenantId);
    previous.catch(() => undefined);
    const failures = await work(inner);
    if (complete.size === 0 && failures.length > 0) return failures;
    try {
      const prev = await previous;
      const at = deps.now();
      ctx.guard();
      await deps.summaries.write(
        mergeSummary(prev, {
          tenantId: ctx.tenantId,
          displayName: ctx.displayName ?? prev?.displayName ?? ctx.tenantId,
          runId: ctx.runId,
          at,
          fresh: acc.figures(complete),
          ...(failures.length === 0 ? { success: { durationMs: at.getTime() - started.getTime() } } : {}),
        }),
      );
    } catch (e) {
      if (e instanceof LeaseLostError) throw e;
      // The inventory itself is stored; the summary is written again by the tenant's next attempt.
      deps.logger.warn("the tenant's inventory summary could not be written", { tenantId: ctx.tenantId, error: e instanceof Error ? e.name : "unknown" });
    }
    return failures;
  };
}
