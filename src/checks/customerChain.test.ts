import { chainFindings, checkCustomerChains } from "./customerChain";
import { ROLE } from "./roles";
import {
  GLOBAL_READER,
  IDS,
  NOW,
  assignment,
  codesOf,
  customer,
  fail,
  inDays,
  ok,
  partner,
  relationship,
} from "./testing/build";
import type { CustomerSnapshot, GdapRelationshipSnapshot, PartnerSnapshot } from "../domain/snapshot";

const AA = ROLE.applicationAdministrator;
const CAA = ROLE.cloudApplicationAdministrator;

const rel = relationship;
const noRoleRel = (over: Partial<GdapRelationshipSnapshot> = {}) =>
  rel({ roles: [GLOBAL_READER], accessAssignments: [assignment({ groupId: IDS.helpdeskGroup, roles: [GLOBAL_READER] })], ...over });
const helpdeskAssignment = (roles = [AA, CAA]) => assignment({ id: "as-h", groupId: IDS.helpdeskGroup, roles });

function run(relationships: GdapRelationshipSnapshot[], over: Partial<PartnerSnapshot> = {}): string[] {
  const c: CustomerSnapshot = customer({ relationships });
  return codesOf(chainFindings(partner({ customers: [c], ...over }), c));
}

describe("chainFindings: each link alone", () => {
  test.each<[string, GdapRelationshipSnapshot[], string[]]>([
    ["healthy: active, both roles, assignment active in a group containing the lifecycle group", [rel()], []],
    ["Application Administrator alone is enough", [rel({ roles: [AA], accessAssignments: [assignment({ roles: [AA] })] })], []],
    ["Cloud Application Administrator alone is enough", [rel({ roles: [CAA], accessAssignments: [assignment({ roles: [CAA] })] })], []],
    ["no relationship", [], ["gdap.none"]],
    ["only expired", [rel({ status: "expired", endDateTime: inDays(-10) })], ["gdap.expired"]],
    ["only terminated", [rel({ status: "terminated" })], ["gdap.expired"]],
    ["only terminationRequested", [rel({ status: "terminationRequested" })], ["gdap.expired"]],
    ["only expiring", [rel({ status: "expiring" })], ["gdap.expired"]],
    ["only MLT_ (active, read-only)", [rel({ displayName: "MLT_Contoso_2023", roles: [GLOBAL_READER] })], ["gdap.mltOnly"]],
    ["MLT_ with the roles still does not count", [rel({ displayName: "MLT_Contoso_2023" })], ["gdap.mltOnly"]],
    ["only approvalPending", [rel({ status: "approvalPending", endDateTime: null })], ["gdap.pendingApproval"]],
    ["only created", [rel({ status: "created", endDateTime: null })], ["gdap.pendingApproval"]],
    ["only approved", [rel({ status: "approved" })], ["gdap.activating"]],
    ["only activating", [rel({ status: "activating" })], ["gdap.activating"]],
    ["only unknownFutureValue", [rel({ status: "unknownFutureValue" })], ["gdap.none"]],
    ["active without either role", [noRoleRel()], ["gdap.missingRole"]],
    [
      "role in the relationship but no group is assigned it",
      [rel({ accessAssignments: [assignment({ groupId: IDS.appAdminsGroup, roles: [GLOBAL_READER] })] })],
      ["gdap.roleNotAssigned"],
    ],
    ["role in the relationship, no assignments at all", [rel({ accessAssignments: [] })], ["gdap.roleNotAssigned"]],
    ["assignment with the role, group without the lifecycle group", [rel({ accessAssignments: [helpdeskAssignment()] })], ["gdap.groupNotAssigned"]],
    ["assignment pending", [rel({ accessAssignments: [assignment({ status: "pending" })] })], ["gdap.assignmentPending"]],
    ["assignment error", [rel({ accessAssignments: [assignment({ status: "error" })] })], ["gdap.assignmentError"]],
    ["assignment deleting", [rel({ accessAssignments: [assignment({ status: "deleting" })] })], ["gdap.assignmentRemoved"]],
    ["assignment deleted", [rel({ accessAssignments: [assignment({ status: "deleted" })] })], ["gdap.assignmentRemoved"]],
    ["assignments unreadable", [rel({ accessAssignments: fail("forbidden", "Access denied.") })], ["gdap.unreadable"]],
  ])("%s", (_name, relationships, expected) => {
    expect(run(relationships)).toEqual(expected);
  });
});

