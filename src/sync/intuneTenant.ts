/**
 * The Intune (MEM integration) part of one tenant's sync: with the lifecycle app's app-only token in the customer
 * tenant, reads organization, subscribedSkus, managedDevices ($select of the lifecycle fields) and detectedApps
 * concurrently, each to its last page, page by page into the inventory (unchanged items not rewritten), then sweeps
 * what vanished when (and only when) that resource was read completely. Every request goes through the shared rate
 * gate (Microsoft's limits) and the global concurrency budget. A resource already checkpointed in this run is skipped.
 */
import type { MicrosoftHosts } from "../config";
import { createGraphClient, type GraphClient } from "../graph/client";
import { MicrosoftError, toMicrosoftError } from "../graph/errors";
import { appTokenProvider, type AppCredentials, type TokenBroker } from "../graph/tokens";
import type { Logger } from "../log/logger";
import type { InventoryRepo, InventoryKind } from "../store/inventoryRepo";
import type { ResourceCheckpoint } from "../store/syncRunsRepo";
import type { Budget } from "./budget";
import { INTUNE_RESOURCES, toItem, type InventoryItem, type ResourceSpec } from "./items";
import { LeaseLostError } from "./leaseKeeper";
import { bucketsFor, MICROSOFT_LIMITS, type MicrosoftLimits } from "./limits";
import { readAllPages } from "./pager";
import { sweepDecision } from "./sweep";
import type { RateGate } from "./tokenBucket";

export interface TenantWorkContext {
  tenantId: string;
  runId: string;
  /** Resources already finished in this run (checkpoints), by kind. */
  done: Readonly<Record<string, ResourceCheckpoint>>;
  /** Records a finished resource (fenced: throws LeaseLostError when the tenant's lease was taken over). */
  checkpoint(kind: InventoryKind, cp: ResourceCheckpoint): Promise<void>;
  /** Throws LeaseLostError when the lease is no longer ours (checked before every write). */
  guard(): void;
  /** The same with a fresh read of the lease (before deleting anything). */
  freshGuard(): Promise<void>;
  /** Items read so far (live progress). */
  onItems(kind: InventoryKind, n: number): void;
}

/** Runs a tenant's work; resolves with the failures of the resources that could not be read (empty: all done). */
export type TenantWork = (ctx: TenantWorkContext) => Promise<MicrosoftError[]>;

export interface IntuneWorkDeps {
  hosts: MicrosoftHosts;
  tokens: TokenBroker;
  app: AppCredentials;
  inventory: InventoryRepo;
  gate: RateGate;
  budget: Budget;
  logger: Logger;
  now: () => Date;
  limits?: MicrosoftLimits;
  /** For the Graph client's retries (tests and local mode pass their own). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  resources?: readonly ResourceSpec[];
}

export function intuneTenantWork(deps: IntuneWorkDeps): TenantWork {
  const limits = deps.limits ?? MICROSOFT_LIMITS;
  const resources = deps.resources ?? INTUNE_RESOURCES;
  return async (ctx) => {
    const graph: GraphClient = createGraphClient(deps.hosts, appTokenProvider(deps.tokens, deps.app, ctx.tenantId, "graph"), {
      logger: deps.logger,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(deps.random ? { random: deps.random } : {}),
    });
    const get = (workload: ResourceSpec["workload"]) => async (pathOrUrl: string): Promise<unknown> => {
      await deps.gate.acquire(bucketsFor(workload, deps.app.clientId, ctx.tenantId, limits));
      return deps.budget.run(() => graph.get<unknown>(pathOrUrl));
    };

    const one = async (spec: ResourceSpec): Promise<void> => {
      if (ctx.done[spec.kind] !== undefined) return;
      const stored = await deps.inventory.storedHashes(ctx.tenantId, spec.kind);
      const before = [...stored.keys()];
      const seen = new Set<string>();
      let written = 0;
      const end = await readAllPages(
        get(spec.workload),
        spec.path,
        async (raw) => {
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
        },
        spec.pageSize !== undefined ? { pageSize: spec.pageSize } : {},
      );
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
    };

    const settled = await Promise.allSettled(resources.map(one));
    const failures: MicrosoftError[] = [];
    for (const s of settled) {
      if (s.status === "fulfilled") continue;
      if (s.reason instanceof LeaseLostError) throw s.reason;
      failures.push(s.reason instanceof MicrosoftError ? s.reason : toMicrosoftError(s.reason, "graph"));
    }
    return failures;
  };
}
