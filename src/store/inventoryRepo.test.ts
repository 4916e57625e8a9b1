/** Inventory documents on the embedded Cosmos: unchanged items not rewritten, removal, hashes streamed, 429s resent. */
import type { BulkOperationResult, Container, OperationInput } from "@azure/cosmos";
import { startTestCosmos, type TestCosmos } from "../../test/helpers/cosmos";
import { contentHash } from "./canonicalJson";
import { toBulkResult } from "./bulkChunks";
import { createInventoryRepo, inventoryDocId } from "./inventoryRepo";

const T = "cc000000-0000-4000-8000-0000000000aa";
const item = (i: number, v = 1) => {
  const data = { id: `d${i}`, v };
  return { itemId: `d${i}`, data, hash: contentHash(data) };
};

describe("inventory repository (embedded Cosmos)", () => {
  let cosmos: TestCosmos;
  let container: Container;
  beforeAll(async () => {
    cosmos = await startTestCosmos();
    container = cosmos.store.containers.inventory;
  });
  afterAll(async () => {
    await cosmos.close();
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
    expect(sent).toHaveLength(6); // 3 refused with 429, 3 resent
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
  let cosmos: TestCosmos;
  beforeAll(async () => {
    cosmos = await startTestCosmos();
  });
  afterAll(async () => {
    await cosmos.close();
  });
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
});
