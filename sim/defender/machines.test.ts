import { listMachines, toMachine } from "./machines";
import { appPrincipal, stubContext, stubDevice, stubRequest, stubWorld } from "../graph/intune/stubWorld";
import { toManagedDevice } from "../graph/intune/devices";

const ON = "eeeeeeee-0000-4000-8000-000000000001";
const OFF = "eeeeeeee-0000-4000-8000-000000000002";
const world = stubWorld({
  customers: [
    { tenantId: ON, displayName: "On", domain: "on.onmicrosoft.com", defender: { onboarded: true } },
    { tenantId: OFF, displayName: "Off", domain: "off.onmicrosoft.com" },
  ],
  inventories: { [ON]: { count: 25_000 }, [OFF]: { count: 10 } },
});
const ctx = stubContext(world);
const AUD = "https://api.securitycenter.microsoft.com";

function get(qs: string, tenant = ON) {
  return listMachines(stubRequest({ url: `https://127.0.0.1:7003/api/machines${qs}`, principal: appPrincipal(tenant, ["Machine.Read.All"], AUD) }, "defender"), ctx);
}

interface Page {
  value: { id: string; aadDeviceId: string; osPlatform: string }[];
  "@odata.nextLink"?: string;
}

describe("GET /api/machines", () => {
  it.each([
    ["", 10_000, true],
    ["?$top=100", 100, true],
    ["?$top=10000&$skip=20000", 5_000, false],
    ["?$skip=30000", 0, false],
    ["?$filter=osPlatform eq 'macOS'&$top=50", 50, true],
  ])("%s → %i machines", (qs, n, next) => {
    const res = get(qs);
    expect(res.status).toBe(200);
    const page = res.body as Page;
    expect(page.value).toHaveLength(n);
    expect(Boolean(page["@odata.nextLink"])).toBe(next);
  });

  it("$top/$skip windows tile the inventory without overlap", () => {
    const a = (get("?$top=700&$skip=0").body as Page).value.map((m) => m.id);
    const b = (get("?$top=700&$skip=700").body as Page).value.map((m) => m.id);
    const both = (get("?$top=1400").body as Page).value.map((m) => m.id);
    expect([...a, ...b]).toEqual(both);
  });

  it("$skip with $filter counts matching machines", () => {
    const all = (get("?$filter=osPlatform eq 'iOS'&$top=20").body as Page).value.map((m) => m.id);
    const second = (get("?$filter=osPlatform eq 'iOS'&$top=10&$skip=10").body as Page).value.map((m) => m.id);
    expect(second).toEqual(all.slice(10));
  });

  it("shares the Intune device's Entra device id", () => {
    const d = stubDevice(ON, 3);
    const now = new Date("2025-06-01T12:00:00Z");
    expect(toMachine(d, now).aadDeviceId).toBe(toManagedDevice(d, now).azureADDeviceId);
    expect(toMachine(d, now).id).toMatch(/^[0-9a-f]{40}$/);
  });

  it.each([
    ["?$top=10001", "ODataError"],
    ["?$top=-1", "ODataError"],
    ["?$skip=x", "ODataError"],
    ["?$filter=nope eq 1", "ODataError"],
  ])("400s %s", (qs, code) => {
    const res = get(qs);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code, message: expect.any(String) as string, target: expect.any(String) as string } });
  });

  it("answers a tenant without Defender for Endpoint with 403 DisabledFeature", () => {
    const res = get("", OFF);
    expect(res).toMatchObject({ status: 403, body: { error: { code: "DisabledFeature" } } });
  });
});
