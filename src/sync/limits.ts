/**
 * Microsoft's published request limits the sync stays under (pure data), and the keys of the token buckets that
 * enforce them: Intune 2,000 requests / 20 s per app per tenant and 4,000 / 20 s per tenant (all apps), Graph
 * 130,000 / 10 s per app across all tenants, Defender for Endpoint 100 / minute (and 1,500 / hour) per app per tenant,
 * Graph identity (users) 3,500 resource units / 10 s per app per tenant (the small-tenant figure).
 */
export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export interface MicrosoftLimits {
  intunePerAppPerTenant: RateLimit;
  intunePerTenant: RateLimit;
  graphPerApp: RateLimit;
  defenderPerMinute: RateLimit;
  defenderPerHour: RateLimit;
  /**
   * Graph's identity and access limits per app per tenant, in resource units per 10 s (3,500 for a tenant of fewer
   * than 50 users, 5,000 up to 500, 8,000 above): the smallest, since a tenant's size is not known before its users
   * are read. A users page costs 2 units (a list request), less 1 with $select: counted as 1 token per request here.
   */
  identityPerAppPerTenant?: RateLimit;
}

const IDENTITY_SMALL_TENANT: RateLimit = { limit: 3_500, windowMs: 10_000 };

export const MICROSOFT_LIMITS: MicrosoftLimits = {
  intunePerAppPerTenant: { limit: 2_000, windowMs: 20_000 },
  intunePerTenant: { limit: 4_000, windowMs: 20_000 },
  graphPerApp: { limit: 130_000, windowMs: 10_000 },
  defenderPerMinute: { limit: 100, windowMs: 60_000 },
  defenderPerHour: { limit: 1_500, windowMs: 3_600_000 },
  identityPerAppPerTenant: IDENTITY_SMALL_TENANT,
};

/** Which Microsoft workload a request belongs to: decides the buckets it draws from. */
export type Workload = "graph" | "intune" | "identity" | "defender";

export interface BucketKey {
  key: string;
  limit: RateLimit;
}

/** The buckets one request of `workload` by `appId` in `tenantId` must take a token from (pure). */
export function bucketsFor(workload: Workload, appId: string, tenantId: string, limits: MicrosoftLimits = MICROSOFT_LIMITS): BucketKey[] {
  const app = appId.toLowerCase();
  const tenant = tenantId.toLowerCase();
  const graph: BucketKey = { key: `graph|${app}`, limit: limits.graphPerApp };
  switch (workload) {
    case "graph":
      return [graph];
    case "identity":
      return [graph, { key: `identity|${app}|${tenant}`, limit: limits.identityPerAppPerTenant ?? IDENTITY_SMALL_TENANT }];
    case "intune":
      return [graph, { key: `intune|${app}|${tenant}`, limit: limits.intunePerAppPerTenant }, { key: `intune|*|${tenant}`, limit: limits.intunePerTenant }];
    case "defender":
      return [
        { key: `defender-min|${app}|${tenant}`, limit: limits.defenderPerMinute },
        { key: `defender-hour|${app}|${tenant}`, limit: limits.defenderPerHour },
      ];
  }
}
