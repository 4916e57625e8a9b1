/**
 * The state store retries what @azure/cosmos does not (cosmosRetry.ts): a 503 or a cut connection on a read or a
 * write reaches the real embedded Cosmos on the next attempt; a failure that lasts gives up with the last error.
 * Failures are injected in front of the real container (the code right above it is what is tested).
 */
import type { Container } from "@azure/cosmos";
import { useTestCosmos } from "../../test/helpers/cosmos";
import { createStateStore } from "./stateStore";

const fail = (code: number | string): Error => Object.assign(new Error("injected"), { code });

/** The real container, whose next `n` item reads / creates / replaces reject with `err` first. */
function flaky(container: Container, plan: { reads?: Error[]; writes?: Error[] }): Container {
  const next = (list: Error[] | undefined): Error | undefined => list?.shift();
  const item = (id: string, pk: string) => {
    const real = container.item(id, pk);
    return new Proxy(real, {
      get(target, prop, receiver) {
        if (prop === "read" || prop === "replace") {
          const list = prop === "read" ? plan.reads : plan.writes;
          return (...args: unknown[]) => {
            const e = next(list);
            return e ? Promise.reject(e) : (Reflect.get(target, prop, receiver) as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          };
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
  };
  const items = new Proxy(container.items, {
    get(target, prop, receiver) {
      if (prop === "create") {
        return (...args: unknown[]) => {
          const e = next(plan.writes);
          return e ? Promise.reject(e) : (Reflect.get(target, prop, receiver) as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return new Proxy(container, {
    get(target, prop, receiver) {
      if (prop === "item") return item;
      if (prop === "items") return items;
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

const cosmos = useTestCosmos();

it("a 503 on create and a reset connection on read are retried against the real store", async () => {
  const plan = { reads: [fail("ECONNRESET")], writes: [fail(503)] };
  const store = createStateStore(flaky(cosmos.store.containers.botstate, plan), { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
  await store.write({ "k/retry-1": { n: 1 } });
  expect(plan.writes).toEqual([]);
  const r = await store.read(["k/retry-1"]);
  expect(plan.reads).toEqual([]);
  expect(r["k/retry-1"]).toMatchObject({ n: 1 });
});

it("a 408 on a conditional replace is retried", async () => {
  const direct = createStateStore(cosmos.store.containers.botstate);
  await direct.write({ "k/retry-2": { n: 1 } });
  const current = (await direct.read(["k/retry-2"]))["k/retry-2"];
  const plan = { writes: [fail(408)] };
  const store = createStateStore(flaky(cosmos.store.containers.botstate, plan), { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
  await store.write({ "k/retry-2": { ...current, n: 2 } });
  expect((await direct.read(["k/retry-2"]))["k/retry-2"]).toMatchObject({ n: 2 });
});

it("an outage longer than the retries gives up with the last error (the turn then says storage is unavailable)", async () => {
  const plan = { reads: [fail(503), fail(503), fail("ECONNREFUSED")] };
  const store = createStateStore(flaky(cosmos.store.containers.botstate, plan), { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
  await expect(store.read(["k/retry-3"])).rejects.toMatchObject({ code: "ECONNREFUSED" });
});
