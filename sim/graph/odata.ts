/**
 * The OData query options Graph's directory and GDAP collections accept, as strictly as Graph applies them:
 * `$filter` (eq, ne, gt/ge/lt/le, in, startswith/endswith, and/or/not, any()/all() lambdas, nested paths such as
 * customer/tenantId), `$select`, `$top` with a per-endpoint maximum, `$count`, `$orderby`, `$expand` where listed,
 * and paging by an opaque `$skiptoken` in an `@odata.nextLink` built from the request's origin.
 *
 * Each endpoint declares what it supports (a CollectionSpec); anything else is refused with Graph's error.
 * Directory endpoints ("directory" style) also apply the advanced-query rule: `ne`, `not`, `endswith` and `$count`
 * need `ConsistencyLevel: eventual` (and `$count=true` for the filters).
 */
import type { SimRequest } from "../core/types";
import { GraphHttpError, errors, headerValue } from "./errors";
import { declaredDefault, declaredName } from "./declared";

export type Version = "v1.0" | "beta";
export type Rec = Record<string, unknown>;

export function apiVersion(req: Pick<SimRequest, "path">): Version {
  return req.path.startsWith("/beta/") || req.path === "/beta" ? "beta" : "v1.0";
}

/** Views a Graph entity (typed with @microsoft/microsoft-graph-types) as a plain JSON record. */
export function rec(entity: object): Rec {
  return entity as Rec;
}

// ---- $filter: syntax ----------------------------------------------------------------------------------------

export type CmpOp = "eq" | "ne" | "gt" | "ge" | "lt" | "le";
export type FilterOp = CmpOp | "in" | "startswith" | "endswith" | "contains" | "not" | "any" | "all";
export type Literal = { type: "string"; value: string } | { type: "number"; value: number } | { type: "boolean"; value: boolean } | { type: "null" } | { type: "date"; value: string; ms: number };

export type FilterNode =
  | { k: "cmp"; op: CmpOp; path: string[]; value: Literal }
  | { k: "in"; path: string[]; values: Literal[] }
  | { k: "fn"; fn: "startswith" | "endswith" | "contains"; path: string[]; value: string }
  | { k: "and" | "or"; l: FilterNode; r: FilterNode }
  | { k: "not"; e: FilterNode }
  | { k: "lambda"; fn: "any" | "all"; path: string[]; v: string | null; body: FilterNode | null };

type Token =
  | { t: "str"; v: string; pos: number }
  | { t: "num"; v: number; pos: number }
  | { t: "date"; v: string; pos: number }
  | { t: "guid"; v: string; pos: number }
  | { t: "word"; v: string; pos: number }
  | { t: "punct"; v: "(" | ")" | "," | ":" | "/"; pos: number };

const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?/;
const NUM_RE = /^-?\d+(\.\d+)?/;
const WORD_RE = /^[A-Za-z_@$][A-Za-z0-9_.@$]*/;

export class FilterSyntaxError extends Error {
  constructor(readonly position: number, readonly filter: string) {
    super(`Invalid filter clause: Syntax error at position ${position} in '${filter}'.`);
  }
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      let s = "";
      for (;;) {
        if (j >= src.length) throw new FilterSyntaxError(i, src);
        if (src[j] === "'") {
          if (src[j + 1] === "'") {
            s += "'";
            j += 2;
            continue;
          }
          break;
        }
        s += src[j];
        j++;
      }
      out.push({ t: "str", v: s, pos: i });
      i = j + 1;
      continue;
    }
    if ("(),:/".includes(ch)) {
      out.push({ t: "punct", v: ch as "(" | ")" | "," | ":" | "/", pos: i });
      i++;
      continue;
    }
    const rest = src.slice(i);
    const g = GUID_RE.exec(rest);
    if (g) {
      out.push({ t: "guid", v: g[0], pos: i });
      i += g[0].length;
      continue;
    }
    const d = DATE_RE.exec(rest);
    if (d && d[0].length >= 10) {
      out.push({ t: "date", v: d[0], pos: i });
      i += d[0].length;
      continue;
    }
    const n = NUM_RE.exec(rest);
    if (n) {
      out.push({ t: "num", v: Number(n[0]), pos: i });
      i += n[0].length;
      continue;
    }
    const w = WORD_RE.exec(rest);
    if (w) {
      out.push({ t: "word", v: w[0], pos: i });
      i += w[0].length;
      continue;
    }
    throw new FilterSyntaxError(i, src);
  }
  return out;
}

