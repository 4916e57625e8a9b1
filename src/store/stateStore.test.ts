import { useTestCosmos } from "../../test/helpers/cosmos";
import { createStateStore, stateDocId } from "./stateStore";

describe("Cosmos state store (embedded Cosmos)", () => {
  const cosmos = useTestCosmos();

  it("reads what it wrote, with an eTag, and deletes", async () => {
    const store = createStateStore(cosmos.store.containers.botstate);
    const key = "msteams/28:bot/conversations/19:abc@thread.tacv2;messageid=1";
    expect(await store.read([key])).toEqual({});
    await store.write({ [key]: { count: 1, nested: { a: [1, 2] } } });
    const r = await store.read([key, "missing"]);
    expect(Object.keys(r)).toEqual([key]);
    expect(r[key]).toMatchObject({ count: 1, nested: { a: [1, 2] } });
    expect(typeof r[key].eTag).toBe("string");
    const { resource } = await cosmos.store.containers.botstate.item(stateDocId(key), stateDocId(key)).read<{ key: string }>();
    expect(resource?.key).toBe(key);
    await store.delete([key, "never-existed"]);
    expect(await store.read([key])).toEqual({});
  });

  it("a stale eTag from another instance is merged and retried, never thrown", async () => {
    const conflicts: string[] = [];
    const a = createStateStore(cosmos.store.containers.botstate, { onConflict: (i) => conflicts.push(i.key) });
    const b = createStateStore(cosmos.store.containers.botstate);
    const key = "k/conflict";
    await a.write({ [key]: { x: 0, y: 0 } });
    const readA = (await a.read([key]))[key];
    const readB = (await b.read([key]))[key];
    await b.write({ [key]: { ...readB, y: 1 } }); // instance B saves first
    await a.write({ [key]: { ...readA, x: 1 } }); // instance A's eTag is now stale -> 412 -> merge
    const final = (await a.read([key]))[key];
    expect(final).toMatchObject({ x: 1, y: 1 });
    expect(conflicts).toEqual([key]);
  });

  it("two first writes of one key (no eTag) do not fail and keep both changes", async () => {
    const a = createStateStore(cosmos.store.containers.botstate);
    const b = createStateStore(cosmos.store.containers.botstate);
    const key = "k/first";
    await Promise.all([a.write({ [key]: { fromA: true } }), b.write({ [key]: { fromB: true } })]);
    expect((await a.read([key]))[key]).toMatchObject({ fromA: true, fromB: true });
  });

  it("eTag '*' overwrites unconditionally", async () => {
    const store = createStateStore(cosmos.store.containers.botstate);
    const key = "k/star";
    await store.write({ [key]: { v: 1 } });
    await store.write({ [key]: { v: 2, eTag: "*" } });
    expect((await store.read([key]))[key]).toMatchObject({ v: 2 });
  });
});
