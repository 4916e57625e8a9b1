import type { Device } from "../../scenario/schema";
import { createInventorySource } from "../../scenario/generate";
import { GeneratedInventorySchema } from "../../scenario/schema";
import { JsonBytes, RawJson } from "../../core/rawJson";
import { MANAGED_DEVICE_PROPERTIES, guidFrom, macFrom, smallHash, toManagedDevice } from "./devices";
import { managedDeviceJson, managedDeviceWriter, writeManagedDevices } from "./deviceJson";
import { listManagedDevices } from "./managedDevices";
import { appPrincipal, stubContext, stubDevice, stubRequest, stubWorld } from "./stubWorld";
import { applySelect } from "./query";

const NOW = new Date("2025-06-01T12:00:00Z");
const TENANT = "aaaaaaaa-0000-4000-8000-000000000001";

const generated = createInventorySource(
  () => ({ kind: "generated", spec: GeneratedInventorySchema.parse({ devices: 300, seed: 5 }), domain: "fabrikam.onmicrosoft.com" }),
  NOW,
).devices(TENANT, 0, 300);

const awkward: Device = {
  ...stubDevice(TENANT, 7),
  id: "not-a-guid \"quoted\"",
  deviceName: "Ünïcødé\\name\n\u0001",
  userPrincipalName: "no-at-sign\ud800",
  model: "</script>",
  manufacturer: "emoji 😀",
  enrolledDateTime: "-3d",
  lastSyncDateTime: "now",
  isEncrypted: false,
  operatingSystem: "iOS",
};
const explicitDevices = [...Array.from({ length: 12 }, (_, i) => stubDevice(TENANT, i)), awkward, { ...awkward, userPrincipalName: "" }];

describe("managedDevice JSON writer", () => {
  it.each([
    ["generated", generated],
    ["explicit and awkward", explicitDevices],
  ])("full entity equals the reference mapping (%s devices)", (_name, devices) => {
    for (const d of devices) expect(JSON.parse(managedDeviceJson(d, NOW))).toEqual(toManagedDevice(d, NOW));
  });

  it("writes the properties in the reference order", () => {
    const d = generated[0];
    expect(Object.keys(JSON.parse(managedDeviceJson(d, NOW)) as object)).toEqual(Object.keys(toManagedDevice(d, NOW)));
  });

  it.each([
    ["12 fields", "id,deviceName,operatingSystem,osVersion,complianceState,lastSyncDateTime,enrolledDateTime,serialNumber,manufacturer,model,userPrincipalName,isEncrypted"],
    ["derived fields", "azureADDeviceId,userId,wiFiMacAddress,totalStorageSpaceInBytes,freeStorageSpaceInBytes,managedDeviceName,jailBroken,deviceEnrollmentType"],
    ["duplicates keep the first position", "deviceName,id,deviceName"],
    ["every property", [...MANAGED_DEVICE_PROPERTIES].join(",")],
  ])("$select %s equals applySelect of the reference mapping", (_name, raw) => {
    const select = raw.split(",");
    const write = managedDeviceWriter(select);
    for (const d of [...generated.slice(0, 50), ...explicitDevices]) {
      const text = write(d, NOW);
      const expected = applySelect(toManagedDevice(d, NOW), select);
      expect(JSON.parse(text)).toEqual(expected);
      expect(Object.keys(JSON.parse(text) as object)).toEqual(Object.keys(expected));
    }
  });

  it("every $select property has a writer", () => {
    const d = generated[1];
    const all = JSON.parse(managedDeviceWriter([...MANAGED_DEVICE_PROPERTIES])(d, NOW)) as object;
    expect(Object.keys(all).sort()).toEqual([...MANAGED_DEVICE_PROPERTIES].sort());
  });
});

