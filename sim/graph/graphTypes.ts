/**
 * Reads @microsoft/microsoft-graph-types (the d.ts Microsoft generates from Graph's v1.0 metadata) and lists, for each
 * entity type the simulator serves, the structural properties Graph declares on it (own and inherited; navigation
 * properties — those typed with an entity — are left out: $select of a navigation property is not a structural
 * select). Polymorphic collections (directoryObject, authenticationMethod, delegatedAdminRelationship) also take the
 * properties of every derived type, as Graph accepts them in $select on such collections.
 *
 * Only scripts/gen-graph-properties.ts and this file's test use it (the TypeScript compiler is a dev dependency); the
 * simulator reads the generated sim/graph/declaredProperties.ts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export const DECLARED_PROPERTIES_FILE = "sim/graph/declaredProperties.ts";

/** Entity types the simulator serves (qualified name → whether derived types' properties count too). */
export const SERVED_ENTITY_TYPES: Readonly<Record<string, boolean>> = {
  "microsoft.graph.user": false,
  "microsoft.graph.group": false,
  "microsoft.graph.application": false,
  "microsoft.graph.servicePrincipal": false,
  "microsoft.graph.organization": false,
  "microsoft.graph.subscribedSku": false,
  "microsoft.graph.directoryObject": true,
  "microsoft.graph.directoryRole": false,
  "microsoft.graph.directoryObjectPartnerReference": false,
  "microsoft.graph.unifiedRoleAssignment": false,
  "microsoft.graph.unifiedRoleDefinition": false,
  "microsoft.graph.oAuth2PermissionGrant": false,
  "microsoft.graph.appRoleAssignment": false,
  "microsoft.graph.authenticationMethod": true,
  "microsoft.graph.passwordAuthenticationMethod": false,
  "microsoft.graph.microsoftAuthenticatorAuthenticationMethod": false,
  "microsoft.graph.delegatedAdminRelationship": true,
  "microsoft.graph.resellerDelegatedAdminRelationship": false,
  "microsoft.graph.delegatedAdminAccessAssignment": false,
  "microsoft.graph.delegatedAdminCustomer": false,
  "microsoft.graph.managedDevice": false,
  "microsoft.graph.detectedApp": false,
};

interface Member {
  name: string;
  /** The element type's name when it is a type reference (after NullableOption / arrays). */
  ref: string | undefined;
  collection: boolean;
}
interface Iface {
  base: string | undefined;
  members: Member[];
}

export interface DeclaredType {
  scalars: string[];
  collections: string[];
}

function unwrap(node: ts.TypeNode | undefined): { ref: string | undefined; collection: boolean } {
  let collection = false;
  let n = node;
  for (;;) {
    if (!n) return { ref: undefined, collection };
    if (ts.isArrayTypeNode(n)) {
      collection = true;
      n = n.elementType;
      continue;
    }
    if (ts.isParenthesizedTypeNode(n)) {
      n = n.type;
      continue;
    }
    if (ts.isTypeReferenceNode(n)) {
      const name = n.typeName.getText();
      if (name === "NullableOption" && n.typeArguments?.[0]) {
        n = n.typeArguments[0];
        continue;
      }
      return { ref: name, collection };
    }
    return { ref: undefined, collection };
  }
}

