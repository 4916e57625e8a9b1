/**
 * SecretStore on Azure Key Vault (azure mode, KEY_VAULT_URL): the bot's managed identity (DefaultAzureCredential;
 * AZURE_CLIENT_ID selects a user-assigned one) needs the "Key Vault Secrets Officer" role on the vault.
 *
 * Names: Key Vault allows `^[0-9a-zA-Z-]{1,127}$` and compares them case-insensitively, so our dotted, mixed-case
 * names are mapped injectively (`keyVaultSecretName`): `tp-` prefix, lower-case letters and digits kept, an
 * upper-case letter becomes `-` + the letter, `.` becomes `-0`, `_` becomes `-1`, `-` becomes `--`
 * ("lifecycleApp.clientSecret" → "tp-lifecycle-app-0client-secret").
 *
 * Soft delete is always on: `delete` deletes (and waits until the vault reports it deleted); a later `set` of the same
 * name recovers the deleted secret first and then writes a new version (no purge permission needed, and it works
 * with purge protection). Nothing here logs; errors name the secret, never its value.
 */
import type { TokenCredential } from "@azure/identity";
import { SecretClient, type SecretClientOptions } from "@azure/keyvault-secrets";
import { assertSecretName, assertSecretValue, InvalidSecretNameError, type SecretStore } from "./secretStore";

export const KEY_VAULT_PREFIX = "tp-";
const KEY_VAULT_NAME = /^[0-9a-zA-Z-]{1,127}$/;

/** Pure: our secret name → its Key Vault name (injective under Key Vault's case-insensitivity). Throws InvalidSecretNameError. */
export function keyVaultSecretName(name: string): string {
  const n = assertSecretName(name);
  let out = KEY_VAULT_PREFIX;
  for (const ch of n) {
    if (/[a-z0-9]/.test(ch)) out += ch;
    else if (/[A-Z]/.test(ch)) out += `-${ch.toLowerCase()}`;
    else if (ch === ".") out += "-0";
    else if (ch === "_") out += "-1";
    else if (ch === "-") out += "--";
    else throw new InvalidSecretNameError();
  }
  if (!KEY_VAULT_NAME.test(out)) throw new InvalidSecretNameError();
  return out;
}

/** Pure: the inverse of keyVaultSecretName; undefined for a name it did not make. */
export function secretNameFromKeyVault(kvName: string): string | undefined {
  const s = kvName.toLowerCase();
  if (!s.startsWith(KEY_VAULT_PREFIX)) return undefined;
  let out = "";
  for (let i = KEY_VAULT_PREFIX.length; i < s.length; i++) {
    const ch = s[i];
    if (ch !== "-") {
      out += ch;
      continue;
    }
    const next = s[++i];
    if (next === undefined) return undefined;
    if (next === "-") out += "-";
    else if (next === "0") out += ".";
    else if (next === "1") out += "_";
    else if (/[a-z]/.test(next)) out += next.toUpperCase();
    else return undefined;
  }
  return out;
}

/** Key Vault's status for a REST error (404 not found, 409 deleted but recoverable, …). */
function statusOf(err: unknown): number | undefined {
  const s = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === "number" ? s : undefined;
}

export interface KeyVaultSecretStoreOptions {
  vaultUrl: string;
  credential: TokenCredential;
  /** SDK options (tests: the stand-in's CA as `tlsOptions`, `disableChallengeResourceVerification` for 127.0.0.1). */
  clientOptions?: SecretClientOptions;
  /** Poll interval of delete and recover (ms; the SDK's default is 2000). */
  pollIntervalMs?: number;
}

export function createKeyVaultSecretStore(opts: KeyVaultSecretStoreOptions): SecretStore {
  const client = new SecretClient(opts.vaultUrl, opts.credential, opts.clientOptions);
  const poll = { intervalInMs: opts.pollIntervalMs ?? 1000 };

  const read = async (kv: string): Promise<string | undefined> => {
    try {
      return (await client.getSecret(kv)).value;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  };

  return {
    // Validation errors reject the returned promise (as the Cosmos store's do), never throw synchronously.
    get: async (name) => read(keyVaultSecretName(name)),

    async set(name, value) {
      const kv = keyVaultSecretName(name);
      const v = assertSecretValue(name, value);
      try {
        await client.setSecret(kv, v, { contentType: "text/plain", tags: { app: "tenant-pilot", name } });
      } catch (err) {
        if (statusOf(err) !== 409) throw err;
        // Deleted but recoverable: bring it back, then write the new version over it.
        await (await client.beginRecoverDeletedSecret(kv, poll)).pollUntilDone();
        await client.setSecret(kv, v, { contentType: "text/plain", tags: { app: "tenant-pilot", name } });
      }
    },

    async delete(name) {
      const kv = keyVaultSecretName(name);
      try {
        await (await client.beginDeleteSecret(kv, poll)).pollUntilDone();
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
    },

    has: async (name) => (await read(keyVaultSecretName(name))) !== undefined,
  };
}
