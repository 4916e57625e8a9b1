import { effectiveState, gdapRoleAssignments, relationshipInForce } from "./gdap";
import type { GdapRelationshipState } from "./types";

const NOW = new Date("2025-01-15T09:00:00Z");
const APP_ADMIN = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3";
const READER = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";
const GROUP = "06000000-0000-4000-8000-000000000004";
const PARTNER = "c0c0c0c0-0000-4000-8000-000000000000";

type Assignment = GdapRelationshipState["accessAssignments"][number];

function rel(over: Partial<GdapRelationshipState> = {}, assignment: Partial<Assignment> = {}): GdapRelationshipState {
  return {
    id: "rel-1",
    displayName: "R",
    status: "active",
    duration: "P730D",
    autoExtendDuration: "PT0S",
    customerTenantId: "30000000-0000-4000-8000-000000000001",
    customerDisplayName: "C",
    roles: [APP_ADMIN, READER],
    createdDateTime: "2024-01-01T00:00:00Z",
    activatedDateTime: "2024-01-02T00:00:00Z",
    endDateTime: "2025-02-01T00:00:00Z",
    lastModifiedDateTime: "2024-01-02T00:00:00Z",
    etag: "W/x",
    accessAssignments: [
      { id: "a-1", groupId: GROUP, status: "active", roles: [APP_ADMIN], createdDateTime: "2024-01-02T00:00:00Z", lastModifiedDateTime: "2024-01-02T00:00:00Z", etag: "W/y", ...assignment },
    ],
    ...over,
  };
}

const at = (iso: string) => new Date(iso);

test.each<[string, GdapRelationshipState, Date, boolean, string]>([
  ["active before its end", rel(), NOW, true, "active"],
  ["active at its end: expired", rel(), at("2025-02-01T00:00:00Z"), false, "expired"],
  ["expiring before its end", rel({ status: "expiring" }), NOW, true, "expiring"],
  ["auto-extended past its end", rel({ autoExtendDuration: "P180D" }), at("2025-03-01T00:00:00Z"), true, "active"],
  ["terminated", rel({ status: "terminated" }), NOW, false, "terminated"],
  ["approvalPending", rel({ status: "approvalPending", activatedDateTime: null, endDateTime: null }), NOW, false, "approvalPending"],
])("%s", (_name, r, now, inForce, status) => {
  expect(relationshipInForce(r, now)).toBe(inForce);
  expect(effectiveState(r, now).status).toBe(status);
});

test.each<[string, GdapRelationshipState, Date, string[]]>([
  ["active assignment of an active relationship: its roles", rel(), NOW, [APP_ADMIN]],
  ["a role of the assignment that the relationship lacks is not granted", rel({ roles: [READER] }), NOW, []],
  ["pending assignment: nothing", rel({}, { status: "pending" }), NOW, []],
  ["deleting assignment: nothing", rel({}, { status: "deleting" }), NOW, []],
  ["past the end: nothing", rel(), at("2025-02-02T00:00:00Z"), []],
  ["terminated relationship: nothing", rel({ status: "terminated" }), NOW, []],
])("%s", (_name, r, now, roles) => {
  const out = gdapRoleAssignments([r], PARTNER, 7, now);
  expect(out.map((a) => a.roleDefinitionId)).toEqual(roles);
  for (const a of out) expect(a).toMatchObject({ principalId: GROUP, principalOrganizationId: PARTNER, directoryScopeId: "/" });
});

test("ids are stable across calls", () => {
  expect(gdapRoleAssignments([rel()], PARTNER, 7, NOW)).toEqual(gdapRoleAssignments([rel()], PARTNER, 7, NOW));
});
