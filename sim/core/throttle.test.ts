import { createManualClock } from "./clock";
import { limitsFromScenario, MICROSOFT_LIMITS, retryAfterSeconds, Throttler, TokenBucket } from "./throttle";
import { ThrottlingSchema } from "../scenario/schema";

test("a token bucket empties, tells how long to wait, and refills with the clock", () => {
  const b = new TokenBucket(10, 10_000, 0);
  for (let i = 0; i < 10; i++) {
    expect(b.waitMs(1, 0)).toBe(0);
    b.take(1, 0);
  }
  expect(b.waitMs(1, 0)).toBe(1000);
  expect(b.waitMs(1, 500)).toBe(500);
  expect(b.waitMs(1, 1000)).toBe(0);
  expect(b.available(1_000_000)).toBe(10);
  expect(b.waitMs(25, 1_000_000)).toBe(0);
});

test.each([
  [1, 1],
  [999, 1],
  [1000, 1],
  [1001, 2],
  [0, 1],
])("retryAfterSeconds(%i ms) = %i", (ms, s) => {
  expect(retryAfterSeconds(ms)).toBe(s);
});

test("scenario limits: the microsoft profile with overrides; off means none", () => {
  const ms = limitsFromScenario(ThrottlingSchema.parse({}));
  expect(ms.intunePerAppPerTenant).toEqual(MICROSOFT_LIMITS.intunePerAppPerTenant);
  const custom = limitsFromScenario(ThrottlingSchema.parse({ profile: "off", intunePerAppPerTenant: { limit: 100, windowSeconds: 20 } }));
  expect(custom).toEqual({ intunePerAppPerTenant: { limit: 100, windowSeconds: 20 }, intunePerAppPerTenantWrite: { limit: 10, windowSeconds: 20 } });
  expect(limitsFromScenario(ThrottlingSchema.parse({ profile: "off" }))).toEqual({});
});

describe("Throttler (injected clock)", () => {
  const intune = { service: "graph" as const, throttle: { workload: "intune" as const }, appId: "app", tenantId: "t1", userCount: 10 };

  test("Intune per app per tenant: 2,000 / 20 s, then 429 with the time to the next token", () => {
    const clock = createManualClock();
    const t = new Throttler(MICROSOFT_LIMITS, clock);
    for (let i = 0; i < 2000; i++) expect(t.check(intune).ok).toBe(true);
    const d = t.check(intune);
    expect(d).toEqual({ ok: false, retryAfterMs: 10, scope: "intune" });
    // Another tenant has its own bucket; another app in the same tenant too (per-tenant bucket 4,000 is shared).
    expect(t.check({ ...intune, tenantId: "t2" }).ok).toBe(true);
    for (let i = 0; i < 2000; i++) expect(t.check({ ...intune, appId: "other" }).ok).toBe(true);
    expect(t.check({ ...intune, appId: "third" })).toMatchObject({ ok: false, scope: "intune" });
    clock.advance(20_000);
    expect(t.check(intune).ok).toBe(true);
  });

  test("identity: bucket by tenant size, cost per request", () => {
    const clock = createManualClock();
    const t = new Throttler({ identityPerAppTenant: { small: 10, medium: 20, large: 40, windowSeconds: 10 } }, clock);
    const req = { service: "graph" as const, throttle: { workload: "identity" as const, cost: 4 }, appId: "a", tenantId: "small", userCount: 10 };
    expect(t.check(req).ok).toBe(true);
    expect(t.check(req).ok).toBe(true);
    expect(t.check(req)).toMatchObject({ ok: false, retryAfterMs: 2000 });
    const big = { ...req, tenantId: "big", userCount: 600 };
    for (let i = 0; i < 10; i++) expect(t.check(big).ok).toBe(true);
    expect(t.check(big).ok).toBe(false);
  });

  test("Defender: 100 per minute", () => {
    const clock = createManualClock();
    const t = new Throttler(MICROSOFT_LIMITS, clock);
    const req = { service: "defender" as const, appId: "a", tenantId: "t", userCount: 10 };
    for (let i = 0; i < 100; i++) expect(t.check(req).ok).toBe(true);
    expect(t.check(req)).toMatchObject({ ok: false, retryAfterMs: 600 });
  });

  test("Teams: 7 sends per conversation per second, independent conversations", () => {
    const clock = createManualClock();
    const t = new Throttler(MICROSOFT_LIMITS, clock);
    const send = { service: "teams" as const, throttle: { workload: "teams" as const, write: true }, appId: "bot", tenantId: "t", userCount: 10, conversationId: "c1" };
    for (let i = 0; i < 7; i++) expect(t.check(send).ok).toBe(true);
    expect(t.check(send).ok).toBe(false);
    expect(t.check({ ...send, conversationId: "c2" }).ok).toBe(true);
    clock.advance(1000);
    expect(t.check(send).ok).toBe(true);
  });

  test("a refused request consumes nothing", () => {
    const clock = createManualClock();
    const t = new Throttler({ graphPerApp: { limit: 5, windowSeconds: 10 }, intunePerAppPerTenant: { limit: 1, windowSeconds: 10 } }, clock);
    expect(t.check(intune).ok).toBe(true);
    for (let i = 0; i < 10; i++) expect(t.check(intune).ok).toBe(false);
    // graph bucket still has 4 tokens for non-Intune requests
    for (let i = 0; i < 4; i++) expect(t.check({ ...intune, throttle: undefined }).ok).toBe(true);
    expect(t.check({ ...intune, throttle: undefined }).ok).toBe(false);
  });
});
