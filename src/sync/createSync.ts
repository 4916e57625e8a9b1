/**
 * Wires the sync for the composition root: repositories over the `inventory`, `syncRuns` and `leases` containers, one
 * rate gate (Microsoft's limits, on the injected clock) and one concurrency budget for the whole process, discovery
 * and the Intune tenant work with the credentials read when a run starts.
 *
 *   const sync = createIntuneSync({ hosts, tokens, containers: store.containers, clock, logger, credentials });
 *   await sync.service.resume();                       // at start-up
 *   const { runId } = await sync.service.startSync({ trigger: { kind: "manual", by: upn } });
 */
import type { Container } from "@azure/cosmos";
import type { Clock } from "../clock";
import type { MicrosoftHosts } from "../config";
import type { AppCredentials, TokenBroker } from "../graph/tokens";
import type { Logger } from "../log/logger";
import type { BulkOptions } from "../store/bulk";
import { createInventoryRepo, type InventoryRepo } from "../store/inventoryRepo";
import { createLeaseRepo } from "../store/leases";
import { createSyncRunsRepo, type SyncRunsRepo } from "../store/syncRunsRepo";
import { createBudget } from "./budget";
import { discoverCustomers } from "./discovery";
import { intuneTenantWork, type TenantWork } from "./intuneTenant";
import { MICROSOFT_LIMITS, type MicrosoftLimits } from "./limits";
import type { PlannedTenant } from "./plan";
import { createSyncService, type SyncService, type SyncServiceDeps } from "./service";
import { createRateGate } from "./tokenBucket";

export interface SyncCredentials {
  partnerTenantId: string;
  /** The lifecycle app (MEM integration): app-only tokens in each customer tenant. */
  lifecycleApp: AppCredentials;
  /** The Partner Center web app, for discovery (optional: GDAP alone otherwise). */
  partnerCenterApp?: AppCredentials;
}

export interface IntuneSyncOptions extends Omit<SyncServiceDeps, "runs" | "leases" | "prepare" | "clock" | "logger"> {
  hosts: MicrosoftHosts;
  tokens: TokenBroker;
  containers: { inventory: Container; syncRuns: Container; leases: Container };
  clock: Clock;
  logger: Logger;
  credentials: () => Promise<SyncCredentials>;
  /** Requests in flight at once across all tenants (default 48). */
  requestConcurrency?: number;
  limits?: MicrosoftLimits;
  bulk?: BulkOptions;
  /** Replaces GDAP + Partner Center discovery (tests, a fixed list). */
  discover?: (creds: SyncCredentials) => Promise<PlannedTenant[]>;
  /** Wraps the tenant work (tests inject failures; the M365 part can be layered on here). */
  wrapWork?: (work: TenantWork) => TenantWork;
}

export interface IntuneSync {
  service: SyncService;
  inventory: InventoryRepo;
  runs: SyncRunsRepo;
}

export function createIntuneSync(opts: IntuneSyncOptions): IntuneSync {
  const { hosts, tokens, containers, clock, logger, credentials } = opts;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const inventory = createInventoryRepo(containers.inventory, opts.bulk ? { bulk: opts.bulk } : {});
  const runs = createSyncRunsRepo(containers.syncRuns);
  const leases = createLeaseRepo(containers.leases, { now: () => clock.now().getTime() });
  const gate = createRateGate({ now: () => clock.now().getTime(), sleep });
  const budget = createBudget(opts.requestConcurrency ?? 48);
  const limits = opts.limits ?? MICROSOFT_LIMITS;
  const service = createSyncService({
    ...opts,
    runs,
    leases,
    clock,
    logger,
    sleep,
    prepare: async () => {
      const creds = await credentials();
      return {
        discover: () => (opts.discover ? opts.discover(creds) : discoverCustomers({ hosts, tokens, logger, sleep, ...creds })),
        work: (opts.wrapWork ?? ((w: TenantWork) => w))(intuneTenantWork({ hosts, tokens, app: creds.lifecycleApp, inventory, gate, budget, logger, now: () => clock.now(), limits, sleep, ...(opts.random ? { random: opts.random } : {}) })),
      };
    },
  });
  return { service, inventory, runs };
}
