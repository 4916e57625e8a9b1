/** work order (pure), table-tested. */
import { newTenants, planTenants } from "./plan";

describe("work order", () => {
  const t = (id: string, name = id) => ({ tenantId: id, displayName: name });
  test.each([
    ["largest first, unknown after known, then by name", [t("a", "Beta"), t("b", "Alpha"), t("c"), t("d")], new Map([["c", 10], ["d", 500]]), ["d", "c", "b", "a"]],
    ["excluded and duplicates dropped", [t("A"), t("a"), t("x")], new Map<string, number>(), ["a"]],
  ])("%s", (_name, discovered, sizes, ids) => {
    expect(planTenants({ discovered, excluded: new Set(["x"]), sizes }).map((p) => p.tenantId)).toEqual(ids);
  });
  test("only some tenants; new tenants", () => {
    expect(planTenants({ discovered: [t("a"), t("b")], excluded: new Set(), only: new Set(["b"]), sizes: new Map() })).toEqual([t("b")]);
    expect(newTenants([t("a"), t("B")], new Set(["a"]))).toEqual([t("B")]);
  });
});
