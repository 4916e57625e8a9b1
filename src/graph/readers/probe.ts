/**
 * The lifecycle app tried in one customer tenant: a client-credentials token there (its `roles` = what the customer
 * consented, or the mapped failure: notConsented, secretExpired, ...) and then one Intune read with that token
 * (`deviceManagement/managedDevices?$top=1&$select=id`: ok, intuneNotLicensed, forbidden, ...). Both steps are bulk
 * work: they queue behind the partner reads on the limiter ("low" priority). The token is never logged or kept.
 */
import type { CustomerSnapshot } from "../../domain/snapshot";
import type { GraphClient } from "../client";
import { toReadFailure } from "../errors";
import type { AppCredentials, TokenBroker, TokenProvider } from "../tokens";
import type { Limiter } from "./limiter";
import { readFailed, readable, readOk } from "./readable";
import { tokenRoles } from "./tokenRoles";

export type LifecycleProbe = NonNullable<CustomerSnapshot["lifecycleApp"]>;

export interface ProbeDeps {
  tokens: TokenBroker;
  /** A Graph client on a customer-tenant token (sharing the process's connections). */
  customerGraph: (token: TokenProvider) => GraphClient;
  limiter: Limiter;
}

export const INTUNE_PROBE = "/deviceManagement/managedDevices?$top=1&$select=id";

export async function probeCustomer(deps: ProbeDeps, app: AppCredentials, tenantId: string): Promise<LifecycleProbe> {
  let token: string;
  try {
    token = await deps.limiter.run(() => deps.tokens.appToken(app, tenantId, "graph"), "low");
  } catch (e) {
    return { token: readFailed(toReadFailure(e)) };
  }
  let roles: string[];
  try {
    roles = tokenRoles(token);
  } catch (e) {
    return { token: readFailed(toReadFailure(e)) };
  }
  let current = token;
  const provider: TokenProvider = async ({ forceRefresh }) => {
    if (forceRefresh) current = await deps.tokens.appToken(app, tenantId, "graph", { forceRefresh: true });
    return current;
  };
  const graph = deps.customerGraph(provider);
  const intune = await readable(deps.limiter.run(() => graph.get<unknown>(INTUNE_PROBE), "low"));
  return { token: readOk({ roles }), intune: intune.ok ? readOk<true>(true) : intune };
}
