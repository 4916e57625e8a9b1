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

/** The sorting replacer canonicalJson used to be: the direct writer must give the same text (stored hashes stay valid). */
const viaReplacer = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const obj = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, obj[k]]));
  });

test.each<[string, unknown]>([
  ["nested objects and arrays", { z: [3, { b: null, a: "x" }], a: { d: true, c: 1.5 } }],
  ["undefined, functions and symbols dropped from objects, null in arrays", { a: undefined, f: () => 1, s: Symbol("s"), arr: [undefined, () => 1, 2] }],
  ["toJSON honoured (dates)", { at: new Date("2026-12-02T00:00:00Z"), nested: { toJSON: () => ({ b: 1, a: 2 }) } }],
  ["strings needing escapes, unicode keys", { "é\"q": 'line\n"quoted"\u2028', "\u0000": "" }],
  ["non-finite numbers and negative zero", { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, negZero: -0 }],
  ["top-level scalars and arrays", [1, "a", null, [true]]],
  ["an empty object and array", { o: {}, a: [] }],
  ["already in key order and flat (written in one go)", { a: 'x"y\u2028', b: -0, c: true, d: null, e: 1e21, f: "é" }],
  ["in key order, flat but for a non-finite number", { a: 1, b: Number.NaN }],
  ["in key order with a nested object out of order", { a: 1, b: { d: 2, c: 1 }, c: [{ y: 1, x: 2 }] }],
])("same text as JSON.stringify with sorted keys: %s", (_label, value) => {
  expect(canonicalJson(value)).toBe(viaReplacer(value));
});
