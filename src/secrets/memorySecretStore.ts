/**
 * A SecretStore in memory, with the same validation as the Cosmos one: for unit tests of code that uses secrets.
 * (Local mode uses the Cosmos store, so the secret scanner sees what azure mode stores.)
 */
import { assertSecretName, assertSecretValue, type SecretStore } from "./secretStore";

export function createMemorySecretStore(): SecretStore {
  const values = new Map<string, string>();
  // Validation errors reject the returned promise, as the Cosmos store's do.
  const run = <T>(fn: () => T): Promise<T> => new Promise<T>((resolve) => resolve(fn()));
  return {
    get: (name) => run(() => values.get(assertSecretName(name))),
    set: (name, value) =>
      run(() => {
        const n = assertSecretName(name);
        values.set(n, assertSecretValue(n, value));
      }),
    delete: (name) =>
      run(() => {
        values.delete(assertSecretName(name));
      }),
    has: (name) => run(() => values.has(assertSecretName(name))),
  };
}
