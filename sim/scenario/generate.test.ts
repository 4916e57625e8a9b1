import { createInventorySource, generatedCustomer, generatedTenantId, generatedTenantIndex } from "./generate";
import type { GeneratedCustomers, GeneratedInventory } from "./schema";
import { GeneratedCustomersSchema, GeneratedInventorySchema } from "./schema";

const NOW = new Date("2025-01-15T09:00:00Z");
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test("generated tenant ids are GUIDs, deterministic, and map back to their index", () => {
  const ids = Array.from({ length: 1000 }, (_, i) => generatedTenantId(42, i));
  expect(new Set(ids).size).toBe(1000);
  for (const id of ids.slice(0, 20)) expect(id).toMatch(GUID);
  expect(generatedTenantId(42, 7)).toBe(ids[7]);
  expect(generatedTenantIndex(42, 1000, ids[999])).toBe(999);
  expect(generatedTenantIndex(42, 999, ids[999])).toBeUndefined();
  expect(generatedTenantIndex(43, 1000, ids[5])).toBeUndefined();
  expect(generatedTenantIndex(42, 1000, "30000000-0000-4000-8000-000000000001")).toBeUndefined();
});

test("a generated customer is healthy: active GDAP with the roles, groups and apps of the spec", () => {
  const g: GeneratedCustomers = GeneratedCustomersSchema.parse({ count: 10, accessGroupIds: ["10000000-0000-4000-8000-0000000000b1"], gdapRoles: ["Application Administrator"] });
  const c = generatedCustomer(g, 1, 3, NOW);
  expect(c.displayName).toBe("Customer 0004");
  expect(c.domain).toBe("customer0004.example.onmicrosoft.com");
  expect(c.gdapRelationships[0]).toMatchObject({ status: "active", roles: ["Application Administrator"], accessAssignments: [{ groupId: "10000000-0000-4000-8000-0000000000b1", status: "active" }] });
  expect(generatedCustomer(g, 1, 3, NOW)).toEqual(c);
});

describe("inventory", () => {
  const spec: GeneratedInventory = GeneratedInventorySchema.parse({ devices: 5000, appsPerDevice: 10, appCatalogSize: 77, seed: 9, osMix: { Windows: 0.5, macOS: 0.5 }, noncompliantRatio: 0.1 });
  const inv = () => createInventorySource((tid) => (tid === "t1" ? { kind: "generated", spec, domain: "t1.example" } : undefined), NOW);

  test("deviceById finds every generated device (any case), O(1), and nothing else", () => {
    const a = inv();
    for (const d of a.devices("t1", 0, 5000)) expect(a.deviceById("t1", d.id)).toEqual(d);
    const last = a.devices("t1", 4999, 1)[0];
    expect(a.deviceById("t1", last.id.toUpperCase())?.id).toBe(last.id);
    const tampered = `${last.id.slice(0, 27)}${last.id[27] === "0" ? "1" : "0"}${last.id.slice(28)}`;
    expect.assertions(5000 + 4);
    expect(a.deviceById("t1", tampered)).toBeUndefined();
    expect(a.deviceById("t1", `${last.id.slice(0, 28)}0000ffff`)).toBeUndefined();
    expect(a.deviceById("unknown", last.id)).toBeUndefined();
  });

  test("deviceById over explicit devices", () => {
    const devices = createInventorySource(() => ({ kind: "generated", spec, domain: "x.example" }), NOW).devices("t9", 0, 3).map((d) => ({ ...d, id: d.id.toUpperCase(), apps: d.apps }));
    const src = createInventorySource((tid) => (tid === "t2" ? { kind: "explicit", devices } : undefined), NOW);
    expect(src.deviceById("t2", devices[2].id.toLowerCase())).toBe(devices[2]);
    expect(src.deviceById("t2", "nope")).toBeUndefined();
  });

  test("pages are stable, unique and deterministic across sources", () => {
    const a = inv();
    const b = inv();
    expect(a.deviceCount("t1")).toBe(5000);
    const page = a.devices("t1", 1000, 1000);
    expect(page).toHaveLength(1000);
    expect(JSON.stringify(b.devices("t1", 1000, 1000))).toBe(JSON.stringify(page));
    const all = [...a.devices("t1", 0, 5000)].map((d) => d.id);
    expect(new Set(all).size).toBe(5000);
    expect(page[0].id).toMatch(GUID);
    expect(a.devices("t1", 4990, 1000)).toHaveLength(10);
    expect(a.devices("unknown", 0, 10)).toEqual([]);
  });

  test("OS mix and compliance ratio are respected roughly; apps are not serialised", () => {
    const ds = inv().devices("t1", 0, 5000);
    const mac = ds.filter((d) => d.operatingSystem === "macOS").length;
    expect(mac).toBeGreaterThan(2200);
    expect(mac).toBeLessThan(2800);
    const nonc = ds.filter((d) => d.complianceState === "noncompliant").length;
    expect(nonc).toBeGreaterThan(350);
    expect(nonc).toBeLessThan(650);
    expect(JSON.stringify(ds[0])).not.toContain('"apps"');
    expect(ds[0].apps).toHaveLength(10);
  });

  test("detected app counts add up to devices × apps per device", () => {
    const i = inv();
    expect(i.detectedAppCount("t1")).toBe(77);
    const apps = i.detectedApps("t1", 0, 1000);
    expect(apps.reduce((a, x) => a + x.deviceCount, 0)).toBe(5000 * 10);
    expect(new Set(apps.map((a) => `${a.displayName}|${a.version}`)).size).toBe(77);
    expect(new Set(apps.map((a) => a.id)).size).toBe(77);
  });

  test("explicit devices: detected apps aggregated by name and version", () => {
    const src = createInventorySource(
      () => ({
        kind: "explicit",
        devices: [
          { id: "d1", deviceName: "A", operatingSystem: "Windows", osVersion: "10", complianceState: "compliant", serialNumber: "", manufacturer: "", model: "", userPrincipalName: "", enrolledDateTime: "-1d", lastSyncDateTime: "-1d", isEncrypted: true, apps: [{ displayName: "Edge", version: "1", publisher: "MS" }] },
          { id: "d2", deviceName: "B", operatingSystem: "Windows", osVersion: "10", complianceState: "compliant", serialNumber: "", manufacturer: "", model: "", userPrincipalName: "", enrolledDateTime: "-1d", lastSyncDateTime: "-1d", isEncrypted: true, apps: [{ displayName: "Edge", version: "1", publisher: "MS" }, { displayName: "Zoom", version: "5", publisher: "Zoom" }] },
        ],
      }),
      NOW,
    );
    expect(src.deviceCount("x")).toBe(2);
    expect(src.detectedApps("x", 0, 10).map((a) => [a.displayName, a.deviceCount])).toEqual([["Edge", 2], ["Zoom", 1]]);
  });
});
