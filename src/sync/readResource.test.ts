/** A resource's read joined to its tenant's finish group (embedded Cosmos): one that fails or was done before leaves the group, so the others are not held. */
import { useTestCosmos } from "../../test/helpers/cosmos";
import { createLogger } from "../log/logger";
import { createInventoryRepo } from "../store/inventoryRepo";
import type { TenantWorkContext } from "./intuneTenant";
import { INTUNE_RESOURCES, type ResourceSpec } from "./items";
import { syncResource, type PageReader } from "./readResource";

const T = "cc000000-0000-4000-8000-0000000000c1";
const spec = (kind: string): ResourceSpec => INTUNE_RESOURCES.find((s) => s.kind === kind) as ResourceSpec;

function context(done: TenantWorkContext["done"] = {}): TenantWorkContext & { checkpoints: string[] } {
  const checkpoints: string[] = [];
  return {
    tenantId: T,
    runId: "r1",
    done,
    checkpoints,
    checkpoint: (kind, cp) => (checkpoints.push(`${kind} ${cp.end} ${cp.count}`), Promise.resolve()),
    guard: () => undefined,
    freshGuard: () => Promise.resolve(),
    onItems: () => undefined,
  };
}

const pages =
  (...batches: unknown[][]): PageReader =>
  async (onPage) => {
    for (const b of batches) await onPage(b);
    return { kind: "complete" };
  };
const failing: PageReader = () => Promise.reject(new Error("Graph said no"));

describe("syncResource in a finish group", () => {
  const cosmos = useTestCosmos();

  test("the others finish (in one batch) when one resource fails and another was done before", async () => {
    const c = cosmos.store.containers.inventory;
    const inventory = createInventoryRepo(c);
    const deps = { inventory, logger: createLogger({ level: "error" }), now: () => new Date("2026-12-01T00:00:00Z") };
    const ctx = context({ organization: { end: "complete", count: 1, written: 1, removed: 0 } });
    const group = inventory.finishTogether(T, 4);
    const batch = jest.spyOn(c.items, "batch");
    try {
      const settled = await Promise.allSettled([
        syncResource(deps, ctx, spec("organization"), pages([{ id: "o1" }]), group),
        syncResource(deps, ctx, spec("sku"), pages([{ skuId: "s1" }, { skuId: "s2" }]), group),
        syncResource(deps, ctx, spec("device"), failing, group),
        syncResource(deps, ctx, spec("app"), pages([{ id: "a1" }]), group),
      ]);
      expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
      expect(ctx.checkpoints.sort()).toEqual(["app complete 1", "sku complete 2"]);
      // sku's two items and app's one, and their two manifests: one request.
      expect(batch.mock.calls.map(([ops]) => ops.length)).toEqual([5]);
      expect(await inventory.count(T, "sku")).toBe(2);
      expect(await inventory.count(T, "device")).toBe(0);
    } finally {
      batch.mockRestore();
    }
  });
});
