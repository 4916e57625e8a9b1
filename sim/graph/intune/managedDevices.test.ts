import { getManagedDevice, listDetectedApps, listDeviceDetectedApps, listManagedDevices, pageOf } from "./managedDevices";
import { jsonValue } from "../../core/rawJson";
import { appPrincipal, stubContext, stubDevice, stubRequest, stubWorld } from "./stubWorld";

const LICENSED = "aaaaaaaa-0000-4000-8000-000000000001";
const UNLICENSED = "aaaaaaaa-0000-4000-8000-000000000002";
const ROLE = ["DeviceManagementManagedDevices.Read.All"];

const world = stubWorld({
  customers: [
    { tenantId: LICENSED, displayName: "Fabrikam", domain: "fabrikam.onmicrosoft.com" },
    { tenantId: UNLICENSED, displayName: "Northwind", domain: "northwind.onmicrosoft.com", intune: { licensed: false } },
  ],
  inventories: { [LICENSED]: { count: 2500 } },
});
const ctx = stubContext(world);

function get(url: string, tenant = LICENSED, params: Record<string, string> = {}) {
  return stubRequest({ url, principal: appPrincipal(tenant, ROLE), params });
}

interface Page {
  value: Record<string, unknown>[];
  "@odata.nextLink"?: string;
  "@odata.count"?: number;
  "@odata.context": string;
}

describe("managedDevices list", () => {
  it("pages 2,500 devices as 1000 + 1000 + 500 with opaque nextLinks that keep $select", () => {
    const seen: string[] = [];
    let url: string | undefined = "https://127.0.0.1:7001/v1.0/deviceManagement/managedDevices?$select=id,deviceName";
    const sizes: number[] = [];
    while (url) {
      const res = listManagedDevices(get(url), ctx);
      expect(res.status).toBe(200);
      const page = jsonValue(res.body) as Page;
      sizes.push(page.value.length);
      for (const d of page.value) {
        expect(Object.keys(d).sort()).toEqual(["deviceName", "id"]);
        seen.push(String(d.id));
      }
      url = page["@odata.nextLink"];
      if (url) expect(url).toMatch(/\$select=id%2CdeviceName&\$skiptoken=/);
    }
    expect(sizes).toEqual([1000, 1000, 500]);
    expect(new Set(seen).size).toBe(2500);
    expect(seen[0]).toBe(stubDevice(LICENSED, 0).id);
  });

  it.each([
    ["$top=10", 10, true],
    ["$top=5000", 1000, true],
    ["$filter=operatingSystem eq 'macOS'&$top=50", 50, true],
    ["$filter=complianceState eq 'noncompliant'&$count=true", 250, false],
  ])("%s → %i items (nextLink: %s)", (qs, n, hasNext) => {
    const res = listManagedDevices(get(`/v1.0/deviceManagement/managedDevices?${qs}`), ctx);
    expect(res.status).toBe(200);
    const page = jsonValue(res.body) as Page;
    expect(page.value).toHaveLength(n);
    expect(Boolean(page["@odata.nextLink"])).toBe(hasNext);
  });

  it("filters across pages without losing or repeating devices", () => {
    const ids: string[] = [];
    let url: string | undefined = "/beta/deviceManagement/managedDevices?$filter=operatingSystem eq 'iOS'&$top=100";
    while (url) {
      const page = jsonValue(listManagedDevices(get(url), ctx).body) as Page;
      for (const d of page.value) {
        expect(d.operatingSystem).toBe("iOS");
        ids.push(String(d.id));
      }
      url = page["@odata.nextLink"];
    }
    const expected = Array.from({ length: 2500 }, (_, i) => i).filter((i) => i % 6 === 4).length;
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("counts with $count=true", () => {
    const page = jsonValue(listManagedDevices(get("/v1.0/deviceManagement/managedDevices?$count=true&$top=1"), ctx).body) as Page;
    expect(page["@odata.count"]).toBe(2500);
  });

  it.each([
    ["$select=nope", "Could not find a property named 'nope' on type 'microsoft.graph.managedDevice'."],
    ["$top=abc", "Invalid value 'abc' for query option $top."],
    ["$skiptoken=garbage", "Invalid $skiptoken value."],
    ["$filter=model eq 'x'", "Invalid filter clause: filtering on property 'model' is not supported."],
  ])("refuses %s with 400 BadRequest", (qs, message) => {
    const res = listManagedDevices(get(`/v1.0/deviceManagement/managedDevices?${qs}`), ctx);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "BadRequest", message, innerError: { "request-id": expect.any(String) as string } } });
  });

  it("answers an unlicensed tenant the way Intune does", () => {
    for (const path of ["/v1.0/deviceManagement/managedDevices", "/v1.0/deviceManagement/detectedApps"]) {
      const res = path.endsWith("detectedApps") ? listDetectedApps(get(path, UNLICENSED), ctx) : listManagedDevices(get(path, UNLICENSED), ctx);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: "BadRequest", message: "Request not applicable to target tenant." } });
    }
  });

  it("a skiptoken from another tenant is refused", () => {
    const page = jsonValue(listManagedDevices(get("/v1.0/deviceManagement/managedDevices?$top=1"), ctx).body) as Page;
    const token = new URL(page["@odata.nextLink"] ?? "").searchParams.get("$skiptoken") ?? "";
    const other = stubWorld({ customers: [{ tenantId: UNLICENSED, displayName: "N", domain: "n.onmicrosoft.com" }], inventories: { [UNLICENSED]: { count: 5 } } });
    const res = listManagedDevices(get(`/v1.0/deviceManagement/managedDevices?$skiptoken=${token}`, UNLICENSED), stubContext(other));
    expect(res.status).toBe(400);
  });

  it("an empty tenant answers an empty page without nextLink", () => {
    const empty = stubWorld({ customers: [{ tenantId: LICENSED, displayName: "F", domain: "f.onmicrosoft.com" }] });
    const page = jsonValue(listManagedDevices(get("/v1.0/deviceManagement/managedDevices"), stubContext(empty)).body) as Page;
    expect(page.value).toEqual([]);
    expect(page["@odata.nextLink"]).toBeUndefined();
  });
});

