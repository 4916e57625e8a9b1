/**
 * The one GUID pattern of src/ (tenant ids, object ids, app ids): 8-4-4-4-12 hexadecimal digits, any case, no braces.
 * In domain/ so every layer (config included) can use it; the zod schema that normalises it is src/dialogs/guid.ts.
 */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: unknown): boolean {
  return typeof value === "string" && GUID_PATTERN.test(value);
}
