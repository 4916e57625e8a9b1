import type { BulkOperationResult, OperationInput } from "@azure/cosmos";
import { useTestCosmos } from "../../test/helpers/cosmos";
import { executeBulk, isRetryableStatus, retryDelayMs, type BulkExecutor } from "./bulk";

test.each([
  [429, true],
  [503, true],
  [408, true],
  [449, true],
  [410, true],
  [200, false],
  [201, false],
  [404, false],
  [409, false],
  [412, false],
  [413, false],
])("status %i retryable: %s", (status, retryable) => {
  expect(isRetryableStatus(status)).toBe(retryable);
});

test.each([
  ["first retry, no Retry-After, middle jitter", 2, undefined, 0.5, 200],
  ["third retry doubles twice", 4, undefined, 0.5, 800],
  ["jitter low end", 2, undefined, 0, 100],
  ["Retry-After wins when longer", 2, 1500, 0.5, 1500],
  ["backoff wins when longer", 5, 100, 0.5, 1600],
  ["capped", 20, undefined, 0.99, 10_000],
  ["Retry-After capped too", 2, 60_000, 0.5, 10_000],
])("retry delay: %s", (_label, round, retryAfter, random, expected) => {
  expect(retryDelayMs(round, retryAfter, { baseDelayMs: 200, maxDelayMs: 10_000, random })).toBe(expected);
});

describe("executeBulk (embedded Cosmos)", () => {
  const cosmos = useTestCosmos();

  const upsert = (id: string): OperationInput => ({ operationType: "Upsert", partitionKey: id, resourceBody: { id, tenantId: id, n: 1 } });
  const throttled = (retryAfterInMs?: number): BulkOperationResult => ({
    operationInput: upsert("x"),
    error: { name: "ErrorResponse", message: "throttled", code: 429, ...(retryAfterInMs !== undefined ? { retryAfterInMs } : {}) },
  });
  const idOf = (o: OperationInput): string => (o.operationType === "Upsert" && typeof o.resourceBody.id === "string" ? o.resourceBody.id : "");

  it("resends only the throttled operations, after the Retry-After, until all are done", async () => {
    const container = cosmos.store.containers.checks;
    const seen: string[][] = [];
    let round = 0;
    // Round 1: every other operation is throttled; round 2: the first of the rest again; round 3: all through.
    const executor: BulkExecutor = async (ops) => {
      round++;
      seen.push(ops.map(idOf));
      const throttle = new Set(round === 1 ? ops.filter((_, i) => i % 2 === 1) : round === 2 ? ops.slice(0, 1) : []);
      const through = ops.filter((o) => !throttle.has(o));
      const real = through.length > 0 ? await container.items.executeBulkOperations(through) : [];
      let k = 0;
      return ops.map((o) => (throttle.has(o) ? throttled(round === 1 ? 700 : undefined) : real[k++]));
    };
    const waits: number[] = [];
    const ids = Array.from({ length: 6 }, (_, i) => `bulk-${i}`);
    const outcome = await executeBulk(container, ids.map(upsert), {
      executor,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
      random: () => 0.5,
    });
    expect(seen).toEqual([ids, ["bulk-1", "bulk-3", "bulk-5"], ["bulk-1"]]);
    expect(waits).toEqual([700, 400]);
    expect(outcome).toEqual({ statuses: [201, 201, 201, 201, 201, 201], rounds: 3, retried: 4 });
    const { resources } = await container.items.query("SELECT c.id FROM c WHERE STARTSWITH(c.id, 'bulk-')").fetchAll();
    expect(resources).toHaveLength(6);
  });

  it("gives up after maxRounds and reports the last status; other failures are returned, not retried", async () => {
    const container = cosmos.store.containers.checks;
    let calls = 0;
    const alwaysThrottled: BulkExecutor = (ops) => {
      calls++;
      return Promise.resolve(ops.map(() => throttled()));
    };
    const outcome = await executeBulk(container, [upsert("never")], { executor: alwaysThrottled, maxRounds: 3, sleep: () => Promise.resolve() });
    expect(outcome).toMatchObject({ statuses: [429], rounds: 3 });
    expect(calls).toBe(3);

    const mixed = await executeBulk(container, [
      { operationType: "Delete", partitionKey: "absent", id: "absent" },
      { operationType: "Create", partitionKey: "bulk-0", resourceBody: { id: "bulk-0", tenantId: "bulk-0" } },
    ]);
    expect(mixed).toEqual({ statuses: [404, 409], rounds: 1, retried: 0 });
  });
});