const CMP_OPS = new Set(["eq", "ne", "gt", "ge", "lt", "le"]);
const FUNCS = new Set(["startswith", "endswith", "contains"]);

/** Parses a $filter expression; throws FilterSyntaxError with Graph's message. */
export function parseFilter(src: string): FilterNode {
  const toks = tokenize(src);
  let p = 0;
  const peek = (o = 0): Token | undefined => toks[p + o];
  const fail = (): never => {
    throw new FilterSyntaxError(peek()?.pos ?? src.length, src);
  };
  const isWord = (tok: Token | undefined, v?: string): tok is Extract<Token, { t: "word" }> =>
    tok?.t === "word" && (v === undefined || tok.v.toLowerCase() === v);
  const isPunct = (tok: Token | undefined, v: string): boolean => tok?.t === "punct" && tok.v === v;
  const expect = (v: string): void => {
    if (!isPunct(peek(), v)) fail();
    p++;
  };

  const literal = (): Literal => {
    const tok = peek();
    if (!tok) return fail();
    p++;
    switch (tok.t) {
      case "str":
        return { type: "string", value: tok.v };
      case "guid":
        return { type: "string", value: tok.v };
      case "num":
        return { type: "number", value: tok.v };
      case "date":
        return { type: "date", value: tok.v, ms: Date.parse(tok.v.length === 10 ? `${tok.v}T00:00:00Z` : tok.v) };
      case "word": {
        const w = tok.v.toLowerCase();
        if (w === "true" || w === "false") return { type: "boolean", value: w === "true" };
        if (w === "null") return { type: "null" };
        p--;
        return fail();
      }
      default:
        p--;
        return fail();
    }
  };

  /** A property path; stops before "/any(" or "/all(" and reports the lambda. */
  const path = (): { path: string[]; lambda?: "any" | "all" } => {
    const first = peek();
    if (!isWord(first)) return fail();
    p++;
    const segs = [first.v];
    while (isPunct(peek(), "/")) {
      const next = peek(1);
      if (!isWord(next)) {
        p++;
        return fail();
      }
      const nv = next.v.toLowerCase();
      if ((nv === "any" || nv === "all") && isPunct(peek(2), "(")) {
        p += 2;
        return { path: segs, lambda: nv };
      }
      p += 2;
      segs.push(next.v);
    }
    return { path: segs };
  };

  const primary = (): FilterNode => {
    const tok = peek();
    if (isPunct(tok, "(")) {
      p++;
      const e = or();
      expect(")");
      return e;
    }
    if (isWord(tok) && FUNCS.has(tok.v.toLowerCase()) && isPunct(peek(1), "(")) {
      const fn = tok.v.toLowerCase() as "startswith" | "endswith" | "contains";
      p += 2;
      const { path: pth, lambda } = path();
      if (lambda) return fail();
      expect(",");
      const lit = literal();
      if (lit.type !== "string") {
        p--;
        return fail();
      }
      expect(")");
      // `startswith(x,'y') eq true` is accepted as the same clause.
      if (isWord(peek(), "eq") && isWord(peek(1), "true")) p += 2;
      return { k: "fn", fn, path: pth, value: lit.value };
    }
    const { path: pth, lambda } = path();
    if (lambda) {
      // already consumed "/any" and positioned at "("
      expect("(");
      if (isPunct(peek(), ")")) {
        p++;
        return { k: "lambda", fn: lambda, path: pth, v: null, body: null };
      }
      const v = peek();
      if (!isWord(v) || !isPunct(peek(1), ":")) return fail();
      p += 2;
      const body = or();
      expect(")");
      return { k: "lambda", fn: lambda, path: pth, v: v.v, body };
    }
    const op = peek();
    if (isWord(op) && CMP_OPS.has(op.v.toLowerCase())) {
      p++;
      return { k: "cmp", op: op.v.toLowerCase() as CmpOp, path: pth, value: literal() };
    }
    if (isWord(op, "in")) {
      p++;
      expect("(");
      const values = [literal()];
      while (isPunct(peek(), ",")) {
        p++;
        values.push(literal());
      }
      expect(")");
      return { k: "in", path: pth, values };
    }
    return fail();
  };

  const unary = (): FilterNode => {
    if (isWord(peek(), "not")) {
      p++;
      return { k: "not", e: unary() };
    }
    return primary();
  };
  const and = (): FilterNode => {
    let l = unary();
    while (isWord(peek(), "and")) {
      p++;
      l = { k: "and", l, r: unary() };
    }
    return l;
  };
  const or = (): FilterNode => {
    let l = and();
    while (isWord(peek(), "or")) {
      p++;
      l = { k: "or", l, r: and() };
    }
    return l;
  };

  if (toks.length === 0) throw new FilterSyntaxError(0, src);
  const node = or();
  if (p !== toks.length) fail();
  return node;
}

