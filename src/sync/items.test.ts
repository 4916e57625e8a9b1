/** items (pure), table-tested. */
import { createHash } from "node:crypto";
import { contentHash } from "../store/canonicalJson";
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
  test("data comes in key order, and its hash is the canonical one stored by earlier versions (no rewrite after an upgrade)", () => {
    if (!devices) throw new Error("no device resource");
    const raw = { id: "d1", deviceName: "pc", operatingSystem: "Windows", osVersion: "10", serialNumber: "S1", isEncrypted: true };
    const item = toItem(devices, raw);
    expect(Object.keys(item?.data ?? {})).toEqual([...devices.fields].sort());
    // As earlier versions built it: the fields in $select order, hashed through the canonical (key-sorted) JSON.
    const inSelectOrder = Object.fromEntries(devices.fields.map((f) => [f, (raw as Record<string, unknown>)[f] ?? null]));
    expect(item?.hash).toBe(contentHash(inSelectOrder));
    // Pinned: sha256 of the key-sorted JSON text, cut to 32 hex digits.
    const sortedText = JSON.stringify(inSelectOrder, Object.keys(inSelectOrder).sort());
    expect(item?.hash).toBe(createHash("sha256").update(sortedText).digest("hex").slice(0, 32));
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
