import { deepEqual, mergeState } from "./stateMerge";

describe("mergeState (three-way, top-level)", () => {
  const cases: Array<[string, Record<string, unknown> | undefined, Record<string, unknown>, Record<string, unknown> | undefined, Record<string, unknown>]> = [
    ["untouched keys take latest", { a: 1, b: 1 }, { a: 2, b: 1 }, { a: 1, b: 5 }, { a: 2, b: 5 }],
    ["both added different keys", {}, { a: 1 }, { b: 2 }, { a: 1, b: 2 }],
    ["mine deleted a key", { a: 1, b: 1 }, { b: 1 }, { a: 1, b: 1, c: 3 }, { b: 1, c: 3 }],
    ["same key changed by both: mine wins", { n: 1 }, { n: 2 }, { n: 3 }, { n: 2 }],
    ["unknown base: mine over latest", undefined, { a: 1 }, { a: 0, b: 2 }, { a: 1, b: 2 }],
    ["document gone", { a: 1 }, { a: 1, b: 2 }, undefined, { b: 2 }],
    ["nested objects compared deeply", { o: { x: [1, 2] } }, { o: { x: [1, 2] }, p: 1 }, { o: { x: [1, 2, 3] } }, { o: { x: [1, 2, 3] }, p: 1 }],
  ];
  it.each(cases)("%s", (_name, base, mine, latest, expected) => {
    expect(mergeState(base, mine, latest)).toEqual(expected);
  });

  it.each([
    [1, 1, true],
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [[1, 2], [1, 2], true],
    [[1, 2], { 0: 1, 1: 2 }, false],
    [{ a: { b: 1 } }, { a: { b: 2 } }, false],
    [null, {}, false],
  ])("deepEqual(%j, %j) = %s", (a, b, r) => {
    expect(deepEqual(a, b)).toBe(r);
  });
});
