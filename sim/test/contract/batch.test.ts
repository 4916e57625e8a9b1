/** Graph $batch with the real Graph SDK: sub-requests through the full pipeline (auth, throttling), per-item 429. */
import { GraphError } from "@microsoft/microsoft-graph-client";
import { startHarness, type Harness } from "../../testing/harness";
import { BIG, SYNC_APP, UNLICENSED, servicesScenario } from "./fixtures";

interface BatchOut {
  responses: { id: string; status: number; headers: Record<string, string>; body?: { value?: unknown[]; error?: { code: string; message: string } } }[];
}

describe("$batch with the real Graph SDK", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ scenario: servicesScenario({ throttling: { profile: "off", intunePerAppPerTenant: { limit: 3, windowSeconds: 20 } } }), port: 0 });
  });
  afterAll(async () => {
    await h.stop();
  });

  test("each sub-request is authenticated and throttled on its own; 429s carry their own Retry-After", async () => {
    const c = h.graph({ getToken: () => h.appToken({ ...SYNC_APP, tenant: BIG }) });
    const requests = Array.from({ length: 5 }, (_, i) => ({ id: String(i + 1), method: "GET", url: `/deviceManagement/managedDevices?$top=2&$select=id` }));
    const out = (await c.api("/$batch").post({ requests })) as BatchOut;
    expect(out.responses.map((r) => r.id)).toEqual(["1", "2", "3", "4", "5"]);
    expect(out.responses.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
    expect(out.responses[0]?.body?.value).toHaveLength(2);
    expect(Number(out.responses[3]?.headers["Retry-After"])).toBeGreaterThanOrEqual(1);
    expect(out.responses[3]?.body?.error?.code).toBe("TooManyRequests");
  });

  test("the unlicensed tenant's Intune answer and a 404 come back per item", async () => {
    const c = h.graph({ getToken: () => h.appToken({ ...SYNC_APP, tenant: UNLICENSED }) });
    const out = (await c.api("/$batch").post({ requests: [
      { id: "a", method: "GET", url: "/deviceManagement/managedDevices" },
      { id: "b", method: "GET", url: "/nothingHere" },
      { id: "c", method: "GET", url: "/deviceManagement/detectedApps", dependsOn: ["a"] },
    ] })) as BatchOut;
    expect(out.responses.map((r) => [r.id, r.status])).toEqual([["a", 400], ["b", 400], ["c", 424]]);
    expect(out.responses[0]?.body?.error?.message).toBe("Request not applicable to target tenant.");
  });

  test("more than 20 requests, or duplicate ids, fail the whole batch with 400", async () => {
    const c = h.graph({ getToken: () => h.appToken({ ...SYNC_APP, tenant: BIG }) });
    for (const requests of [
      Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: "GET", url: "/organization" })),
      [{ id: "1", method: "GET", url: "/organization" }, { id: "1", method: "GET", url: "/organization" }],
    ]) {
      let err: unknown;
      try {
        await c.api("/$batch").post({ requests });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(GraphError);
      expect((err as GraphError).statusCode).toBe(400);
    }
  });
});
