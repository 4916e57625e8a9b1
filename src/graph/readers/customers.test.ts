import type { CustomerSnapshot, GdapRelationshipSnapshot } from "../../domain/snapshot";
import { mergeCustomers, type GdapCustomerRow, type PcCustomerRow } from "./customers";

const rel = (id: string): GdapRelationshipSnapshot => ({
  id,
  displayName: id,
  status: "active",
  roles: [],
  autoExtendDuration: "P180D",
  createdDateTime: null,
  activatedDateTime: null,
  endDateTime: null,
  isReseller: false,
  accessAssignments: { ok: true, value: [] },
});
const g = (tenant: string, name: string | null, id: string): GdapCustomerRow => ({ customerTenantId: tenant, customerName: name, relationship: rel(id) });
const pc = (tenantId: string, companyName: string, relationshipToPartner: string | null = "reseller"): PcCustomerRow => ({ tenantId, companyName, domain: `${companyName.toLowerCase()}.example`, relationshipToPartner });

const summary = (cs: CustomerSnapshot[]) => cs.map((c) => [c.tenantId, c.displayName, c.sources.join("+"), c.relationships.map((r) => r.id).join(","), c.domain, c.relationshipToPartner]);

test("an indirect reseller's customer keeps Partner Center's associatedPartnerId", () => {
  const [c] = mergeCustomers([], [{ ...pc("t9", "Trey"), associatedPartnerId: "d1" }]);
  expect(c.associatedPartnerId).toBe("d1");
  expect("associatedPartnerId" in mergeCustomers([], [pc("t8", "Other")])[0]).toBe(false);
});

describe("mergeCustomers", () => {
  test.each<[string, GdapCustomerRow[], PcCustomerRow[], string[] | undefined, unknown[]]>([
    ["nothing", [], [], undefined, []],
    ["two relationships of one customer", [g("T1", "Beta", "r1"), g("t1", "Beta", "r2")], [], undefined, [["t1", "Beta", "gdap", "r1,r2", null, null]]],
    [
      "GDAP and Partner Center together, sorted by name",
      [g("t2", "Zeta (GDAP name)", "r1")],
      [pc("t2", "Zeta"), pc("t3", "alpha", "indirectReseller")],
      undefined,
      [
        ["t3", "alpha", "partnerCenter", "", "alpha.example", "indirectReseller"],
        ["t2", "Zeta", "gdap+partnerCenter", "r1", "zeta.example", "reseller"],
      ],
    ],
    ["no name anywhere: the tenant id", [g("t4", null, "r1")], [], undefined, [["t4", "t4", "gdap", "r1", null, null]]],
    ["only the tenants asked for", [g("t1", "A", "r1"), g("t2", "B", "r2")], [pc("t3", "C")], ["t2"], [["t2", "B", "gdap", "r2", null, null]]],
  ])("%s", (_name, gdap, pcs, only, expected) => {
    expect(summary(mergeCustomers(gdap, pcs, only ? new Set(only) : undefined))).toEqual(expected);
  });
});
