/**
 * The one GUID helper of src/ (tenant ids, object ids, app ids): a pattern, a test and a zod schema that
 * normalises to lower case. Pure, imports only zod.
 */
import { z } from "zod/v4";

/** 8-4-4-4-12 hexadecimal digits, any case, no braces. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: unknown): boolean {
  return typeof value === "string" && GUID_PATTERN.test(value);
}

/** A GUID, trimmed and lower-cased (Entra ids compare case-insensitively). */
export const guidSchema = z
  .string()
  .trim()
  .regex(GUID_PATTERN, { error: "must be a GUID" })
  .transform((v) => v.toLowerCase());
