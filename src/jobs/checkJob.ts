/**
 * The `check` job: read the partner's snapshot through Microsoft Graph (and Partner Center), run the pure checks,
 * save the results. The Graph client comes from the caller (the signed-in user's on-behalf-of token interactively,
 * an app token unattended), so the same job serves commands and, later, schedules.
 *
 * I/O lives here and in src/graph/readers; the verdicts are src/checks' pure functions.
 */
import type { Clock } from "../clock";
import type { MicrosoftHosts } from "../config";
import type { CheckReport } from "../domain/findings";
import type { CustomerSnapshot, PartnerSnapshot, Readable } from "../domain/snapshot";
import { readCustomerOrganization } from "../graph/delegated";
import { runChecks, type Scope } from "../checks";
import { createGraphClient, type GraphClient } from "../graph/client";
import { createPartnerCenterClient, type PartnerCenterClient } from "../graph/partnerCenter";
import { readPartnerSnapshot, type SnapshotChoices } from "../graph/readers/snapshot";
import { appTokenProvider, type TokenBroker, type TokenProvider } from "../graph/tokens";
import type { Logger } from "../log/logger";
import { SECRET_NAMES, type SecretStore } from "../secrets/secretStore";
import type { CheckResultsRepo } from "../store/checkResultsRepo";
import type { MspSettings, SettingsRepo } from "../store/settingsRepo";

export interface CheckJobDeps {
  hosts: MicrosoftHosts;
  tokens: TokenBroker;
  settings: SettingsRepo;
  secrets: SecretStore;
  results: CheckResultsRepo;
  clock: Clock;
  logger: Logger;
  /** Requests in flight at most (readers' default when absent). */
  concurrency?: number;
  /**
   * The service account's delegated token for a customer, through GDAP (Microsoft 365 integration connected), for the
   * customer-side confirmation; undefined when not connected.
   */
  customerSideToken?: (tenantId: string) => Promise<TokenProvider | undefined>;
  /** After a full check was saved (alert detection: the snapshot's dates and access facts). Failures are logged, never the check's. */
  onChecked?: (snapshot: PartnerSnapshot) => Promise<unknown>;
}

/** Customer-side reads in flight at most. */
export const CUSTOMER_SIDE_CONCURRENCY = 16;

export interface CheckJobOptions {
  scope?: Scope;
  /** Only these customers (a `tenant` re-check); results are then not saved as the latest full report. */
  tenantIds?: string[];
  onProgress?(done: number, total: number): void;
}

export interface CheckJobResult {
  report: CheckReport;
  /** Whether the report was saved as the latest (full `check` only). */
  saved: boolean;
}

interface Organization {
  id: string;
}

/** The partner tenant the token speaks for (`GET /organization` is one object in the caller's tenant). */
export async function partnerTenantOf(graph: GraphClient): Promise<string> {
  const res = await graph.get<{ value: Organization[] }>("/organization?$select=id");
  const id = res.value[0]?.id;
  if (!id) throw new Error("organization has no id");
  return id;
}

/** Pure: what the snapshot readers are told, from the stored setup choices and which keys are stored. */
export function choicesFrom(settings: MspSettings | undefined, keys: { lifecycle?: string; partnerCenter?: string }): SnapshotChoices {
  if (!settings) return { source: "discovered" };
  const c: SnapshotChoices = { source: settings.source };
  if (settings.serviceAccountUpn) c.serviceAccountUpn = settings.serviceAccountUpn;
  if (settings.lifecycleGroupName) c.lifecycleGroupName = settings.lifecycleGroupName;
  if (settings.lifecycleAppId) c.lifecycleApp = { appId: settings.lifecycleAppId, ...(keys.lifecycle ? { secret: keys.lifecycle } : {}) };
  if (settings.partnerCenterAppId) {
    c.partnerCenterApp = { appId: settings.partnerCenterAppId, ...(keys.partnerCenter ? { secret: keys.partnerCenter } : {}) };
  }
  if (settings.defender !== undefined) c.defender = settings.defender;
  if (settings.m365Connected !== undefined) c.m365Connected = settings.m365Connected;
  return c;
}

