import { checkCustomerConsent, checkLifecycleApp, checkPartnerCenterApp } from "./memApps";
import {
  DEFENDER_PERM,
  LIFECYCLE_PERMS,
  NOW,
  PARTNER_CENTER_PERMS,
  app,
  codesOf,
  customer,
  fail,
  ok,
  partner,
  partnerCenterApp,
  perm,
} from "./testing/build";
import type { CustomerSnapshot, PartnerSnapshot, PermissionRef } from "../domain/snapshot";

const without = (perms: PermissionRef[], name: string) => perms.filter((p) => p.name !== name);
const AAD_GRAPH = "00000002-0000-0000-c000-000000000000";

describe("checkPartnerCenterApp", () => {
  test.each<[string, Partial<PartnerSnapshot>, string[]]>([
    ["healthy", {}, []],
    ["not found", { partnerCenterApp: null }, ["pcApp.notFound"]],
    [
      "user_impersonation not requested",
      { partnerCenterApp: partnerCenterApp({ required: without(PARTNER_CENTER_PERMS, "user_impersonation") }) },
      ["pcApp.permissionMissing"],
    ],
    [
      "Directory.Read.All requested but not consented",
      { partnerCenterApp: partnerCenterApp({ granted: ok(without(PARTNER_CENTER_PERMS, "Directory.Read.All")) }) },
      ["pcApp.consentMissing"],
    ],
    [
      "Azure AD Graph permissions, as the guide names them, count",
      {
        partnerCenterApp: partnerCenterApp({
          required: PARTNER_CENTER_PERMS.map((p) => (p.resource === "graph" ? { ...p, resource: AAD_GRAPH } : p)),
          granted: ok(PARTNER_CENTER_PERMS.map((p) => (p.resource === "graph" ? { ...p, resource: AAD_GRAPH } : p))),
        }),
      },
      [],
    ],
    [
      "kind matters: an application User.Read is not the delegated one",
      {
        partnerCenterApp: partnerCenterApp({
          required: [...without(PARTNER_CENTER_PERMS, "User.Read"), perm("graph", "application", "User.Read")],
        }),
      },
      ["pcApp.permissionMissing"],
    ],
    [
      "grants unreadable",
      { partnerCenterApp: partnerCenterApp({ granted: fail("forbidden", "Access denied.", "Application.Read.All") }) },
      ["pcApp.grantsUnreadable"],
    ],
    [
      "combined: not requested and not consented",
      {
        partnerCenterApp: partnerCenterApp({
          required: without(PARTNER_CENTER_PERMS, "User.Read"),
          granted: ok([]),
        }),
      },
      ["pcApp.permissionMissing", "pcApp.consentMissing"],
    ],
  ])("%s", (_name, over, expected) => {
    expect(codesOf(checkPartnerCenterApp(partner(over), NOW))).toEqual(expected);
  });

  it("names the missing permissions and links the API permissions page", () => {
    const s = partner({ partnerCenterApp: partnerCenterApp({ required: without(PARTNER_CENTER_PERMS, "user_impersonation") }) });
    const [f] = checkPartnerCenterApp(s, NOW);
    expect(f?.message).toBe('The Partner Center web app "Partner Center Web App" does not request user_impersonation (Partner Center, delegated).');
    expect(f?.fix.url).toBe("https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/CallAnAPI/appId/app-pc");
  });

  it("consent missing links the admin-consent URL of the partner tenant", () => {
    const s = partner({ partnerCenterApp: partnerCenterApp({ granted: ok([]) }) });
    expect(checkPartnerCenterApp(s, NOW)[0]?.fix.url).toBe(
      "https://login.microsoftonline.com/p0000000-0000-4000-8000-000000000000/adminconsent?client_id=app-pc",
    );
  });
});

describe("checkLifecycleApp", () => {
  test.each<[string, Partial<PartnerSnapshot>, string[]]>([
    ["healthy", {}, []],
    ["not found", { lifecycleApp: null }, ["lifecycleApp.notFound"]],
    ["single tenant", { lifecycleApp: app({ signInAudience: "AzureADMyOrg" }) }, ["lifecycleApp.notMultitenant"]],
    [
      "DeviceManagementApps.Read.All not requested",
      { lifecycleApp: app({ required: without(LIFECYCLE_PERMS, "DeviceManagementApps.Read.All") }) },
      ["lifecycleApp.permissionMissing"],
    ],
    [
      "Organization.Read.All not consented",
      { lifecycleApp: app({ granted: ok(without(LIFECYCLE_PERMS, "Organization.Read.All")) }) },
      ["lifecycleApp.consentMissing"],
    ],
    ["Defender tracking on, Machine.Read.All missing", { defenderTracking: true }, ["lifecycleApp.permissionMissing"]],
    [
      "Defender tracking on, Machine.Read.All requested and consented",
      { defenderTracking: true, lifecycleApp: app({ required: [...LIFECYCLE_PERMS, DEFENDER_PERM], granted: ok([...LIFECYCLE_PERMS, DEFENDER_PERM]) }) },
      [],
    ],
    [
      "Defender tracking off: Machine.Read.All not needed",
      { defenderTracking: false, lifecycleApp: app({ required: LIFECYCLE_PERMS }) },
      [],
    ],
    [
      "grants unreadable",
      { lifecycleApp: app({ granted: fail("forbidden", "Access denied.") }) },
      ["lifecycleApp.grantsUnreadable"],
    ],
    [
      "combined: single tenant, missing and unconsented",
      {
        lifecycleApp: app({
          signInAudience: "AzureADMyOrg",
          required: without(LIFECYCLE_PERMS, "Organization.Read.All"),
          granted: ok([]),
        }),
      },
      ["lifecycleApp.notMultitenant", "lifecycleApp.permissionMissing", "lifecycleApp.consentMissing"],
    ],
  ])("%s", (_name, over, expected) => {
    expect(codesOf(checkLifecycleApp(partner(over), NOW))).toEqual(expected);
  });

  it("names Machine.Read.All on WindowsDefenderATP", () => {
    expect(checkLifecycleApp(partner({ defenderTracking: true }), NOW)[0]?.message).toBe(
      'The lifecycle app "Asset Lifecycle Manager - Intune" does not request Machine.Read.All (WindowsDefenderATP, application).',
    );
  });
});

