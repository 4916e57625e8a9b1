/**
 * Wires the sync for the composition root: repositories over the `inventory`, `syncRuns` and `leases` containers, one
 * rate gate (Microsoft's limits, on the injected clock) and one concurrency budget for the whole process, discovery
 * and the tenant work (Intune, Defender, Microsoft 365: what the credentials read when a run starts allow), and the
 * per-tenant inventory summary (`summaries`).
 *
 *   const sync = createIntuneSync({ hosts, tokens, containers: store.containers, clock, logger, credentials });
 *   await sync.service.resume();                       // at start-up
 *   const { runId } = await sync.service.startSync({ trigger: { kind: "manual", by: upn } });
 */
import type { Container } from "@azure/cosmos";
import type { Clock } from "../clock";
import type { MicrosoftHosts } from "../config";
import type { AppCredentials, TokenBroker, TokenProvider } from "../graph/tokens";
import type { Logger } from "../log/logger";
import type { BulkOptions } from "../store/bulk";
import { createInventoryRepo, type InventoryRepo } from "../store/inventoryRepo";
import { createInventorySummaryRepo, type InventorySummaryRepo } from "../store/inventorySummaryRepo";
import { createLeaseRepo } from "../store/leases";
import { createSyncRunsRepo, type SyncRunsRepo } from "../store/syncRunsRepo";
import { createBudget } from "./budget";
import { discoverCustomers } from "./discovery";
import { defenderTenantWork } from "./defenderTenant";
import { intuneTenantWork, type IntuneWorkDeps, type TenantWork } from "./intuneTenant";
import { m365TenantWork, notConnected } from "./m365Tenant";
import { combineWork, withInventorySummary } from "./tenantWork";
import { MICROSOFT_LIMITS, type MicrosoftLimits } from "./limits";
import type { PlannedTenant } from "./plan";
import { createSyncService, type SyncService, type SyncServiceDeps } from "./service";
import { createRateGate } from "./tokenBucket";

/** The service account connected at M365 setup (step 6): its delegated tokens, through GDAP in customers. */
export interface ServiceAccountAccess {
  /** Its Graph token in a tenant; undefined when it is not connected. */
  customerToken(tenantId: string): Promise<TokenProvider | undefined>;
  /** Tenant Pilot's app id (the delegated tokens' client), for Graph's per-app limits. */
  appId?: string;
}

/**
 * What a run may use: the lifecycle app (MEM integration: Intune, and Defender when tracking is on), the service
 * account (M365 integration: users, and organization + licences when the lifecycle app is absent), or both.
 */
export interface SyncCredentials {
  partnerTenantId: string;
  /** The lifecycle app (MEM integration): app-only tokens in each customer tenant. */
  lifecycleApp?: AppCredentials;
  /** The Partner Center web app, for discovery (optional: GDAP alone otherwise). */
  partnerCenterApp?: AppCredentials;
  /** The service account (M365 integration). */
  serviceAccount?: ServiceAccountAccess;
  /** Defender tracking is on (machines read with the lifecycle app). */
  defender?: boolean;
}

export interface IntuneSyncOptions extends Omit<SyncServiceDeps, "runs" | "leases" | "prepare" | "clock" | "logger"> {
  hosts: MicrosoftHosts;
  tokens: TokenBroker;
  containers: { inventory: Container; syncRuns: Container; leases: Container };
  clock: Clock;
  logger: Logger;
  credentials: () => Promise<SyncCredentials>;
  /** Requests in flight at once across all tenants (default 256: the Microsoft network's sockets per host). */
  requestConcurrency?: number;
  limits?: MicrosoftLimits;
  bulk?: BulkOptions;
  /** Replaces GDAP + Partner Center discovery (tests, a fixed list). */
  discover?: (creds: SyncCredentials) => Promise<PlannedTenant[]>;
  /** Wraps the tenant work (tests inject failures). */
  wrapWork?: (work: TenantWork) => TenantWork;
}

export interface IntuneSync {
  service: SyncService;
  inventory: InventoryRepo;
  runs: SyncRunsRepo;
  /** One inventory summary per tenant, written at the end of each tenant's attempt. */
  summaries: InventorySummaryRepo;
}

/** The tenant work a run's credentials allow (one reader per resource per tenant: the lifecycle app first). */
export function tenantWorkFor(creds: SyncCredentials, deps: Omit<IntuneWorkDeps, "app" | "resources"> & { signInRefusals?: Map<string, number> }): TenantWork {
  const parts: TenantWork[] = [];
  const shared = { hosts: deps.hosts, inventory: deps.inventory, gate: deps.gate, budget: deps.budget, logger: deps.logger, now: deps.now, ...(deps.limits ? { limits: deps.limits } : {}), ...(deps.sleep ? { sleep: deps.sleep } : {}), ...(deps.random ? { random: deps.random } : {}) };
  if (creds.lifecycleApp) {
    parts.push(intuneTenantWork({ ...deps, app: creds.lifecycleApp }));
    if (creds.defender === true) parts.push(defenderTenantWork({ ...shared, tokens: deps.tokens, app: creds.lifecycleApp }));
  }
  const sa = creds.serviceAccount;
  if (sa) {
    parts.push(
      m365TenantWork({
        ...shared,
        customerToken: (tenantId) => sa.customerToken(tenantId),
        ...(sa.appId !== undefined ? { appId: sa.appId } : {}),
        resources: creds.lifecycleApp ? ["user"] : ["organization", "sku", "user"],
        ...(deps.signInRefusals ? { signInRefusals: deps.signInRefusals } : {}),
      }),
    );
  }
  if (parts.length === 0) return () => Promise.resolve([notConnected()]);
  return combineWork(parts);
}

export function createIntuneSync(opts: IntuneSyncOptions): IntuneSync {
  const { hosts, tokens, containers, clock, logger, credentials } = opts;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const inventory = createInventoryRepo(containers.inventory, opts.bulk ? { bulk: opts.bulk } : {});
  const runs = createSyncRunsRepo(containers.syncRuns);
  const leases = createLeaseRepo(containers.leases, { now: () => clock.now().getTime() });
  const gate = createRateGate({ now: () => clock.now().getTime(), sleep });
  const budget = createBudget(opts.requestConcurrency ?? 256);
  const limits = opts.limits ?? MICROSOFT_LIMITS;
  const summaries = createInventorySummaryRepo(containers.inventory);
  const signInRefusals = new Map<string, number>();
  const service = createSyncService({
    ...opts,
    runs,
    leases,
    clock,
    logger,
    sleep,
    prepare: async () => {
      const creds = await credentials();
      const now = (): Date => clock.now();
      const work = tenantWorkFor(creds, { hosts, tokens, inventory, gate, budget, logger, now, limits, sleep, signInRefusals, ...(opts.random ? { random: opts.random } : {}) });
      return {
        discover: async () => {
          if (opts.discover) return opts.discover(creds);
          const { serviceAccount, defender: _d, ...apps } = creds;
          // Without the lifecycle app, GDAP relationships are read as the service account in the partner tenant.
          const partnerToken = !creds.lifecycleApp && serviceAccount ? await serviceAccount.customerToken(creds.partnerTenantId) : undefined;
          return discoverCustomers({ hosts, tokens, logger, sleep, ...apps, ...(partnerToken ? { partnerToken } : {}) });
        },
        work: withInventorySummary((opts.wrapWork ?? ((w: TenantWork) => w))(work), { summaries, now, logger }),
      };
    },
  });
  return { service, inventory, runs, summaries };
}