describe("chainFindings: combined (several relationships, nested groups, statuses)", () => {
  test.each<[string, GdapRelationshipSnapshot[], Partial<PartnerSnapshot>, string[]]>([
    ["an expired one beside a healthy one", [rel({ id: "r0", status: "expired" }), rel()], {}, []],
    ["an MLT_ one beside a healthy one", [rel({ id: "r0", displayName: "MLT_x", roles: [GLOBAL_READER] }), rel()], {}, []],
    ["pending beats MLT_ and expired", [rel({ displayName: "MLT_x" }), rel({ status: "expired" }), rel({ status: "approvalPending" })], {}, ["gdap.pendingApproval"]],
    ["MLT_ beats expired", [rel({ status: "expired" }), rel({ displayName: "MLT_x" })], {}, ["gdap.mltOnly"]],
    ["an active one without the role beats a pending one", [noRoleRel(), rel({ status: "approvalPending" })], {}, ["gdap.missingRole"]],
    [
      "the furthest relationship is reported: one without role, one with a pending assignment",
      [noRoleRel({ id: "r0" }), rel({ accessAssignments: [assignment({ status: "pending" })] })],
      {},
      ["gdap.assignmentPending"],
    ],
    [
      "one relationship with the group missing, another healthy",
      [rel({ id: "r0", accessAssignments: [helpdeskAssignment()] }), rel()],
      {},
      [],
    ],
    [
      "two assignments: role to the wrong group (active) and to the right one (pending)",
      [rel({ accessAssignments: [helpdeskAssignment(), assignment({ status: "pending" })] })],
      {},
      ["gdap.assignmentPending"],
    ],
    [
      "pending beats error among assignments with the group",
      [rel({ accessAssignments: [assignment({ status: "error" }), assignment({ id: "as-2", status: "pending" })] })],
      {},
      ["gdap.assignmentPending"],
    ],
    [
      "role and lifecycle group in different assignments",
      [rel({ accessAssignments: [helpdeskAssignment(), assignment({ roles: [GLOBAL_READER] })] })],
      {},
      ["gdap.groupNotAssigned"],
    ],
    [
      "nested: the assignment's group contains the lifecycle group through another group",
      [rel({ accessAssignments: [assignment({ groupId: "g-outer" })] })],
      { lifecycleGroupContainedIn: ok(["g-outer", IDS.appAdminsGroup]) },
      [],
    ],
    [
      "nested group not containing it",
      [rel({ accessAssignments: [assignment({ groupId: "g-outer" })] })],
      {},
      ["gdap.groupNotAssigned"],
    ],
    [
      "unreadable assignments on one relationship, the other healthy",
      [rel({ id: "r0", accessAssignments: fail("forbidden", "Access denied.") }), rel()],
      {},
      [],
    ],
    [
      "unreadable assignments on one relationship, the other broken: cannot tell",
      [rel({ id: "r0", accessAssignments: fail("forbidden", "Access denied.") }), rel({ accessAssignments: [helpdeskAssignment()] })],
      {},
      ["gdap.unreadable"],
    ],
    ["containment unreadable", [rel()], { lifecycleGroupContainedIn: fail("unavailable", "Microsoft is unavailable.") }, ["gdap.unreadable"]],
    ["GDAP unreadable at all", [], { gdapRead: fail("forbidden", "Access denied.", "DelegatedAdminRelationship.Read.All") }, ["gdap.unreadable"]],
    ["lifecycle group missing: left to the partner finding", [rel({ accessAssignments: [helpdeskAssignment()] })], { lifecycleGroup: null }, []],
    ["lifecycle group missing does not hide an earlier link", [], { lifecycleGroup: null }, ["gdap.none"]],
  ])("%s", (_name, relationships, over, expected) => {
    expect(run(relationships, over)).toEqual(expected);
  });
});

