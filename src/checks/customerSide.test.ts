import type { CustomerSnapshot } from "../domain/snapshot";
import { checkCustomerSide, CUSTOMER_SIDE_CODES } from "./customerSide";
import { assignment, codesOf, customer, fail, NOW, ok, partner, relationship } from "./testing/build";

const refused = fail("forbidden", "Microsoft Graph refused the request.");

describe("customer-side confirmation", () => {
  test.each<[string, Partial<CustomerSnapshot>, string[]]>([
    ["not connected: nothing", {}, []],
    ["chain whole, read works: nothing", { customerSide: ok<true>(true) }, []],
    ["chain whole, read refused: error", { customerSide: refused }, [CUSTOMER_SIDE_CODES.refused]],
    ["chain broken (no relationship), read refused: nothing more (the chain's finding says it)", { relationships: [], customerSide: refused }, []],
    ["chain waiting (assignment pending), read refused: nothing more", { relationships: [relationship({ accessAssignments: ok([assignment({ status: "pending" })]) })], customerSide: refused }, []],
    ["chain broken, read works: info", { relationships: [], customerSide: ok<true>(true) }, [CUSTOMER_SIDE_CODES.worksAnyway]],
  ])("%s", (_name, over, codes) => {
    const s = partner({ customers: [customer(over)] });
    const found = checkCustomerSide(s, NOW);
    expect(codesOf(found)).toEqual(codes);
    for (const f of found) {
      expect(f.tenantId).toBe(s.customers[0].tenantId);
      expect(f.fix.url).toMatch(/^https:\/\//);
    }
  });

  test("the refusal's message carries the read failure's sentence, never more", () => {
    const [f] = checkCustomerSide(partner({ customers: [customer({ customerSide: refused })] }), NOW);
    expect(f.severity).toBe("error");
    expect(f.message).toContain("Microsoft Graph refused the request.");
  });
});
