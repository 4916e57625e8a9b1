import { foldName, matchTenant, type TenantRef } from "./tenantMatch";

const c = (n: number, displayName: string, domain: string | null): TenantRef => ({
  tenantId: `cc000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  displayName,
  domain,
});

const FABRIKAM = c(1, "Fabrikam, Inc.", "fabrikam.onmicrosoft.com");
const LITWARE = c(2, "Litware Inc.", "litware.com");
const NORTHWIND = c(3, "Northwind Traders", "northwind.onmicrosoft.com");
const NORTH = c(4, "Fabrikam North", null);
const CAFE = c(5, "Café Ørsted", "cafe.example");
const TAILSPIN = c(6, "Tailspin Toys", "tailspin.onmicrosoft.com");
const TAILSPIN2 = c(7, "tailspin toys", "tailspin2.onmicrosoft.com");
const CUSTOMERS = [FABRIKAM, LITWARE, NORTHWIND, NORTH, CAFE, TAILSPIN, TAILSPIN2];

const names = (ts: TenantRef[]) => ts.map((t) => t.displayName);

describe("foldName", () => {
  it.each([
    ["Fabrikam, Inc.", "fabrikam inc"],
    ["  Café   Ørsted ", "cafe orsted"],
    ["Straße & Söhne GmbH", "strasse sohne gmbh"],
    ["ÉCOLE", "ecole"],
    ["!!!", ""],
  ])("%j -> %j", (input, expected) => {
    expect(foldName(input)).toBe(expected);
  });
});

describe("matchTenant: one", () => {
  it.each<[string, TenantRef, string]>([
    [FABRIKAM.tenantId, FABRIKAM, "tenantId"],
    [FABRIKAM.tenantId.toUpperCase(), FABRIKAM, "tenantId"],
    ["FABRIKAM.onmicrosoft.com", FABRIKAM, "domain"],
    ["litware.com", LITWARE, "domain"],
    ["Fabrikam, Inc.", FABRIKAM, "name"],
    ["fabrikam inc", FABRIKAM, "name"],
    ["FabrikamInc", FABRIKAM, "name"],
    ["litware", LITWARE, "name"],
    ["northw", NORTHWIND, "name"],
    ["traders", NORTHWIND, "name"],
    ["cafe orsted", CAFE, "name"],
    ["CAFÉ", CAFE, "name"],
    ["wind", NORTHWIND, "name"],
    ["ware inc", LITWARE, "name"],
  ])("%j -> %s", (query, expected, by) => {
    expect(matchTenant(query, CUSTOMERS)).toEqual({ kind: "one", match: expected, by });
  });
});

describe("matchTenant: several, sorted by name", () => {
  it.each<[string, string[]]>([
    // exact beats prefix: "fabrikam" is a prefix of both Fabrikam names.
    ["fabrikam", ["Fabrikam North", "Fabrikam, Inc."]],
    ["north", ["Fabrikam North", "Northwind Traders"]],
    ["Tailspin Toys", ["tailspin toys", "Tailspin Toys"]],
    ["inc", ["Fabrikam, Inc.", "Litware Inc."]],
  ])("%j", (query, expected) => {
    const r = matchTenant(query, CUSTOMERS);
    expect(r.kind).toBe("several");
    if (r.kind === "several") expect(names(r.candidates).sort()).toEqual([...expected].sort());
    if (r.kind === "several") expect(r.candidates.map((t) => foldName(t.displayName))).toEqual(r.candidates.map((t) => foldName(t.displayName)).sort());
  });

  it("sorts candidates by folded name, then tenant id", () => {
    const r = matchTenant("a", [c(9, "Beta A", null), c(8, "alpha", null), c(7, "Álpha", null)]);
    expect(r).toEqual({ kind: "several", by: "name", candidates: [c(8, "alpha", null), c(7, "Álpha", null), c(9, "Beta A", null)] });
  });
});

describe("matchTenant: none, with the closest names", () => {
  it.each<[string, string[]]>([
    ["fabrkam", ["Fabrikam, Inc.", "Fabrikam North"]],
    ["litwre", ["Litware Inc."]],
    ["nortwind traders", ["Northwind Traders"]],
    ["zzzzzz", []],
    ["contoso.com", []],
    ["!!!", []],
    ["cc000000-0000-4000-8000-999999999999", []],
  ])("%j -> %j", (query, expected) => {
    const r = matchTenant(query, CUSTOMERS);
    expect(r.kind).toBe("none");
    if (r.kind === "none") expect(names(r.closest)).toEqual(expected);
  });

  it("offers at most maxClosest", () => {
    const many = Array.from({ length: 10 }, (_, i) => c(i + 10, `Contoso ${i}`, null));
    const r = matchTenant("contosa x", many, { maxClosest: 2 });
    expect(r.kind === "none" && r.closest.length).toBe(2);
  });

  it("no customers at all", () => {
    expect(matchTenant("anything", [])).toEqual({ kind: "none", closest: [] });
  });
});