describe("writeManagedDevices (byte writer)", () => {
  it.each([
    ["full, generated", generated, undefined],
    ["full, mixed with awkward explicit devices", [...generated.slice(0, 20), ...explicitDevices, ...generated.slice(20, 40)], undefined],
    ["$select, mixed", [...generated.slice(0, 20), ...explicitDevices], ["id", "userId", "deviceName", "isEncrypted"]],
  ])("%s parses to the reference entities", (_name, devices, select) => {
    const w = new JsonBytes(16);
    w.text("[");
    writeManagedDevices(w, devices, select, NOW);
    w.text("]");
    const parsed = JSON.parse(w.result().toString("utf8")) as object[];
    expect(parsed).toEqual(devices.map((d) => applySelect(toManagedDevice(d, NOW), select)));
    if (!select) expect(Object.keys(parsed[0])).toEqual(Object.keys(toManagedDevice(devices[0], NOW)));
  });

  it("writes non-ASCII values of safe devices as UTF-8", () => {
    const inv = createInventorySource(() => ({ kind: "generated", spec: GeneratedInventorySchema.parse({ devices: 3, seed: 5 }), domain: "bücher.example" }), NOW);
    const devices = inv.devices(TENANT, 0, 3);
    const w = new JsonBytes(16);
    w.text("[");
    writeManagedDevices(w, devices, undefined, NOW);
    w.text("]");
    expect(JSON.parse(w.result().toString("utf8"))).toEqual(devices.map((d) => toManagedDevice(d, NOW)));
  });
});

describe("managedDevices page (fast path) against the reference", () => {
  const world = stubWorld({ customers: [{ tenantId: TENANT, displayName: "Fabrikam", domain: "fabrikam.onmicrosoft.com" }], inventories: { [TENANT]: { count: 1500 } } });
  const ctx = stubContext(world);
  const reference = (select: string[] | undefined, skip: number, top: number) =>
    world.inventory.devices(TENANT, skip, top).map((d) => applySelect(toManagedDevice(d, ctx.clock.now()), select));

  it.each([
    ["no $select", "", undefined],
    ["$select", "?$select=id,deviceName,lastSyncDateTime,isEncrypted", ["id", "deviceName", "lastSyncDateTime", "isEncrypted"]],
  ])("a page of 1000 with %s parses to the reference entities", (_name, qs, select) => {
    const res = listManagedDevices(stubRequest({ url: `https://127.0.0.1:7001/v1.0/deviceManagement/managedDevices${qs}`, principal: appPrincipal(TENANT, ["DeviceManagementManagedDevices.Read.All"]) }), ctx);
    expect(res.body).toBeInstanceOf(RawJson);
    const page = JSON.parse((res.body as RawJson).text) as { "@odata.context": string; value: unknown[]; "@odata.nextLink"?: string };
    expect(Object.keys(page)).toEqual(["@odata.context", "value", "@odata.nextLink"]);
    expect(page.value).toEqual(reference(select, 0, 1000));
    expect(page["@odata.context"]).toBe(`https://127.0.0.1:7001/v1.0/$metadata#deviceManagement/managedDevices${select ? `(${select.join(",")})` : ""}`);
    expect(page["@odata.nextLink"]).toMatch(/\$skiptoken=/);
  });
});

describe("hex primitives keep their earlier output", () => {
  // The implementations before the lookup-table rewrite (string slicing, toString(16)).
  const oldHex8 = (n: number) => (n >>> 0).toString(16).padStart(8, "0");
  const fmix = (h: number) => {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  };
  const oldGuidFrom = (seed: string) => {
    let a = 2166136261, b = 0x9e3779b9, c = 0x7f4a7c15, d = 0x165667b1;
    for (let i = 0; i < seed.length; i++) {
      const ch = seed.charCodeAt(i);
      a = Math.imul(a ^ ch, 16777619);
      b = Math.imul(b ^ ch, 0x01000193) + 0x5bd1e995;
      c = Math.imul(c ^ ch, 0x85ebca6b);
      d = Math.imul(d ^ ch, 0xc2b2ae35);
    }
    const ha = oldHex8(fmix(a)), hb = oldHex8(fmix(b ^ a)), hc = oldHex8(fmix(c ^ b)), hd = oldHex8(fmix(d ^ c));
    const variant = ((parseInt(hc[0] ?? "0", 16) & 0x3) | 0x8).toString(16);
    return `${ha}-${hb.slice(0, 4)}-4${hb.slice(5, 8)}-${variant}${hc.slice(1, 4)}-${hc.slice(4, 8)}${hd}`;
  };
  const oldMac = (h: number, salt: number) => `00155D${((h ^ Math.imul(salt, 2654435761)) >>> 0).toString(16).padStart(8, "0").slice(0, 6).toUpperCase()}`;

  it("guidFrom and macFrom", () => {
    for (let i = 0; i < 5000; i++) {
      const seed = `user:user${i}@tenant${i % 7}.onmicrosoft.com`;
      expect(guidFrom(seed)).toBe(oldGuidFrom(seed));
      const h = smallHash(seed);
      expect(macFrom(h, 1)).toBe(oldMac(h, 1));
    }
  });
});
