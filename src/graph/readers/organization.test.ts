import { toPartner } from "./organization";

test.each<[string, unknown[], unknown]>([
  ["default domain", [{ id: "T", displayName: "Contoso", verifiedDomains: [{ name: "a.onmicrosoft.com", isInitial: true }, { name: "contoso.com", isDefault: true }] }], { tenantId: "t", displayName: "Contoso", domain: "contoso.com" }],
  ["initial domain when none is default", [{ id: "T", displayName: "Contoso", verifiedDomains: [{ name: "a.onmicrosoft.com", isInitial: true }] }], { tenantId: "t", displayName: "Contoso", domain: "a.onmicrosoft.com" }],
  ["no domains", [{ id: "T", displayName: null }], { tenantId: "t", displayName: "T", domain: null }],
  ["empty answer", [], null],
])("toPartner: %s", (_n, items, out) => expect(toPartner(items, "T")).toEqual(out));
