/** Inventory documents on the embedded Cosmos: unchanged items not rewritten, removal, hashes streamed, 429s resent. */
import { Item, type BulkOperationResult, type Container, type OperationInput } from "@azure/cosmos";
import { useTestCosmos } from "../../test/helpers/cosmos";
import { contentHash } from "./canonicalJson";
import { chunkedBulkExecutor, samePartition, toBulkResult } from "./bulkChunks";
import { createInventoryRepo, inventoryDocId } from "./inventoryRepo";

const T = "cc000000-0000-4000-8000-0000000000aa";
const item = (i: number, v = 1) => {
  const data = { id: `d${i}`, v };
  return { itemId: `d${i}`, data, hash: contentHash(data) };
};

describe("inventory repository (embedded Cosmos)", () => {
  const cosmos = useTestCosmos();
  let container: Container;
  beforeAll(() => {
    container = cosmos.store.containers.inventory;
  });

  test("writes new and changed items only, removes, streams hashes", async () => {
    const sent: OperationInput[] = [];
    let throttleOnce = true;
    const repo = createInventoryRepo(container, {
      bulk: {
        sleep: () => Promise.resolve(),
        executor: async (ops): Promise<BulkOperationResult[]> => {
          sent.push(...ops);
          if (throttleOnce) {
            throttleOnce = false;
            return ops.map((o) => ({ operationInput: o, error: Object.assign(new Error("429"), { code: 429, retryAfterInMs: 1 }) }));
          }
          return container.items.executeBulkOperations(ops);
        },
      },
    });
    const meta = { runId: "r1", at: new Date("2025-01-01T00:00:00Z") };
    let stored = await repo.storedHashes(T, "device");
    expect(stored.size).toBe(0);
    expect(await repo.write(T, "device", [item(1), item(2), item(3)], stored, meta)).toEqual({ written: 3, unchanged: 0 });
    expect(sent).toHaveLength(8); // the incomplete manifest and 3 items refused with 429, the 4 resent
    stored = await repo.storedHashes(T, "device");
    expect([...stored.keys()].sort()).toEqual(["d1", "d2", "d3"]);
    sent.length = 0;
    expect(await repo.write(T, "device", [item(1), item(2, 2), item(3)], stored, { ...meta, runId: "r2" })).toEqual({ written: 1, unchanged: 2 });
    expect(sent.map((o) => (o as { id?: string; resourceBody?: { id: string } }).resourceBody?.id)).toEqual([inventoryDocId("device", "d2")]);
    expect(await repo.remove(T, "device", ["d3", "missing"])).toBe(2);
    const pages = [];
    for await (const p of repo.list(T, "device")) pages.push(...p);
    expect(pages.map((d) => [d.itemId, d.data.v, d.runId]).sort()).toEqual([["d1", 1, "r1"], ["d2", 2, "r2"]]);
    expect(await repo.count(T, "app")).toBe(0);
  });

  test("ids unsafe for Cosmos are hashed", () => {
    expect(inventoryDocId("app", "abc-1")).toBe("app.abc-1");
    expect(inventoryDocId("app", "a/b?c")).toMatch(/^app\.h-[0-9a-f]{32}$/);
  });
});

describe("chunked bulk executor", () => {
  test("maps statuses and Retry-After for executeBulk", () => {
    const op: OperationInput = { operationType: "Delete", partitionKey: "t", id: "x" };
    expect(toBulkResult(op, { statusCode: 200, requestCharge: 1 }).response?.statusCode).toBe(200);
    const throttled = toBulkResult(op, { statusCode: 429, requestCharge: 0, retryAfterMilliseconds: 7 } as never);
    expect(throttled.error?.code).toBe(429);
    expect(throttled.error?.retryAfterInMs).toBe(7);
    expect(toBulkResult(op, undefined).error?.code).toBe(503);
  });
});

