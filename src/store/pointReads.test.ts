/** Point reads of one container asked for in the same turn go as one bulk per partition (embedded Cosmos). */
import { Item } from "@azure/cosmos";
import { useTestCosmos } from "../../test/helpers/cosmos";
import { createInventoryRepo } from "./inventoryRepo";
import { createInventorySummaryRepo } from "./inventorySummaryRepo";
import { pointReaderFor } from "./pointReads";

const A = "cc000000-0000-4000-8000-0000000000d1";
const B = "cc000000-0000-4000-8000-0000000000d2";

describe("coalesced point reads", () => {
  const cosmos = useTestCosmos();

  test("a tenant's manifests and its summary: one request; another tenant's: its own; a lone read: a point read", async () => {
    const c = cosmos.store.containers.inventory;
    const inventory = createInventoryRepo(c);
    const summaries = createInventorySummaryRepo(c);
    await inventory.commit(A, "device", new Map([["d1", "h1"]]));
    await summaries.write({ tenantId: A, displayName: "A", appsTotal: 3 });
    const bulk = jest.spyOn(c.items, "bulk");
    const reads = jest.spyOn(Item.prototype, "read");
    try {
      const [devices, apps, summary, other, otherSummary] = await Promise.all([
        inventory.storedHashes(A, "device"),
        inventory.storedHashes(A, "app"),
        summaries.read(A),
        inventory.storedHashes(B, "device"),
        summaries.read(B),
      ]);
      expect([[...devices], apps.size, summary?.appsTotal, other.size, otherSummary]).toEqual([[["d1", "h1"]], 0, 3, 0, undefined]);
      expect(bulk.mock.calls.map(([ops]) => ops.map((o) => [o.operationType, o.partitionKey, o.operationType === "Read" ? o.id : ""]))).toEqual([
        [
          ["Read", A, "manifest.device.0"],
          ["Read", A, "manifest.app.0"],
          ["Read", A, "summary"],
        ],
        [
          ["Read", B, "manifest.device.0"],
          ["Read", B, "summary"],
        ],
      ]);
      expect(reads).not.toHaveBeenCalled();
      expect(await pointReaderFor(c).read("summary", A)).toMatchObject({ id: "summary", tenantId: A });
      expect([bulk.mock.calls.length, reads.mock.calls.length]).toEqual([2, 1]);
    } finally {
      bulk.mockRestore();
      reads.mockRestore();
    }
  });
});
