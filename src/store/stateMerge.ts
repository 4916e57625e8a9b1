/**
 * Three-way merge of a state document, top-level property by property (pure).
 * Used when a save hits an eTag conflict (another instance saved the same state in between):
 * properties this turn changed win, properties it did not touch take the latest stored value.
 * Two writers changing the *same* property is resolved in favour of the later save (documented limit).
 */
export type StateObject = Record<string, unknown>;

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  const ka = Object.keys(a as StateObject).filter((k) => (a as StateObject)[k] !== undefined);
  const kb = Object.keys(b as StateObject).filter((k) => (b as StateObject)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as StateObject)[k], (b as StateObject)[k]));
}

/**
 * @param base what this writer read (undefined when unknown: then all of `mine` wins)
 * @param mine what this writer wants to save
 * @param latest what is stored now (undefined when the document is gone)
 */
export function mergeState(base: StateObject | undefined, mine: StateObject, latest: StateObject | undefined): StateObject {
  const current = latest ?? {};
  if (base === undefined) return { ...current, ...mine };
  const out: StateObject = { ...current };
  const keys = new Set([...Object.keys(base), ...Object.keys(mine)]);
  for (const k of keys) {
    if (deepEqual(mine[k], base[k])) continue; // untouched by this writer: keep latest
    if (mine[k] === undefined) delete out[k];
    else out[k] = mine[k];
  }
  return out;
}