describe("managedDevices/{id} and detectedApps", () => {
  const dev = stubDevice(LICENSED, 1234);

  it("gets one device with resolved dates", () => {
    const res = getManagedDevice(get(`/v1.0/deviceManagement/managedDevices/${dev.id}`, LICENSED, { id: dev.id }), ctx);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: dev.id, deviceName: dev.deviceName, lastSyncDateTime: "2025-05-31T12:00:00.000Z", managementAgent: "mdm" });
  });

  it("404s an unknown device with Intune's ResourceNotFound", () => {
    const res = getManagedDevice(get("/v1.0/deviceManagement/managedDevices/x", LICENSED, { id: "x" }), ctx);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: "ResourceNotFound" } });
  });

  it("lists a device's apps on beta, with catalogue ids; v1.0 has no such segment", () => {
    const beta = listDeviceDetectedApps(get(`/beta/deviceManagement/managedDevices/${dev.id}/detectedApps`, LICENSED, { id: dev.id }), ctx);
    expect(beta.status).toBe(200);
    const value = (beta.body as Page).value;
    expect(value).toHaveLength(3);
    expect(value[0]).toMatchObject({ displayName: expect.stringMatching(/^App \d$/) as string, id: expect.stringMatching(/^app-/) as string });
    const v1 = listDeviceDetectedApps(get(`/v1.0/deviceManagement/managedDevices/${dev.id}/detectedApps`, LICENSED, { id: dev.id }), ctx);
    expect(v1.status).toBe(400);
  });

  it("lists the tenant's detected apps", () => {
    const page = listDetectedApps(get("/v1.0/deviceManagement/detectedApps?$top=5"), ctx).body as Page;
    expect(page.value).toHaveLength(5);
    expect(page["@odata.nextLink"]).toBeDefined();
    expect(page.value[0]).toMatchObject({ id: expect.any(String) as string, deviceCount: 10, platform: "windows" });
  });
});

describe("pageOf", () => {
  const fetch = (skip: number, n: number) => Array.from({ length: n }, (_, i) => skip + i);
  it.each([
    [10, 0, 4, undefined, [0, 1, 2, 3], 4],
    [10, 8, 4, undefined, [8, 9], undefined],
    [10, 10, 4, undefined, [], undefined],
    [3000, 0, 3, (x: number) => x % 1000 === 999, [999, 1999, 2999], undefined],
    [3000, 0, 2, (x: number) => x % 1000 === 999, [999, 1999], 2000],
  ])("total %i from %i top %i", (total, start, top, filter, items, next) => {
    expect(pageOf(total, fetch, start, top, filter)).toEqual({ items, next });
  });
});
