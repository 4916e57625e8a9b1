/**
 * The small OData subset the Intune and Defender lists accept: an opaque $skiptoken, $top with a per-endpoint
 * maximum, $select checked against the entity's properties, and a simple $filter
 * (`prop eq|ne|gt|ge|lt|le literal` and `startswith(prop,'x')`, joined by `and`).
 * Pure functions: no world, no clock.
 */
import { declaredDefault, isDeclaredExactly } from "../declared";

export type QueryResult<T> = { ok: true; value: T } | { ok: false; message: string };

// ---- $skiptoken -------------------------------------------------------------------------------------------

interface SkipState {
  /** Position in the tenant's stable stream where the next page starts. */
  p: number;
  /** Tenant the token was issued for (a token is not valid for another tenant). */
  t: string;
}

const TOKEN_PREFIX = "RFNwbGl0"; // looks like Graph's opaque tokens; only its presence is checked

export function encodeSkipToken(position: number, tenantId: string): string {
  const state: SkipState = { p: position, t: tenantId };
  return TOKEN_PREFIX + Buffer.from(JSON.stringify(state), "utf8").toString("base64url");
}

export function decodeSkipToken(token: string, tenantId: string): QueryResult<number> {
  if (!token.startsWith(TOKEN_PREFIX)) return { ok: false, message: "Invalid $skiptoken value." };
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token.slice(TOKEN_PREFIX.length), "base64url").toString("utf8"));
    if (
      typeof parsed === "object" && parsed !== null &&
      "p" in parsed && "t" in parsed &&
      typeof parsed.p === "number" && Number.isInteger(parsed.p) && parsed.p >= 0 &&
      parsed.t === tenantId
    ) {
      return { ok: true, value: parsed.p };
    }
  } catch {
    // fall through
  }
  return { ok: false, message: "Invalid $skiptoken value." };
}

// ---- $top / $skip ------------------------------------------------------------------------------------------

/** Parses a non-negative integer query option; absent → fallback; values above max are capped. */
export function parseCount(raw: string | null, name: string, fallback: number, max: number, min = 1): QueryResult<number> {
  if (raw === null || raw === "") return { ok: true, value: Math.min(fallback, max) };
  if (!/^\d+$/.test(raw.trim())) return { ok: false, message: `Invalid value '${raw}' for query option ${name}.` };
  const n = Number(raw.trim());
  if (n < min) return { ok: false, message: `Invalid value '${raw}' for query option ${name}.` };
  return { ok: true, value: Math.min(n, max) };
}

// ---- $select -----------------------------------------------------------------------------------------------

/**
 * $select: the properties the simulator models (`known`) and every other structural property Graph declares on the
 * type (matched exactly, as Intune does); anything else is refused.
 */
export function parseSelect(raw: string | null, known: ReadonlySet<string>, entityType: string): QueryResult<string[] | undefined> {
  if (raw === null || raw.trim() === "") return { ok: true, value: undefined };
  const props = raw.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  for (const p of props) {
    if (!known.has(p) && !isDeclaredExactly(entityType, p)) return { ok: false, message: `Could not find a property named '${p}' on type '${entityType}'.` };
  }
  return { ok: true, value: props };
}

/** The $select subset of an entity; a declared property the simulator does not model gets Graph's default (declared.ts). */
export function applySelect<T extends object>(item: T, select: readonly string[] | undefined, entityType?: string): Partial<T> | T {
  if (!select) return item;
  const out: Record<string, unknown> = {};
  const src = item as Record<string, unknown>;
  for (const key of select) {
    if (key in src) out[key] = src[key];
    else if (entityType && isDeclaredExactly(entityType, key)) out[key] = declaredDefault(entityType, key);
  }
  return out as Partial<T>;
}

// ---- $filter -----------------------------------------------------------------------------------------------

type Literal = string | number | boolean | null;
type Op = "eq" | "ne" | "gt" | "ge" | "lt" | "le";
type Clause =
  | { kind: "cmp"; prop: string; op: Op; value: Literal; isDate: boolean }
  | { kind: "startswith"; prop: string; value: string };

export type Predicate = (item: object) => boolean;

