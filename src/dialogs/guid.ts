/**
 * The GUID zod schema (normalised to lower case), over the one pattern of src/domain/guid.ts. Pure.
 */
import { z } from "zod/v4";

import { GUID_PATTERN, isGuid } from "../domain/guid";

export { GUID_PATTERN, isGuid };

/** A GUID, trimmed and lower-cased (Entra ids compare case-insensitively). */
export const guidSchema = z
  .string()
  .trim()
  .regex(GUID_PATTERN, { error: "must be a GUID" })
  .transform((v) => v.toLowerCase());
