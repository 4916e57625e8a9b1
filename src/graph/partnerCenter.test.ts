/** Partner Center client's pure parts: where links.next points, and the customer shape. */
import { nextUrl, toCustomer } from "./partnerCenter";

test.each<[string, string]>([
  ["/v1/customers?size=10&seekOperation=Next", "https://api.partnercenter.microsoft.com/v1/customers?size=10&seekOperation=Next"],
  ["/customers?size=10&seekOperation=Next", "https://api.partnercenter.microsoft.com/v1/customers?size=10&seekOperation=Next"],
  ["customers?size=10&seekOperation=Next", "https://api.partnercenter.microsoft.com/v1/customers?size=10&seekOperation=Next"],
  ["https://api.partnercenter.microsoft.com/v1/customers?x=1", "https://api.partnercenter.microsoft.com/v1/customers?x=1"],
])("nextUrl(%s)", (uri, expected) => {
  expect(nextUrl("https://api.partnercenter.microsoft.com", uri)).toBe(expected);
});

test.each([
  [
    { id: "t1", companyProfile: { tenantId: "t1", domain: "a.onmicrosoft.com", companyName: "A" }, relationshipToPartner: "reseller" },
    { tenantId: "t1", companyName: "A", domain: "a.onmicrosoft.com", relationshipToPartner: "reseller" },
  ],
  [
    { id: "t2", companyProfile: { tenantId: "t2", domain: "b.com", companyName: "B" }, relationshipToPartner: "reseller", associatedPartnerId: "p" },
    { tenantId: "t2", companyName: "B", domain: "b.com", relationshipToPartner: "reseller", associatedPartnerId: "p" },
  ],
  [{ id: "t3" }, { tenantId: "t3", companyName: "t3", domain: null, relationshipToPartner: null }],
])("toCustomer %#", (raw, expected) => {
  expect(toCustomer(raw)).toEqual(expected);
});