// ---- $filter: evaluation -----------------------------------------------------------------------------------

function resolve(item: unknown, path: string[], env: ReadonlyMap<string, unknown>): unknown {
  let cur: unknown;
  let segs = path;
  if (env.has(path[0])) {
    cur = env.get(path[0]);
    segs = path.slice(1);
  } else {
    cur = item;
  }
  for (const s of segs) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = (cur as Rec)[s];
  }
  return cur;
}

function cmp(a: unknown, op: CmpOp, lit: Literal): boolean {
  if (lit.type === "null") {
    const isNull = a === null || a === undefined;
    return op === "eq" ? isNull : op === "ne" ? !isNull : false;
  }
  let x: number | string | boolean;
  let y: number | string | boolean;
  if (lit.type === "date") {
    if (typeof a !== "string") return op === "ne";
    x = Date.parse(a);
    y = lit.ms;
  } else if (lit.type === "string") {
    if (typeof a !== "string") return op === "ne";
    x = a.toLowerCase();
    y = lit.value.toLowerCase();
  } else {
    if (typeof a !== typeof lit.value) return op === "ne";
    x = a as number | boolean;
    y = lit.value;
  }
  switch (op) {
    case "eq":
      return x === y;
    case "ne":
      return x !== y;
    case "gt":
      return x > y;
    case "ge":
      return x >= y;
    case "lt":
      return x < y;
    case "le":
      return x <= y;
  }
}

export function evaluate(node: FilterNode, item: unknown, env: ReadonlyMap<string, unknown> = new Map()): boolean {
  switch (node.k) {
    case "and":
      return evaluate(node.l, item, env) && evaluate(node.r, item, env);
    case "or":
      return evaluate(node.l, item, env) || evaluate(node.r, item, env);
    case "not":
      return !evaluate(node.e, item, env);
    case "cmp":
      return cmp(resolve(item, node.path, env), node.op, node.value);
    case "in": {
      const v = resolve(item, node.path, env);
      return node.values.some((lit) => cmp(v, "eq", lit));
    }
    case "fn": {
      const v = resolve(item, node.path, env);
      if (typeof v !== "string") return false;
      const a = v.toLowerCase();
      const b = node.value.toLowerCase();
      return node.fn === "startswith" ? a.startsWith(b) : node.fn === "endswith" ? a.endsWith(b) : a.includes(b);
    }
    case "lambda": {
      const coll = resolve(item, node.path, env);
      if (!Array.isArray(coll)) return false;
      const { body, v } = node;
      if (!body || v === null) return coll.length > 0;
      const test = (el: unknown): boolean => evaluate(body, item, new Map([...env, [v, el]]));
      return node.fn === "any" ? coll.some(test) : coll.every(test);
    }
  }
}

