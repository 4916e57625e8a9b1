/**
 * Each throttling scope of issue 3, proven over HTTPS with real MSAL tokens on a frozen simulator clock (buckets
 * refill only when the control API moves the clock): Intune per app per tenant and per tenant (all apps), identity
 * per app + tenant with resource-unit costs and tenant-size buckets, Graph's global limit per app, Defender per
 * minute and per hour, Teams per conversation and per app per tenant. Limits are small scenario overrides.
 */
import { startHarness, type Harness } from "../../testing/harness";
import { SYNC_APP, frozenClock, servicesScenario } from "./fixtures";

const OTHER_APP = { clientId: "20000000-0000-4000-8000-0000000000c9", clientSecret: "other-secret-value" };
const SMALL = "40000000-0000-4000-8000-000000000001";
const MEDIUM = "40000000-0000-4000-8000-000000000002";
const LARGE = "40000000-0000-4000-8000-000000000003";
const DEFENDER_SCOPE = "https://api.securitycenter.microsoft.com/.default";

const GRANTS = { graph: ["Organization.Read.All", "Group.Read.All", "DeviceManagementManagedDevices.Read.All"], defender: ["Machine.Read.All"] };

/** Three customers of 10, 100 and 1,000 users where two apps are consented; `throttling` decides the limits. */
function throttlingScenario(throttling: Record<string, unknown>): Record<string, unknown> {
  const base = servicesScenario();
  const partner = base.partner as { applications: Record<string, unknown>[] };
  const customer = (tenantId: string, name: string, userCount: number) => ({
    tenantId,
    displayName: name,
    domain: `${name.toLowerCase()}.onmicrosoft.com`,
    userCount,
    defender: { onboarded: true },
    consentedApps: [
      { appId: SYNC_APP.clientId, applicationPermissions: GRANTS },
      { appId: OTHER_APP.clientId, applicationPermissions: GRANTS },
    ],
    inventory: { generate: { devices: 5, appsPerDevice: 1 } },
  });
  return {
    ...base,
    partner: {
      ...partner,
      applications: [
        ...partner.applications,
        {
          id: "10000000-0000-4000-8000-0000000000c9",
          appId: OTHER_APP.clientId,
          displayName: "Another multitenant app",
          signInAudience: "AzureADMultipleOrgs",
          servicePrincipalId: "10000000-0000-4000-8000-0000000000d9",
          passwordCredentials: [{ keyId: "10000000-0000-4000-8000-0000000000e9", secretText: OTHER_APP.clientSecret, startDateTime: "-1d", endDateTime: "+300d" }],
        },
      ],
    },
    customers: [customer(SMALL, "Small", 10), customer(MEDIUM, "Medium", 100), customer(LARGE, "Large", 1000)],
    throttling: { profile: "off", ...throttling },
  };
}

async function withSim(throttling: Record<string, unknown>, body: (h: Harness, token: (app: typeof SYNC_APP, tenant: string, scope?: string) => Promise<string>) => Promise<void>): Promise<void> {
  const h = await startHarness({ scenario: throttlingScenario(throttling), port: 0, clock: frozenClock() });
  const tokens = new Map<string, Promise<string>>();
  const token = (app: typeof SYNC_APP, tenant: string, scope?: string) => {
    const key = `${app.clientId}|${tenant}|${scope ?? ""}`;
    let t = tokens.get(key);
    if (!t) tokens.set(key, (t = h.appToken({ ...app, tenant, scope })));
    return t;
  };
  try {
    await body(h, token);
  } finally {
    await h.stop();
  }
}

/** Status codes of `n` sequential GETs. */
async function statuses(h: Harness, service: "graph" | "defender", path: string, token: string, n = 1): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await h.fetch(service, path, { token })).status);
  return out;
}

const DEVICES = "/v1.0/deviceManagement/managedDevices?$top=1";
const ok = (n: number) => Array.from({ length: n }, () => 200);

test("Intune per app per tenant: one app's bucket in one tenant; other apps and other tenants keep theirs", async () => {
  await withSim({ intunePerAppPerTenant: { limit: 3, windowSeconds: 20 } }, async (h, token) => {
    const sync = await token(SYNC_APP, SMALL);
    expect(await statuses(h, "graph", DEVICES, sync, 4)).toEqual([...ok(3), 429]);
    const refused = await h.fetch<{ error: { code: string } }>("graph", DEVICES, { token: sync });
    expect([refused.status, refused.headers["retry-after"], refused.body.error.code]).toEqual([429, "7", "TooManyRequests"]); // 1 token at 3 / 20 s
    expect(await statuses(h, "graph", DEVICES, await token(OTHER_APP, SMALL), 3)).toEqual(ok(3));
    expect(await statuses(h, "graph", DEVICES, await token(SYNC_APP, MEDIUM), 3)).toEqual(ok(3));
    h.sim.control.advanceClock(7_000);
    expect(await statuses(h, "graph", DEVICES, sync, 2)).toEqual([200, 429]);
  });
});

test("Intune per tenant: all apps together share the tenant's bucket", async () => {
  await withSim({ intunePerTenant: { limit: 4, windowSeconds: 20 } }, async (h, token) => {
    expect(await statuses(h, "graph", DEVICES, await token(SYNC_APP, SMALL), 3)).toEqual(ok(3));
    expect(await statuses(h, "graph", DEVICES, await token(OTHER_APP, SMALL), 2)).toEqual([200, 429]);
    expect(await statuses(h, "graph", DEVICES, await token(SYNC_APP, SMALL))).toEqual([429]);
    expect(await statuses(h, "graph", DEVICES, await token(OTHER_APP, LARGE), 4)).toEqual(ok(4));
    expect(h.sim.control.counters().throttled).toBe(2);
  });
});

