import { containerChunks } from "./containment";

const id = (n: number): string => `06000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

describe("containerChunks", () => {
  test.each<[string, string[], number[]]>([
    ["none", [], []],
    ["duplicates and case folded once", [id(1), id(1).toUpperCase(), id(2)], [2]],
    ["the lifecycle group itself and non-GUIDs left out", [id(99), "not-a-guid", id(3)], [1]],
    ["21 ids: 20 + 1", Array.from({ length: 21 }, (_, i) => id(i + 1)), [20, 1]],
    ["45 ids: 20 + 20 + 5", Array.from({ length: 45 }, (_, i) => id(i + 1)), [20, 20, 5]],
  ])("%s", (_n, ids, sizes) => {
    const chunks = containerChunks(ids, id(99));
    expect(chunks.map((c) => c.length)).toEqual(sizes);
    expect(new Set(chunks.flat()).size).toBe(chunks.flat().length);
  });
});
