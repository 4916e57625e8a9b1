/**
 * SecretStore on the Cosmos `secrets` container, every value sealed with AES-256-GCM (secretCipher.ts) before it
 * leaves the process. One document per secret: id = the name (partition key `/id`), the sealed record, the time.
 *
 * Key rotation: `set` always seals with `key`; `get` also opens values sealed with any of `previousKeys`.
 * Nothing here logs; errors name the secret, never its value.
 */
import type { Container } from "@azure/cosmos";
import { systemClock, type Clock } from "../clock";
import { cosmosStatus } from "../store/cosmos";
import { openSecret, sealSecret, type SealedSecret } from "./secretCipher";
import type { SecretKey } from "./secretKey";
import { assertSecretName, assertSecretValue, type SecretStore } from "./secretStore";

export interface SecretDoc extends SealedSecret {
  /** The secret's name. */
  id: string;
  updatedAt: string;
}

export interface CosmosSecretStoreOptions {
  key: SecretKey;
  /** Older keys still accepted for reading (rotation). */
  previousKeys?: readonly SecretKey[];
  clock?: Clock;
}

export function createCosmosSecretStore(container: Container, opts: CosmosSecretStoreOptions): SecretStore {
  const keys = [opts.key, ...(opts.previousKeys ?? [])];
  const clock = opts.clock ?? systemClock;

  const readDoc = async (name: string): Promise<SecretDoc | undefined> => {
    try {
      const { resource } = await container.item(name, name).read<SecretDoc>();
      return resource;
    } catch (err) {
      if (cosmosStatus(err) === 404) return undefined;
      throw err;
    }
  };

  return {
    async get(name) {
      const n = assertSecretName(name);
      const doc = await readDoc(n);
      if (doc === undefined) return undefined;
      const { v, alg, keyId, iv, tag, ct } = doc;
      return openSecret(keys, n, { v, alg, keyId, iv, tag, ct });
    },

    async set(name, value) {
      const n = assertSecretName(name);
      const plaintext = assertSecretValue(n, value);
      const doc: SecretDoc = { id: n, ...sealSecret(opts.key, n, plaintext), updatedAt: clock.now().toISOString() };
      await container.items.upsert<SecretDoc>(doc);
    },

    async delete(name) {
      const n = assertSecretName(name);
      try {
        await container.item(n, n).delete();
      } catch (err) {
        if (cosmosStatus(err) !== 404) throw err;
      }
    },

    async has(name) {
      return (await readDoc(assertSecretName(name))) !== undefined;
    },
  };
}
