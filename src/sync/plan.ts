/**
 * Pure planning of a run: which tenants (discovered minus excluded, optionally only some), in which order (largest
 * first, by the device count of their last sync, so the longest chain of pages starts early; unknown sizes after the
 * known ones, then by name for determinism).
 */
export interface PlannedTenant {
  tenantId: string;
  displayName: string;
}

export interface PlanInput {
  discovered: readonly PlannedTenant[];
  excluded: ReadonlySet<string>;
  /** Only these tenants (lower-case ids), when given. */
  only?: ReadonlySet<string>;
  /** Items (devices + apps) of each tenant's last sync, when known. */
  sizes: ReadonlyMap<string, number>;
}

export function planTenants(input: PlanInput): PlannedTenant[] {
  const seen = new Set<string>();
  const out: PlannedTenant[] = [];
  for (const t of input.discovered) {
    const id = t.tenantId.toLowerCase();
    if (seen.has(id) || input.excluded.has(id)) continue;
    if (input.only && !input.only.has(id)) continue;
    seen.add(id);
    out.push({ tenantId: id, displayName: t.displayName });
  }
  return orderLargestFirst(out, input.sizes);
}

export function orderLargestFirst<T extends PlannedTenant>(tenants: readonly T[], sizes: ReadonlyMap<string, number>): T[] {
  return [...tenants].sort((a, b) => {
    const sa = sizes.get(a.tenantId);
    const sb = sizes.get(b.tenantId);
    if (sa !== undefined && sb !== undefined && sa !== sb) return sb - sa;
    if (sa !== undefined && sb === undefined) return -1;
    if (sa === undefined && sb !== undefined) return 1;
    return a.displayName.localeCompare(b.displayName, "en", { sensitivity: "base" }) || a.tenantId.localeCompare(b.tenantId);
  });
}

/** Tenants seen for the first time (not in `known`), in the order given. */
export function newTenants(discovered: readonly PlannedTenant[], known: ReadonlySet<string>): PlannedTenant[] {
  return discovered.filter((t) => !known.has(t.tenantId.toLowerCase()));
}
