/**
 * The demo scenario (sim/scenarios/demo.json, "Contoso IT Partners") as a hand-built snapshot: each planted
 * misconfiguration is reported on the right customer with the right code, and nothing on the healthy ones.
 * (The same against the running simulator, through the readers, is the end-to-end test's job.)
 */
import { runChecks } from "./run";
import { ROLE } from "./roles";
import { GLOBAL_READER, NOW, app, assignment, customer, fail, inDays, lifecycleGroup, ok, partner, perm, relationship, serviceAccount } from "./testing/build";
import type { CustomerSnapshot, GdapRelationshipSnapshot } from "../domain/snapshot";

const AA = ROLE.applicationAdministrator;
const CAA = ROLE.cloudApplicationAdministrator;
const GA = ROLE.globalAdministrator;
const INTUNE_ADMIN = "3a2c62db-5318-420d-8d74-23affee5d9d5";
const DIR_READERS = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";
const G_LCM = "06000000-0000-4000-8000-000000000003";
const G_APP = "06000000-0000-4000-8000-000000000004";
const G_HELP = "06000000-0000-4000-8000-000000000005";
const G_AGENTS = "06000000-0000-4000-8000-000000000001";
const FULL = [AA, CAA, INTUNE_ADMIN, GLOBAL_READER];
const TWO = [assignment({ groupId: G_APP, roles: [AA, CAA] }), assignment({ id: "as-2", groupId: G_HELP, roles: [INTUNE_ADMIN, GLOBAL_READER] })];
const DEMO_ROLES = ["DeviceManagementManagedDevices.Read.All", "Organization.Read.All"];

function rel(name: string, over: Partial<GdapRelationshipSnapshot> = {}, assignments = TWO): GdapRelationshipSnapshot {
  return relationship({ id: `rel-${name}`, displayName: name, roles: FULL, endDateTime: inDays(531), ...over, accessAssignments: assignments });
}

let n = 0;
function cust(displayName: string, over: Partial<CustomerSnapshot> = {}): CustomerSnapshot {
  n += 1;
  return customer({
    tenantId: `cc-${String(n).padStart(2, "0")}`,
    displayName,
    relationships: [rel(`Contoso-${displayName.split(" ")[0]}-Lifecycle`)],
    lifecycleApp: { token: ok({ roles: DEMO_ROLES }), intune: ok(true) },
    ...over,
  });
}

const customers = [
  cust("Fabrikam, Inc."),
  cust("Northwind Traders"),
  cust("Tailspin Toys"),
  cust("Adventure Works", { relationships: [] }),
  cust("Litware Inc.", { relationships: [rel("Contoso-Litware-Lifecycle", { status: "expired", autoExtendDuration: "PT0S", endDateTime: inDays(-10) })] }),
  cust("Woodgrove Bank", {
    relationships: [rel("Contoso-Woodgrove-ReadOnly", { roles: [GLOBAL_READER, INTUNE_ADMIN] }, [assignment({ groupId: G_HELP, roles: [GLOBAL_READER, INTUNE_ADMIN] })])],
  }),
  cust("Proseware, Inc.", { relationships: [rel("Contoso-Proseware-Lifecycle", {}, [assignment({ groupId: G_HELP, roles: FULL })])] }),
  cust("Wide World Importers", {
    relationships: [rel("Contoso-WWI-Lifecycle", {}, [assignment({ groupId: G_APP, roles: [AA, CAA], status: "pending" }), TWO[1]])],
  }),
  cust("Coho Winery", {
    relationships: [
      rel("MLT_Contoso_CohoWinery_2023", { roles: [DIR_READERS, GLOBAL_READER], autoExtendDuration: "PT0S", endDateTime: inDays(230) }, [
        assignment({ groupId: G_AGENTS, roles: [DIR_READERS, GLOBAL_READER] }),
      ]),
    ],
  }),
  cust("Alpine Ski House", { relationships: [rel("Contoso-Alpine-Full", { roles: [GA, ...FULL], autoExtendDuration: "PT0S" })] }),
  cust("Trey Research", { relationshipToPartner: "indirectReseller", relationships: [rel("Contoso-Trey-Lifecycle", { isReseller: true })] }),
  cust("Relecloud", { lifecycleApp: { token: fail("notConsented", "The lifecycle app is not consented in this tenant.") } }),
  cust("Contoso Pharmaceuticals", { lifecycleApp: { token: ok({ roles: DEMO_ROLES }), intune: fail("intuneNotLicensed", "This tenant has no Intune licence.") } }),
  cust("Fourth Coffee", { relationships: [rel("Contoso-FourthCoffee-Lifecycle", { autoExtendDuration: "PT0S", endDateTime: inDays(5) })] }),
];