/** Every (property path, operator) the filter uses; lambda bodies are expanded to full paths ("accessDetails/unifiedRoles/roleDefinitionId"). */
export function filterUses(node: FilterNode, vars: ReadonlyMap<string, string[]> = new Map()): { path: string; op: FilterOp }[] {
  const abs = (p: string[]): string => {
    const base = vars.get(p[0]);
    return (base ? [...base, ...p.slice(1)] : p).join("/");
  };
  switch (node.k) {
    case "and":
    case "or":
      return [...filterUses(node.l, vars), ...filterUses(node.r, vars)];
    case "not":
      return [{ path: "", op: "not" }, ...filterUses(node.e, vars)];
    case "cmp":
      return [{ path: abs(node.path), op: node.op }];
    case "in":
      return [{ path: abs(node.path), op: "in" }];
    case "fn":
      return [{ path: abs(node.path), op: node.fn }];
    case "lambda": {
      const base = abs(node.path);
      const uses: { path: string; op: FilterOp }[] = [{ path: base, op: node.fn }];
      if (node.body && node.v !== null) uses.push(...filterUses(node.body, new Map([...vars, [node.v, base.split("/")]])));
      return uses;
    }
  }
}

// ---- collection specs and query options ---------------------------------------------------------------------

export interface CollectionSpec {
  /** Entity set for @odata.context, e.g. "users", "directoryObjects", "delegatedAdminRelationships". */
  context: string;
  /** Metadata document under the version, e.g. "tenantRelationships/" for GDAP (Graph's own contexts look like that). */
  metadataPrefix?: string;
  /** Resource name in Graph's messages ("User", "Group", "Application"). */
  resource: string;
  /** Qualified type for $select / $expand errors ("microsoft.graph.user"). */
  entityType: string;
  /** "directory": Entra directory objects (advanced-query rules, Request_* codes); "odata": other services (GDAP). */
  style: "directory" | "odata";
  /** Filterable property paths → operators allowed. Absent: $filter is refused. */
  filter?: Readonly<Record<string, readonly FilterOp[]>>;
  orderby?: readonly string[];
  maxTop: number;
  defaultTop: number;
  /** Name of the paging parameter in nextLinks ("$skiptoken" for the directory, "$skipToken" for GDAP). */
  skipTokenName?: string;
  /** Properties $select may name (besides those present on items). */
  properties?: readonly string[];
  /** Properties returned without $select (default: all). */
  defaultProperties?: readonly string[];
  /** $expand-able navigation properties → how to compute them for one item. */
  expand?: Readonly<Record<string, (item: Rec) => unknown>>;
  /** $count supported. */
  count?: boolean;
}

const KNOWN_OPTIONS = new Set(["$filter", "$select", "$top", "$orderby", "$count", "$expand", "$skiptoken", "$search", "$format"]);

/** A query option by name, case-insensitively ("$filter", "$Filter"). */
export function queryOption(req: Pick<SimRequest, "query">, name: string): string | null {
  const lower = name.toLowerCase();
  for (const [k, v] of req.query) if (k.toLowerCase() === lower) return v;
  return null;
}

function eventual(req: Pick<SimRequest, "headers">): boolean {
  return (headerValue(req, "consistencylevel") ?? "").toLowerCase() === "eventual";
}

function propertyLabel(path: string): string {
  const segs = path.split("/");
  return segs[segs.length - 1] || path;
}

/** Parses and checks $filter against the spec; undefined when absent. */
export function checkedFilter(req: Pick<SimRequest, "query" | "headers">, spec: CollectionSpec): FilterNode | undefined {
  const raw = queryOption(req, "$filter");
  if (raw === null) return undefined;
  let node: FilterNode;
  try {
    node = parseFilter(raw);
  } catch (e) {
    if (e instanceof FilterSyntaxError) throw new GraphHttpError(400, "BadRequest", e.message);
    throw e;
  }
  const allowed = spec.filter ?? {};
  const advancedOk = eventual(req) && (queryOption(req, "$count") ?? "").toLowerCase() === "true";
  for (const use of filterUses(node)) {
    if (use.op === "not") {
      if (spec.style === "directory" && !advancedOk) throw unsupportedFilter(spec, use.path || "not");
      continue;
    }
    const ops = Object.entries(allowed).find(([k]) => k.toLowerCase() === use.path.toLowerCase())?.[1];
    if (!ops || !ops.includes(use.op)) throw unsupportedFilter(spec, use.path);
    if (spec.style === "directory" && (use.op === "ne" || use.op === "endswith") && !advancedOk) throw unsupportedFilter(spec, use.path);
  }
  return node;
}

