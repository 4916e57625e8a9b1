/**
 * Deep links for every fix: Partner Center, the Entra admin center, the Microsoft 365 admin center and the admin-consent
 * endpoint. Pure string builders; ids are URI-encoded so a malformed id never changes the link's shape.
 */

const PC = "https://partner.microsoft.com/dashboard";
const ENTRA = "https://entra.microsoft.com/#view";
const LOGIN = "https://login.microsoftonline.com";

const e = encodeURIComponent;

export const links = {
  /** A customer's admin relationships in Partner Center (view, request or edit GDAP). */
  customerAdminRelationships: (tenantId: string): string => `${PC}/v2/customers/${e(tenantId)}/adminrelationships`,
  /** The partner's list of GDAP admin relationships in Partner Center. */
  adminRelationships: (): string => `${PC}/v2/customers/granularadminaccess/list`,
  /** A customer's subscriptions in Partner Center (e.g. to add Intune). */
  customerSubscriptions: (tenantId: string): string => `${PC}/v2/customers/${e(tenantId)}/subscriptions`,
  /** The link the customer's Global Administrator opens to approve a GDAP relationship request. */
  gdapApproval: (relationshipId: string): string =>
    `https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/${e(relationshipId)}`,
  /** Partner Center web app registration (Account settings > App management). */
  partnerCenterAppManagement: (): string => `${PC}/account/v3/appmanagement`,

  groups: (): string => `${ENTRA}/Microsoft_AAD_IAM/GroupsManagementMenuBlade/~/AllGroups`,
  groupMembers: (groupId: string): string =>
    `${ENTRA}/Microsoft_AAD_IAM/GroupDetailsMenuBlade/~/Members/groupId/${e(groupId)}`,
  groupOverview: (groupId: string): string =>
    `${ENTRA}/Microsoft_AAD_IAM/GroupDetailsMenuBlade/~/Overview/groupId/${e(groupId)}`,

  users: (): string => `${ENTRA}/Microsoft_AAD_UsersAndTenants/UserManagementMenuBlade/~/AllUsers`,
  user: (userId: string): string =>
    `${ENTRA}/Microsoft_AAD_UsersAndTenants/UserProfileMenuBlade/~/overview/userId/${e(userId)}`,
  userRoles: (userId: string): string =>
    `${ENTRA}/Microsoft_AAD_UsersAndTenants/UserProfileMenuBlade/~/AdministrativeRole/userId/${e(userId)}`,
  userAuthMethods: (userId: string): string =>
    `${ENTRA}/Microsoft_AAD_UsersAndTenants/UserProfileMenuBlade/~/UserAuthMethods/userId/${e(userId)}`,

  appRegistrations: (): string => `${ENTRA}/Microsoft_AAD_RegisteredApps/ApplicationsListBlade`,
  appApiPermissions: (appId: string): string =>
    `${ENTRA}/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/CallAnAPI/appId/${e(appId)}`,
  appCredentials: (appId: string): string =>
    `${ENTRA}/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Credentials/appId/${e(appId)}`,
  appAuthentication: (appId: string): string =>
    `${ENTRA}/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Authentication/appId/${e(appId)}`,
  enterpriseApps: (): string => `${ENTRA}/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AppAppsPreview`,

  /** Admin consent for an app in a tenant (the partner's own, or a customer's). */
  adminConsent: (tenantId: string, appId: string): string =>
    `${LOGIN}/${e(tenantId)}/adminconsent?client_id=${e(appId)}`,
} as const;

export type LinkName = keyof typeof links;
