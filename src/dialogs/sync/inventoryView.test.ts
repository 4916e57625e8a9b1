import type { InventorySummary } from "../../domain/inventorySummary";
import { buildInventoryView, countFacts, NOT_SYNCED_TEXT } from "./inventoryView";
import { buildTenantView } from "../tenantView";
import { customer } from "../testing/reports";

const summary = (over: Partial<InventorySummary> = {}): InventorySummary => ({
  tenantId: "cc000000-0000-4000-8000-000000000001",
  displayName: "Fabrikam, Inc.",
  lastSuccessAt: "2026-12-02T07:01:00.000Z",
  lastDurationMs: 12_400,
  devices: { total: 3105, byOperatingSystem: { Windows: 2850, macOS: 120, iOS: 100, Android: 35 }, byComplianceState: { compliant: 3000, noncompliant: 80, inGracePeriod: 25 }, stale: 12 },
  topApps: [
    { displayName: "Microsoft Edge", version: "120.0", deviceCount: 3000 },
    { displayName: "Zoom", deviceCount: 1 },
  ],
  appsTotal: 180,
  users: { total: 420, enabled: 400, licensed: 390, signedInLast30Days: 350 },
  licences: [
    { skuPartNumber: "SPE_E3", consumed: 390, enabled: 400 },
    { skuPartNumber: "EMS", consumed: 400, enabled: 400 },
  ],
  ...over,
});

describe("inventory view", () => {
  it("devices by operating system as 'Windows: 2,850', compliance in words, stale, top apps, users, licences, last sync", () => {
    const v = buildInventoryView(summary());
    expect(v.syncedText).toBe("Last successful sync {{DATE(2026-12-02T07:01:00Z, SHORT)}} at {{TIME(2026-12-02T07:01:00Z)}}, took 12 s.");
    const byTitle = Object.fromEntries(v.sections.map((s) => [s.title, s]));
    expect(Object.keys(byTitle)).toEqual(["Devices: 3,105", "Compliance", "Top apps (of 180 detected)", "Users", "Licences"]);
    expect(byTitle["Devices: 3,105"].facts.map((f) => `${f.title}: ${f.value}`)).toEqual(["Windows: 2,850", "macOS: 120", "iOS: 100", "Android: 35"]);
    expect(byTitle["Devices: 3,105"].note).toBe("12 stale devices (no check-in for 30 days or more).");
    expect(byTitle.Compliance.facts).toEqual([
      { title: "Compliant", value: "3,000" },
      { title: "Not compliant", value: "80" },
      { title: "In grace period", value: "25" },
    ]);
    expect(byTitle["Top apps (of 180 detected)"].facts).toEqual([
      { title: "Microsoft Edge 120.0", value: "3,000 devices" },
      { title: "Zoom", value: "1 device" },
    ]);
    expect(byTitle.Users.facts.map((f) => f.value)).toEqual(["420", "400", "390", "350"]);
    expect(byTitle.Licences.facts).toEqual([
      { title: "EMS", value: "400 of 400 used" },
      { title: "SPE_E3", value: "390 of 400 used" },
    ]);
  });

  it("a tenant without devices, users or a successful sync: only what is known", () => {
    const v = buildInventoryView({ tenantId: "x", displayName: "Empty", devices: { total: 0, byOperatingSystem: {}, byComplianceState: {}, stale: 0 }, defenderMachines: 3 });
    expect(v.sections).toEqual([
      { title: "Devices: 0", facts: [], note: null },
      { title: "Defender for Endpoint", facts: [{ title: "Machines", value: "3" }], note: null },
    ]);
    expect(v.syncedText).toMatch(/^No successful sync yet/);
  });

  test.each<[Record<string, number>, string[]]>([
    [{ windows: 2, Windows: 3 }, ["Windows: 5"]],
    [{ "": 4, Linux: 1 }, ["Not reported: 4", "Linux: 1"]],
    [{ b: 1, a: 1, c: 0 }, ["a: 1", "b: 1"]],
    [Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`OS${String(i).padStart(2, "0")}`, 14 - i])), [...Array.from({ length: 9 }, (_, i) => `OS${String(i).padStart(2, "0")}: ${14 - i}`), "Other: 15"]],
  ])("countFacts(%j)", (counts, expected) => {
    expect(countFacts(counts, (k) => ({ windows: "Windows", "": "Not reported" })[k.toLowerCase()] ?? k).map((f) => `${f.title}: ${f.value}`)).toEqual(expected);
  });
});

describe("tenant view with inventory", () => {
  it("not asked: no section; never synced: the note; synced: the inventory", () => {
    const c = customer(1, "Healthy");
    expect(buildTenantView(c, { checkedAt: "x" })).toMatchObject({ inventory: null, inventoryNote: null });
    expect(buildTenantView(c, { checkedAt: "x", inventory: null })).toMatchObject({ inventory: null, inventoryNote: NOT_SYNCED_TEXT });
    expect(buildTenantView(c, { checkedAt: "x", inventory: summary() }).inventory?.sections).toHaveLength(5);
  });
});
