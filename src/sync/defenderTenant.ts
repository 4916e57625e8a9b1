/**
 * The Defender for Endpoint part of one tenant's sync, when Defender tracking is on (settings `defender: true`): the
 * lifecycle app's app-only token for WindowsDefenderATP in the customer tenant, `GET /api/machines` page by page
 * (src/graph/defender.ts) into the inventory as `machine` items, each request under Defender's 100 calls / minute
 * and 1,500 / hour per app per tenant (limits.ts) and the global budget. A tenant where Defender is not onboarded
 * (403 DisabledFeature) has no machines: the read ends complete and empty.
 */
import { createDefenderClient } from "../graph/defender";
import { MicrosoftError } from "../graph/errors";
import { appTokenProvider } from "../graph/tokens";
import type { AppOnlyWorkDeps, TenantWork } from "./intuneTenant";
import { MACHINE_SPEC } from "./items";
import { bucketsFor, MICROSOFT_LIMITS } from "./limits";
import { collectFailures, syncResource } from "./readResource";

export interface DefenderWorkDeps extends AppOnlyWorkDeps {
  /** Machines per page (default Defender's largest, 10,000). */
  pageSize?: number;
}

export function defenderTenantWork(deps: DefenderWorkDeps): TenantWork {
  const limits = deps.limits ?? MICROSOFT_LIMITS;
  return async (ctx) => {
    const client = createDefenderClient(deps.hosts, appTokenProvider(deps.tokens, deps.app, ctx.tenantId, "defender"), {
      logger: deps.logger,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(deps.random ? { random: deps.random } : {}),
    });
    const read = syncResource(deps, ctx, MACHINE_SPEC, async (onPage) => {
      const pages = client.machines(deps.pageSize !== undefined ? { pageSize: deps.pageSize } : {});
      let first = true;
      for (;;) {
        // Each next() is one request to Defender: it takes its tokens and a slot of the budget first.
        await deps.gate.acquire(bucketsFor("defender", deps.app.clientId, ctx.tenantId, limits));
        let r: IteratorResult<unknown[]>;
        try {
          r = await deps.budget.run(() => pages.next());
        } catch (e) {
          if (first && e instanceof MicrosoftError && e.code === "featureNotEnabled") {
            deps.logger.info("Defender for Endpoint is not onboarded in this tenant: no machines", { tenantId: ctx.tenantId });
            return { kind: "complete" };
          }
          throw e;
        }
        first = false;
        if (r.done === true) return { kind: "complete" };
        await onPage(r.value);
      }
    });
    return collectFailures(await Promise.allSettled([read]), "defender");
  };
}
