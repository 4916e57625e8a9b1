/**
 * `tenant <name, domain or tenant id>`: finds the customer(s) a query means. Pure.
 *
 * Order: tenant id (exact, when the query is a GUID), domain (exact, case-insensitive), then name: exact, then
 * prefix (of the name or of one of its words), then contains; names compare case-, accent- and punctuation-insensitively.
 * The first tier that matches decides: one customer, or several (sorted by name). When nothing matches, the closest
 * names (small edit distance) are offered.
 */
import { editDistance } from "./commands";
import { isGuid } from "./guid";

export interface TenantRef {
  tenantId: string;
  displayName: string;
  domain: string | null;
}

export type MatchedBy = "tenantId" | "domain" | "name";

export type TenantMatch<T extends TenantRef> =
  | { kind: "one"; match: T; by: MatchedBy }
  | { kind: "several"; candidates: T[]; by: MatchedBy }
  | { kind: "none"; closest: T[] };

/** Letters that NFKD does not decompose into a base letter and a mark. */
const EXTRA_FOLDS: Record<string, string> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", đ: "d", ð: "d", ł: "l", þ: "th", ı: "i" };

/** Lower case, no accents, punctuation as single spaces: "Fabrikam, Inc." → "fabrikam inc", "Café Ørsted" → "cafe orsted". */
export function foldName(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[ßæœøđðłþı]/g, (c) => EXTRA_FOLDS[c] ?? c)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const compact = (folded: string): string => folded.replace(/ /g, "");

function byName<T extends TenantRef>(a: T, b: T): number {
  const fa = foldName(a.displayName);
  const fb = foldName(b.displayName);
  if (fa !== fb) return fa < fb ? -1 : 1;
  if (a.displayName !== b.displayName) return a.displayName < b.displayName ? -1 : 1;
  return a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0;
}

function result<T extends TenantRef>(found: T[], by: MatchedBy): TenantMatch<T> | undefined {
  if (found.length === 0) return undefined;
  if (found.length === 1) return { kind: "one", match: found[0], by };
  return { kind: "several", candidates: [...found].sort(byName), by };
}

/** How far a folded query is from a folded name: whole name, one of its words, or the name's start. */
function distance(q: string, name: string): number {
  let d = editDistance(q, name);
  for (const w of name.split(" ")) d = Math.min(d, editDistance(q, w));
  if (name.length > q.length) d = Math.min(d, editDistance(q, name.slice(0, q.length)));
  return d;
}

export function matchTenant<T extends TenantRef>(query: string, customers: readonly T[], opts: { maxClosest?: number } = {}): TenantMatch<T> {
  const maxClosest = opts.maxClosest ?? 3;
  const raw = query.trim();
  if (isGuid(raw)) {
    const id = raw.toLowerCase();
    return result(customers.filter((c) => c.tenantId.toLowerCase() === id), "tenantId") ?? { kind: "none", closest: [] };
  }
  const lower = raw.toLowerCase();
  const byDomain = result(customers.filter((c) => c.domain !== null && c.domain.toLowerCase() === lower), "domain");
  if (byDomain) return byDomain;

  const q = foldName(raw);
  if (q === "") return { kind: "none", closest: [] };
  const qc = compact(q);
  const names = customers.map((c) => ({ c, n: foldName(c.displayName) }));
  const tiers: Array<(n: string) => boolean> = [
    (n) => n === q || compact(n) === qc,
    (n) => n.startsWith(q) || ` ${n}`.includes(` ${q}`),
    (n) => compact(n).includes(qc),
  ];
  for (const tier of tiers) {
    const r = result(
      names.filter(({ n }) => tier(n)).map(({ c }) => c),
      "name",
    );
    if (r) return r;
  }

  const limit = Math.max(2, Math.ceil(q.length / 3));
  const closest = names
    .map(({ c, n }) => ({ c, d: distance(q, n) }))
    .filter(({ d }) => d <= limit)
    .sort((a, b) => a.d - b.d || byName(a.c, b.c))
    .slice(0, maxClosest)
    .map(({ c }) => c);
  return { kind: "none", closest };
}
