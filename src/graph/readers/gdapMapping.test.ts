import { mapAll, toAccessAssignment, toRelationship, type RelationshipRow } from "./gdapMapping";

const GA = "62e90394-69f5-4237-9190-012177145e10";
const APP_ADMIN = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3";

const rel = {
  "@odata.type": "#microsoft.graph.delegatedAdminRelationship",
  id: "r1-r2",
  displayName: "Contoso-Fabrikam",
  status: "active",
  customer: { tenantId: "CC000000-0000-4000-8000-000000000001", displayName: "Fabrikam" },
  accessDetails: { unifiedRoles: [{ roleDefinitionId: APP_ADMIN.toUpperCase() }, { roleDefinitionId: GA }] },
  autoExtendDuration: "P180D",
  createdDateTime: "2025-01-01T00:00:00Z",
  activatedDateTime: "2025-01-02T00:00:00Z",
  endDateTime: "2027-01-02T00:00:00Z",
};

const expected: RelationshipRow = {
  customerTenantId: "cc000000-0000-4000-8000-000000000001",
  customerName: "Fabrikam",
  relationship: {
    id: "r1-r2",
    displayName: "Contoso-Fabrikam",
    status: "active",
    roles: [APP_ADMIN, GA],
    autoExtendDuration: "P180D",
    createdDateTime: "2025-01-01T00:00:00Z",
    activatedDateTime: "2025-01-02T00:00:00Z",
    endDateTime: "2027-01-02T00:00:00Z",
    isReseller: false,
  },
};

describe("toRelationship", () => {
  test.each<[string, unknown, RelationshipRow | null]>([
    ["a direct relationship (ids lower-cased)", rel, expected],
    ["a reseller relationship", { ...rel, "@odata.type": "#microsoft.graph.resellerDelegatedAdminRelationship", indirectProviderTenantId: "d1" }, { ...expected, relationship: { ...expected.relationship, isReseller: true } }],
    [
      "a pending one: no dates, no auto-extend, no roles",
      { id: "p", status: "approvalPending", customer: { tenantId: "t" }, activatedDateTime: null, endDateTime: null },
      {
        customerTenantId: "t",
        customerName: null,
        relationship: { id: "p", displayName: "", status: "approvalPending", roles: [], autoExtendDuration: "PT0S", createdDateTime: null, activatedDateTime: null, endDateTime: null, isReseller: false },
      },
    ],
    ["a status Graph added later", { ...rel, status: "somethingNew" }, { ...expected, relationship: { ...expected.relationship, status: "unknownFutureValue" } }],
    ["no customer", { ...rel, customer: undefined }, null],
    ["no id", { ...rel, id: "" }, null],
    ["not an object", "nope", null],
  ])("%s", (_name, raw, out) => {
    expect(toRelationship(raw)).toEqual(out);
  });
});

describe("toAccessAssignment", () => {
  const a = { id: "a1", status: "active", accessContainer: { accessContainerId: "06000000-0000-4000-8000-00000000000A", accessContainerType: "securityGroup" }, accessDetails: { unifiedRoles: [{ roleDefinitionId: APP_ADMIN }] } };
  test.each<[string, unknown, ReturnType<typeof toAccessAssignment>]>([
    ["active", a, { id: "a1", status: "active", groupId: "06000000-0000-4000-8000-00000000000a", roles: [APP_ADMIN] }],
    ["pending", { ...a, status: "pending" }, { id: "a1", status: "pending", groupId: "06000000-0000-4000-8000-00000000000a", roles: [APP_ADMIN] }],
    ["error", { ...a, status: "error" }, { id: "a1", status: "error", groupId: "06000000-0000-4000-8000-00000000000a", roles: [APP_ADMIN] }],
    ["unknown status", { ...a, status: "weird" }, { id: "a1", status: "unknownFutureValue", groupId: "06000000-0000-4000-8000-00000000000a", roles: [APP_ADMIN] }],
    ["no roles", { ...a, accessDetails: null }, { id: "a1", status: "active", groupId: "06000000-0000-4000-8000-00000000000a", roles: [] }],
    ["no container", { ...a, accessContainer: null }, null],
  ])("%s", (_name, raw, out) => {
    expect(toAccessAssignment(raw)).toEqual(out);
  });
});

test("mapAll keeps what parses and counts the rest", () => {
  expect(mapAll([rel, 1, null, rel], toRelationship)).toEqual({ values: [expected, expected], dropped: 2 });
});
