import { checkSources } from "./sources";
import { NOW, codesOf, fail, partner } from "./testing/build";

describe("checkSources", () => {
  test.each([
    ["both read", {}, []],
    ["GDAP unreadable", { gdapRead: fail("forbidden", "Access denied.", "DelegatedAdminRelationship.Read.All") }, ["gdap.unreadable"]],
    ["Partner Center unreadable", { partnerCenterRead: fail("notConsented", "No Partner Center key.") }, ["partnerCenter.unreadable"]],
  ])("%s", (_name, over, expected) => {
    expect(codesOf(checkSources(partner(over), NOW))).toEqual(expected);
  });

  it("names what could not be read and why", () => {
    const [f] = checkSources(partner({ gdapRead: fail("forbidden", "Access denied.", "DelegatedAdminRelationship.Read.All") }), NOW);
    expect(f?.message).toBe(
      "Could not read your GDAP relationships: Access denied (missing: DelegatedAdminRelationship.Read.All). This was not checked, not found absent.",
    );
    expect(f?.tenantId).toBeUndefined();
  });
});
