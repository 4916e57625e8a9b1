/**
 * JSON with object keys sorted at every level (undefined members dropped, as JSON.stringify does), so equal data gives
 * equal text whatever order its keys were built in: for change detection and content hashes.
 */
import { createHash } from "node:crypto";

export function canonicalJson(value: unknown): string {
  // What JSON.stringify gives at the top level for undefined, a function or a symbol (no text): kept as it was.
  return serialize(value) as string;
}

/**
 * The same text as JSON.stringify with every object's keys sorted (toJSON honoured, undefined / function / symbol
 * members dropped and null in arrays), written directly: about twice as fast as a sorting replacer, which matters
 * when a sync hashes every item of every page.
 */
function serialize(v: unknown): string | undefined {
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
    case "number":
    case "boolean":
    case "bigint":
      return JSON.stringify(v);
    case "object":
      break;
    default:
      return undefined;
  }
  const withToJson = v as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === "function") return serialize(withToJson.toJSON());
  if (Array.isArray(v)) {
    let out = "[";
    for (let i = 0; i < v.length; i++) out += (i > 0 ? "," : "") + (serialize(v[i] as unknown) ?? "null");
    return `${out}]`;
  }
  const obj = v as Record<string, unknown>;
  let out = "{";
  let first = true;
  const keys = Object.keys(obj);
  // Built in key order already (the sync's items are): no sort, whose scratch space is garbage per object.
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1] < keys[i];
  if (!sorted) keys.sort();
  // Sorted and flat (a device, an app): JSON.stringify writes the same text in one go.
  else if (keys.every((k) => isFlat(obj[k]))) return JSON.stringify(obj);
  for (const k of keys) {
    const text = serialize(obj[k]);
    if (text === undefined) continue;
    out += `${first ? "" : ","}${JSON.stringify(k)}:${text}`;
    first = false;
  }
  return `${out}}`;
}

/** A value JSON.stringify writes as serialize does, whatever its place: a string, a finite number, a boolean, null. */
function isFlat(v: unknown): boolean {
  return v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));
}

export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** sha256 of the canonical JSON, hex, cut to `length` characters (default 32: 128 bits). */
export function contentHash(value: unknown, length = 32): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex").slice(0, length);
}
