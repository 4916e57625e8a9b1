/**
 * `tenant <name, domain or tenant id>`: one customer in detail, from the latest saved check (its verdict first).
 * Several matches or none get the candidates. With no check saved yet, it checks first. `tenant.open` opens one
 * (candidates' buttons, the tenant card's Refresh, which re-reads the latest result).
 */
import { tenantCandidatesCard, tenantDetailCard } from "../../cards/checkCards";
import type { AdaptiveCardJson } from "../../cards/render";
import { TENANT_USAGE_TEXT } from "../../dialogs/checkContent";
import { matchTenant, type TenantRef } from "../../dialogs/tenantMatch";
import { buildCandidatesView, buildTenantView } from "../../dialogs/tenantView";
import { parseVerbAction } from "../../dialogs/verbs";
import type { CheckReport, CustomerResult, Finding } from "../../domain/findings";
import type { InventorySummary } from "../../domain/inventorySummary";
import type { LastTenantSync } from "../../domain/syncRun";
import type { Logger } from "../../log/logger";
import type { CheckResultsRepo } from "../../store/checkResultsRepo";
import type { RouteModule, Turn } from "../router";
import type { CheckRunner } from "./checkRun";

export interface TenantRoutesDeps {
  runner: CheckRunner;
  results: CheckResultsRepo;
  /** The sync's inventory summary per tenant (`services.sync.summaries`); without it the card shows the check only. */
  summaries?: { read(tenantId: string): Promise<InventorySummary | undefined> };
  /** How the tenant's latest finished sync ended; a failure is shown on the card with its cause and fix. */
  lastSync?: (tenantId: string) => Promise<LastTenantSync | undefined>;
}

/** What the sync knows of a tenant for its card. */
export interface TenantSyncFacts {
  /** null when never synced; undefined when there is no sync or it could not be read (logged). */
  inventory: InventorySummary | null | undefined;
  lastSync?: LastTenantSync;
}

/** Reads one tenant's inventory and last sync outcome for its card. */
export type SyncFactsOf = (tenantId: string) => Promise<TenantSyncFacts>;

const viewOpts = (facts: TenantSyncFacts | undefined): { inventory?: InventorySummary | null; lastSync?: LastTenantSync } => ({
  ...(facts?.inventory !== undefined ? { inventory: facts.inventory } : {}),
  ...(facts?.lastSync !== undefined ? { lastSync: facts.lastSync } : {}),
});

export const TENANT_NOT_CHECKED_TEXT = "I have no check result for that customer. Type **check** to check every customer.";
const INVALID_TENANT_ACTION_TEXT = "That button's data is not valid any more. Type **tenant** and the customer's name.";

const partnerErrors = (findings: readonly Finding[]): number => findings.filter((f) => f.severity === "error").length;

/** Pure: the card for `query` over the customers of a report; `resultOf` gives one customer's result. */
export async function tenantCard(
  query: string,
  customers: readonly TenantRef[],
  resultOf: (tenantId: string) => Promise<(CustomerResult & { checkedAt: string }) | undefined>,
  partnerProblems: number,
  syncFactsOf?: SyncFactsOf,
): Promise<AdaptiveCardJson | string> {
  const match = matchTenant(query, customers);
  if (match.kind !== "one") return tenantCandidatesCard(buildCandidatesView(query, match));
  const [result, facts] = await Promise.all([resultOf(match.match.tenantId), syncFactsOf?.(match.match.tenantId)]);
  if (!result) return TENANT_NOT_CHECKED_TEXT;
  return tenantDetailCard(buildTenantView(result, { checkedAt: result.checkedAt, partnerProblems, ...viewOpts(facts) }));
}

export function tenantRoutes(deps: TenantRoutesDeps): RouteModule {
  const syncFactsOf =
    (log: Logger): SyncFactsOf =>
    async (tenantId) => {
      const summaries = deps.summaries;
      const lastSync = deps.lastSync;
      const [inventory, last] = await Promise.all([
        summaries
          ? summaries.read(tenantId).then(
              (s) => s ?? null,
              (error: unknown) => {
                log.warn("could not read the tenant's inventory summary", { tenantId, error });
                return undefined;
              },
            )
          : undefined,
        lastSync
          ? lastSync(tenantId).catch((error: unknown) => {
              log.warn("could not read the tenant's last sync", { tenantId, error });
              return undefined;
            })
          : undefined,
      ]);
      return { inventory, ...(last !== undefined ? { lastSync: last } : {}) };
    };
  const fromStore = async (query: string, log: Logger): Promise<AdaptiveCardJson | string | undefined> => {
    const latest = await deps.results.latestReport();
    if (!latest) return undefined;
    return tenantCard(query, latest.customers, (id) => deps.results.latestForCustomer(id), partnerErrors(latest.partnerFindings), syncFactsOf(log));
  };
  const fromReport = (query: string, log: Logger) => (report: CheckReport) => {
    const byId = new Map(report.customers.map((c) => [c.tenantId, c]));
    return tenantCard(
      query,
      report.customers,
      (id) => {
        const c = byId.get(id);
        return Promise.resolve(c ? { ...c, checkedAt: report.checkedAt } : undefined);
      },
      partnerErrors(report.partnerFindings),
      syncFactsOf(log),
    ).then((card) => (typeof card === "string" ? tenantCandidatesCard(buildCandidatesView(query, { kind: "none", closest: [] })) : card));
  };
  const send = (turn: Turn, card: AdaptiveCardJson | string): Promise<void> => (typeof card === "string" ? turn.say(card) : turn.sendCard(card));

  const openCard = async (turn: Turn, data: Record<string, unknown>): Promise<AdaptiveCardJson | string> => {
    const parsed = parseVerbAction("tenant.open", data);
    if (!parsed.ok || parsed.action.verb !== "tenant.open") {
      turn.log.warn("invalid tenant.open data", { issues: parsed.ok ? [] : parsed.issues });
      return INVALID_TENANT_ACTION_TEXT;
    }
    const [latest, result, facts] = await Promise.all([
      deps.results.latestReport(),
      deps.results.latestForCustomer(parsed.action.data.tenantId),
      syncFactsOf(turn.log)(parsed.action.data.tenantId),
    ]);
    if (!result) return TENANT_NOT_CHECKED_TEXT;
    return tenantDetailCard(
      buildTenantView(result, { checkedAt: result.checkedAt, partnerProblems: partnerErrors(latest?.partnerFindings ?? []), ...viewOpts(facts) }),
    );
  };

  return (r) => {
    r.command("tenant", async (turn, command) => {
      const stored = await fromStore(command.query, turn.log);
      if (stored !== undefined) {
        await send(turn, stored);
        return;
      }
      // Nothing checked yet: check every customer first, then answer from that report.
      try {
        const { first, posted, started } = await deps.runner.start(turn, { scope: "all", expectedCustomers: null, render: fromReport(command.query, turn.log) });
        if (!posted) await turn.sendCard(first);
        void started.done;
      } catch (err) {
        await turn.sendCard(deps.runner.errorCard(turn, err, "all"));
      }
    });
    r.usage("tenant", (turn) => turn.say(TENANT_USAGE_TEXT));
    r.execute("tenant.open", (turn, data) => openCard(turn, data));
    r.submit("tenant.open", async (turn, data) => send(turn, await openCard(turn, data)));
  };
}
