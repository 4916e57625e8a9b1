/**
 * The 32-byte key that encrypts the secret store (AES-256-GCM). In azure mode it comes from configuration
 * (`TP_SECRET_KEY`, base64); in local mode a fresh random key is made per run (the data is in memory only anyway).
 *
 * A SecretKey never shows its bytes: JSON, `String()` and `util.inspect` give only its id, so a key passed to a logger
 * by mistake leaks nothing. The id is a fingerprint (HMAC of a fixed label), stored beside each ciphertext so a
 * document encrypted with another key is told apart from a tampered one.
 */
import { createHmac, randomBytes } from "node:crypto";
import { inspect } from "node:util";

export const SECRET_KEY_BYTES = 32;

export class SecretKeyFormatError extends Error {
  constructor(detail: string) {
    super(`TP_SECRET_KEY must be ${SECRET_KEY_BYTES} random bytes in base64 (e.g. \`openssl rand -base64 32\`): ${detail}`);
    this.name = "SecretKeyFormatError";
  }
}

export class SecretKey {
  readonly #bytes: Buffer;
  /** Fingerprint of the key (16 hex characters); reveals nothing about the key. */
  readonly id: string;

  constructor(bytes: Uint8Array) {
    if (bytes.length !== SECRET_KEY_BYTES) throw new SecretKeyFormatError(`got ${bytes.length} bytes`);
    this.#bytes = Buffer.from(bytes);
    this.id = createHmac("sha256", this.#bytes).update("tenant-pilot secret key id v1").digest("hex").slice(0, 16);
  }

  /** The raw key, for the cipher only (src/secrets/secretCipher.ts). A copy: wiping it does not affect the key. */
  keyBytes(): Buffer {
    return Buffer.from(this.#bytes);
  }

  toJSON(): { keyId: string } {
    return { keyId: this.id };
  }

  toString(): string {
    return `SecretKey(${this.id})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** A new random key (local mode: one per run). */
export function generateSecretKey(): SecretKey {
  return new SecretKey(randomBytes(SECRET_KEY_BYTES));
}

/**
 * Parses `TP_SECRET_KEY`: standard or URL-safe base64, padding optional, surrounding whitespace ignored.
 * Throws SecretKeyFormatError, whose message never contains the value.
 */
export function parseSecretKey(base64: string): SecretKey {
  const text = base64.trim();
  if (text === "") throw new SecretKeyFormatError("it is empty");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) throw new SecretKeyFormatError("it holds characters that are not base64");
  const normalized = text.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  const bytes = Buffer.from(normalized, "base64");
  // Buffer.from is lenient: a re-encoding that differs means trailing bits or a truncated quantum.
  if (bytes.toString("base64").replace(/=+$/, "") !== normalized) throw new SecretKeyFormatError("it is not valid base64");
  if (bytes.length !== SECRET_KEY_BYTES) throw new SecretKeyFormatError(`it decodes to ${bytes.length} bytes`);
  return new SecretKey(bytes);
}
