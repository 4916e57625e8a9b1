/**
 * Fault injection seen through the REAL SDKs (@azure/msal-node, @microsoft/microsoft-graph-client): every fault kind
 * of issue 3, added at run time over the control API or from the scenario, and the counters that record it. No real
 * waits: the RetryHandler's sleep and the simulator's "slow" wait are injected, the simulator clock is frozen.
 */
import { GraphError, PageIterator, RetryHandlerOptions, type PageCollection } from "@microsoft/microsoft-graph-client";
import { startHarness, type Harness } from "../../testing/harness";
import { graphError, msalError, retryChain } from "../../testing/sdk";
import type { FaultInput } from "../../core/faults";
import { BIG, SYNC_APP, frozenClock, servicesScenario } from "./fixtures";

const DEVICES = "/deviceManagement/managedDevices";
const DEVICES_PATH = "^/v1.0/deviceManagement/managedDevices$";

interface Counters {
  total: number;
  throttled: number;
  byStatus: Record<string, number>;
  entries: { service: string; route: string; tenantId: string | null; status: number; count: number; throttled: number }[];
  faultsByKind: Record<string, number>;
  faults: { service: string; route: string; tenantId: string | null; kind: string; count: number }[];
}

/** The services scenario with the sync app's only secret ending at `secretEnd` (relative to the sim clock at load). */
function scenarioWithSecretEnding(secretEnd: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const s = servicesScenario(extra);
  const partner = s.partner as { applications: { appId: string; passwordCredentials: { endDateTime: string }[] }[] };
  const apps = partner.applications.map((a) =>
    a.appId === SYNC_APP.clientId ? { ...a, passwordCredentials: a.passwordCredentials.map((c) => ({ ...c, endDateTime: secretEnd })) } : a,
  );
  return { ...s, partner: { ...partner, applications: apps } };
}