function unsupportedFilter(spec: CollectionSpec, path: string): GraphHttpError {
  if (spec.style === "directory") {
    return errors.unsupportedQuery(
      `Unsupported or invalid query filter clause specified for property '${propertyLabel(path)}' of resource '${spec.resource}'.`,
    );
  }
  return new GraphHttpError(400, "BadRequest", `Invalid filter clause: the query specified in the URI is not valid. The property '${path}' cannot be used in the $filter query option.`);
}

/** $top as Graph checks it. */
export function checkedTop(req: Pick<SimRequest, "query">, spec: CollectionSpec): number {
  const raw = queryOption(req, "$top");
  if (raw === null) return spec.defaultTop;
  const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (spec.style === "directory") {
    if (!Number.isInteger(n) || n < 1 || n > spec.maxTop) {
      throw errors.badRequest(`Invalid page size specified: '${raw}'. Must be between 1 and ${spec.maxTop} inclusive.`);
    }
    return n;
  }
  if (!Number.isInteger(n)) throw new GraphHttpError(400, "BadRequest", `Invalid value '${raw}' for $top query option found.`);
  if (n > spec.maxTop) {
    throw new GraphHttpError(400, "BadRequest", `The limit of '${spec.maxTop}' for Top query has been exceeded. The value from the incoming request is '${raw}'.`);
  }
  return n === 0 ? spec.defaultTop : n;
}

interface OrderKey {
  path: string[];
  desc: boolean;
}

export function checkedOrderBy(req: Pick<SimRequest, "query">, spec: CollectionSpec): OrderKey[] {
  const raw = queryOption(req, "$orderby");
  if (raw === null || raw.trim() === "") return [];
  return raw.split(",").map((part) => {
    const m = /^\s*([A-Za-z][A-Za-z0-9/]*)(\s+(asc|desc))?\s*$/i.exec(part);
    const prop = m?.[1];
    const allowed = prop !== undefined && (spec.orderby ?? []).some((o) => o.toLowerCase() === prop.toLowerCase());
    if (!m || !prop || !allowed) {
      if (spec.style === "directory") throw errors.unsupportedQuery("Sorting not supported for current query.");
      throw new GraphHttpError(400, "BadRequest", `The property '${prop ?? part.trim()}' cannot be used in the $orderby query option.`);
    }
    return { path: prop.split("/"), desc: (m[3] ?? "").toLowerCase() === "desc" };
  });
}

function checkedCount(req: Pick<SimRequest, "query" | "headers">, spec: CollectionSpec): boolean {
  const raw = queryOption(req, "$count");
  if (raw === null) return false;
  const v = raw.toLowerCase();
  if (v !== "true" && v !== "false") throw new GraphHttpError(400, "BadRequest", `'${raw}' is not a valid count option.`);
  if (v === "false") return false;
  if (!spec.count) throw errors.badRequest("$count is not currently supported.");
  if (spec.style === "directory" && !eventual(req)) throw errors.badRequest("$count is not currently supported.");
  return true;
}

/**
 * $select as a list (undefined when absent), checked against the properties the entity has and every structural
 * property Graph declares on the type (sim/graph/declaredProperties.ts); any other name is refused as Graph does.
 */
export function checkedSelect(req: Pick<SimRequest, "query">, spec: CollectionSpec, sample: readonly Rec[]): string[] | undefined {
  const raw = queryOption(req, "$select");
  if (raw === null || raw.trim() === "") return undefined;
  const known = new Set<string>((spec.properties ?? []).map((p) => p.toLowerCase()));
  for (const item of sample) for (const k of Object.keys(item)) known.add(k.toLowerCase());
  const props = raw.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  for (const p of props) {
    if (p !== "*" && !known.has(p.toLowerCase()) && declaredName(spec.entityType, p) === undefined) {
      throw new GraphHttpError(400, "BadRequest", `Could not find a property named '${p}' on type '${spec.entityType}'.`);
    }
  }
  return props;
}

