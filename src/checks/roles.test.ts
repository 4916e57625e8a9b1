import { hasAppAdminRole, roleName, ROLE } from "./roles";

describe("roles", () => {
  test.each([
    [[ROLE.applicationAdministrator], true],
    [[ROLE.cloudApplicationAdministrator.toUpperCase()], true],
    [[ROLE.globalAdministrator], false],
    [[], false],
  ])("hasAppAdminRole %j", (roles, yes) => {
    expect(hasAppAdminRole(roles)).toBe(yes);
  });

  it("names roles, or shows an unknown id", () => {
    expect(roleName(ROLE.globalAdministrator)).toBe("Global Administrator");
    expect(roleName("f2ef992c-3afb-46b9-b7cf-a126ee74c451")).toBe("Global Reader");
    expect(roleName("0000")).toBe("0000");
  });
});
