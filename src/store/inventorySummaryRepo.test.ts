/** Inventory summaries on the embedded Cosmos: one point-readable document per tenant beside its items, validated on read. */
import { useTestCosmos } from "../../test/helpers/cosmos";
import type { InventorySummary } from "../domain/inventorySummary";
import { contentHash } from "./canonicalJson";
import { createInventoryRepo } from "./inventoryRepo";
import { createInventorySummaryRepo } from "./inventorySummaryRepo";

const T = "cc000000-0000-4000-8000-0000000000BB";

const cosmos = useTestCosmos();

test("written, replaced and read back by tenant id (any case); absent or invalid: undefined; items unaffected", async () => {
  const container = cosmos.store.containers.inventory;
  const repo = createInventorySummaryRepo(container);
  expect(await repo.read(T)).toBeUndefined();
  const s: InventorySummary = {
    tenantId: T,
    displayName: "Contoso",
    lastSuccessAt: "2026-12-02T08:00:00.000Z",
    lastDurationMs: 1200,
    devices: { total: 2, byOperatingSystem: { Windows: 2 }, byComplianceState: { compliant: 1, noncompliant: 1 }, stale: 1 },
    topApps: [{ displayName: "Edge", version: "1", deviceCount: 2 }],
    appsTotal: 1,
    users: { total: 3, enabled: 2, licensed: 1 },
    licences: [{ skuPartNumber: "SPE_E3", consumed: 1, enabled: 5 }],
    defenderMachines: 0,
    computedAt: "2026-12-02T08:00:00.000Z",
    runId: "r1",
  };
  await repo.write(s);
  expect(await repo.read(T.toLowerCase())).toEqual({ ...s, tenantId: T.toLowerCase() });
  await repo.write({ ...s, users: { total: 4, enabled: 4, licensed: 4 } });
  expect((await repo.read(T))?.users).toEqual({ total: 4, enabled: 4, licensed: 4 });

  // The tenant's item listing and counts do not see it.
  const inventory = createInventoryRepo(container);
  const stored = await inventory.storedHashes(T.toLowerCase(), "user");
  await inventory.write(T.toLowerCase(), "user", [{ itemId: "u1", data: { id: "u1" }, hash: contentHash({ id: "u1" }) }], stored, { runId: "r1", at: new Date() });
  const listed: string[] = [];
  for await (const page of inventory.list(T.toLowerCase(), "user")) listed.push(...page.map((d) => d.itemId));
  expect(listed).toEqual(["u1"]);

  // A document that is not a summary any more (edited by hand): undefined, not a crash.
  await container.items.upsert({ id: "summary", tenantId: "bad-tenant", type: "inventorySummary", summary: { tenantId: 5 } });
  expect(await repo.read("bad-tenant")).toBeUndefined();
});