const lcPerms = [
  ...DEMO_ROLES,
  "DelegatedAdminRelationship.ReadWrite.All",
  "GroupMember.Read.All",
  "RoleManagement.Read.Directory",
  "Application.ReadWrite.OwnedBy",
].map((name) => perm("graph", "application", name));

const demo = partner({
  serviceAccount: serviceAccount({ source: "discovered", directoryRoles: ok([GA]) }),
  adminAgentsGroupId: G_AGENTS,
  lifecycleGroup: lifecycleGroup({ id: G_LCM, source: "discovered" }),
  lifecycleGroupContainedIn: ok([G_APP]),
  groupNames: { [G_AGENTS]: "AdminAgents", [G_APP]: "GDAP Application Administrators", [G_HELP]: "GDAP Helpdesk", [G_LCM]: "GDAP Lifecycle Manager" },
  lifecycleApp: app({
    source: "discovered",
    required: lcPerms,
    granted: ok(lcPerms),
    passwordCredentials: [{ keyId: "0e000000", displayName: "lifecycle-2025", startDateTime: inDays(-353), endDateTime: inDays(12), hint: "dem" }],
  }),
  m365Connected: false,
  customers,
});

describe("the demo scenario's planted misconfigurations", () => {
  const report = runChecks(demo, NOW);
  const byName = new Map(report.customers.map((c) => [c.displayName, c]));

  test.each<[string, string, string[]]>([
    ["Fabrikam, Inc.", "Healthy", []],
    ["Northwind Traders", "Healthy", []],
    ["Tailspin Toys", "Healthy", []],
    ["Adventure Works", "Broken", ["gdap.none"]],
    ["Litware Inc.", "Broken", ["gdap.expired"]],
    ["Woodgrove Bank", "Broken", ["gdap.missingRole"]],
    ["Proseware, Inc.", "Broken", ["gdap.groupNotAssigned"]],
    ["Wide World Importers", "Warning", ["gdap.assignmentPending"]],
    ["Coho Winery", "Broken", ["gdap.mltOnly"]],
    ["Alpine Ski House", "Warning", ["gdap.globalAdmin"]],
    ["Trey Research", "Broken", ["reseller.indirect"]],
    ["Relecloud", "Broken", ["consent.notConsented"]],
    ["Contoso Pharmaceuticals", "Broken", ["intune.notLicensed"]],
    ["Fourth Coffee", "Warning", ["gdap.ending"]],
  ])("%s: %s %j", (name, verdict, codes) => {
    const c = byName.get(name);
    expect(c?.verdict).toBe(verdict);
    expect(c?.findings.map((f) => f.code)).toEqual(codes);
  });

  it("partner side: the lifecycle app lacks DeviceManagementApps.Read.All, its secret ends in 12 days, the account still holds GA", () => {
    expect(report.partnerFindings.map((f) => [f.severity, f.code])).toEqual([
      ["error", "lifecycleApp.permissionMissing"],
      ["warning", "secrets.expiring"],
      ["info", "serviceAccount.globalAdminDuringSetup"],
      ["info", "secrets.longLifetime"],
    ]);
  });

  it("Proseware: names the group holding the role and says the lifecycle group is in none", () => {
    expect(byName.get("Proseware, Inc.")?.findings[0]?.message).toBe(
      'In Proseware, Inc.\'s GDAP relationship "Contoso-Proseware-Lifecycle", Application Administrator and Cloud Application Administrator are assigned to "GDAP Helpdesk", which does not contain "GDAP Lifecycle Manager". It is in none of Proseware, Inc.\'s GDAP groups.',
    );
  });

  it("lists Broken first, then Warning, then Healthy, by name", () => {
    expect(report.customers.map((c) => c.displayName)).toEqual([
      "Adventure Works",
      "Coho Winery",
      "Contoso Pharmaceuticals",
      "Litware Inc.",
      "Proseware, Inc.",
      "Relecloud",
      "Trey Research",
      "Woodgrove Bank",
      "Alpine Ski House",
      "Fourth Coffee",
      "Wide World Importers",
      "Fabrikam, Inc.",
      "Northwind Traders",
      "Tailspin Toys",
    ]);
  });

  it("says what it assumed", () => {
    expect(report.assumptions).toHaveLength(3);
    expect(report.assumptions[0]).toBe(
      'Assumed the service account is svc-lifecycle@contoso.com, the user member of the security group named "GDAP Lifecycle Manager" (or containing "Lifecycle Manager").',
    );
  });
});
