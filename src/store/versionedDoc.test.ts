import type { Container, Item } from "@azure/cosmos";
import { z } from "zod/v4";
import { useTestCosmos } from "../../test/helpers/cosmos";
import { DocConflictError, DocInvalidError, versionedDoc } from "./versionedDoc";

const schema = z.object({ step: z.number().int(), done: z.array(z.string()) });
type Progress = z.infer<typeof schema>;
const PARTNER = "11111111-2222-3333-4444-555555555555";

/**
 * The container, except that before each of the first `times` replaces (or creates) through it, `race` runs to the
 * end: another admin's write lands between our read and our write, deterministically.
 */
function withRace(container: Container, race: () => Promise<void>, times: number): Container {
  let left = times;
  const before = async (): Promise<void> => {
    if (left > 0) {
      left--;
      await race();
    }
  };
  const wrapItem = (item: Item): Item =>
    new Proxy(item, {
      get(target, prop) {
        if (prop === "replace") {
          return async (...args: Parameters<Item["replace"]>) => {
            await before();
            return target.replace(...args);
          };
        }
        const v = Reflect.get(target, prop, target);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
  const items = new Proxy(container.items, {
    get(target, prop) {
      if (prop === "create") {
        return async (...args: Parameters<Container["items"]["create"]>) => {
          await before();
          return target.create(...args);
        };
      }
      const v = Reflect.get(target, prop, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  return new Proxy(container, {
    get(target, prop) {
      if (prop === "item") return (id: string, pk: string) => wrapItem(target.item(id, pk));
      if (prop === "items") return items;
      const v = Reflect.get(target, prop, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

describe("versioned document (embedded Cosmos)", () => {
  const cosmos = useTestCosmos();
  let n = 0;
  const container = (): Container => cosmos.store.containers.settings;
  const nextId = (): string => `progress-${n++}`;
  const open = (id: string, c: Container = container()) =>
    versionedDoc(c, { id, partitionKeyField: "partnerTenantId", partitionKey: PARTNER, schema });
  /** What another admin does: an unconditional write of the whole document. */
  const otherAdminWrites = (id: string, data: Progress) => async (): Promise<void> => {
    await container().items.upsert({ id, partnerTenantId: PARTNER, data });
  };

  it("creates only when absent and replaces only the version read", async () => {
    const doc = open(nextId());
    expect(await doc.read()).toBeUndefined();
    const v1 = await doc.write({ step: 1, done: [] }, { absent: true });
    await expect(doc.write({ step: 9, done: [] }, { absent: true })).rejects.toMatchObject({ name: "DocConflictError", status: 409 });
    const v2 = await doc.write({ step: 2, done: ["a"] }, { etag: v1.etag });
    expect(v2.etag).not.toBe(v1.etag);
    // A stale card: the first version's etag no longer matches.
    await expect(doc.write({ step: 3, done: [] }, { etag: v1.etag })).rejects.toMatchObject({ name: "DocConflictError", status: 412 });
    expect(await doc.read()).toEqual({ value: { step: 2, done: ["a"] }, etag: v2.etag });
    expect(await doc.remove()).toBe(true);
    expect(await doc.remove()).toBe(false);
    // Replacing a version that was deleted meanwhile is a conflict, not a silent create.
    await expect(doc.write({ step: 4, done: [] }, { etag: v2.etag })).rejects.toBeInstanceOf(DocConflictError);
    expect(await doc.read()).toBeUndefined();
  });

  it("stores the partition key field, so a WHERE on it finds the document", async () => {
    const id = nextId();
    await open(id).write({ step: 1, done: [] }, { absent: true });
    const { resources } = await container()
      .items.query<{ id: string }>({
        query: "SELECT c.id FROM c WHERE c.partnerTenantId = @p AND c.id = @id",
        parameters: [{ name: "@p", value: PARTNER }, { name: "@id", value: id }],
      })
      .fetchAll();
    expect(resources).toEqual([{ id }]);
  });

  it("refuses invalid data both ways, naming paths only", async () => {
    const id = nextId();
    const doc = open(id);
    await expect(doc.write({ step: 1.5, done: [] }, { absent: true })).rejects.toEqual(expect.objectContaining({ paths: ["step"] }));
    await container().items.create({ id, partnerTenantId: PARTNER, data: { step: "secret-looking-value", done: [] } });
    const err = await doc.read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocInvalidError);
    expect((err as Error).message).not.toContain("secret-looking-value");
  });

  it("update re-applies the pure function after a concurrent write: neither change is lost", async () => {
    const id = nextId();
    await open(id).write({ step: 1, done: [] }, { absent: true });
    const doc = open(id, withRace(container(), otherAdminWrites(id, { step: 5, done: ["theirs"] }), 1));
    const seen: Progress[] = [];
    const result = await doc.update((cur) => {
      if (cur) seen.push(cur);
      return { step: (cur?.step ?? 0) + 1, done: [...(cur?.done ?? []), "mine"] };
    });
    expect(seen).toEqual([{ step: 1, done: [] }, { step: 5, done: ["theirs"] }]);
    expect(result.value).toEqual({ step: 6, done: ["theirs", "mine"] });
    expect((await open(id).read())?.value).toEqual(result.value);
  });

  it("update of an absent document conflicts on a concurrent create and then builds on it", async () => {
    const id = nextId();
    const doc = open(id, withRace(container(), otherAdminWrites(id, { step: 1, done: ["theirs"] }), 1));
    const result = await doc.update((cur) => ({ step: 2, done: [...(cur?.done ?? []), "mine"] }));
    expect(result.value).toEqual({ step: 2, done: ["theirs", "mine"] });
  });

  it("update writes nothing when the value is unchanged, and gives up after maxAttempts", async () => {
    const id = nextId();
    const v1 = await open(id).write({ step: 1, done: ["x"] }, { absent: true });
    // Same data, keys in another order: no write, same etag.
    expect(await open(id).update((cur) => ({ done: cur?.done ?? [], step: cur?.step ?? 0 }))).toEqual(v1);

    let k = 0;
    const alwaysFirst = withRace(container(), async () => otherAdminWrites(id, { step: 100 + k++, done: [] })(), 10);
    const err = await open(id, alwaysFirst)
      .update((cur) => ({ step: (cur?.step ?? 0) + 1, done: [] }), { maxAttempts: 3 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocConflictError);
    expect(err).toMatchObject({ status: 412, attempts: 3 });
    expect((await open(id).read())?.value).toEqual({ step: 102, done: [] });
  });
});
