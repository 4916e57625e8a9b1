import { BLOCKING_CODE, CHECK_CODES, runChecks, verdictOf } from "./run";
import { ROLE } from "./roles";
import {
  GLOBAL_READER,
  IDS,
  LIFECYCLE_PERMS,
  NOW,
  app,
  assignment,
  codesOf,
  customer,
  fail,
  inDays,
  lifecycleGroup,
  ok,
  partner,
  relationship,
  serviceAccount,
} from "./testing/build";
import type { Finding } from "../domain/findings";
import type { PartnerSnapshot } from "../domain/snapshot";

const f = (severity: Finding["severity"]): Finding => ({ severity, code: "x", subject: "s", message: "m", fix: { text: "t", url: "u" } });

describe("verdictOf", () => {
  test.each<[Finding["severity"][], string]>([
    [[], "Healthy"],
    [["info"], "Healthy"],
    [["info", "warning"], "Warning"],
    [["warning", "error", "info"], "Broken"],
    [["error"], "Broken"],
  ])("%j -> %s", (sev, verdict) => {
    expect(verdictOf(sev.map(f))).toBe(verdict);
  });
});

describe("runChecks", () => {
  it("a healthy partner: no finding, every customer Healthy", () => {
    const r = runChecks(partner(), NOW);
    expect(r.partnerFindings).toEqual([]);
    expect(r.customers.map((c) => [c.displayName, c.verdict, c.findings])).toEqual([["Fabrikam", "Healthy", []]]);
    expect(r).toMatchObject({ checkedAt: NOW.toISOString(), partner: { tenantId: IDS.partner, displayName: "Contoso IT Partners" }, assumptions: [] });
  });

  it("sorts customers Broken, Warning, Healthy, then by name; findings most severe first", () => {
    const s = partner({
      customers: [
        customer({ tenantId: "h", displayName: "zeta healthy" }),
        customer({ tenantId: "w2", displayName: "Beta", relationships: [relationship({ autoExtendDuration: "PT0S", endDateTime: inDays(5) })] }),
        customer({ tenantId: "b", displayName: "Omega", relationships: [] }),
        customer({ tenantId: "w1", displayName: "alpha", relationships: [relationship({ autoExtendDuration: "PT0S", endDateTime: inDays(5) })] }),
        customer({ tenantId: "h2", displayName: "Alpha healthy" }),
        customer({
          tenantId: "b2",
          displayName: "Delta",
          relationships: [relationship({ roles: [ROLE.globalAdministrator, ROLE.applicationAdministrator], accessAssignments: [assignment({ status: "error" })] })],
        }),
      ],
    });
    const r = runChecks(s, NOW);
    expect(r.customers.map((c) => [c.displayName, c.verdict])).toEqual([
      ["Delta", "Broken"],
      ["Omega", "Broken"],
      ["alpha", "Warning"],
      ["Beta", "Warning"],
      ["Alpha healthy", "Healthy"],
      ["zeta healthy", "Healthy"],
    ]);
    expect(r.customers[0]?.findings.map((x) => [x.severity, x.code])).toEqual([
      ["error", "gdap.assignmentError"],
      ["warning", "gdap.globalAdmin"],
    ]);
  });

  it("partner findings most severe first; info never changes a verdict", () => {
    const s = partner({
      m365Connected: false,
      serviceAccount: serviceAccount({ directoryRoles: ok([ROLE.globalAdministrator]), mfaMethods: ok([]) }),
      lifecycleApp: app({ passwordCredentials: [{ keyId: "k", displayName: "k", startDateTime: inDays(-300), endDateTime: inDays(10), hint: null }] }),
    });
    const r = runChecks(s, NOW);
    expect(r.partnerFindings.map((x) => [x.severity, x.code])).toEqual([
      ["error", "serviceAccount.noMfa"],
      ["warning", "secrets.expiring"],
      ["info", "serviceAccount.globalAdminDuringSetup"],
      ["info", "secrets.longLifetime"],
    ]);
    expect(r.customers[0]?.verdict).toBe("Healthy");
  });

  describe("partner-side problems that break every customer", () => {
    test.each<[string, Partial<PartnerSnapshot>, string]>([
      ["lifecycle group missing", { lifecycleGroup: null }, "lifecycleGroup.notFound"],
      ["lifecycle group without the service account", { lifecycleGroup: lifecycleGroup({ members: ok([]) }) }, "lifecycleGroup.serviceAccountMissing"],
      ["service account missing", { serviceAccount: null }, "serviceAccount.notFound"],
      ["service account disabled", { serviceAccount: serviceAccount({ user: { ...serviceAccount().user, accountEnabled: false } }) }, "serviceAccount.disabled"],
      ["lifecycle app missing", { lifecycleApp: null }, "lifecycleApp.notFound"],
      ["lifecycle app single-tenant", { lifecycleApp: app({ signInAudience: "AzureADMyOrg" }) }, "lifecycleApp.notMultitenant"],
      ["lifecycle app not in AdminAgents", { lifecycleApp: app({ inAdminAgents: ok(false) }) }, "lifecycleApp.notInAdminAgents"],
      ["no valid secret", { lifecycleApp: app({ passwordCredentials: [] }) }, "secrets.none"],
    ])("%s: partner finding once, every customer Broken with partner.blocking", (_name, over, code) => {
      const s = partner({ ...over, customers: [customer(), customer({ tenantId: "c-2", displayName: "Litware" })] });
      const r = runChecks(s, NOW);
      expect(codesOf(r.partnerFindings).filter((c) => c === code)).toHaveLength(1);
      for (const c of r.customers) {
        expect(c.verdict).toBe("Broken");
        expect(codesOf(c.findings).filter((x) => x === BLOCKING_CODE)).toHaveLength(1);
      }
      const blocking = r.customers[0]?.findings.find((x) => x.code === BLOCKING_CODE);
      const partnerOne = r.partnerFindings.find((x) => x.code === code);
      expect(blocking?.fix).toEqual(partnerOne?.fix);
      expect(blocking?.message).toContain("cannot work until a partner-side problem is fixed");
    });

    it("partner warnings (secret expiring, GA on the account) do not change verdicts", () => {
      const s = partner({
        serviceAccount: serviceAccount({ directoryRoles: ok([ROLE.globalAdministrator]) }),
        lifecycleApp: app({ passwordCredentials: [{ keyId: "k", displayName: "k", startDateTime: inDays(-30), endDateTime: inDays(12), hint: null }] }),
      });
      expect(runChecks(s, NOW).customers.map((c) => c.verdict)).toEqual(["Healthy"]);
    });

    it("a partner error that is not blocking (a missing permission) does not change verdicts", () => {
      const s = partner({ lifecycleApp: app({ required: LIFECYCLE_PERMS.slice(0, 2), granted: ok(LIFECYCLE_PERMS.slice(0, 2)) }) });
      const r = runChecks(s, NOW);
      expect(codesOf(r.partnerFindings)).toEqual(["lifecycleApp.permissionMissing"]);
      expect(r.customers[0]?.verdict).toBe("Healthy");
    });

    it("several blocking problems: one finding per customer that counts them", () => {
      const r = runChecks(partner({ lifecycleGroup: null, lifecycleApp: null }), NOW);
      const [c] = r.customers;
      expect(codesOf(c?.findings ?? [])).toEqual([BLOCKING_CODE]);
      expect(c?.findings[0]?.message).toContain("(and 1 more, see the partner findings)");
    });

    it("only the scope's checks block: check apps ignores a missing lifecycle group", () => {
      const r = runChecks(partner({ lifecycleGroup: null }), NOW, { scope: "apps" });
      expect(r.partnerFindings).toEqual([]);
      expect(r.customers[0]?.verdict).toBe("Healthy");
    });
  });

  describe("scopes", () => {
    const broken = partner({
      serviceAccount: serviceAccount({ mfaMethods: ok([]), inAdminAgents: ok(false) }),
      lifecycleGroup: lifecycleGroup({ groupTypes: ["DynamicMembership"] }),
      lifecycleApp: app({ inAdminAgents: ok(true), granted: ok([]) }),
      customers: [
        customer({
          relationshipToPartner: "indirectReseller",
          relationships: [relationship({ roles: [GLOBAL_READER], autoExtendDuration: "PT0S", endDateTime: inDays(3), accessAssignments: [] })],
          lifecycleApp: { token: fail("notConsented", "x") },
        }),
      ],
    });
    const codes = (scope: "all" | "gdap" | "adminagents" | "apps") => {
      const r = runChecks(broken, NOW, { scope });
      return [...codesOf(r.partnerFindings), ...r.customers.flatMap((c) => codesOf(c.findings))].sort();
    };

    test.each<["all" | "gdap" | "adminagents" | "apps", string[]]>([
      ["gdap", ["gdap.ending", "gdap.missingRole", "lifecycleGroup.dynamic", "serviceAccount.noMfa"]],
      ["adminagents", [BLOCKING_CODE, "serviceAccount.notInAdminAgents"]],
      ["apps", ["consent.notConsented", "lifecycleApp.consentMissing", "reseller.indirect"]],
    ])("%s", (scope, expected) => {
      expect(codes(scope)).toEqual(expected);
    });

    it("all = the union of the scopes", () => {
      const union = [...new Set([...codes("gdap"), ...codes("adminagents"), ...codes("apps")])].sort();
      expect(codes("all")).toEqual(union);
      expect(runChecks(broken, NOW)).toEqual(runChecks(broken, NOW, { scope: "all" }));
    });
  });

  it("a finding shared by two checks appears once (service account not found)", () => {
    const r = runChecks(partner({ serviceAccount: null }), NOW);
    expect(codesOf(r.partnerFindings).filter((c) => c === "serviceAccount.notFound")).toHaveLength(1);
  });

  describe("assumptions", () => {
    const discovered = partner({
      serviceAccount: serviceAccount({ source: "discovered", assumption: 'the service account is the user member of the security group "GDAP Lifecycle Manager"' }),
      lifecycleGroup: lifecycleGroup({ source: "discovered" }),
      lifecycleApp: app({ source: "discovered", assumption: "the lifecycle app is the multitenant app holding DeviceManagementManagedDevices.Read.All." }),
    });

    it("one line per discovered identity, with the assumption's words", () => {
      expect(runChecks(discovered, NOW).assumptions).toEqual([
        'Assumed the service account is the user member of the security group "GDAP Lifecycle Manager".',
        'Assumed the lifecycle group is "GDAP Lifecycle Manager", the security group named "GDAP Lifecycle Manager" (or containing "Lifecycle Manager").',
        "Assumed the lifecycle app is the multitenant app holding DeviceManagementManagedDevices.Read.All.",
      ]);
    });

    test.each<["gdap" | "adminagents" | "apps", number]>([
      ["gdap", 2],
      ["adminagents", 2],
      ["apps", 1],
    ])("scope %s keeps the relevant ones (%d)", (scope, n) => {
      expect(runChecks(discovered, NOW, { scope }).assumptions).toHaveLength(n);
    });

    it("setup and rehearsal choices are not assumptions", () => {
      expect(runChecks(partner({ lifecycleGroup: lifecycleGroup({ source: "rehearsal" }) }), NOW).assumptions).toEqual([]);
    });
  });

  it("until the lifecycle key is stored: one partner info finding, verdicts unchanged", () => {
    const r = runChecks(partner({ lifecycleKeyKnown: false, customers: [customer({ lifecycleApp: { token: fail("notConsented", "x") } })] }), NOW);
    expect(r.partnerFindings.map((x) => [x.severity, x.code])).toEqual([["info", "consent.notTested"]]);
    expect(r.customers[0]?.verdict).toBe("Healthy");
  });

  it("every finding has a fix with an https link and a known code", () => {
    const s = partner({
      serviceAccount: null,
      lifecycleGroup: null,
      lifecycleApp: null,
      partnerCenterApp: null,
      adminAgentsGroupId: null,
      gdapRead: fail("forbidden", "Access denied."),
      partnerCenterRead: fail("forbidden", "Access denied."),
      customers: [customer({ relationshipToPartner: "indirectReseller" })],
    });
    const r = runChecks(s, NOW);
    const all = [...r.partnerFindings, ...r.customers.flatMap((c) => c.findings)];
    expect(all.length).toBeGreaterThan(5);
    for (const x of all) {
      expect(x.fix.text.length).toBeGreaterThan(0);
      expect(x.fix.url).toMatch(/^https:\/\//);
      expect(CHECK_CODES).toContain(x.code);
    }
  });

  it("CHECK_CODES is sorted, unique and dotted", () => {
    expect([...CHECK_CODES].sort()).toEqual(CHECK_CODES);
    expect(new Set(CHECK_CODES).size).toBe(CHECK_CODES.length);
    for (const c of CHECK_CODES) expect(c).toMatch(/^[a-zA-Z]+\.[a-zA-Z0-9]+$/);
  });
});