/** Fills each customer's `customerSide` with one read as the service account (bounded concurrency; failures recorded). */
export async function confirmCustomerSide(
  customers: CustomerSnapshot[],
  tokenFor: (tenantId: string) => Promise<TokenProvider | undefined>,
  read: (token: TokenProvider) => Promise<Readable<unknown>>,
  concurrency = CUSTOMER_SIDE_CONCURRENCY,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < customers.length) {
      const c = customers[next++];
      const token = await tokenFor(c.tenantId);
      if (!token) return;
      const r = await read(token);
      c.customerSide = r.ok ? { ok: true, value: true } : r;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, customers.length) }, worker));
}

export function createCheckJob(deps: CheckJobDeps) {
  const customerGraph = (token: TokenProvider): GraphClient => createGraphClient(deps.hosts, token, { logger: deps.logger });

  return async function runCheck(partnerGraph: GraphClient, opts: CheckJobOptions = {}): Promise<CheckJobResult> {
    const started = Date.now();
    const partnerTenantId = await partnerTenantOf(partnerGraph);
    const stored = await deps.settings.get(partnerTenantId);
    const [lifecycle, partnerCenterKey] = await Promise.all([
      deps.secrets.get(SECRET_NAMES.lifecycleAppClientSecret),
      deps.secrets.get(SECRET_NAMES.partnerCenterAppClientSecret),
    ]);
    const choices = choicesFrom(stored?.value, {
      ...(lifecycle !== undefined ? { lifecycle } : {}),
      ...(partnerCenterKey !== undefined ? { partnerCenter: partnerCenterKey } : {}),
    });
    let partnerCenter: PartnerCenterClient | undefined;
    if (choices.partnerCenterApp?.secret) {
      const app = { clientId: choices.partnerCenterApp.appId, clientSecret: choices.partnerCenterApp.secret };
      partnerCenter = createPartnerCenterClient(deps.hosts, appTokenProvider(deps.tokens, app, partnerTenantId, "partnerCenter"), {
        logger: deps.logger,
      });
    }
    const snapshot = await readPartnerSnapshot(
      {
        graph: partnerGraph,
        tokens: deps.tokens,
        customerGraph,
        ...(partnerCenter ? { partnerCenter } : {}),
        partnerTenantId,
        logger: deps.logger,
        ...(deps.concurrency !== undefined ? { concurrency: deps.concurrency } : {}),
      },
      choices,
      deps.clock.now(),
      {
        ...(opts.onProgress ? { onProgress: (done: number, total: number) => opts.onProgress?.(done, total) } : {}),
        ...(opts.tenantIds ? { tenantIds: opts.tenantIds } : {}),
      },
    );
    if (choices.m365Connected && deps.customerSideToken && (opts.scope ?? "all") !== "apps" && (opts.scope ?? "all") !== "adminagents") {
      await confirmCustomerSide(snapshot.customers, deps.customerSideToken, (token) => readCustomerOrganization(deps.hosts, token, { logger: deps.logger }));
    }
    const report = runChecks(snapshot, deps.clock.now(), { scope: opts.scope ?? "all" });
    const full = (opts.scope ?? "all") === "all" && opts.tenantIds === undefined;
    let saved = false;
    if (full) {
      const outcome = await deps.results.save(report);
      saved = outcome.status === "saved";
      if (saved && deps.onChecked) {
        await deps.onChecked(snapshot).catch((err: unknown) => deps.logger.error("after-check hook failed (alert detection)", { error: err }));
      }
    }
    deps.logger.info("check done", {
      partnerTenantId,
      scope: opts.scope ?? "all",
      customers: report.customers.length,
      partnerFindings: report.partnerFindings.length,
      ms: Date.now() - started,
      saved,
    });
    return { report, saved };
  };
}

export type RunCheck = ReturnType<typeof createCheckJob>;
