/**
 * Discovery of the customers to sync: the partner's GDAP relationships (the lifecycle app's app-only token in the
 * partner tenant, DelegatedAdminRelationship.Read*) and Partner Center's customer list (the Partner Center app's
 * token), merged by tenant id, Partner Center's company name first. Either source may fail alone (logged); both
 * failing is the run's failure.
 */
import { z } from "zod/v4";
import type { MicrosoftHosts } from "../config";
import { createGraphClient } from "../graph/client";
import { MicrosoftError, toMicrosoftError } from "../graph/errors";
import { createPartnerCenterClient } from "../graph/partnerCenter";
import { appTokenProvider, type AppCredentials, type TokenBroker, type TokenProvider } from "../graph/tokens";
import type { Logger } from "../log/logger";
import type { PlannedTenant } from "./plan";

export interface DiscoveryDeps {
  hosts: MicrosoftHosts;
  tokens: TokenBroker;
  logger: Logger;
  partnerTenantId: string;
  /** Reads the GDAP relationships (app-only, in the partner tenant). */
  lifecycleApp?: AppCredentials;
  /** Without the lifecycle app: a delegated token in the partner tenant for the GDAP relationships. */
  partnerToken?: TokenProvider;
  /** The Partner Center web app (may be the lifecycle app); without it only GDAP is read. */
  partnerCenterApp?: AppCredentials;
  sleep?: (ms: number) => Promise<void>;
}

const Relationship = z.object({ customer: z.object({ tenantId: z.string().min(1), displayName: z.string().nullish() }) });

/** Pure: both lists merged, one entry per tenant (lower-case id). */
export function mergeDiscovered(gdap: readonly PlannedTenant[], partnerCenter: readonly PlannedTenant[]): PlannedTenant[] {
  const out = new Map<string, PlannedTenant>();
  for (const t of gdap) {
    const id = t.tenantId.toLowerCase();
    if (!out.has(id)) out.set(id, { tenantId: id, displayName: t.displayName || id });
  }
  for (const t of partnerCenter) {
    const id = t.tenantId.toLowerCase();
    out.set(id, { tenantId: id, displayName: t.displayName || out.get(id)?.displayName || id });
  }
  return [...out.values()];
}

export async function discoverCustomers(deps: DiscoveryDeps): Promise<PlannedTenant[]> {
  const log = deps.logger.child({ component: "sync.discovery" });
  const token = deps.lifecycleApp ? appTokenProvider(deps.tokens, deps.lifecycleApp, deps.partnerTenantId, "graph") : deps.partnerToken;
  const gdap = (async (): Promise<PlannedTenant[]> => {
    if (token === undefined) throw new MicrosoftError({ code: "unauthorized", service: "graph", microsoftCode: "no partner-tenant credentials for GDAP relationships" });
    const graph = createGraphClient(deps.hosts, token, { logger: log, ...(deps.sleep ? { sleep: deps.sleep } : {}) });
    const out: PlannedTenant[] = [];
    for await (const page of graph.pages<unknown>("/tenantRelationships/delegatedAdminRelationships?$top=300")) {
      for (const raw of page) {
        const r = Relationship.safeParse(raw);
        if (r.success) out.push({ tenantId: r.data.customer.tenantId, displayName: r.data.customer.displayName ?? r.data.customer.tenantId });
      }
    }
    return out;
  })();
  const pcApp = deps.partnerCenterApp;
  const pc = pcApp
    ? createPartnerCenterClient(deps.hosts, appTokenProvider(deps.tokens, pcApp, deps.partnerTenantId, "partnerCenter"), { logger: log, ...(deps.sleep ? { sleep: deps.sleep } : {}) })
        .customers()
        .then((cs) => cs.map((c) => ({ tenantId: c.tenantId, displayName: c.companyName })))
    : Promise.resolve<PlannedTenant[]>([]);
  const [g, p] = await Promise.allSettled([gdap, pc]);
  const failures: MicrosoftError[] = [];
  if (g.status === "rejected") failures.push(toMicrosoftError(g.reason, "graph"));
  if (p.status === "rejected") failures.push(toMicrosoftError(p.reason, "partnerCenter"));
  for (const f of failures) log.warn("a customer source could not be read", { code: f.code, service: f.service, microsoftCode: f.microsoftCode });
  if (g.status === "rejected" && (p.status === "rejected" || !pcApp)) throw failures[0];
  return mergeDiscovered(g.status === "fulfilled" ? g.value : [], p.status === "fulfilled" ? p.value : []);
}
