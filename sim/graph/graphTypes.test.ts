import { readFileSync } from "node:fs";
import path from "node:path";
import { DECLARED_PROPERTIES_FILE, declaredPropertiesText, declaredTypes, parseInterfaces } from "./graphTypes";

test("sim/graph/declaredProperties.ts is current (regenerate: npx tsx scripts/gen-graph-properties.ts)", () => {
  const onDisk = readFileSync(path.join(__dirname, "../..", DECLARED_PROPERTIES_FILE), "utf8");
  expect(onDisk).toBe(declaredPropertiesText());
});

const SOURCE = `
export type NullableOption<T> = T | null;
export interface Entity { id?: string; }
export interface DirectoryObject extends Entity { deletedDateTime?: NullableOption<string>; }
export interface Thing extends DirectoryObject {
  name?: NullableOption<string>;
  tags?: string[];
  info?: NullableOption<Complex>;
  owners?: NullableOption<DirectoryObject[]>;
  manager?: NullableOption<DirectoryObject>;
}
export interface Special extends Thing { extra?: NullableOption<boolean>; }
export interface Complex { a?: string; }
export namespace Other { export interface Thing { nope?: string; } }
`;

test.each([
  ["own, inherited, complex and collection properties; navigation left out", "microsoft.graph.thing", false, { scalars: ["deletedDateTime", "id", "info", "name"], collections: ["tags"] }],
  ["a polymorphic type takes its derived types' properties", "microsoft.graph.directoryObject", true, { scalars: ["deletedDateTime", "extra", "id", "info", "name"], collections: ["tags"] }],
  ["a derived type its own and its bases'", "microsoft.graph.special", false, { scalars: ["deletedDateTime", "extra", "id", "info", "name"], collections: ["tags"] }],
])("%s", (_name, type, withDerived, expected) => {
  expect(declaredTypes(parseInterfaces(SOURCE), { [type]: withDerived })[type]).toEqual(expected);
});

test("a served type the package does not declare fails the generation", () => {
  expect(() => declaredTypes(parseInterfaces(SOURCE), { "microsoft.graph.nothing": false })).toThrow(/declares no Nothing/);
});
