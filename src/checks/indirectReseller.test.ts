import { checkIndirectReseller } from "./indirectReseller";
import { NOW, codesOf, customer, partner, relationship } from "./testing/build";
import type { CustomerSnapshot } from "../domain/snapshot";

describe("checkIndirectReseller", () => {
  test.each<[string, Partial<CustomerSnapshot>, string[]]>([
    ["direct CSP (reseller in Partner Center)", { relationshipToPartner: "reseller" }, []],
    ["advisor", { relationshipToPartner: "advisor" }, []],
    ["not in Partner Center", { relationshipToPartner: null }, []],
    ["indirect reseller in Partner Center", { relationshipToPartner: "indirectReseller" }, ["reseller.indirect"]],
    ["case-insensitive", { relationshipToPartner: "IndirectReseller" }, ["reseller.indirect"]],
    ["GDAP reseller relationship", { relationships: [relationship({ isReseller: true })] }, ["reseller.indirect"]],
    [
      "both signals: one finding",
      { relationshipToPartner: "indirectReseller", relationships: [relationship({ isReseller: true })] },
      ["reseller.indirect"],
    ],
  ])("%s", (_name, over, expected) => {
    expect(codesOf(checkIndirectReseller(partner({ customers: [customer(over)] }), NOW))).toEqual(expected);
  });

  it("says the MEM integration does not support it, on the customer", () => {
    const [f] = checkIndirectReseller(partner({ customers: [customer({ displayName: "Trey Research", relationshipToPartner: "indirectReseller" })] }), NOW);
    expect(f).toMatchObject({ severity: "error", tenantId: "c-1", subject: "Trey Research" });
    expect(f?.message).toContain("does not support indirect resellers");
  });
});