export function checkedExpand(req: Pick<SimRequest, "query">, spec: CollectionSpec): string[] {
  const raw = queryOption(req, "$expand");
  if (raw === null || raw.trim() === "") return [];
  const names = raw.split(",").map((s) => s.trim().replace(/\(.*\)$/, "")).filter((s) => s.length > 0);
  for (const n of names) {
    if (!Object.keys(spec.expand ?? {}).some((k) => k.toLowerCase() === n.toLowerCase())) {
      throw new GraphHttpError(400, "BadRequest", `Could not find a property named '${n}' on type '${spec.entityType}'.`);
    }
  }
  return names;
}

function checkOptions(req: Pick<SimRequest, "query">): void {
  for (const [k] of req.query) {
    const lower = k.toLowerCase();
    if (lower.startsWith("$") && !KNOWN_OPTIONS.has(lower)) throw errors.badRequest(`'${k}' is not supported by the service.`);
  }
  if (queryOption(req, "$search") !== null) throw errors.unsupportedQuery("$search is not supported by the simulator for this resource.");
}

/**
 * Projects an item on $select (or the default properties), keeping @odata annotations. A selected property the
 * item's type declares but the simulator does not model is answered with Graph's default (null, or [] for a
 * collection: declared.ts); `entityType` is the collection's type, used when the item carries no @odata.type.
 */
export function project(item: Rec, select: readonly string[] | undefined, defaults: readonly string[] | undefined, keep: readonly string[] = [], entityType?: string): Rec {
  const props = select && !select.includes("*") ? select : defaults;
  if (!props) return item;
  const wanted = new Set([...props, ...keep].map((p) => p.toLowerCase()));
  const out: Rec = {};
  for (const [k, v] of Object.entries(item)) {
    if (k.startsWith("@") || wanted.has(k.toLowerCase())) out[k] = v;
  }
  if (select && !select.includes("*")) {
    const type = typeof item["@odata.type"] === "string" ? item["@odata.type"] : entityType;
    if (type) {
      const present = new Set(Object.keys(out).map((k) => k.toLowerCase()));
      for (const p of select) {
        const name = declaredName(type, p);
        if (name === undefined || present.has(name.toLowerCase())) continue;
        out[name] = declaredDefault(type, name);
        present.add(name.toLowerCase());
      }
    }
  }
  return out;
}

function compareForOrder(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === "string" && typeof b === "string") return a.localeCompare(b, "en", { sensitivity: "base" });
  return (a as number) < (b as number) ? -1 : 1;
}

// ---- paging ----------------------------------------------------------------------------------------------------

function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

function querySignature(req: Pick<SimRequest, "query" | "path">): string {
  return fnv([req.path.toLowerCase(), queryOption(req, "$filter") ?? "", queryOption(req, "$orderby") ?? ""].join("\u0000"));
}

export function encodeSkipToken(offset: number, signature: string): string {
  return "RFNwdAoAAQAAAA" + Buffer.from(JSON.stringify({ o: offset, s: signature }), "utf8").toString("base64url");
}

export function decodeSkipToken(token: string, signature: string, spec: CollectionSpec): number {
  const bad = spec.style === "directory" ? errors.badRequest("Invalid paging token specified.") : new GraphHttpError(400, "BadRequest", "The $skipToken is invalid.");
  if (!token.startsWith("RFNwdAoAAQAAAA")) throw bad;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token.slice(14), "base64url").toString("utf8"));
    if (typeof parsed === "object" && parsed !== null && "o" in parsed && "s" in parsed) {
      const { o, s } = parsed;
      if (typeof o === "number" && Number.isInteger(o) && o >= 0 && s === signature) return o;
    }
  } catch {
    // fall through: not base64/JSON
  }
  throw bad;
}

function encodeQueryPart(s: string): string {
  return encodeURIComponent(s).replace(/%24/g, "$").replace(/%2C/gi, ",").replace(/%27/g, "'").replace(/%2F/gi, "/");
}

/** The nextLink: same path and options, the skip token replaced. */
export function nextLink(req: Pick<SimRequest, "origin" | "path" | "query">, token: string, tokenName: string): string {
  const parts: string[] = [];
  for (const [k, v] of req.query) {
    if (k.toLowerCase() === "$skiptoken") continue;
    parts.push(`${encodeQueryPart(k)}=${encodeQueryPart(v)}`);
  }
  parts.push(`${tokenName}=${encodeQueryPart(token)}`);
  return `${req.origin}${encodeURI(req.path)}?${parts.join("&")}`;
}

