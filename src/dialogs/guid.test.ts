import { guidSchema, isGuid } from "./guid";

describe("isGuid", () => {
  it.each<[unknown, boolean]>([
    ["cc000000-0000-4000-8000-000000000001", true],
    ["CC000000-0000-4000-8000-00000000000A", true],
    ["{cc000000-0000-4000-8000-000000000001}", false],
    ["cc000000000040008000000000000001", false],
    ["cc000000-0000-4000-8000-00000000000g", false],
    [" cc000000-0000-4000-8000-000000000001", false],
    ["", false],
    [42, false],
    [undefined, false],
  ])("%j -> %j", (v, expected) => {
    expect(isGuid(v)).toBe(expected);
  });
});

describe("guidSchema", () => {
  it("trims and lower-cases", () => {
    expect(guidSchema.parse(" CC000000-0000-4000-8000-00000000000A ")).toBe("cc000000-0000-4000-8000-00000000000a");
  });
  it.each(["nope", "", "cc000000-0000-4000-8000-0000000000"])("refuses %j", (v) => {
    expect(guidSchema.safeParse(v).success).toBe(false);
  });
});
