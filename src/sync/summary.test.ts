/** The inventory summary accumulator and merge (pure), table-tested. */
import type { InventorySummary } from "../domain/inventorySummary";
import type { InventoryKind } from "../store/inventoryRepo";
import { compareApps, createSummaryAccumulator, mergeSummary, offerTopApp } from "./summary";

const NOW = Date.parse("2026-12-02T08:00:00Z");
const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();
const ALL = new Set<InventoryKind>(["organization", "sku", "device", "app", "user", "machine"]);

type Rows = [InventoryKind, Record<string, unknown>][];

describe("summary accumulator", () => {
  test.each<[string, Rows, Partial<InventorySummary>]>([
    ["nothing read: zeros", [], { devices: { total: 0, byOperatingSystem: {}, byComplianceState: {}, stale: 0 }, topApps: [], appsTotal: 0, users: { total: 0, enabled: 0, licensed: 0 }, licences: [], defenderMachines: 0 }],
    [
      "devices by OS and compliance; stale at 30 days exactly, not at 29; no or unparsable check-in is not stale",
      [
        ["device", { operatingSystem: "Windows", complianceState: "compliant", lastSyncDateTime: iso(NOW - 30 * DAY) }],
        ["device", { operatingSystem: "Windows", complianceState: "noncompliant", lastSyncDateTime: iso(NOW - 29 * DAY) }],
        ["device", { operatingSystem: "macOS", complianceState: "compliant", lastSyncDateTime: "0001-01-01T00:00:00Z" }],
        ["device", { operatingSystem: null, complianceState: null, lastSyncDateTime: null }],
        ["device", { operatingSystem: "", complianceState: "inGracePeriod", lastSyncDateTime: "yesterday" }],
      ],
      { devices: { total: 5, byOperatingSystem: { Windows: 2, macOS: 1, Unknown: 2 }, byComplianceState: { compliant: 2, noncompliant: 1, unknown: 1, inGracePeriod: 1 }, stale: 2 } },
    ],
    [
      "users: enabled, licensed; signed in within 30 days only when signInActivity was read",
      [
        ["user", { accountEnabled: true, assignedLicenses: [{ skuId: "a" }] }],
        ["user", { accountEnabled: false, assignedLicenses: [] }],
        ["user", { accountEnabled: null, assignedLicenses: null }],
      ],
      { users: { total: 3, enabled: 1, licensed: 1 } },
    ],
    [
      "users with signInActivity: the latest of interactive, non-interactive and successful",
      [
        ["user", { accountEnabled: true, assignedLicenses: [], signInActivity: { lastSignInDateTime: iso(NOW - 40 * DAY), lastNonInteractiveSignInDateTime: iso(NOW - DAY) } }],
        ["user", { accountEnabled: true, assignedLicenses: [], signInActivity: { lastSignInDateTime: iso(NOW - 31 * DAY) } }],
        ["user", { accountEnabled: true, assignedLicenses: [], signInActivity: null }],
      ],
      { users: { total: 3, enabled: 3, licensed: 0, signedInLast30Days: 1 } },
    ],
    [
      "licences sorted by part number: consumed and enabled units",
      [
        ["sku", { skuPartNumber: "SPE_E3", consumedUnits: 313, prepaidUnits: { enabled: 320, suspended: 0 } }],
        ["sku", { skuPartNumber: "INTUNE_A", consumedUnits: 5, prepaidUnits: null }],
        ["sku", { skuPartNumber: null, consumedUnits: 1 }],
      ],
      { licences: [{ skuPartNumber: "INTUNE_A", consumed: 5, enabled: 0 }, { skuPartNumber: "SPE_E3", consumed: 313, enabled: 320 }] },
    ],
    ["machines counted; organization ignored", [["machine", { id: "m1" }], ["machine", { id: "m2" }], ["organization", { id: "o" }]], { defenderMachines: 2 }],
  ])("%s", (_name, rows, want) => {
    const acc = createSummaryAccumulator(NOW);
    for (const [kind, data] of rows) acc.add(kind, data);
    expect(acc.figures(ALL)).toMatchObject(want);
  });

  test("only the resources read completely have figures", () => {
    const acc = createSummaryAccumulator(NOW);
    acc.add("device", { operatingSystem: "iOS" });
    acc.add("user", { accountEnabled: true });
    expect(acc.figures(new Set<InventoryKind>(["user"]))).toEqual({ users: { total: 1, enabled: 1, licensed: 0 } });
  });

  test("top apps: at most 10, most devices first, ties by name then version; every app counted in appsTotal", () => {
    const acc = createSummaryAccumulator(NOW);
    for (let i = 1; i <= 25; i++) acc.add("app", { displayName: `App ${String(i).padStart(2, "0")}`, version: "1", deviceCount: i % 12 });
    acc.add("app", { displayName: "Tie", version: "2", deviceCount: 11 });
    acc.add("app", { displayName: "Tie", version: "1", deviceCount: 11 });
    acc.add("app", { displayName: null, deviceCount: 500 });
    const f = acc.figures(ALL);
    expect(f.appsTotal).toBe(28);
    expect(f.topApps?.map((a) => [a.displayName, a.version, a.deviceCount])).toEqual([
      ["App 11", "1", 11],
      ["App 23", "1", 11],
      ["Tie", "1", 11],
      ["Tie", "2", 11],
      ["App 10", "1", 10],
      ["App 22", "1", 10],
      ["App 09", "1", 9],
      ["App 21", "1", 9],
      ["App 08", "1", 8],
      ["App 20", "1", 8],
    ]);
  });

  test("offerTopApp keeps order and size whatever the arrival order", () => {
    const apps = Array.from({ length: 40 }, (_, i) => ({ displayName: `A${i}`, deviceCount: (i * 7) % 13 }));
    const top: { displayName: string; deviceCount: number }[] = [];
    for (const a of apps) offerTopApp(top, a, 5);
    expect(top).toEqual([...apps].sort(compareApps).slice(0, 5));
  });
});

