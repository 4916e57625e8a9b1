/** The bounded least-recently-used map (pure), table-tested. */
import { createLru } from "./lru";

type Op = ["get", string] | ["set", string, number] | ["delete", string];

test.each<[string, number, Op[], string[], string[]]>([
  // name, max, operations, keys left (least recent first), keys dropped
  ["keeps everything within its size", 3, [["set", "a", 1], ["set", "b", 2], ["set", "c", 3]], ["a", "b", "c"], []],
  ["drops the least recently set", 2, [["set", "a", 1], ["set", "b", 2], ["set", "c", 3]], ["b", "c"], ["a"]],
  ["a get makes an entry the most recent", 2, [["set", "a", 1], ["set", "b", 2], ["get", "a"], ["set", "c", 3]], ["a", "c"], ["b"]],
  ["setting an existing key replaces it without dropping", 2, [["set", "a", 1], ["set", "b", 2], ["set", "a", 9]], ["b", "a"], []],
  ["a get of a missing key changes nothing", 2, [["set", "a", 1], ["get", "z"], ["set", "b", 2], ["set", "c", 3]], ["b", "c"], ["a"]],
  ["a deleted entry frees its place", 2, [["set", "a", 1], ["set", "b", 2], ["delete", "a"], ["set", "c", 3]], ["b", "c"], []],
  ["size 1 keeps only the last", 1, [["set", "a", 1], ["set", "b", 2], ["set", "c", 3]], ["c"], ["a", "b"]],
])("%s", (_name, max, ops, left, dropped) => {
  const lru = createLru<string, number>(max);
  const out: string[] = [];
  for (const op of ops) {
    if (op[0] === "get") lru.get(op[1]);
    else if (op[0] === "delete") lru.delete(op[1]);
    else out.push(...lru.set(op[1], op[2]).map(([k]) => k));
  }
  expect(out).toEqual(dropped);
  expect(lru.size).toBe(left.length);
  // Each key left is still there (reading them in order keeps that order).
  expect(left.map((k) => lru.get(k) !== undefined)).toEqual(left.map(() => true));
});

test("values are returned as set", () => {
  const lru = createLru<string, { n: number }>(2);
  const v = { n: 1 };
  lru.set("a", v);
  expect(lru.get("a")).toBe(v);
  expect(lru.get("b")).toBeUndefined();
});

test.each([0, -1, 1.5, Number.NaN])("size %p is refused", (max) => {
  expect(() => createLru(max)).toThrow(RangeError);
});