describe("chainFindings: messages and links", () => {
  const one = (relationships: GdapRelationshipSnapshot[], over: Partial<PartnerSnapshot> = {}) => {
    const c = customer({ relationships });
    const [f] = chainFindings(partner({ customers: [c], ...over }), c);
    if (!f) throw new Error("expected a finding");
    return f;
  };

  it("group not assigned: names the relationship, the role, the group and where the lifecycle group is instead", () => {
    const f = one([rel({ accessAssignments: [helpdeskAssignment([AA]), assignment({ roles: [GLOBAL_READER] })] })]);
    expect(f).toMatchObject({ severity: "error", tenantId: "c-1", subject: "Fabrikam" });
    expect(f.message).toBe(
      'In Fabrikam\'s GDAP relationship "Contoso-Lifecycle", Application Administrator is assigned to "GDAP Helpdesk", which does not contain "GDAP Lifecycle Manager". It is in "GDAP Application Administrators" instead (Global Reader in "Contoso-Lifecycle").',
    );
    expect(f.fix).toEqual({
      text: 'Add "GDAP Lifecycle Manager" as a member of "GDAP Helpdesk".',
      url: "https://entra.microsoft.com/#view/Microsoft_AAD_IAM/GroupDetailsMenuBlade/~/Members/groupId/g-helpdesk",
    });
  });

  it("group not assigned anywhere says so", () => {
    expect(one([rel({ accessAssignments: [helpdeskAssignment()] })]).message).toContain(
      "Application Administrator and Cloud Application Administrator are assigned to \"GDAP Helpdesk\", which does not contain \"GDAP Lifecycle Manager\". It is in none of Fabrikam's GDAP groups.",
    );
  });

  it("pending approval links the customer's approval page", () => {
    const f = one([rel({ id: "abc-123", status: "approvalPending", createdDateTime: inDays(-3), displayName: "Contoso-New" })]);
    expect(f.message).toBe('Fabrikam has not approved your GDAP relationship "Contoso-New" yet (requested on 2025-05-29). Requests expire after 90 days unapproved.');
    expect(f.fix.url).toBe("https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/abc-123");
  });

  it("expired names the date and the Partner Center customer page", () => {
    const f = one([rel({ status: "expired", endDateTime: inDays(-10) })]);
    expect(f.message).toBe('Fabrikam\'s GDAP relationship "Contoso-Lifecycle" expired (2025-05-22). Ended relationships cannot be restored.');
    expect(f.fix.url).toBe("https://partner.microsoft.com/dashboard/v2/customers/c-1/adminrelationships");
  });

  it("missing role names the roles needed", () => {
    expect(one([noRoleRel({ displayName: "Contoso-ReadOnly" })]).message).toBe(
      'Fabrikam\'s GDAP relationship "Contoso-ReadOnly" has neither Application Administrator nor Cloud Application Administrator.',
    );
  });

  it("pending assignment is a warning that may take up to an hour", () => {
    const f = one([rel({ accessAssignments: [assignment({ status: "pending" })] })]);
    expect(f.severity).toBe("warning");
    expect(f.message).toContain("up to an hour");
  });

  it("unreadable uses the failure's message, never 'absent'", () => {
    const f = one([rel({ accessAssignments: fail("forbidden", "Tenant Pilot may not read this.", "DelegatedAdminRelationship.Read.All") })]);
    expect(f.message).toBe(
      'Could not read the access assignments of Fabrikam\'s GDAP relationship "Contoso-Lifecycle": Tenant Pilot may not read this (missing: DelegatedAdminRelationship.Read.All). This was not checked, not found absent.',
    );
  });

  it("checkCustomerChains judges every customer", () => {
    const s = partner({ customers: [customer(), customer({ tenantId: "c-2", displayName: "Litware", relationships: [] })] });
    expect(checkCustomerChains(s, NOW).map((f) => [f.tenantId, f.code])).toEqual([["c-2", "gdap.none"]]);
  });
});