describe("manifest", () => {
  const cosmos = useTestCosmos();
  test("committed hashes come back by point reads, in parts; unchanged is not rewritten", async () => {
    const sent: OperationInput[] = [];
    const c = cosmos.store.containers.inventory;
    const repo = createInventoryRepo(c, { bulk: { executor: (ops) => (sent.push(...ops), c.items.executeBulkOperations(ops)) } });
    const many = new Map(Array.from({ length: 12_001 }, (_, i) => [`i${i}`, `h${i}`] as const));
    expect((await repo.storedHashes(T, "app")).size).toBe(0);
    await repo.commit(T, "app", many);
    expect(sent).toHaveLength(3);
    expect(await repo.storedHashes(T, "app")).toEqual(many);
    sent.length = 0;
    await repo.commit(T, "app", many);
    expect(sent).toHaveLength(0);
    const fewer = new Map([...many].slice(0, 10));
    await repo.commit(T, "app", fewer);
    expect(await repo.storedHashes(T, "app")).toEqual(fewer);
    expect(await repo.count(T, "app")).toBe(10);
  });

  test("the manifests of a tenant's kinds asked for at once are read in one request; one the bulk could not read is read alone", async () => {
    const T6 = "cc000000-0000-4000-8000-0000000000af";
    const c = cosmos.store.containers.inventory;
    const repo = createInventoryRepo(c);
    await repo.commit(T6, "device", new Map([["d1", "h1"]]));
    await repo.commit(T6, "app", new Map([["a1", "h2"], ["a2", "h3"]]));
    const bulkCalls = jest.spyOn(c.items, "bulk");
    const reads = jest.spyOn(Item.prototype, "read");
    try {
      const [org, device, app, again] = await Promise.all([repo.storedHashes(T6, "organization"), repo.storedHashes(T6, "device"), repo.storedHashes(T6, "app"), repo.storedHashes(T6, "app")]);
      expect([org.size, [...device], [...app], [...again]]).toEqual([0, [["d1", "h1"]], [["a1", "h2"], ["a2", "h3"]], [["a1", "h2"], ["a2", "h3"]]]);
      expect(bulkCalls.mock.calls.map(([ops]) => ops.map((o) => (o.operationType === "Read" ? o.id : "?")))).toEqual([["manifest.organization.0", "manifest.device.0", "manifest.app.0"]]);
      expect(reads).not.toHaveBeenCalled();
      // Throttled in the bulk (429 for the device manifest): that one is read alone.
      bulkCalls.mockClear();
      bulkCalls.mockImplementationOnce(async (ops) => Object.assign([{ statusCode: 404, requestCharge: 1 }, { statusCode: 429, requestCharge: 0 }].slice(0, ops.length), { diagnostics: (await c.read()).diagnostics }));
      const [org2, device2] = await Promise.all([repo.storedHashes(T6, "organization"), repo.storedHashes(T6, "device")]);
      expect([org2.size, [...device2]]).toEqual([0, [["d1", "h1"]]]);
      expect(reads).toHaveBeenCalledTimes(1);
      // One kind alone: a point read, no bulk.
      bulkCalls.mockClear();
      expect((await repo.storedHashes(T6, "app")).size).toBe(2);
      expect(bulkCalls).not.toHaveBeenCalled();
    } finally {
      bulkCalls.mockRestore();
      reads.mockRestore();
    }
  });

  test("a commit of what was loaded and left unchanged writes nothing; a write or a removal since makes it write", async () => {
    const T2 = "cc000000-0000-4000-8000-0000000000ab";
    const sent: OperationInput[] = [];
    const c = cosmos.store.containers.inventory;
    const repo = createInventoryRepo(c, { bulk: { executor: (ops) => (sent.push(...ops), c.items.executeBulkOperations(ops)) } });
    const meta = { runId: "r1", at: new Date("2026-12-01T00:00:00Z") };
    const first = await repo.storedHashes(T2, "device");
    await repo.write(T2, "device", [item(1), item(2), item(3)], first, meta);
    await repo.commit(T2, "device", first);
    // A later run: the same items, unchanged: neither the items nor the manifest are written.
    const again = await repo.storedHashes(T2, "device");
    sent.length = 0;
    expect((await repo.write(T2, "device", [item(1), item(2), item(3)], again, meta)).written).toBe(0);
    await repo.commit(T2, "device", again);
    expect(sent).toHaveLength(0);
    // One removed (the sweep deletes it from the map): the manifest is written.
    again.delete("d3");
    await repo.commit(T2, "device", again);
    expect(sent.filter((o) => o.operationType === "Upsert")).toHaveLength(1);
    expect(await repo.count(T2, "device")).toBe(2);
    // One changed: written, and so is the manifest.
    const third = await repo.storedHashes(T2, "device");
    sent.length = 0;
    expect((await repo.write(T2, "device", [item(1, 2)], third, meta)).written).toBe(1);
    await repo.commit(T2, "device", third);
    expect(sent).toHaveLength(2);
    expect((await repo.storedHashes(T2, "device")).get("d1")).toBe(item(1, 2).hash);
  });

  test("items of one tenant go as transactional batches; a batch not wholly done is sent again as bulk, statuses per item", async () => {
    const T3 = "cc000000-0000-4000-8000-0000000000ac";
    const c = cosmos.store.containers.inventory;
    const exec = chunkedBulkExecutor(c, { batchSinglePartition: true });
    const upserts = Array.from({ length: 150 }, (_, i): OperationInput => ({ operationType: "Upsert", partitionKey: T3, resourceBody: { id: `b${i}`, tenantId: T3, v: i } }));
    const bulkCalls = jest.spyOn(c.items, "bulk");
    const batchCalls = jest.spyOn(c.items, "batch");
    const done = await exec(upserts);
    expect(done.map((r) => r.response?.statusCode ?? r.error?.code)).toEqual(Array.from({ length: 150 }, () => 201));
    expect([batchCalls.mock.calls.length, bulkCalls.mock.calls.length]).toEqual([2, 0]);
    const { resource } = await c.item("b149", T3).read<{ v: number }>();
    expect(resource?.v).toBe(149);
    // A create of an id that exists fails the atomic batch: sent again as bulk, only that one refused (409).
    const mixed: OperationInput[] = [
      { operationType: "Create", partitionKey: T3, resourceBody: { id: "b0", tenantId: T3 } },
      { operationType: "Upsert", partitionKey: T3, resourceBody: { id: "b-new", tenantId: T3 } },
    ];
    const statuses = (await exec(mixed)).map((r) => r.response?.statusCode ?? r.error?.code);
    expect(statuses).toEqual([409, 201]);
    expect([batchCalls.mock.calls.length, bulkCalls.mock.calls.length]).toEqual([3, 1]);
    bulkCalls.mockRestore();
    batchCalls.mockRestore();
    expect(samePartition(mixed)).toBe(true);
    expect(samePartition([...mixed, { operationType: "Delete", partitionKey: T, id: "x" }])).toBe(false);
  });

  test("finishTogether: a tenant's resources finish in one batch when they fit; apart when not, or when that batch is refused", async () => {
    const T7 = "cc000000-0000-4000-8000-0000000000b0";
    const c = cosmos.store.containers.inventory;
    const repo = createInventoryRepo(c);
    const meta = { runId: "r1", at: new Date("2026-12-01T00:00:00Z") };
    const batch = jest.spyOn(c.items, "batch");
    try {
      const [org, sku, app] = await Promise.all([repo.storedHashes(T7, "organization"), repo.storedHashes(T7, "sku"), repo.storedHashes(T7, "app")]);
      const group = repo.finishTogether(T7, 3);
      const done = Promise.all([group.finish("organization", [item(1)], [], org, meta), group.finish("sku", [item(2), item(3)], [], sku, meta), group.finish("app", [item(4), item(5), item(6)], [], app, meta)]);
      expect(await done).toEqual([{ written: 1, removed: 0 }, { written: 2, removed: 0 }, { written: 3, removed: 0 }]);
      // One request: the six items and the three manifests.
      expect(batch.mock.calls.map(([ops]) => ops.length)).toEqual([9]);
      const fresh = createInventoryRepo(c);
      expect([...(await fresh.storedHashes(T7, "app")).keys()]).toEqual(["d4", "d5", "d6"]);
      expect([...(await fresh.storedHashes(T7, "sku")).keys()]).toEqual(["d2", "d3"]);
      // Held until every resource has finished or left the group (one failed: skip).
      batch.mockClear();
      const [sku2, app2] = await Promise.all([fresh.storedHashes(T7, "sku"), fresh.storedHashes(T7, "app")]);
      const second = fresh.finishTogether(T7, 2);
      let settled = false;
      const p = second.finish("sku", [item(2, 2)], [], sku2, meta).then((r) => ((settled = true), r));
      await new Promise((r) => setImmediate(r));
      expect([settled, batch.mock.calls.length]).toEqual([false, 0]);
      second.skip();
      expect(await p).toEqual({ written: 1, removed: 0 });
      // Together more than a batch holds (60 + 60 items): each in its own batch. A removal of an item already gone
      // refuses the combined batch: each alone, that one by the steps (which tolerate the 404).
      batch.mockClear();
      const third = fresh.finishTogether(T7, 2);
      const many = (from: number) => Array.from({ length: 60 }, (_, i) => item(from + i));
      expect(await Promise.all([third.finish("sku", many(100), [], sku2, meta), third.finish("app", many(200), [], app2, meta)])).toEqual([
        { written: 60, removed: 0 },
        { written: 60, removed: 0 },
      ]);
      expect(batch.mock.calls.map(([ops]) => ops.length)).toEqual([61, 61]);
      batch.mockClear();
      const fourth = fresh.finishTogether(T7, 2);
      sku2.set("gone", "h");
      expect(await Promise.all([fourth.finish("sku", [], ["gone"], sku2, meta), fourth.finish("app", [item(300)], [], app2, meta)])).toEqual([
        { written: 0, removed: 1 },
        { written: 1, removed: 0 },
      ]);
      expect(batch.mock.calls.map(([ops]) => ops.length)).toEqual([4, 2, 2]);
      expect((await createInventoryRepo(c).storedHashes(T7, "sku")).has("gone")).toBe(false);
    } finally {
      batch.mockRestore();
    }
  });

  test("a crash after a tenant's first items were written, before its manifest: the next read rebuilds it from the documents", async () => {
    const T4 = "cc000000-0000-4000-8000-0000000000ad";
    const c = cosmos.store.containers.inventory;
    const repo = createInventoryRepo(c);
    const meta = { runId: "r1", at: new Date("2026-12-01T00:00:00Z") };
    const stored = await repo.storedHashes(T4, "app");
    await repo.write(T4, "app", Array.from({ length: 150 }, (_, i) => item(i)), stored, meta);
    // No commit (the process died): the manifest written with the first batch says it is incomplete.
    const { resource } = await c.item("manifest.app.0", T4).read<{ complete: boolean }>();
    expect(resource?.complete).toBe(false);
    const after = await createInventoryRepo(c).storedHashes(T4, "app");
    expect(after.size).toBe(150);
    expect(after.get("d7")).toBe(item(7).hash);
  });

  test("finish: a resource's last page, removals and manifest in one batch; a removal of a gone item falls back to the steps", async () => {
    const T5 = "cc000000-0000-4000-8000-0000000000ae";
    const c = cosmos.store.containers.inventory;
    const repo = createInventoryRepo(c);
    const meta = { runId: "r1", at: new Date("2026-12-01T00:00:00Z") };
    const batch = jest.spyOn(c.items, "batch");
    const bulk = jest.spyOn(c.items, "bulk");
    const first = await repo.storedHashes(T5, "sku");
    expect(await repo.finish(T5, "sku", [item(1), item(2), item(3)], [], first, meta)).toEqual({ written: 3, removed: 0 });
    expect([batch.mock.calls.length, bulk.mock.calls.length]).toEqual([1, 0]);
    expect(await createInventoryRepo(c).storedHashes(T5, "sku")).toEqual(new Map([1, 2, 3].map((i) => [`d${i}`, item(i).hash])));
    // Unchanged: nothing sent.
    const again = await repo.storedHashes(T5, "sku");
    expect(await repo.finish(T5, "sku", [item(1), item(2), item(3)], [], again, meta)).toEqual({ written: 0, removed: 0 });
    expect(batch.mock.calls.length).toBe(1);
    // d3 vanished and someone deleted its document already: the batch fails on the 404, the steps tolerate it.
    await c.item(inventoryDocId("sku", "d3"), T5).delete();
    const third = await repo.storedHashes(T5, "sku");
    expect(await repo.finish(T5, "sku", [item(1), item(2, 2)], ["d3"], third, meta)).toEqual({ written: 1, removed: 1 });
    expect(await createInventoryRepo(c).storedHashes(T5, "sku")).toEqual(new Map([["d1", item(1).hash], ["d2", item(2, 2).hash]]));
    batch.mockRestore();
    bulk.mockRestore();
  });
});
