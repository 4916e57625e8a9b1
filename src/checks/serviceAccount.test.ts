import { checkServiceAccount } from "./serviceAccount";
import { ROLE } from "./roles";
import { NOW, codesOf, fail, ok, partner, serviceAccount } from "./testing/build";
import type { PartnerSnapshot } from "../domain/snapshot";

const GA = ROLE.globalAdministrator;
const AA = ROLE.applicationAdministrator;
const CAA = ROLE.cloudApplicationAdministrator;

describe("checkServiceAccount", () => {
  test.each<[string, Partial<PartnerSnapshot>, string[]]>([
    ["healthy (App Admin, connected)", {}, []],
    ["Cloud App Admin is enough", { serviceAccount: serviceAccount({ directoryRoles: ok([CAA]) }) }, []],
    ["not found", { serviceAccount: null }, ["serviceAccount.notFound"]],
    [
      "disabled",
      { serviceAccount: serviceAccount({ user: { ...serviceAccount().user, accountEnabled: false } }) },
      ["serviceAccount.disabled"],
    ],
    ["no MFA", { serviceAccount: serviceAccount({ mfaMethods: ok([]) }) }, ["serviceAccount.noMfa"]],
    [
      "MFA unreadable",
      { serviceAccount: serviceAccount({ mfaMethods: fail("forbidden", "Access denied.", "UserAuthenticationMethod.Read.All") }) },
      ["serviceAccount.mfaUnreadable"],
    ],
    [
      "roles unreadable",
      { serviceAccount: serviceAccount({ directoryRoles: fail("throttled", "Microsoft asked us to slow down.") }) },
      ["serviceAccount.rolesUnreadable"],
    ],
    ["GA after connect", { serviceAccount: serviceAccount({ directoryRoles: ok([GA]) }) }, ["serviceAccount.globalAdmin"]],
    ["GA + AA after connect", { serviceAccount: serviceAccount({ directoryRoles: ok([GA, AA]) }) }, ["serviceAccount.globalAdmin"]],
    ["no role after connect", { serviceAccount: serviceAccount({ directoryRoles: ok([]) }) }, ["serviceAccount.missingRole"]],
    [
      "GA during setup",
      { m365Connected: false, serviceAccount: serviceAccount({ directoryRoles: ok([GA]) }) },
      ["serviceAccount.globalAdminDuringSetup"],
    ],
    ["no GA during setup", { m365Connected: false }, ["serviceAccount.noSetupRole"]],
    [
      "combined: disabled, no MFA, no role",
      {
        serviceAccount: serviceAccount({
          user: { ...serviceAccount().user, accountEnabled: false },
          mfaMethods: ok([]),
          directoryRoles: ok([]),
        }),
      },
      ["serviceAccount.disabled", "serviceAccount.noMfa", "serviceAccount.missingRole"],
    ],
  ])("%s", (_name, over, expected) => {
    expect(codesOf(checkServiceAccount(partner(over), NOW))).toEqual(expected);
  });

  it("severities: GA after connect is a warning, during setup info, not found an error", () => {
    const sev = (over: Partial<PartnerSnapshot>) => checkServiceAccount(partner(over), NOW).map((f) => f.severity);
    expect(sev({ serviceAccount: serviceAccount({ directoryRoles: ok([GA]) }) })).toEqual(["warning"]);
    expect(sev({ m365Connected: false, serviceAccount: serviceAccount({ directoryRoles: ok([GA]) }) })).toEqual(["info"]);
    expect(sev({ serviceAccount: null })).toEqual(["error"]);
  });

  it("asks to replace Global Administrator with App Admin or Cloud App Admin, linking the user's roles", () => {
    const [f] = checkServiceAccount(partner({ serviceAccount: serviceAccount({ directoryRoles: ok([GA]) }) }), NOW);
    expect(f?.subject).toBe("svc-lifecycle@contoso.com");
    expect(f?.fix.text).toContain("Application Administrator or Cloud Application Administrator");
    expect(f?.fix.url).toContain("/AdministrativeRole/userId/u-svc");
  });

  it("says how the account was looked for when not found", () => {
    expect(checkServiceAccount(partner({ serviceAccount: null }), NOW)[0]?.message).toContain('"GDAP Lifecycle Manager"');
    const custom = partner({ serviceAccount: null, lookedFor: { serviceAccount: 'the user "svc@x.com" chosen in setup' } });
    expect(checkServiceAccount(custom, NOW)[0]?.message).toBe('No service account found. Looked for the user "svc@x.com" chosen in setup.');
  });

  it("names the failure's reason when something could not be read", () => {
    const s = partner({ serviceAccount: serviceAccount({ mfaMethods: fail("forbidden", "Access denied.", "UserAuthenticationMethod.Read.All") }) });
    const [f] = checkServiceAccount(s, NOW);
    expect(f?.message).toContain("Could not read the MFA methods of svc-lifecycle@contoso.com: Access denied (missing: UserAuthenticationMethod.Read.All)");
    expect(f?.fix.text).toContain("UserAuthenticationMethod.Read.All");
  });
});