describe("faults added at run time, through the real SDKs", () => {
  let h: Harness;
  const slept: number[] = [];
  beforeAll(async () => {
    h = await startHarness({
      scenario: servicesScenario(),
      port: 0,
      clock: frozenClock(),
      sleep: (ms) => {
        slept.push(ms);
        return Promise.resolve();
      },
    });
  });
  afterAll(async () => {
    await h.stop();
  });
  beforeEach(async () => {
    expect((await h.fetch("control", "/faults", { method: "DELETE" })).status).toBe(204);
    expect((await h.fetch("control", "/counters", { method: "DELETE" })).status).toBe(204);
    slept.length = 0;
  });

  const token = () => h.appToken({ ...SYNC_APP, tenant: BIG });
  const addFault = async (f: FaultInput) => {
    const r = await h.fetch<{ id: string }>("control", "/faults", { body: f });
    expect(r.status).toBe(201);
    return r.body.id;
  };
  const counters = async () => (await h.fetch<Counters>("control", "/counters")).body;

  test("429 without Retry-After: the RetryHandler falls back to its own exponential back-off, then succeeds", async () => {
    await addFault({ service: "graph", path: DEVICES_PATH, kind: "throttleNoRetryAfter", count: 3 });
    const t = await token();
    const raw = await h.fetch<{ error: { code: string } }>("graph", `/v1.0${DEVICES}?$top=1`, { token: t });
    expect(raw.status).toBe(429);
    expect(raw.headers["retry-after"]).toBeUndefined();
    expect(raw.body.error.code).toBe("TooManyRequests");

    const chain = retryChain(() => Promise.resolve(t), new RetryHandlerOptions(1, 3));
    const page = (await h.graph({ getToken: token, middleware: chain.middleware }).api(DEVICES).top(1).get()) as PageCollection;
    expect(page.value).toHaveLength(1);
    // delay + jitter for the first retry; 2^2 back-off term (round(1.5) = 2) + delay + jitter for the second. The SDK's
    // jitter is Number(Math.random().toFixed(3)), which can round up to 1.000: the upper bounds are inclusive.
    expect(chain.delays).toHaveLength(2);
    expect(chain.delays[0]).toBeGreaterThanOrEqual(1);
    expect(chain.delays[0]).toBeLessThanOrEqual(2);
    expect(chain.delays[1]).toBeGreaterThanOrEqual(3);
    expect(chain.delays[1]).toBeLessThanOrEqual(4);
    const c = await counters();
    expect(c.byStatus["429"]).toBe(3);
    expect(c.throttled).toBe(3);
    expect(c.faultsByKind.throttleNoRetryAfter).toBe(3);
  });

  test.each([
    [500, "is not retried: GraphError 500 InternalServerError", false],
    [503, "is retried by the RetryHandler", true],
    [504, "is retried by the RetryHandler", true],
  ])("status %i in Graph's error shape %s", async (status, _what, retried) => {
    await addFault({ service: "graph", path: DEVICES_PATH, kind: "status", status, count: 1 });
    const chain = retryChain(token, new RetryHandlerOptions(0, 1));
    const client = h.graph({ getToken: token, middleware: chain.middleware });
    if (retried) {
      const page = (await client.api(DEVICES).top(2).get()) as PageCollection;
      expect(page.value).toHaveLength(2);
      expect(chain.delays).toHaveLength(1);
    } else {
      const e = await graphError(client.api(DEVICES).top(2).get());
      expect([e.statusCode, e.code]).toEqual([500, "InternalServerError"]);
      expect(e.requestId).toBeTruthy();
      expect(chain.delays).toEqual([]);
    }
    const c = await counters();
    expect(c.byStatus[String(status)]).toBe(1);
    expect(c.faults).toEqual([{ service: "graph", route: "/v1.0/deviceManagement/managedDevices", tenantId: BIG, kind: "status", count: 1 }]);
  });

  test("connection reset: the SDK call fails without an HTTP answer; the next one works; counted as status 0", async () => {
    await addFault({ service: "graph", path: DEVICES_PATH, kind: "reset", count: 1 });
    const client = h.graph({ getToken: token });
    let failure: unknown;
    try {
      await client.api(DEVICES).top(1).get();
    } catch (e) {
      failure = e;
    }
    expect(failure).toBeDefined();
    if (failure instanceof GraphError) expect(failure.statusCode).toBeLessThanOrEqual(0);
    expect(((await client.api(DEVICES).top(1).get()) as PageCollection).value).toHaveLength(1);
    const c = await counters();
    expect(c.byStatus["0"]).toBe(1);
    expect(c.faultsByKind.reset).toBe(1);
  });

  test("slow responses wait through the simulator's (injected) timer for delayMs, then answer normally", async () => {
    await addFault({ service: "graph", path: DEVICES_PATH, kind: "slow", delayMs: 30_000, count: 2 });
    const client = h.graph({ getToken: token });
    for (let i = 0; i < 3; i++) expect(((await client.api(DEVICES).top(1).get()) as PageCollection).value).toHaveLength(1);
    expect(slept).toEqual([30_000, 30_000]);
    expect((await counters()).faultsByKind.slow).toBe(2);
  });

  test("a page without its nextLink: PageIterator stops early and believes it is complete; the counters show the truncation", async () => {
    await addFault({ service: "graph", path: DEVICES_PATH, kind: "truncatePage", after: 1, count: 1 });
    const client = h.graph({ getToken: token });
    const first = (await client.api(DEVICES).select(["id"]).get()) as PageCollection;
    expect(first["@odata.nextLink"]).toBeDefined();
    let n = 0;
    const it = new PageIterator(client, first, () => {
      n++;
      return true;
    });
    await it.iterate();
    expect(it.isComplete()).toBe(true);
    expect(n).toBe(2000); // of 2,500: the second page came without its nextLink
    const c = await counters();
    expect(c.faults).toEqual([{ service: "graph", route: "/v1.0/deviceManagement/managedDevices", tenantId: BIG, kind: "truncatePage", count: 1 }]);
    const faults = await h.fetch<{ faults: { matched: number; injected: number }[] }>("control", "/faults");
    expect(faults.body.faults[0]).toMatchObject({ matched: 2, injected: 1 });
  });

  test("token endpoint outage: MSAL fails with temporarily_unavailable (AADSTS90033), then recovers", async () => {
    await addFault({ service: "login", kind: "tokenOutage", count: 1 });
    const e = await msalError(token());
    expect(e.errorCode).toBe("temporarily_unavailable");
    expect(e.errorMessage).toContain("AADSTS90033");
    expect(await token()).toMatch(/^ey/);
    const c = await counters();
    expect(c.byStatus["503"]).toBe(1);
    expect(c.faultsByKind.tokenOutage).toBe(1);
  });

  test("a secret that stops working during a sync: page 1 fetched, the control API sets secretExpired, page 2's token request gets AADSTS7000222", async () => {
    let tokenRequests = 0;
    const getToken = async () => {
      // A fresh MSAL client per call (no cache): every page asks the token endpoint, as a sync with short-lived tokens would.
      if (++tokenRequests === 2) await addFault({ service: "login", kind: "secretExpired", tenantId: BIG });
      return token();
    };
    const client = h.graph({ getToken });
    const first = (await client.api(DEVICES).select(["id"]).get()) as PageCollection;
    expect(first.value).toHaveLength(1000);
    let failure: unknown;
    try {
      await new PageIterator(client, first, () => true).iterate();
    } catch (e) {
      failure = e;
    }
    expect(String((failure as { errorMessage?: string; message?: string } | undefined)?.errorMessage ?? (failure as Error | undefined)?.message)).toContain("AADSTS7000222");
    expect(tokenRequests).toBe(2);
  });
});