const CMP = /^([A-Za-z][A-Za-z0-9]*)\s+(eq|ne|gt|ge|lt|le)\s+(.+)$/i;
const STARTS = /^startswith\(\s*([A-Za-z][A-Za-z0-9]*)\s*,\s*'((?:[^']|'')*)'\s*\)$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function parseLiteral(raw: string): QueryResult<{ value: Literal; isDate: boolean }> {
  const s = raw.trim();
  const str = /^'((?:[^']|'')*)'$/.exec(s);
  if (str) return { ok: true, value: { value: (str[1] ?? "").replace(/''/g, "'"), isDate: false } };
  if (s === "true" || s === "false") return { ok: true, value: { value: s === "true", isDate: false } };
  if (s === "null") return { ok: true, value: { value: null, isDate: false } };
  if (/^-?\d+(\.\d+)?$/.test(s)) return { ok: true, value: { value: Number(s), isDate: false } };
  if (ISO_DATE.test(s)) return { ok: true, value: { value: s, isDate: true } };
  return { ok: false, message: `Invalid filter clause: unsupported literal ${s}.` };
}

/** Splits on " and " outside quotes. `or` and parentheses beyond startswith() are refused. */
function splitAnd(filter: string): QueryResult<string[]> {
  const parts: string[] = [];
  let cur = "";
  let inQuote = false;
  for (let i = 0; i < filter.length; i++) {
    const ch = filter[i];
    if (ch === "'") inQuote = !inQuote;
    if (!inQuote && /^\s+and\s+/i.test(filter.slice(i)) && /\s/.test(ch ?? "")) {
      const m = /^\s+and\s+/i.exec(filter.slice(i));
      parts.push(cur);
      cur = "";
      i += (m?.[0].length ?? 1) - 1;
      continue;
    }
    if (!inQuote && /^\s+or\s+/i.test(filter.slice(i)) && /\s/.test(ch ?? "")) {
      return { ok: false, message: "Invalid filter clause: 'or' is not supported on this resource." };
    }
    cur += ch;
  }
  if (inQuote) return { ok: false, message: "Invalid filter clause: unterminated string literal." };
  parts.push(cur);
  return { ok: true, value: parts.map((p) => p.trim()).filter((p) => p.length > 0) };
}

function compare(a: unknown, op: Op, b: Literal, isDate: boolean): boolean {
  if (isDate && typeof a === "string" && typeof b === "string") {
    const x = Date.parse(a);
    const y = Date.parse(b);
    return cmpNum(x, op, y);
  }
  if (typeof a === "number" && typeof b === "number") return cmpNum(a, op, b);
  if (typeof a === "string" && typeof b === "string") {
    return compareOrdered(a.toLowerCase(), op, b.toLowerCase());
  }
  const av = a ?? null;
  if (op === "eq") return av === b;
  if (op === "ne") return av !== b;
  return false;
}

function cmpNum(x: number, op: Op, y: number): boolean {
  return compareOrdered(x, op, y);
}

function compareOrdered<T extends number | string>(x: T, op: Op, y: T): boolean {
  switch (op) {
    case "eq": return x === y;
    case "ne": return x !== y;
    case "gt": return x > y;
    case "ge": return x >= y;
    case "lt": return x < y;
    case "le": return x <= y;
  }
}

/**
 * Parses `$filter` against the properties an endpoint supports. Returns undefined for an absent filter.
 * `filterable` maps property name → whether it is a date (compared as instants).
 */
export function parseFilter(raw: string | null, filterable: ReadonlyMap<string, "string" | "date" | "number" | "boolean">): QueryResult<Predicate | undefined> {
  if (raw === null || raw.trim() === "") return { ok: true, value: undefined };
  const split = splitAnd(raw.trim());
  if (!split.ok) return split;
  const clauses: Clause[] = [];
  for (const part of split.value) {
    const sw = STARTS.exec(part);
    if (sw) {
      const prop = sw[1] ?? "";
      if (filterable.get(prop) !== "string") return { ok: false, message: `Invalid filter clause: property '${prop}' cannot be used in startswith.` };
      clauses.push({ kind: "startswith", prop, value: (sw[2] ?? "").replace(/''/g, "'").toLowerCase() });
      continue;
    }
    const m = CMP.exec(part);
    if (!m) return { ok: false, message: `Invalid filter clause: ${part}` };
    const prop = m[1] ?? "";
    const type = filterable.get(prop);
    if (!type) return { ok: false, message: `Invalid filter clause: filtering on property '${prop}' is not supported.` };
    const lit = parseLiteral(m[3] ?? "");
    if (!lit.ok) return lit;
    clauses.push({ kind: "cmp", prop, op: (m[2] ?? "eq").toLowerCase() as Op, value: lit.value.value, isDate: type === "date" });
  }
  const predicate: Predicate = (item) =>
    clauses.every((c) => {
      const v = (item as Record<string, unknown>)[c.prop];
      if (c.kind === "startswith") return typeof v === "string" && v.toLowerCase().startsWith(c.value);
      return compare(v, c.op, c.value, c.isDate);
    });
  return { ok: true, value: predicate };
}
