import { canonicalJson, contentHash, sameJson } from "./canonicalJson";

test.each<[string, unknown, unknown, boolean]>([
  ["key order", { a: 1, b: { c: 2, d: [1, { y: 1, x: 2 }] } }, { b: { d: [1, { x: 2, y: 1 }], c: 2 }, a: 1 }, true],
  ["undefined members", { a: 1, b: undefined }, { a: 1 }, true],
  ["array order matters", [1, 2], [2, 1], false],
  ["values differ", { a: "1" }, { a: 1 }, false],
  ["null vs absent", { a: null }, {}, false],
])("%s", (_label, a, b, same) => {
  expect(sameJson(a, b)).toBe(same);
  expect(contentHash(a) === contentHash(b)).toBe(same);
});

it("sorts keys and hashes to fixed-length hex", () => {
  expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  expect(contentHash({ a: 1 })).toMatch(/^[0-9a-f]{32}$/);
  expect(contentHash({ a: 1 }, 16)).toHaveLength(16);
});