/** Top-level interfaces of the d.ts (namespaced ones such as CallRecords are other schemas). */
export function parseInterfaces(source: string): Map<string, Iface> {
  const file = ts.createSourceFile("microsoft-graph.d.ts", source, ts.ScriptTarget.ES2022, true);
  const out = new Map<string, Iface>();
  for (const st of file.statements) {
    if (!ts.isInterfaceDeclaration(st)) continue;
    const base = st.heritageClauses?.[0]?.types[0]?.expression.getText();
    const members: Member[] = [];
    for (const m of st.members) {
      if (!ts.isPropertySignature(m) || !m.name) continue;
      const name = m.name.getText().replace(/^["']|["']$/g, "");
      members.push({ name, ...unwrap(m.type) });
    }
    out.set(st.name.text, { base, members });
  }
  return out;
}

const interfaceName = (qualified: string): string => {
  const short = qualified.replace(/^microsoft\.graph\./, "");
  return short.charAt(0).toUpperCase() + short.slice(1);
};

function isEntity(ifaces: ReadonlyMap<string, Iface>, name: string | undefined): boolean {
  for (let n = name, depth = 0; n && depth < 50; depth++) {
    if (n === "Entity") return true;
    n = ifaces.get(n)?.base;
  }
  return false;
}

function ownAndInherited(ifaces: ReadonlyMap<string, Iface>, name: string): Member[] {
  const out: Member[] = [];
  for (let n: string | undefined = name, depth = 0; n && depth < 50; depth++) {
    const i = ifaces.get(n);
    if (!i) break;
    out.push(...i.members);
    n = i.base;
  }
  return out;
}

function derived(ifaces: ReadonlyMap<string, Iface>, name: string): string[] {
  const out: string[] = [];
  for (const [n, i] of ifaces) {
    for (let b = i.base, depth = 0; b && depth < 50; depth++) {
      if (b === name) {
        out.push(n);
        break;
      }
      b = ifaces.get(b)?.base;
    }
  }
  return out.sort();
}

/** The declared structural properties of each served type, names sorted. */
export function declaredTypes(ifaces: ReadonlyMap<string, Iface>, served: Readonly<Record<string, boolean>> = SERVED_ENTITY_TYPES): Record<string, DeclaredType> {
  const out: Record<string, DeclaredType> = {};
  for (const [qualified, withDerived] of Object.entries(served)) {
    const name = interfaceName(qualified);
    if (!ifaces.has(name)) throw new Error(`@microsoft/microsoft-graph-types declares no ${name} (for ${qualified})`);
    const names = withDerived ? [name, ...derived(ifaces, name)] : [name];
    const scalars = new Set<string>();
    const collections = new Set<string>();
    for (const n of names) {
      for (const m of ownAndInherited(ifaces, n)) {
        if (isEntity(ifaces, m.ref)) continue; // navigation property
        (m.collection ? collections : scalars).add(m.name);
      }
    }
    for (const c of collections) scalars.delete(c);
    out[qualified] = { scalars: [...scalars].sort(), collections: [...collections].sort() };
  }
  return out;
}

function graphTypesDir(): string {
  return path.dirname(require.resolve("@microsoft/microsoft-graph-types/package.json"));
}

/** The text of sim/graph/declaredProperties.ts for the installed @microsoft/microsoft-graph-types. */
export function declaredPropertiesText(): string {
  const dir = graphTypesDir();
  const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version?: unknown };
  const types = declaredTypes(parseInterfaces(readFileSync(path.join(dir, "microsoft-graph.d.ts"), "utf8")));
  const lines = [
    `// Generated by scripts/gen-graph-properties.ts from @microsoft/microsoft-graph-types ${String(pkg.version)}: do not edit.`,
    "// Structural properties Graph v1.0 declares per entity type (sim/graph/graphTypes.ts explains what is counted).",
    "",
    `export const GRAPH_TYPES_VERSION = ${JSON.stringify(String(pkg.version))};`,
    "",
    "export const DECLARED_PROPERTIES: Readonly<Record<string, { readonly scalars: readonly string[]; readonly collections: readonly string[] }>> = {",
  ];
  for (const [name, t] of Object.entries(types)) {
    lines.push(`  ${JSON.stringify(name)}: {`);
    lines.push(`    scalars: ${JSON.stringify(t.scalars)},`);
    lines.push(`    collections: ${JSON.stringify(t.collections)},`);
    lines.push("  },");
  }
  lines.push("};", "");
  return lines.join("\n");
}
