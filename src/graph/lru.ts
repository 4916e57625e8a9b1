/**
 * A map that keeps at most `max` entries, dropping the least recently used (a get or set makes an entry the most recent):
 * per-tenant state a long multi-tenant run touches once per tenant is not kept for every tenant forever.
 */
export interface Lru<K, V> {
  get(key: K): V | undefined;
  /** Sets `key` (now the most recent); returns the entries dropped to stay within `max`. */
  set(key: K, value: V): [K, V][];
  delete(key: K): boolean;
  readonly size: number;
}

export function createLru<K, V>(max: number): Lru<K, V> {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`LRU size must be a positive integer, got ${max}`);
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<K, V>();
  return {
    get(key) {
      const v = entries.get(key);
      if (v === undefined) return undefined;
      entries.delete(key);
      entries.set(key, v);
      return v;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      const dropped: [K, V][] = [];
      for (const [k, v] of entries) {
        if (entries.size <= max) break;
        entries.delete(k);
        dropped.push([k, v]);
      }
      return dropped;
    },
    delete: (key) => entries.delete(key),
    get size() {
      return entries.size;
    },
  };
}
