/**
 * Where Tenant Pilot keeps secrets: the apps' client secrets and the service account's refresh token.
 * `get` is the only way a value comes back out: no listing, no value in errors, logs or return values elsewhere.
 *
 * Names are dotted identifiers, e.g. `lifecycleApp.clientSecret`, `partnerCenterApp.clientSecret`,
 * `m365.refreshToken` (see SECRET_NAMES); every method refuses any other shape with InvalidSecretNameError.
 */
import { z } from "zod/v4";

export interface SecretStore {
  /** The value, or undefined when none is stored. Throws SecretUnreadableError when it cannot be decrypted. */
  get(name: string): Promise<string | undefined>;
  /** Stores (or replaces) the value. */
  set(name: string, value: string): Promise<void>;
  /** Removes the value; nothing happens when none is stored. */
  delete(name: string): Promise<void>;
  /** Whether a value is stored (without decrypting it). */
  has(name: string): Promise<boolean>;
}

/** The secrets the product knows today. */
export const SECRET_NAMES = {
  lifecycleAppClientSecret: "lifecycleApp.clientSecret",
  partnerCenterAppClientSecret: "partnerCenterApp.clientSecret",
  m365RefreshToken: "m365.refreshToken",
} as const;

/** Longest value accepted (refresh tokens are a few KB). */
export const MAX_SECRET_VALUE_LENGTH = 64 * 1024;

/** 2 to 8 dot-separated segments of letters, digits, `_` or `-`, each starting with a letter or digit; at most 200 characters. */
export const secretNameSchema = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}(\.[A-Za-z0-9][A-Za-z0-9_-]{0,63}){1,7}$/);

export const secretValueSchema = z.string().min(1).max(MAX_SECRET_VALUE_LENGTH);

export class InvalidSecretNameError extends Error {
  constructor() {
    // The rejected text is not echoed: a value passed as a name by mistake must not reach a log.
    super("invalid secret name: expected dotted identifiers such as lifecycleApp.clientSecret");
    this.name = "InvalidSecretNameError";
  }
}

export class InvalidSecretValueError extends Error {
  constructor(readonly secretName: string) {
    super(`invalid value for secret ${secretName}: expected a non-empty string of at most ${MAX_SECRET_VALUE_LENGTH} characters`);
    this.name = "InvalidSecretValueError";
  }
}

export function isSecretName(name: unknown): name is string {
  return secretNameSchema.safeParse(name).success;
}

/** Returns the name, or throws InvalidSecretNameError. */
export function assertSecretName(name: unknown): string {
  if (!isSecretName(name)) throw new InvalidSecretNameError();
  return name;
}

/** Returns the value, or throws InvalidSecretValueError. */
export function assertSecretValue(name: string, value: unknown): string {
  const r = secretValueSchema.safeParse(value);
  if (!r.success) throw new InvalidSecretValueError(name);
  return r.data;
}
