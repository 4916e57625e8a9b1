/**
 * What Graph declares on an entity type (sim/graph/declaredProperties.ts, generated from
 * @microsoft/microsoft-graph-types) and what the simulator answers for a declared property it does not model:
 * `[]` for a collection (Graph never returns null for one), `null` for anything else, except a few whose value
 * Graph always has (e.g. servicePrincipal.appRoleAssignmentRequired defaults to false).
 */
import { DECLARED_PROPERTIES } from "./declaredProperties";

/** Declared values the simulator does not model but that Graph never answers with null. */
const NON_NULL_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  "microsoft.graph.servicePrincipal": { appRoleAssignmentRequired: false },
};

interface Index {
  /** lower-case name → declared spelling */
  names: Map<string, string>;
  collections: Set<string>;
}

const indexes = new Map<string, Index>();

function index(entityType: string): Index | undefined {
  const hit = indexes.get(entityType);
  if (hit) return hit;
  const t = DECLARED_PROPERTIES[entityType];
  if (!t) return undefined;
  const names = new Map<string, string>();
  for (const n of [...t.scalars, ...t.collections]) names.set(n.toLowerCase(), n);
  const idx = { names, collections: new Set(t.collections) };
  indexes.set(entityType, idx);
  return idx;
}

/** "#microsoft.graph.user" / "microsoft.graph.user" → "microsoft.graph.user". */
export function qualifiedType(odataType: string): string {
  return odataType.replace(/^#/, "");
}

/** The declared spelling of a structural property of `entityType` (case-insensitive match), or undefined. */
export function declaredName(entityType: string, name: string): string | undefined {
  return index(qualifiedType(entityType))?.names.get(name.toLowerCase());
}

/** Case-sensitive variant (Intune matches $select names exactly). */
export function isDeclaredExactly(entityType: string, name: string): boolean {
  return declaredName(entityType, name) === name;
}

/** The value answered for a declared property the simulator does not model. */
export function declaredDefault(entityType: string, name: string): unknown {
  const t = qualifiedType(entityType);
  const spelled = declaredName(t, name) ?? name;
  const override = NON_NULL_DEFAULTS[t];
  if (override && spelled in override) return override[spelled];
  return index(t)?.collections.has(spelled) ? [] : null;
}
