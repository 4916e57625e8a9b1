/** items (pure), table-tested. */
import { INTUNE_RESOURCES, MACHINE_SPEC, toItem, userSpec } from "./items";

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
    // Items without a usable id, or not objects at all, are skipped (the hand-written checks of every item).
    for (const bad of [null, [], 42, { id: "" }, { id: 7 }, { id: "x".repeat(201) }]) expect(toItem(devices, bad)).toBeUndefined();
    expect(toItem(devices, { id: "x".repeat(200) })?.itemId).toHaveLength(200);
    expect(devices.path).toContain("$select=id,deviceName,operatingSystem");
  });
  test.each([
    [false, "/users?$select=id,displayName,userPrincipalName,accountEnabled,assignedLicenses,userType&$top=999"],
    [true, "/users?$select=id,displayName,userPrincipalName,accountEnabled,assignedLicenses,userType,signInActivity&$top=999"],
  ])("users with signInActivity %s: %s", (signIn, path) => {
    const spec = userSpec(signIn);
    expect([spec.kind, spec.workload, spec.path, spec.pageSize]).toEqual(["user", "identity", path, 999]);
    const item = toItem(spec, { id: "U1", displayName: "Ann", assignedLicenses: [{ skuId: "x" }] });
    expect(item?.itemId).toBe("u1");
    expect("signInActivity" in (item?.data ?? {})).toBe(signIn);
  });
  test("machines keep Defender's lifecycle fields", () => {
    const m = toItem(MACHINE_SPEC, { id: "ABC123", computerDnsName: "pc1", osPlatform: "Windows11", ipAddresses: [] });
    expect(m?.data).toMatchObject({ id: "ABC123", computerDnsName: "pc1", osPlatform: "Windows11", healthStatus: null });
    expect(m?.data.ipAddresses).toBeUndefined();
  });
});
