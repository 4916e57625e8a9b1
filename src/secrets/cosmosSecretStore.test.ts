import { useTestCosmos, type TestCosmos } from "../../test/helpers/cosmos";
import { manualClock } from "../clock";
import { createCosmosSecretStore, type SecretDoc } from "./cosmosSecretStore";
import { SecretUnreadableError } from "./secretCipher";
import { generateSecretKey } from "./secretKey";
import { InvalidSecretNameError, InvalidSecretValueError, SECRET_NAMES } from "./secretStore";

const VALUE = "Zq8~vL2.secret-value-0123456789abcdef";

describe("Cosmos secret store (embedded Cosmos)", () => {
  const cosmos = useTestCosmos();
  const key = generateSecretKey();

  const container = (): TestCosmos["store"]["containers"]["secrets"] => cosmos.store.containers.secrets;
  const rawDoc = async (name: string): Promise<SecretDoc | undefined> => (await container().item(name, name).read<SecretDoc>()).resource;
  const unreadableReason = async (p: Promise<unknown>): Promise<string | undefined> => {
    try {
      await p;
      return undefined;
    } catch (err) {
      if (err instanceof SecretUnreadableError) return err.reason;
      throw err;
    }
  };

  it("round-trips, replaces, reports presence and deletes", async () => {
    const clock = manualClock("2025-03-01T10:00:00Z");
    const store = createCosmosSecretStore(container(), { key, clock });
    const name = SECRET_NAMES.lifecycleAppClientSecret;
    expect(await store.has(name)).toBe(false);
    expect(await store.get(name)).toBeUndefined();
    await store.set(name, VALUE);
    expect(await store.has(name)).toBe(true);
    expect(await store.get(name)).toBe(VALUE);
    await store.set(name, `${VALUE}-2`);
    expect(await store.get(name)).toBe(`${VALUE}-2`);
    expect((await rawDoc(name))?.updatedAt).toBe("2025-03-01T10:00:00.000Z");
    await store.delete(name);
    await store.delete(name); // absent: no error
    expect(await store.has(name)).toBe(false);
    expect(await store.get(name)).toBeUndefined();
  });

  it("stores nothing of the plaintext: the raw document holds only the sealed record", async () => {
    const store = createCosmosSecretStore(container(), { key });
    const name = SECRET_NAMES.m365RefreshToken;
    await store.set(name, VALUE);
    const doc = await rawDoc(name);
    expect(doc).toMatchObject({ id: name, v: 1, alg: "AES-256-GCM", keyId: key.id });
    const text = JSON.stringify(doc);
    for (const form of [VALUE, VALUE.slice(0, 12), VALUE.slice(-12), Buffer.from(VALUE).toString("base64"), Buffer.from(VALUE).toString("hex")]) {
      expect(text).not.toContain(form);
    }
    // ... and no other document anywhere in the container carries it either.
    const { resources } = await container().items.query("SELECT * FROM c").fetchAll();
    expect(JSON.stringify(resources)).not.toContain(VALUE);
  });

  it("detects a tampered document", async () => {
    const store = createCosmosSecretStore(container(), { key });
    const name = SECRET_NAMES.partnerCenterAppClientSecret;
    await store.set(name, VALUE);
    const doc = (await rawDoc(name)) as SecretDoc;
    const ct = Buffer.from(doc.ct, "base64");
    ct[ct.length - 1] ^= 0x80;
    await container().items.upsert({ ...doc, ct: ct.toString("base64") });
    expect(await unreadableReason(store.get(name))).toBe("tampered");
    await container().items.upsert({ ...doc, ct: "" , tag: "x" });
    expect(await unreadableReason(store.get(name))).toBe("malformed");
  });

  it("refuses a document sealed with another key, and reads it again with that key as a previous key", async () => {
    const name = "test.wrongKey";
    await createCosmosSecretStore(container(), { key }).set(name, VALUE);
    const rotated = generateSecretKey();
    expect(await unreadableReason(createCosmosSecretStore(container(), { key: rotated }).get(name))).toBe("unknownKey");
    const withOld = createCosmosSecretStore(container(), { key: rotated, previousKeys: [key] });
    expect(await withOld.get(name)).toBe(VALUE);
    await withOld.set(name, VALUE);
    expect((await rawDoc(name))?.keyId).toBe(rotated.id);
  });

  it("binds the ciphertext to its name: a document copied under another name does not open", async () => {
    const store = createCosmosSecretStore(container(), { key });
    await store.set("test.source", VALUE);
    const doc = (await rawDoc("test.source")) as SecretDoc;
    await container().items.upsert({ ...doc, id: "test.target" });
    expect(await unreadableReason(store.get("test.target"))).toBe("tampered");
  });

  it("rejects bad names and values before touching Cosmos, without echoing them", async () => {
    const store = createCosmosSecretStore(container(), { key });
    await expect(store.set("no-dot", VALUE)).rejects.toThrow(InvalidSecretNameError);
    await expect(store.get("../etc")).rejects.toThrow(InvalidSecretNameError);
    await expect(store.set("a.b", "")).rejects.toThrow(InvalidSecretValueError);
    const err = await store.set(VALUE, "x").catch((e: unknown) => e);
    expect((err as Error).message).not.toContain(VALUE);
  });
});
