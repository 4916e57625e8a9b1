/**
 * The Microsoft 365 part of one tenant's sync (M365 integration): the service account's delegated Graph token in the
 * customer tenant, reached through GDAP (src/jobs/connect.ts customerToken). Reads `users` (`$select` of the
 * lifecycle fields and, where readable, `signInActivity`), and `subscribedSkus` and `organization` when the Intune
 * part does not read them (one reader per resource per tenant), each page by page into the inventory through the
 * shared rate gate (Graph's identity limits for users) and the global budget.
 *
 * `signInActivity` needs AuditLog.Read.All and Entra ID P1/P2 in the tenant; Graph refuses the whole read otherwise
 * (403 Authorization_RequestDenied, or Authentication_RequestFromNonPremiumTenantOrB2CTenant;
 * learn.microsoft.com/graph/api/user-list "signInActivity"). On that refusal of the first page the users are read
 * again without it, and the tenant is remembered (a day) so later runs do not ask again. Every failure of this part
 * is marked delegated, so the cause names GDAP (no access, a role missing) rather than the lifecycle app's consent.
 */
import type { MicrosoftHosts } from "../config";
import { createGraphClient } from "../graph/client";
import { MicrosoftError } from "../graph/errors";
import type { TokenProvider } from "../graph/tokens";
import type { Logger } from "../log/logger";
import type { InventoryRepo } from "../store/inventoryRepo";
import type { Budget } from "./budget";
import { markDelegated } from "./causes";
import type { TenantWork } from "./intuneTenant";
import { ORGANIZATION_SPEC, SKU_SPEC, userSpec, type ResourceSpec } from "./items";
import { bucketsFor, MICROSOFT_LIMITS, type MicrosoftLimits } from "./limits";
import { readAllPages } from "./pager";
import { collectFailures, syncResource } from "./readResource";
import type { RateGate } from "./tokenBucket";

export type M365Resource = "organization" | "sku" | "user";

export interface M365WorkDeps {
  hosts: MicrosoftHosts;
  /** The service account's token in a customer tenant; undefined when it is not connected. */
  customerToken: (tenantId: string) => Promise<TokenProvider | undefined>;
  /** Whose requests these are for Graph's per-app buckets (Tenant Pilot's app id; default "service-account"). */
  appId?: string;
  inventory: InventoryRepo;
  gate: RateGate;
  budget: Budget;
  logger: Logger;
  now: () => Date;
  /** Default: users only (the Intune part reads organization and subscribedSkus). */
  resources?: readonly M365Resource[];
  /** Ask for signInActivity at all (default true). */
  signInActivity?: boolean;
  /** Tenants whose signInActivity was refused → until when not to ask again (shared across runs; default: this work's own). */
  signInRefusals?: Map<string, number>;
  limits?: MicrosoftLimits;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** How long a tenant whose signInActivity was refused is read without asking again. */
export const SIGN_IN_REFUSAL_MEMO_MS = 86_400_000;

/** Pure: Graph's refusal of signInActivity (not of the users themselves). */
export function refusesSignInActivity(e: unknown): boolean {
  if (!(e instanceof MicrosoftError)) return false;
  return e.code === "forbidden" || e.microsoftCode === "Authentication_RequestFromNonPremiumTenantOrB2CTenant";
}

/** The not-connected failure (the setup's Connect step was not done or its token was removed). */
export function notConnected(): MicrosoftError {
  return markDelegated(new MicrosoftError({ code: "unauthorized", service: "login", microsoftCode: "service account not connected" }));
}

export function m365TenantWork(deps: M365WorkDeps): TenantWork {
  const limits = deps.limits ?? MICROSOFT_LIMITS;
  const appId = deps.appId ?? "service-account";
  const wanted = new Set<M365Resource>(deps.resources ?? ["user"]);
  const refusedUntil = deps.signInRefusals ?? new Map<string, number>();
  const log = deps.logger.child({ component: "sync.m365" });

  return async (ctx) => {
    const token = await deps.customerToken(ctx.tenantId);
    if (token === undefined) return [notConnected()];
    const graph = createGraphClient(deps.hosts, token, { logger: log, ...(deps.sleep ? { sleep: deps.sleep } : {}), ...(deps.random ? { random: deps.random } : {}) });
    const get = (spec: ResourceSpec) => async (pathOrUrl: string): Promise<unknown> => {
      await deps.gate.acquire(bucketsFor(spec.workload === "identity" ? "identity" : "graph", appId, ctx.tenantId, limits));
      return deps.budget.run(() => graph.get<unknown>(pathOrUrl), { urgent: /^https:/i.test(pathOrUrl) });
    };
    const read = (spec: ResourceSpec, counted?: { pages: number }) =>
      syncResource(deps, ctx, spec, (onPage) =>
        readAllPages(
          get(spec),
          spec.path,
          async (items) => {
            await onPage(items);
            if (counted) counted.pages++;
          },
          spec.pageSize !== undefined ? { pageSize: spec.pageSize } : {},
        ),
      );

    const users = async (): Promise<void> => {
      const key = ctx.tenantId.toLowerCase();
      const nowMs = deps.now().getTime();
      const ask = deps.signInActivity !== false && (refusedUntil.get(key) ?? 0) <= nowMs;
      if (!ask) return read(userSpec(false));
      const counted = { pages: 0 };
      try {
        await read(userSpec(true), counted);
      } catch (e) {
        if (counted.pages > 0 || !refusesSignInActivity(e)) throw e;
        if (refusedUntil.size >= 100_000) refusedUntil.clear();
        refusedUntil.set(key, nowMs + SIGN_IN_REFUSAL_MEMO_MS);
        log.info("signInActivity not readable in this tenant: users read without it", { tenantId: ctx.tenantId, microsoftCode: e instanceof MicrosoftError ? e.microsoftCode : undefined });
        await read(userSpec(false));
      }
    };

    const parts: Promise<void>[] = [];
    if (wanted.has("organization")) parts.push(read(ORGANIZATION_SPEC));
    if (wanted.has("sku")) parts.push(read(SKU_SPEC));
    if (wanted.has("user")) parts.push(users());
    return collectFailures(await Promise.allSettled(parts), "graph", true);
  };
}
