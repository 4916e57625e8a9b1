/**
 * Throttling by token buckets driven by the simulator clock: Microsoft's published limits (reference §7, §8) or the
 * scenario's overrides. A request is refused (429) when any bucket it counts against is empty; Retry-After is the
 * time until that bucket holds enough tokens again.
 */
import type { Throttling } from "../scenario/schema";
import type { Clock, RouteThrottle, Service } from "./types";

export interface Limit {
  limit: number;
  windowSeconds: number;
}

export interface ThrottleLimits {
  graphPerApp?: Limit;
  intunePerAppPerTenant?: Limit;
  intunePerAppPerTenantWrite?: Limit;
  intunePerTenant?: Limit;
  intunePerTenantWrite?: Limit;
  identityPerAppTenant?: { small: number; medium: number; large: number; windowSeconds: number };
  defender?: Limit[];
  teamsPerConversation?: Limit[];
  teamsPerAppPerTenant?: Limit;
}

export const MICROSOFT_LIMITS: Required<ThrottleLimits> = {
  graphPerApp: { limit: 130_000, windowSeconds: 10 },
  intunePerAppPerTenant: { limit: 2000, windowSeconds: 20 },
  intunePerAppPerTenantWrite: { limit: 200, windowSeconds: 20 },
  intunePerTenant: { limit: 4000, windowSeconds: 20 },
  intunePerTenantWrite: { limit: 400, windowSeconds: 20 },
  identityPerAppTenant: { small: 3500, medium: 5000, large: 8000, windowSeconds: 10 },
  defender: [{ limit: 100, windowSeconds: 60 }, { limit: 1500, windowSeconds: 3600 }],
  teamsPerConversation: [{ limit: 7, windowSeconds: 1 }, { limit: 8, windowSeconds: 2 }, { limit: 60, windowSeconds: 30 }, { limit: 1800, windowSeconds: 3600 }],
  teamsPerAppPerTenant: { limit: 50, windowSeconds: 1 },
};

/** The limits a scenario asks for: the profile's, with any individual limit overridden. */
export function limitsFromScenario(t: Throttling): ThrottleLimits {
  const base: ThrottleLimits = t.profile === "microsoft" ? { ...MICROSOFT_LIMITS } : {};
  const scale = (l: Limit | undefined, f: number) => (l ? { limit: Math.max(1, Math.floor(l.limit * f)), windowSeconds: l.windowSeconds } : undefined);
  if (t.graphPerApp) base.graphPerApp = t.graphPerApp;
  if (t.intunePerAppPerTenant) {
    base.intunePerAppPerTenant = t.intunePerAppPerTenant;
    base.intunePerAppPerTenantWrite = scale(t.intunePerAppPerTenant, 0.1);
  }
  if (t.intunePerTenant) {
    base.intunePerTenant = t.intunePerTenant;
    base.intunePerTenantWrite = scale(t.intunePerTenant, 0.1);
  }
  if (t.identityPerAppTenant) base.identityPerAppTenant = { ...t.identityPerAppTenant, windowSeconds: t.identityPerAppTenant.windowSeconds ?? 10 };
  if (t.defenderPerMinute !== undefined || t.defenderPerHour !== undefined) {
    base.defender = [
      ...(t.defenderPerMinute !== undefined ? [{ limit: t.defenderPerMinute, windowSeconds: 60 }] : []),
      ...(t.defenderPerHour !== undefined ? [{ limit: t.defenderPerHour, windowSeconds: 3600 }] : []),
    ];
  }
  if (t.teamsPerConversation) base.teamsPerConversation = t.teamsPerConversation;
  if (t.teamsPerAppPerTenant) base.teamsPerAppPerTenant = t.teamsPerAppPerTenant;
  return base;
}

