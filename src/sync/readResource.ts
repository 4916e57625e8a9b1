/**
 * One resource of one tenant read into the inventory, whatever service it comes from (Intune, Microsoft 365,
 * Defender): the pages streamed one at a time (each written before the next is asked for: constant memory), only
 * items whose content hash changed rewritten, then mark-and-sweep of what vanished when (and only when) the read
 * ended complete, the manifest committed and the resource checkpointed. Skipped when already checkpointed in this run.
 */
import { MicrosoftError, toMicrosoftError } from "../graph/errors";
import type { Logger } from "../log/logger";
import type { InventoryRepo } from "../store/inventoryRepo";
import type { TenantWorkContext } from "./intuneTenant";
import { markDelegated } from "./causes";
import { toItem, type InventoryItem, type ResourceSpec } from "./items";
import { LeaseLostError } from "./leaseKeeper";
import { sweepDecision, type ReadEnd } from "./sweep";

/** Reads a resource page by page, handing each page's raw items to `onPage`; resolves with how the read ended. */
export type PageReader = (onPage: (raw: unknown[]) => Promise<void>) => Promise<ReadEnd>;

export interface ResourceReadDeps {
  inventory: InventoryRepo;
  logger: Logger;
  now: () => Date;
}

export async function syncResource(deps: ResourceReadDeps, ctx: TenantWorkContext, spec: ResourceSpec, read: PageReader): Promise<void> {
  if (ctx.done[spec.kind] !== undefined) return;
  const stored = await deps.inventory.storedHashes(ctx.tenantId, spec.kind);
  const before = [...stored.keys()];
  const seen = new Set<string>();
  let written = 0;
  const end = await read(async (raw) => {
    const items: InventoryItem[] = [];
    for (const r of raw) {
      const item = toItem(spec, r);
      if (item === undefined || seen.has(item.itemId)) continue;
      seen.add(item.itemId);
      items.push(item);
    }
    ctx.guard();
    written += (await deps.inventory.write(ctx.tenantId, spec.kind, items, stored, { runId: ctx.runId, at: deps.now() })).written;
    ctx.onItems(spec.kind, items.length);
    ctx.onData?.(spec.kind, items);
  });
  const vanished = sweepDecision(end, before, seen);
  let removed = 0;
  if (vanished.length > 0) {
    await ctx.freshGuard();
    removed = await deps.inventory.remove(ctx.tenantId, spec.kind, vanished);
    for (const id of vanished) stored.delete(id);
  }
  ctx.guard();
  await deps.inventory.commit(ctx.tenantId, spec.kind, stored);
  if (end.kind === "truncated") deps.logger.warn("a page ended without its nextLink before the end: nothing removed", { tenantId: ctx.tenantId, kind: spec.kind, received: end.received, expected: end.expected });
  await ctx.checkpoint(spec.kind, { end: end.kind === "truncated" ? "truncated" : "complete", count: seen.size, written, removed });
}

/** The failures of settled resource reads (a lost lease is rethrown: the tenant's work stops). */
export function collectFailures(settled: readonly PromiseSettledResult<unknown>[], service: "graph" | "defender", delegated = false): MicrosoftError[] {
  const out: MicrosoftError[] = [];
  for (const s of settled) {
    if (s.status === "fulfilled") continue;
    if (s.reason instanceof LeaseLostError) throw s.reason;
    const e = s.reason instanceof MicrosoftError ? s.reason : toMicrosoftError(s.reason, service);
    out.push(delegated ? markDelegated(e) : e);
  }
  return out;
}