export function contextUrl(req: Pick<SimRequest, "origin" | "path">, spec: Pick<CollectionSpec, "context" | "metadataPrefix">, select?: readonly string[], entity = false): string {
  const sel = select && select.length > 0 ? `(${select.join(",")})` : "";
  return `${req.origin}/${apiVersion(req)}/${spec.metadataPrefix ?? ""}$metadata#${spec.context}${sel}${entity ? "/$entity" : ""}`;
}

// ---- whole answers ---------------------------------------------------------------------------------------------

export interface CollectionBody {
  "@odata.context": string;
  "@odata.count"?: number;
  "@odata.nextLink"?: string;
  value: Rec[];
}

/** Applies every query option to a collection and builds the page Graph would answer. */
export function listResponse(req: SimRequest, items: readonly Rec[], spec: CollectionSpec): { status: 200; body: CollectionBody } {
  checkOptions(req);
  const top = checkedTop(req, spec);
  const filter = checkedFilter(req, spec);
  const order = checkedOrderBy(req, spec);
  const count = checkedCount(req, spec);
  const select = checkedSelect(req, spec, items.slice(0, 1));
  const expand = checkedExpand(req, spec);
  const signature = querySignature(req);
  const tokenRaw = queryOption(req, "$skiptoken");
  const offset = tokenRaw === null ? 0 : decodeSkipToken(tokenRaw, signature, spec);

  let matched = filter ? items.filter((it) => evaluate(filter, it)) : items.slice();
  if (order.length > 0) {
    matched = matched
      .map((it, i) => ({ it, i }))
      .sort((a, b) => {
        for (const k of order) {
          const c = compareForOrder(resolve(a.it, k.path, new Map()), resolve(b.it, k.path, new Map()));
          if (c !== 0) return k.desc ? -c : c;
        }
        return a.i - b.i;
      })
      .map((x) => x.it);
  }
  const page = matched.slice(offset, offset + top);
  const value = page.map((it) => {
    const out = project(it, select, spec.defaultProperties, expand, spec.entityType);
    for (const name of expand) {
      const key = Object.keys(spec.expand ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
      const fn = key ? spec.expand?.[key] : undefined;
      if (key && fn) out[key] = fn(it);
    }
    return out;
  });
  const body: CollectionBody = { "@odata.context": contextUrl(req, spec, select) , value };
  if (count) body["@odata.count"] = matched.length;
  if (offset + top < matched.length) {
    body["@odata.nextLink"] = nextLink(req, encodeSkipToken(offset + top, signature), spec.skipTokenName ?? "$skiptoken");
  }
  // Graph writes the annotations before the value.
  const ordered: CollectionBody = { "@odata.context": body["@odata.context"], value: [] };
  if (body["@odata.count"] !== undefined) ordered["@odata.count"] = body["@odata.count"];
  if (body["@odata.nextLink"] !== undefined) ordered["@odata.nextLink"] = body["@odata.nextLink"];
  ordered.value = body.value;
  return { status: 200, body: ordered };
}

/** A single entity with $select / $expand applied and its @odata.context. */
export function entityResponse(req: SimRequest, item: Rec, spec: CollectionSpec): { status: 200; body: Rec; headers?: Record<string, string> } {
  for (const [k] of req.query) {
    const lower = k.toLowerCase();
    if (lower.startsWith("$") && lower !== "$select" && lower !== "$expand") {
      throw errors.badRequest(`Query option '${k}' is not allowed. Make sure that the query option is supported on this resource.`);
    }
  }
  const select = checkedSelect(req, spec, [item]);
  const expand = checkedExpand(req, spec);
  const out = project(item, select, spec.defaultProperties, expand, spec.entityType);
  for (const name of expand) {
    const key = Object.keys(spec.expand ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
    const fn = key ? spec.expand?.[key] : undefined;
    if (key && fn) out[key] = fn(item);
  }
  return { status: 200, body: { "@odata.context": contextUrl(req, spec, select, true), ...out } };
}