describe("merge with the previous summary", () => {
  const prev: InventorySummary = {
    tenantId: "t",
    displayName: "Old name",
    lastSuccessAt: "2026-11-01T00:00:00.000Z",
    lastDurationMs: 5,
    devices: { total: 9, byOperatingSystem: { Windows: 9 }, byComplianceState: { compliant: 9 }, stale: 1 },
    users: { total: 4, enabled: 4, licensed: 4 },
  };
  const at = new Date(NOW);
  test.each<[string, Parameters<typeof mergeSummary>[1], Partial<InventorySummary>]>([
    [
      "success: fresh figures over the old, last success now",
      { tenantId: "t", displayName: "New", runId: "r2", at, fresh: { users: { total: 1, enabled: 1, licensed: 0 } }, success: { durationMs: 42 } },
      { displayName: "New", runId: "r2", computedAt: iso(NOW), lastSuccessAt: iso(NOW), lastDurationMs: 42, users: { total: 1, enabled: 1, licensed: 0 }, devices: prev.devices },
    ],
    [
      "a failed attempt: what it read completely updates, the last success stays",
      { tenantId: "t", displayName: "New", runId: "r3", at, fresh: { devices: { total: 2, byOperatingSystem: { iOS: 2 }, byComplianceState: {}, stale: 0 } } },
      { lastSuccessAt: prev.lastSuccessAt, lastDurationMs: 5, users: prev.users, devices: { total: 2, byOperatingSystem: { iOS: 2 }, byComplianceState: {}, stale: 0 } },
    ],
  ])("%s", (_name, o, want) => {
    expect(mergeSummary(prev, o)).toMatchObject(want);
  });
  test("no previous summary", () => {
    expect(mergeSummary(undefined, { tenantId: "t", displayName: "T", runId: "r", at, fresh: {} })).toEqual({ tenantId: "t", displayName: "T", runId: "r", computedAt: iso(NOW) });
  });
});
