/**
 * Authenticated encryption of one secret value (AES-256-GCM, node:crypto), bound to the secret's name.
 *
 * - A fresh random 96-bit IV per seal (never reused with the same key).
 * - Additional authenticated data = format version + secret name + key id: a ciphertext copied onto another name,
 *   or relabelled with another key id, fails authentication.
 * - Opening tells "encrypted with a key we do not hold" (unknownKey) from "altered" (tampered) from "not a sealed
 *   secret at all" (malformed). Errors carry the secret's name, never its value.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { z } from "zod/v4";
import type { SecretKey } from "./secretKey";

export const SEALED_FORMAT_VERSION = 1;
export const SEALED_ALGORITHM = "AES-256-GCM";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedSecret {
  /** Format version of this record. */
  v: typeof SEALED_FORMAT_VERSION;
  alg: typeof SEALED_ALGORITHM;
  /** Id (fingerprint) of the key that sealed it. */
  keyId: string;
  /** base64 */
  iv: string;
  /** base64 */
  tag: string;
  /** base64 */
  ct: string;
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
export const sealedSecretSchema = z.object({
  v: z.literal(SEALED_FORMAT_VERSION),
  alg: z.literal(SEALED_ALGORITHM),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  iv: base64,
  tag: base64,
  ct: base64,
});

export type SecretUnreadableReason = "unknownKey" | "tampered" | "malformed";

export class SecretUnreadableError extends Error {
  constructor(
    readonly secretName: string,
    readonly reason: SecretUnreadableReason,
  ) {
    super(
      reason === "unknownKey"
        ? `the stored secret ${secretName} was encrypted with another key (TP_SECRET_KEY changed?): set it again`
        : reason === "tampered"
          ? `the stored secret ${secretName} failed its integrity check (altered or moved): set it again`
          : `the stored secret ${secretName} is not in a readable format: set it again`,
    );
    this.name = "SecretUnreadableError";
  }
}

function aad(name: string, keyId: string): Buffer {
  return Buffer.from(`tenant-pilot.secret.v${SEALED_FORMAT_VERSION}\u0000${name}\u0000${keyId}`, "utf8");
}

export function sealSecret(key: SecretKey, name: string, plaintext: string): SealedSecret {
  const iv = randomBytes(IV_BYTES);
  const bytes = key.keyBytes();
  try {
    const cipher = createCipheriv("aes-256-gcm", bytes, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(name, key.id));
    const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return {
      v: SEALED_FORMAT_VERSION,
      alg: SEALED_ALGORITHM,
      keyId: key.id,
      iv: iv.toString("base64"),
      tag: cipher.getAuthTag().toString("base64"),
      ct: ct.toString("base64"),
    };
  } finally {
    bytes.fill(0);
  }
}

/** Opens a sealed secret with whichever of `keys` sealed it. Throws SecretUnreadableError. */
export function openSecret(keys: readonly SecretKey[], name: string, sealed: unknown): string {
  const parsed = sealedSecretSchema.safeParse(sealed);
  if (!parsed.success) throw new SecretUnreadableError(name, "malformed");
  const s = parsed.data;
  const iv = Buffer.from(s.iv, "base64");
  const tag = Buffer.from(s.tag, "base64");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretUnreadableError(name, "malformed");
  const key = keys.find((k) => k.id === s.keyId);
  if (key === undefined) throw new SecretUnreadableError(name, "unknownKey");
  const bytes = key.keyBytes();
  try {
    const decipher = createDecipheriv("aes-256-gcm", bytes, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(name, s.keyId));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(s.ct, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretUnreadableError(name, "tampered");
  } finally {
    bytes.fill(0);
  }
}
