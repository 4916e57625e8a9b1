/**
 * Intune on Graph with the REAL SDKs: MSAL client credentials in a customer tenant, Graph client PageIterator over
 * 2,500 generated devices (pages of 1000), the unlicensed-tenant answer, and RetryHandler honouring a 429 Retry-After.
 */
import { GraphError, HTTPMessageHandler, PageIterator, RetryHandler, RetryHandlerOptions, AuthenticationHandler, type PageCollection } from "@microsoft/microsoft-graph-client";
import type { ManagedDevice } from "@microsoft/microsoft-graph-types";
import { startHarness, type Harness } from "../../testing/harness";
import { BIG, SERVICES_SCENARIO, SYNC_APP, UNLICENSED, servicesScenario } from "./fixtures";

async function graphError(p: Promise<unknown>): Promise<GraphError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof GraphError) return e;
    throw e;
  }
  throw new Error("expected a GraphError");
}

describe("Intune managedDevices / detectedApps with the real Graph SDK", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ scenario: SERVICES_SCENARIO, port: 0 });
  });
  afterAll(async () => {
    await h.stop();
  });

  const client = (tenant: string, version: "v1.0" | "beta" = "v1.0") => h.graph({ getToken: () => h.appToken({ ...SYNC_APP, tenant }), version });

  test("PageIterator walks 2,500 devices in pages of 1000 with $select kept across nextLinks", async () => {
    const c = client(BIG);
    const first = (await c.api("/deviceManagement/managedDevices").select(["id", "deviceName", "operatingSystem"]).get()) as PageCollection;
    expect(first.value).toHaveLength(1000);
    expect(first["@odata.nextLink"]).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1\.0\/deviceManagement\/managedDevices\?/);
    const ids = new Set<string>();
    let pages = 1;
    const it = new PageIterator(c, first, (d: ManagedDevice) => {
      expect(Object.keys(d).sort()).toEqual(["deviceName", "id", "operatingSystem"]);
      ids.add(d.id ?? "");
      return true;
    }, { headers: {} });
    const orig = c.api.bind(c);
    jest.spyOn(c, "api").mockImplementation((path) => {
      pages++;
      return orig(path);
    });
    await it.iterate();
    expect(it.isComplete()).toBe(true);
    expect(ids.size).toBe(2500);
    expect(pages).toBe(3);
  });

  test("detectedApps and one device's apps (beta)", async () => {
    const apps = (await client(BIG).api("/deviceManagement/detectedApps").top(10).get()) as PageCollection;
    expect(apps.value).toHaveLength(10);
    const dev = ((await client(BIG).api("/deviceManagement/managedDevices").top(1).get()) as PageCollection).value[0] as ManagedDevice;
    const one = (await client(BIG).api(`/deviceManagement/managedDevices/${dev.id ?? ""}`).get()) as ManagedDevice;
    expect(one.id).toBe(dev.id);
    const perDevice = (await client(BIG, "beta").api(`/deviceManagement/managedDevices/${dev.id ?? ""}/detectedApps`).get()) as PageCollection;
    expect(perDevice.value.length).toBeGreaterThan(0);
  });

  test("an unlicensed tenant answers 400 'Request not applicable to target tenant.'", async () => {
    const e = await graphError(client(UNLICENSED).api("/deviceManagement/managedDevices").get());
    expect(e.statusCode).toBe(400);
    expect(e.code).toBe("BadRequest");
    expect(e.message).toBe("Request not applicable to target tenant.");
  });

  test("a token without DeviceManagementManagedDevices.* is refused with 403", async () => {
    // The partner-tenant token of the Partner Center web app has no Graph roles.
    const c = h.graph({ getToken: () => h.appToken({ clientId: "20000000-0000-4000-8000-0000000000c2", clientSecret: "pc-secret-value" }) });
    const e = await graphError(c.api("/deviceManagement/managedDevices").get());
    expect(e.statusCode).toBe(403);
  });
});

describe("Intune throttling with the real RetryHandler", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      scenario: servicesScenario({ throttling: { profile: "off", intunePerAppPerTenant: { limit: 2, windowSeconds: 1 } } }),
      port: 0,
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  test("the third page is throttled (429, Retry-After: 1) and the RetryHandler waits and succeeds", async () => {
    const token = await h.appToken({ ...SYNC_APP, tenant: BIG });
    const auth = new AuthenticationHandler({ getAccessToken: () => Promise.resolve(token) });
    const retry = new RetryHandler(new RetryHandlerOptions(1, 3));
    auth.setNext(retry);
    retry.setNext(new HTTPMessageHandler());
    const c = h.graph({ getToken: () => Promise.resolve(token), middleware: auth });
    const first = (await c.api("/deviceManagement/managedDevices").get()) as PageCollection;
    let n = 0;
    const t0 = Date.now();
    await new PageIterator(c, first, () => {
      n++;
      return true;
    }).iterate();
    expect(n).toBe(2500);
    const counters = await h.fetch<Record<string, unknown>>("control", "/counters");
    expect(JSON.stringify(counters.body)).toContain("429");
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