describe("identity per app + tenant, in resource units, sized by the tenant's users", () => {
  const limits = { identityPerAppTenant: { small: 4, medium: 6, large: 8, windowSeconds: 10 } };

  test.each([
    ["small (< 50 users)", SMALL, 4],
    ["medium (50–500 users)", MEDIUM, 6],
    ["large (> 500 users)", LARGE, 8],
  ])("a %s tenant: %s holds %i units of 1-unit GET /organization per 10 s", async (_size, tenant, units) => {
    await withSim(limits, async (h, token) => {
      const t = await token(SYNC_APP, tenant);
      expect(await statuses(h, "graph", "/v1.0/organization", t, units + 1)).toEqual([...ok(units), 429]);
      // Another app in the same tenant has its own bucket.
      expect(await statuses(h, "graph", "/v1.0/organization", await token(OTHER_APP, tenant))).toEqual([200]);
      // One unit comes back after window / size seconds.
      h.sim.control.advanceClock(Math.ceil(10_000 / units));
      expect(await statuses(h, "graph", "/v1.0/organization", t, 2)).toEqual([200, 429]);
    });
  });

  test("costs: GET /groups takes 2 units, so a small tenant's 4 units are two group lists", async () => {
    await withSim(limits, async (h, token) => {
      const t = await token(SYNC_APP, SMALL);
      expect(await statuses(h, "graph", "/v1.0/groups", t, 3)).toEqual([200, 200, 429]);
      const refused = await h.fetch("graph", "/v1.0/groups", { token: t });
      expect(refused.headers["retry-after"]).toBe("5"); // 2 units at 4 / 10 s
      h.sim.control.advanceClock(2_500);
      expect(await statuses(h, "graph", "/v1.0/organization", t, 2)).toEqual([200, 429]);
    });
  });
});

test("Graph's global limit is per app, across every tenant the app works in", async () => {
  await withSim({ graphPerApp: { limit: 4, windowSeconds: 10 } }, async (h, token) => {
    expect(await statuses(h, "graph", "/v1.0/organization", await token(SYNC_APP, SMALL), 2)).toEqual(ok(2));
    expect(await statuses(h, "graph", DEVICES, await token(SYNC_APP, LARGE), 3)).toEqual([200, 200, 429]);
    expect(await statuses(h, "graph", "/v1.0/organization", await token(OTHER_APP, LARGE), 4)).toEqual(ok(4));
    h.sim.control.advanceClock(2_500);
    expect(await statuses(h, "graph", "/v1.0/organization", await token(SYNC_APP, MEDIUM), 2)).toEqual([200, 429]);
  });
});

test("Defender: per minute, then per hour (Retry-After from the hour bucket)", async () => {
  await withSim({ defenderPerMinute: 3, defenderPerHour: 5 }, async (h, token) => {
    const t = await token(SYNC_APP, SMALL, DEFENDER_SCOPE);
    const machines = "/api/machines?$top=1";
    expect(await statuses(h, "defender", machines, t, 4)).toEqual([...ok(3), 429]);
    h.sim.control.advanceClock(60_000);
    expect(await statuses(h, "defender", machines, t, 2)).toEqual(ok(2));
    const hourly = await h.fetch<{ error: { code: string } }>("defender", machines, { token: t });
    expect(hourly.status).toBe(429);
    expect(hourly.body.error.code).toBe("TooManyRequests");
    // The minute bucket is full again; the hour bucket (5 / 3600 s) needs ~ 720 s minus the 60 s that passed.
    expect(Number(hourly.headers["retry-after"])).toBeGreaterThan(600);
    h.sim.control.advanceClock(60_000);
    expect(await statuses(h, "defender", machines, t)).toEqual([429]);
  });
});

describe("Teams connector", () => {
  const create = (h: Harness, tenant: string, user: string) =>
    h.fetch<{ id: string }>("teams", "/v3/conversations", { body: { bot: { id: "28:bot" }, members: [{ id: user }], channelData: { tenant: { id: tenant } } } });
  const send = async (h: Harness, conversationId: string) =>
    (await h.fetch("teams", `/v3/conversations/${encodeURIComponent(conversationId)}/activities`, { body: { type: "message", text: "x" } })).status;

  test("per app per tenant: conversations in one customer tenant share a bucket; another tenant has its own", async () => {
    await withSim({ teamsPerAppPerTenant: { limit: 4, windowSeconds: 1 } }, async (h) => {
      const a = await create(h, SMALL, "29:a");
      const b = await create(h, SMALL, "29:b");
      expect([a.status, b.status]).toEqual([201, 201]);
      expect([await send(h, a.body.id), await send(h, b.body.id), await send(h, a.body.id)]).toEqual([201, 201, 429]);
      const other = await create(h, LARGE, "29:c");
      expect(other.status).toBe(201);
      expect(await send(h, other.body.id)).toBe(201);
      h.sim.control.advanceClock(1_000);
      expect(await send(h, a.body.id)).toBe(201);
    });
  });

  test("per conversation: 429 with Retry-After for the busy conversation only", async () => {
    await withSim({ teamsPerConversation: [{ limit: 2, windowSeconds: 2 }] }, async (h) => {
      const a = await create(h, SMALL, "29:a");
      const b = await create(h, SMALL, "29:b");
      expect([await send(h, a.body.id), await send(h, a.body.id), await send(h, a.body.id)]).toEqual([201, 201, 429]);
      const refused = await h.fetch("teams", `/v3/conversations/${encodeURIComponent(a.body.id)}/activities`, { body: { type: "message", text: "x" } });
      expect(refused.headers["retry-after"]).toBe("1");
      expect(await send(h, b.body.id)).toBe(201);
    });
  });
});
