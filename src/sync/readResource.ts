/**
 * One resource of one tenant read into the inventory, whatever service it comes from (Intune, Microsoft 365,
 * Defender): the pages streamed (each written as the next arrives: a page or two in memory, constant), only
 * items whose content hash changed rewritten, then mark-and-sweep of what vanished when (and only when) the read
 * ended complete, the manifest committed and the resource checkpointed. Skipped when already checkpointed in this run.
 */
import { MicrosoftError, toMicrosoftError } from "../graph/errors";
import type { Logger } from "../log/logger";
import type { FinishGroup, InventoryRepo } from "../store/inventoryRepo";
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

/**
 * `group`: the tenant's resources finish together (inventory.finishTogether): this one's finish joins it, and a
 * resource that ends without finishing (done before, failed) leaves it, so the others are not held.
 */
export async function syncResource(deps: ResourceReadDeps, ctx: TenantWorkContext, spec: ResourceSpec, read: PageReader, group?: FinishGroup): Promise<void> {
  const joined = { finishing: false };
  try {
    await readAndFinish(deps, ctx, spec, read, group, joined);
  } finally {
    if (!joined.finishing) group?.skip();
  }
}

async function readAndFinish(deps: ResourceReadDeps, ctx: TenantWorkContext, spec: ResourceSpec, read: PageReader, group: FinishGroup | undefined, joined: { finishing: boolean }): Promise<void> {
  if (ctx.done[spec.kind] !== undefined) return;
  const stored = await deps.inventory.storedHashes(ctx.tenantId, spec.kind);
  const before = [...stored.keys()];
  const seen = new Set<string>();
  let written = 0;
  // One page behind: a page is written when the next one arrives, and the last one together with the sweep's
  // removals and the manifest (inventory.finish): a resource of one page — most of a small tenant's — costs one
  // request. A read that fails leaves its held page unwritten (and removes nothing): the next attempt reads it again.
  let held: InventoryItem[] | undefined;
  const end = await read(async (raw) => {
    const items: InventoryItem[] = [];
    for (const r of raw) {
      const item = toItem(spec, r);
      if (item === undefined || seen.has(item.itemId)) continue;
      seen.add(item.itemId);
      items.push(item);
    }
    ctx.onItems(spec.kind, items.length);
    ctx.onData?.(spec.kind, items);
    if (held !== undefined) {
      ctx.guard();
      written += (await deps.inventory.write(ctx.tenantId, spec.kind, held, stored, { runId: ctx.runId, at: deps.now() })).written;
    }
    held = items;
  });
  const vanished = sweepDecision(end, before, seen);
  if (vanished.length > 0) await ctx.freshGuard();
  ctx.guard();
  joined.finishing = true;
  const meta = { runId: ctx.runId, at: deps.now() };
  const last = await (group ? group.finish(spec.kind, held ?? [], vanished, stored, meta) : deps.inventory.finish(ctx.tenantId, spec.kind, held ?? [], vanished, stored, meta));
  written += last.written;
  const removed = last.removed;
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
