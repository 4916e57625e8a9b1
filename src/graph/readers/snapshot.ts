/**
 * readPartnerSnapshot: the partner's Microsoft data as one PartnerSnapshot for the pure checks (src/checks).
 *
 * Everything that does not depend on something else starts at once: the organization, the group list (→ lifecycle
 * group → its members → the service account → its roles / MFA / AdminAgents), the app registrations (→ service
 * principals → grants / AdminAgents), the GDAP pages (→ access assignments in $batch, per page as it arrives) and
 * Partner Center's customers. Customer probes (lifecycle app token + one Intune read) start as soon as a customer is
 * known, at low priority on the shared limiter; the containment of the lifecycle group is asked once at the end over
 * the unique access containers. Every read that can fail on its own is a Readable; one customer never stops another.
 */
import type { CustomerSnapshot, ChoiceSource, PartnerSnapshot, ReadFailure } from "../../domain/snapshot";
import type { Logger } from "../../log/logger";
import type { GraphClient } from "../client";
import { toReadFailure } from "../errors";
import type { PartnerCenterClient } from "../partnerCenter";
import { createPermissionResolver } from "../permissions";
import type { TokenBroker, TokenProvider } from "../tokens";
import { readApps } from "./apps";
import { lifecycleGroupContainedIn } from "./containment";
import type { ReadContext } from "./context";
import { mergeCustomers, type PcCustomerRow } from "./customers";
import { readGdap } from "./gdap";
import { readPartnerGroups } from "./groups";
import { createLimiter } from "./limiter";
import { readOrganization } from "./organization";
import { probeCustomer, type LifecycleProbe } from "./probe";
import { readFailed, readOk } from "./readable";
import { readServiceAccount } from "./serviceAccount";

/** What setup recorded, or the scenario's rehearsal block; every field optional. */
export interface SnapshotChoices {
  source: ChoiceSource;
  serviceAccountUpn?: string;
  lifecycleGroupName?: string;
  lifecycleApp?: { appId: string; secret?: string };
  partnerCenterApp?: { appId: string; secret?: string };
  defender?: boolean;
  m365Connected?: boolean;
}

export interface SnapshotDeps {
  /** Partner tenant, v1.0 and beta via opts. */
  graph: GraphClient;
  tokens: TokenBroker;
  /** A Graph client on another token (customer tenants); compose passes `(t) => createGraphClient(hosts, t, {logger})`. */
  customerGraph: (token: TokenProvider) => GraphClient;
  partnerCenter?: PartnerCenterClient;
  partnerTenantId: string;
  logger: Logger;
  /** Requests in flight at most (default 16). */
  concurrency?: number;
}

export interface SnapshotOptions {
  /** Customers done so far of those known so far (the total grows while GDAP pages arrive). */
  onProgress?(done: number, total: number): void;
  /** Only these customers (tenant ids). */
  tenantIds?: string[];
}

export const DEFAULT_CONCURRENCY = 16;

const NO_PARTNER_CENTER: ReadFailure = {
  code: "notConfigured",
  message: "Partner Center's customer list was not read: the Partner Center app's key is not stored yet.",
};

