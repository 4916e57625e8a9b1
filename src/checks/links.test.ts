import { links } from "./links";

describe("links", () => {
  test.each([
    [links.customerAdminRelationships("t1"), "https://partner.microsoft.com/dashboard/v2/customers/t1/adminrelationships"],
    [links.adminRelationships(), "https://partner.microsoft.com/dashboard/v2/customers/granularadminaccess/list"],
    [links.customerSubscriptions("t1"), "https://partner.microsoft.com/dashboard/v2/customers/t1/subscriptions"],
    [
      links.gdapApproval("r-1"),
      "https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/r-1",
    ],
    [links.partnerCenterAppManagement(), "https://partner.microsoft.com/dashboard/account/v3/appmanagement"],
    [links.groups(), "https://entra.microsoft.com/#view/Microsoft_AAD_IAM/GroupsManagementMenuBlade/~/AllGroups"],
    [
      links.groupMembers("g1"),
      "https://entra.microsoft.com/#view/Microsoft_AAD_IAM/GroupDetailsMenuBlade/~/Members/groupId/g1",
    ],
    [
      links.groupOverview("g1"),
      "https://entra.microsoft.com/#view/Microsoft_AAD_IAM/GroupDetailsMenuBlade/~/Overview/groupId/g1",
    ],
    [links.users(), "https://entra.microsoft.com/#view/Microsoft_AAD_UsersAndTenants/UserManagementMenuBlade/~/AllUsers"],
    [
      links.user("u1"),
      "https://entra.microsoft.com/#view/Microsoft_AAD_UsersAndTenants/UserProfileMenuBlade/~/overview/userId/u1",
    ],
    [
      links.userRoles("u1"),
      "https://entra.microsoft.com/#view/Microsoft_AAD_UsersAndTenants/UserProfileMenuBlade/~/AdministrativeRole/userId/u1",
    ],
    [
      links.userAuthMethods("u1"),
      "https://entra.microsoft.com/#view/Microsoft_AAD_UsersAndTenants/UserProfileMenuBlade/~/UserAuthMethods/userId/u1",
    ],
    [links.appRegistrations(), "https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade"],
    [
      links.appApiPermissions("a1"),
      "https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/CallAnAPI/appId/a1",
    ],
    [
      links.appCredentials("a1"),
      "https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Credentials/appId/a1",
    ],
    [
      links.appAuthentication("a1"),
      "https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Authentication/appId/a1",
    ],
    [links.adminConsent("t1", "a1"), "https://login.microsoftonline.com/t1/adminconsent?client_id=a1"],
  ])("%s", (actual, expected) => {
    expect(actual).toBe(expected);
  });

  it("encodes ids so they cannot change the link's shape", () => {
    expect(links.adminConsent("t/1", "a&b=c")).toBe("https://login.microsoftonline.com/t%2F1/adminconsent?client_id=a%26b%3Dc");
  });
});