describe("a secret that expires on the simulator clock while a sync runs", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ scenario: scenarioWithSecretEnding("+20m"), port: 0, clock: frozenClock() });
  });
  afterAll(async () => {
    await h.stop();
  });

  test("the token issued before keeps working until it expires; a new one is refused with AADSTS7000222", async () => {
    const before = await h.appToken({ ...SYNC_APP, tenant: BIG });
    const client = h.graph({ getToken: () => Promise.resolve(before) });
    expect(((await client.api(DEVICES).top(1).get()) as PageCollection).value).toHaveLength(1);

    expect((await h.fetch("control", "/clock/advance", { body: { minutes: 25 } })).status).toBe(200);
    const e = await msalError(h.appToken({ ...SYNC_APP, tenant: BIG }));
    expect(e.errorCode).toBe("invalid_client");
    expect(e.errorMessage).toContain("AADSTS7000222");
    expect(((await client.api(DEVICES).top(1).get()) as PageCollection).value).toHaveLength(1);

    expect((await h.fetch("control", "/clock/advance", { body: { minutes: 45 } })).status).toBe(200);
    const expired = await graphError(client.api(DEVICES).top(1).get());
    expect([expired.statusCode, expired.code]).toEqual([401, "InvalidAuthenticationToken"]);
  });
});

describe("seeded faults are reproducible", () => {
  const FLAKY = [{ service: "graph", path: DEVICES_PATH, kind: "status", status: 500, probability: 0.5 }];

  /** Which of 24 Graph SDK calls failed ("x") or succeeded ("."). */
  async function sequence(h: Harness): Promise<string> {
    const t = await h.appToken({ ...SYNC_APP, tenant: BIG });
    const client = h.graph({ getToken: () => Promise.resolve(t) });
    let out = "";
    for (let i = 0; i < 24; i++) {
      try {
        await client.api(DEVICES).top(1).get();
        out += ".";
      } catch (e) {
        if (!(e instanceof GraphError) || e.statusCode !== 500) throw e;
        out += "x";
      }
    }
    return out;
  }

  test("same seed → same fault sequence (again after a control reset); another seed → another sequence", async () => {
    const a = await startHarness({ scenario: servicesScenario({ seed: 11, faults: FLAKY }), port: 0, clock: frozenClock() });
    const b = await startHarness({ scenario: servicesScenario({ seed: 11, faults: FLAKY }), port: 0, clock: frozenClock() });
    const other = await startHarness({ scenario: servicesScenario({ seed: 12, faults: FLAKY }), port: 0, clock: frozenClock() });
    try {
      const first = await sequence(a);
      expect(first).toMatch(/x/);
      expect(first).toMatch(/\./);
      expect(await sequence(b)).toBe(first);
      expect((await a.fetch("control", "/reset", { method: "POST" })).status).toBe(200);
      expect(await sequence(a)).toBe(first);
      expect(await sequence(other)).not.toBe(first);
    } finally {
      await Promise.all([a.stop(), b.stop(), other.stop()]);
    }
  });
});
