/**
 * The Intune (MEM integration) part of one tenant's sync: with the lifecycle app's app-only token in the customer
 * tenant, reads organization, subscribedSkus, managedDevices ($select of the lifecycle fields) and detectedApps
 * concurrently, each to its last page, page by page into the inventory (unchanged items not rewritten), then sweeps
 * what vanished when (and only when) that resource was read completely. Every request goes through the shared rate
 * gate (Microsoft's limits) and the global concurrency budget. A resource already checkpointed in this run is skipped.
 */
import type { MicrosoftHosts } from "../config";
import { createGraphClient, type GraphClient } from "../graph/client";
import type { MicrosoftError } from "../graph/errors";
import { appTokenProvider, type AppCredentials, type TokenBroker } from "../graph/tokens";
import type { Logger } from "../log/logger";
import type { InventoryRepo, InventoryKind } from "../store/inventoryRepo";
import type { ResourceCheckpoint } from "../store/syncRunsRepo";
import type { Budget } from "./budget";
import { INTUNE_RESOURCES, type InventoryItem, type ResourceSpec } from "./items";
import { bucketsFor, MICROSOFT_LIMITS, type MicrosoftLimits, type Workload } from "./limits";
import { readAllPages } from "./pager";
import { collectFailures, syncResource } from "./readResource";
import type { RateGate } from "./tokenBucket";

export interface TenantWorkContext {
  tenantId: string;
  /** The tenant's name as discovered (for the inventory summary). */
  displayName?: string;
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
  /** Each page's items as read (the inventory summary's counters), when someone listens. */
  onData?(kind: InventoryKind, items: readonly InventoryItem[]): void;
}

/** Runs a tenant's work; resolves with the failures of the resources that could not be read (empty: all done). */
export type TenantWork = (ctx: TenantWorkContext) => Promise<MicrosoftError[]>;

/** What a part reading with the lifecycle app's app-only token in the customer tenant needs (the Intune and Defender parts). */
export interface AppOnlyWorkDeps {
  hosts: MicrosoftHosts;
  tokens: TokenBroker;
  app: AppCredentials;
  inventory: InventoryRepo;
  gate: RateGate;
  budget: Budget;
  logger: Logger;
  now: () => Date;
  limits?: MicrosoftLimits;
  /** For the client's retries (tests and local mode pass their own). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface IntuneWorkDeps extends AppOnlyWorkDeps {
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
    const get = (workload: Workload) => async (pathOrUrl: string): Promise<unknown> => {
      await deps.gate.acquire(bucketsFor(workload, deps.app.clientId, ctx.tenantId, limits));
      // A nextLink (absolute) continues a chain: ahead of first pages.
      return deps.budget.run(() => graph.get<unknown>(pathOrUrl), { urgent: /^https:/i.test(pathOrUrl) });
    };

    // A small tenant's resources (a page each) finish together: its whole first sync is one Cosmos batch.
    const together = deps.inventory.finishTogether(ctx.tenantId, resources.length);
    const one = (spec: ResourceSpec): Promise<void> =>
      syncResource(deps, ctx, spec, (onPage) => readAllPages(get(spec.workload), spec.path, onPage, spec.pageSize !== undefined ? { pageSize: spec.pageSize } : {}), together);

    return collectFailures(await Promise.allSettled(resources.map(one)), "graph");
  };
}