export async function readPartnerSnapshot(deps: SnapshotDeps, choices: SnapshotChoices, now: Date, opts: SnapshotOptions = {}): Promise<PartnerSnapshot> {
  const logger = deps.logger.child({ component: "snapshot" });
  const limiter = createLimiter(deps.concurrency ?? DEFAULT_CONCURRENCY);
  const ctx: ReadContext = { graph: deps.graph, limiter, permissions: createPermissionResolver(deps.graph), logger };
  const only = opts.tenantIds ? new Set(opts.tenantIds.map((t) => t.toLowerCase())) : undefined;
  const source = choices.source;

  // Customer probes, started as customers become known.
  const secret = choices.lifecycleApp?.secret;
  const probeApp = choices.lifecycleApp && secret ? { clientId: choices.lifecycleApp.appId, clientSecret: secret } : undefined;
  const probes = new Map<string, Promise<LifecycleProbe>>();
  let done = 0;
  const progress = (): void => opts.onProgress?.(done, probes.size);
  const startProbe = (tenantId: string): void => {
    const id = tenantId.toLowerCase();
    if (!probeApp || probes.has(id) || (only && !only.has(id))) return;
    const p = probeCustomer({ tokens: deps.tokens, customerGraph: deps.customerGraph, limiter }, probeApp, id)
      .catch((e: unknown): LifecycleProbe => ({ token: readFailed(toReadFailure(e)) }))
      .finally(() => {
        done++;
        progress();
      });
    probes.set(id, p);
  };

  const organization = readOrganization(ctx, deps.partnerTenantId);
  const groups = readPartnerGroups(ctx, { ...(choices.lifecycleGroupName !== undefined ? { name: choices.lifecycleGroupName } : {}), source });
  const adminAgents = groups.then((g) => g.adminAgentsGroupId);
  const serviceAccount = readServiceAccount(
    ctx,
    { ...(choices.serviceAccountUpn !== undefined ? { upn: choices.serviceAccountUpn } : {}), source },
    groups.then((g) => ({ group: g.lifecycleGroup, ...(g.lifecycleGroupFailure ? { failure: g.lifecycleGroupFailure } : {}) })),
    adminAgents,
  );
  const apps = readApps(
    ctx,
    { ...(choices.lifecycleApp ? { appId: choices.lifecycleApp.appId } : {}), source },
    { ...(choices.partnerCenterApp ? { appId: choices.partnerCenterApp.appId } : {}), source },
    adminAgents,
  );
  const partnerCenter: Promise<{ read: PartnerSnapshot["partnerCenterRead"]; rows: PcCustomerRow[] }> = deps.partnerCenter
    ? limiter.run(() => (deps.partnerCenter as PartnerCenterClient).customers()).then(
        (rows) => {
          for (const r of rows) startProbe(r.tenantId);
          return { read: readOk<true>(true), rows };
        },
        (e: unknown) => ({ read: readFailed<true>(toReadFailure(e)), rows: [] }),
      )
    : Promise.resolve({ read: readFailed<true>(NO_PARTNER_CENTER), rows: [] });
  const gdap = readGdap(ctx, only, (tenantId) => startProbe(tenantId));

  // The containment needs every access container and the lifecycle group.
  const [g, gd] = await Promise.all([groups, gdap]);
  const containerIds = new Set(gd.rows.flatMap((r) => (r.relationship.accessAssignments.ok ? r.relationship.accessAssignments.value.map((a) => a.groupId) : [])));
  const containedIn = g.lifecycleGroup
    ? lifecycleGroupContainedIn(ctx, g.lifecycleGroup.id, containerIds)
    : Promise.resolve(g.lifecycleGroupFailure ? readFailed<string[]>(g.lifecycleGroupFailure) : readOk<string[]>([]));

  const [org, sa, ap, pc, lifecycleGroupContained] = await Promise.all([organization, serviceAccount, apps, partnerCenter, containedIn]);
  const customers: CustomerSnapshot[] = mergeCustomers(gd.rows, pc.rows, only);
  for (const c of customers) startProbe(c.tenantId); // none missed, whatever the order of arrival
  const probed = new Map(await Promise.all([...probes].map(async ([id, p]) => [id, await p] as const)));
  for (const c of customers) {
    const p = probed.get(c.tenantId);
    if (p) c.lifecycleApp = p;
  }
  if (probeApp) progress();
  else opts.onProgress?.(customers.length, customers.length);

  const groupNames: Record<string, string> = {};
  if (g.groups.ok) for (const x of g.groups.value) if (containerIds.has(x.id) || x.id === g.lifecycleGroup?.id || x.id === g.adminAgentsGroupId) groupNames[x.id] = x.displayName;

  const lookupFailures: NonNullable<PartnerSnapshot["lookupFailures"]> = {};
  if (org.failure) lookupFailures.partner = org.failure;
  if (!g.groups.ok) lookupFailures.groups = g.groups.error;
  if (sa.failure) lookupFailures.serviceAccount = sa.failure;
  if (ap.failure) lookupFailures.apps = ap.failure;

  return {
    takenAt: now.toISOString(),
    partner: org.value,
    serviceAccount: sa.value,
    adminAgentsGroupId: g.adminAgentsGroupId,
    lifecycleGroup: g.lifecycleGroup,
    lifecycleGroupContainedIn: lifecycleGroupContained,
    groupNames,
    lifecycleApp: ap.lifecycleApp,
    partnerCenterApp: ap.partnerCenterApp,
    defenderTracking: choices.defender ?? false,
    lifecycleKeyKnown: probeApp !== undefined,
    m365Connected: choices.m365Connected ?? false,
    gdapRead: gd.read,
    partnerCenterRead: pc.read,
    customers,
    ...(Object.keys(lookupFailures).length > 0 ? { lookupFailures } : {}),
  };
}
