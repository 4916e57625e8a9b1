import { memberIds } from "./memberGroups";

test.each<[string, unknown, string[]]>([
  ["lower-cased ids", { value: ["AB", "cd"] }, ["ab", "cd"]],
  ["none", { value: [] }, []],
])("memberIds: %s", (_n, raw, out) => expect(memberIds(raw)).toEqual(out));

test.each([[{ value: [1] }], [null], [{}]])("memberIds refuses %p", (raw) => expect(() => memberIds(raw)).toThrow(TypeError));