describe("checkCustomerConsent", () => {
  const lc = (token: NonNullable<CustomerSnapshot["lifecycleApp"]>["token"], intune?: NonNullable<CustomerSnapshot["lifecycleApp"]>["intune"]) =>
    intune === undefined ? { token } : { token, intune };
  const allRoles = LIFECYCLE_PERMS.map((p) => p.name);

  test.each<[string, Partial<CustomerSnapshot>, Partial<PartnerSnapshot>, string[]]>([
    ["consented, Intune licensed", {}, {}, []],
    ["not consented", { lifecycleApp: lc(fail("notConsented", "The app is not consented in this tenant.")) }, {}, ["consent.notConsented"]],
    [
      "token failed for another reason",
      { lifecycleApp: lc(fail("unavailable", "Microsoft Entra ID is unavailable.")) },
      {},
      ["consent.unreadable"],
    ],
    [
      "token lacks a requested permission",
      { lifecycleApp: lc(ok({ roles: ["Organization.Read.All", "DeviceManagementApps.Read.All"] }), ok(true)) },
      {},
      ["consent.permissionMissing"],
    ],
    [
      "a permission the registration does not request is a partner finding, not a customer one",
      { lifecycleApp: lc(ok({ roles: ["Organization.Read.All", "DeviceManagementManagedDevices.Read.All"] }), ok(true)) },
      { lifecycleApp: app({ required: without(LIFECYCLE_PERMS, "DeviceManagementApps.Read.All") }) },
      [],
    ],
    ["Intune not licensed", { lifecycleApp: lc(ok({ roles: allRoles }), fail("intuneNotLicensed", "This tenant has no Intune licence.")) }, {}, ["intune.notLicensed"]],
    [
      "Intune forbidden",
      { lifecycleApp: lc(ok({ roles: allRoles }), fail("forbidden", "Intune refused the read.", "DeviceManagementManagedDevices.Read.All")) },
      {},
      ["intune.forbidden"],
    ],
    ["Intune unreadable", { lifecycleApp: lc(ok({ roles: allRoles }), fail("throttled", "Microsoft asked us to slow down.")) }, {}, ["intune.unreadable"]],
    [
      "combined: permission missing and Intune not licensed",
      { lifecycleApp: lc(ok({ roles: ["Organization.Read.All"] }), fail("intuneNotLicensed", "No Intune.")) },
      {},
      ["consent.permissionMissing", "intune.notLicensed"],
    ],
    ["not tried (no lifecycleApp on the customer)", { lifecycleApp: undefined }, {}, []],
  ])("%s", (_name, c, over, expected) => {
    const cust = customer(c);
    if ("lifecycleApp" in c && c.lifecycleApp === undefined) delete cust.lifecycleApp;
    expect(codesOf(checkCustomerConsent(partner({ customers: [cust], ...over }), NOW))).toEqual(expected);
  });

  it("until the key is stored: ONE partner info finding, nothing on customers", () => {
    const s = partner({
      lifecycleKeyKnown: false,
      customers: [customer({ lifecycleApp: lc(fail("notConsented", "x")) }), customer({ tenantId: "c-2" })],
    });
    const out = checkCustomerConsent(s, NOW);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ severity: "info", code: "consent.notTested" });
    expect(out[0]?.tenantId).toBeUndefined();
  });

  it("not consented: error on that customer with the customer's admin-consent URL", () => {
    const [f] = checkCustomerConsent(
      partner({ customers: [customer({ displayName: "Relecloud", lifecycleApp: lc(fail("notConsented", "x")) })] }),
      NOW,
    );
    expect(f).toMatchObject({ severity: "error", tenantId: "c-1", subject: "Relecloud" });
    expect(f?.message).toBe('Relecloud has not consented to "Asset Lifecycle Manager - Intune", so the MEM integration cannot read its devices.');
    expect(f?.fix.url).toBe("https://login.microsoftonline.com/c-1/adminconsent?client_id=app-lcm");
  });

  it("permission missing names it", () => {
    const [f] = checkCustomerConsent(
      partner({ customers: [customer({ lifecycleApp: lc(ok({ roles: ["Organization.Read.All", "DeviceManagementApps.Read.All"] })) })] }),
      NOW,
    );
    expect(f?.message).toBe('Fabrikam\'s consent to "Asset Lifecycle Manager - Intune" lacks DeviceManagementManagedDevices.Read.All.');
  });
});
