/**
 * Intune on Graph with the REAL SDKs: MSAL client credentials in a customer tenant, Graph client PageIterator over
 * 2,500 generated devices (pages of 1000), the unlicensed-tenant answer, and RetryHandler honouring a 429 Retry-After.
 */
import { PageIterator, RetryHandlerOptions, type PageCollection } from "@microsoft/microsoft-graph-client";
import type { ManagedDevice } from "@microsoft/microsoft-graph-types";
import { startHarness, type Harness } from "../../testing/harness";
import { graphError, retryChain } from "../../testing/sdk";
import { BIG, SERVICES_SCENARIO, SYNC_APP, UNLICENSED, frozenClock, servicesScenario } from "./fixtures";

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

  test.each(["/deviceManagement/managedDevices", "/deviceManagement/detectedApps"])(
    "%s: a token without DeviceManagementManagedDevices.* gets Intune's 403 Forbidden naming the scopes as JSON in message",
    async (path) => {
      // The partner-tenant token of the Partner Center web app has no Graph roles.
      const c = h.graph({ getToken: () => h.appToken({ clientId: "20000000-0000-4000-8000-0000000000c2", clientSecret: "pc-secret-value" }) });
      const e = await graphError(c.api(path).get());
      expect(e.statusCode).toBe(403);
      expect(e.code).toBe("Forbidden");
      const inner = JSON.parse(e.message) as { _version: number; Message: string };
      expect(inner._version).toBe(3);
      expect(inner.Message).toMatch(
        /^Application is not authorized to perform this operation\. Application must have one of the following scopes: DeviceManagementManagedDevices\.Read\.All, DeviceManagementManagedDevices\.ReadWrite\.All - Operation ID/,
      );
    },
  );
});

describe("Intune throttling with the real RetryHandler", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      scenario: servicesScenario({ throttling: { profile: "off", intunePerAppPerTenant: { limit: 2, windowSeconds: 1 } } }),
      port: 0,
      clock: frozenClock(),
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  test("the third page is throttled (429, Retry-After: 1) and the RetryHandler waits the Retry-After (on the sim clock) and succeeds", async () => {
    const token = await h.appToken({ ...SYNC_APP, tenant: BIG });
    // The RetryHandler's wait moves the (frozen) simulator clock instead of real time.
    const chain = retryChain(() => Promise.resolve(token), new RetryHandlerOptions(1, 3), (s) => h.sim.control.advanceClock(s * 1000));
    const c = h.graph({ getToken: () => Promise.resolve(token), middleware: chain.middleware });
    const first = (await c.api("/deviceManagement/managedDevices").get()) as PageCollection;
    let n = 0;
    await new PageIterator(c, first, () => {
      n++;
      return true;
    }).iterate();
    expect(n).toBe(2500);
    expect(chain.delays).toEqual([1]);
    const counters = await h.fetch<{ throttled: number; byStatus: Record<string, number> }>("control", "/counters");
    expect(counters.body.byStatus["429"]).toBe(1);
    expect(counters.body.throttled).toBe(1);
  });
});
