/** Defender for Endpoint GET /api/machines with real MSAL tokens: $top/$skip, not onboarded, 100 calls/min (sim clock). */
import { startHarness, type Harness } from "../../testing/harness";
import { BIG, SYNC_APP, UNLICENSED, servicesScenario, frozenClock } from "./fixtures";

interface Machines {
  value: { id: string; aadDeviceId: string }[];
  "@odata.nextLink"?: string;
}
const SCOPE = "https://api.securitycenter.microsoft.com/.default";

describe("Defender machines", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ scenario: servicesScenario({ throttling: { profile: "off", defenderPerMinute: 100, defenderPerHour: 1500 } }), port: 0, clock: frozenClock() });
  });
  afterAll(async () => {
    await h.stop();
  });

  test("$top/$skip windows, then the 101st call in a minute is throttled until the clock moves on", async () => {
    const token = await h.appToken({ ...SYNC_APP, tenant: BIG, scope: SCOPE });
    const all = await h.fetch<Machines>("defender", "/api/machines", { token });
    expect(all.status).toBe(200);
    expect(all.body.value).toHaveLength(2500);
    const window = await h.fetch<Machines>("defender", "/api/machines?$top=1000&$skip=2000", { token });
    expect(window.body.value.map((m) => m.id)).toEqual(all.body.value.slice(2000).map((m) => m.id));
    expect((await h.fetch("defender", "/api/machines?$top=10001", { token })).status).toBe(400);

    for (let i = 3; i < 100; i++) expect((await h.fetch("defender", "/api/machines?$top=1", { token })).status).toBe(200);
    const throttled = await h.fetch<{ error: { code: string } }>("defender", "/api/machines?$top=1", { token });
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe("TooManyRequests");
    expect(Number(throttled.headers["retry-after"])).toBeGreaterThan(0);
    h.sim.control.advanceClock(60_000);
    expect((await h.fetch("defender", "/api/machines?$top=1", { token })).status).toBe(200);
  });

  test("a tenant without Defender for Endpoint answers 403 DisabledFeature", async () => {
    const token = await h.appToken({ ...SYNC_APP, tenant: UNLICENSED, scope: SCOPE });
    const res = await h.fetch<{ error: { code: string; target: string } }>("defender", "/api/machines", { token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("DisabledFeature");
  });

  test("a Graph token is refused", async () => {
    const token = await h.appToken({ ...SYNC_APP, tenant: BIG });
    expect((await h.fetch("defender", "/api/machines", { token })).status).toBe(401);
  });
});
