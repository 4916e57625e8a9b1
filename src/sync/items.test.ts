/** items (pure), table-tested. */
import { INTUNE_RESOURCES, toItem } from "./items";

describe("items", () => {
  const devices = INTUNE_RESOURCES.find((r) => r.kind === "device");
  test("only the selected fields, lower-case id, stable hash", () => {
    if (!devices) throw new Error("no device resource");
    const a = toItem(devices, { id: "ABC", deviceName: "pc", extra: 1, "@odata.etag": "x" });
    const b = toItem(devices, { deviceName: "pc", id: "ABC" });
    expect(a?.itemId).toBe("abc");
    expect(a?.data.extra).toBeUndefined();
    expect(a?.data.model).toBeNull();
    expect(a?.hash).toBe(b?.hash);
    expect(toItem(devices, { deviceName: "no id" })).toBeUndefined();
    expect(toItem(devices, "x")).toBeUndefined();
    expect(devices.path).toContain("$select=id,deviceName,operatingSystem");
  });
});