/** A token bucket: holds up to `capacity` tokens, refilled continuously at capacity per window. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly ratePerMs: number;

  constructor(
    readonly capacity: number,
    windowMs: number,
    nowMs: number,
  ) {
    this.tokens = capacity;
    this.last = nowMs;
    this.ratePerMs = capacity / windowMs;
  }

  private refill(nowMs: number): void {
    const elapsed = nowMs - this.last;
    if (elapsed > 0) this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.ratePerMs);
    this.last = Math.max(this.last, nowMs);
  }

  /** Milliseconds until `cost` tokens are available (0: available now). */
  waitMs(cost: number, nowMs: number): number {
    this.refill(nowMs);
    if (this.tokens >= cost) return 0;
    return Math.ceil((Math.min(cost, this.capacity) - this.tokens) / this.ratePerMs);
  }

  take(cost: number, nowMs: number): void {
    this.refill(nowMs);
    this.tokens -= cost;
  }

  available(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens;
  }
}

export interface ThrottleInput {
  service: Service;
  throttle?: RouteThrottle;
  appId: string;
  tenantId: string;
  /** Users in the tenant (identity bucket size). */
  userCount: number;
  conversationId?: string;
}

export type ThrottleDecision = { ok: true } | { ok: false; retryAfterMs: number; scope: string };

export class Throttler {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private limits: ThrottleLimits,
    private readonly clock: Clock,
  ) {}

  setLimits(limits: ThrottleLimits): void {
    this.limits = limits;
    this.buckets.clear();
  }

  reset(): void {
    this.buckets.clear();
  }

  private bucket(key: string, l: Limit, nowMs: number): TokenBucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = new TokenBucket(l.limit, l.windowSeconds * 1000, nowMs);
      this.buckets.set(key, b);
    }
    return b;
  }

  /** Checks every bucket the request counts against; consumes from all of them only if none is empty. */
  check(i: ThrottleInput): ThrottleDecision {
    const nowMs = this.clock.now().getTime();
    const L = this.limits;
    const want: [string, TokenBucket, number][] = [];
    const add = (key: string, l: Limit | undefined, cost = 1) => {
      if (l) want.push([key, this.bucket(key, l, nowMs), cost]);
    };
    const app = i.appId.toLowerCase();
    const tenant = i.tenantId.toLowerCase();
    const w = i.throttle;
    if (i.service === "graph") {
      add(`graph|${app}`, L.graphPerApp);
      if (w?.workload === "intune") {
        add(`intune|app|${app}|${tenant}${w.write ? "|w" : ""}`, w.write ? L.intunePerAppPerTenantWrite : L.intunePerAppPerTenant);
        add(`intune|tenant|${tenant}${w.write ? "|w" : ""}`, w.write ? L.intunePerTenantWrite : L.intunePerTenant);
      } else if (w?.workload === "identity" && L.identityPerAppTenant) {
        const id = L.identityPerAppTenant;
        const size = i.userCount < 50 ? id.small : i.userCount <= 500 ? id.medium : id.large;
        add(`identity|${app}|${tenant}`, { limit: size, windowSeconds: id.windowSeconds }, w.cost ?? 1);
      }
    } else if (i.service === "defender" || w?.workload === "defender") {
      (L.defender ?? []).forEach((l, k) => add(`defender|${app}|${tenant}|${k}`, l));
    } else if (i.service === "teams" || w?.workload === "teams") {
      add(`teams|app|${app}|${tenant}`, L.teamsPerAppPerTenant);
      if (w?.write && i.conversationId) (L.teamsPerConversation ?? []).forEach((l, k) => add(`teams|conv|${app}|${i.conversationId}|${k}`, l));
    }
    let worst: { ms: number; scope: string } | undefined;
    for (const [key, b, cost] of want) {
      const ms = b.waitMs(cost, nowMs);
      if (ms > 0 && (!worst || ms > worst.ms)) worst = { ms, scope: key.split("|")[0] };
    }
    if (worst) return { ok: false, retryAfterMs: worst.ms, scope: worst.scope };
    for (const [, b, cost] of want) b.take(cost, nowMs);
    return { ok: true };
  }
}

/** Retry-After in whole seconds (at least 1). */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
