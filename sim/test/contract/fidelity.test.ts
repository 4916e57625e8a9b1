/**
 * Fidelity to Microsoft's types and behaviour, through the REAL @azure/msal-node and @microsoft/microsoft-graph-client:
 * $select of any property Graph declares on the type (null / [] for what the simulator does not model, 400 for names
 * the type does not declare), createdDateTime from the scenario, and GDAP-derived role assignments in a customer that
 * end when the relationship ends on the simulator clock.
 */
import type { Client } from "@microsoft/microsoft-graph-client";
import type * as MG from "@microsoft/microsoft-graph-types";
import { createManualClock } from "../../core/clock";
import { startHarness, type Harness } from "../../testing/harness";
import { graphError } from "../../testing/sdk";
import { APP_ID, APP_OBJECT, CUSTOMER_A, CUSTOMER_GDAP_GROUP, LIFECYCLE_GROUP, REL_A, SERVICE_ACCOUNT } from "../../graph/testing/fixture";
import { READER_APP_ID, SECRET, contractScenario } from "./graphScenario";

interface Collection<T> {
  value: T[];
}

const DEVICE = "dddddddd-1111-4000-8000-000000000001";

function scenario() {
  const s = contractScenario();
  const partner = s.partner;
  return {
    ...s,
    partner: {
      ...partner,
      users: (partner.users ?? []).map((u) => (u.id === SERVICE_ACCOUNT ? { ...u, createdDateTime: "-2y" } : u)),
      groups: (partner.groups ?? []).map((g) => (g.id === LIFECYCLE_GROUP ? { ...g, createdDateTime: "-6mo" } : g)),
      applications: (partner.applications ?? []).map((a) =>
        a.id === APP_OBJECT
          ? { ...a, createdDateTime: "2023-03-01T10:00:00Z" }
          : a.appId === READER_APP_ID // its secret outlives the relationship the clock test runs past
            ? { ...a, passwordCredentials: (a.passwordCredentials ?? []).map((c) => ({ ...c, endDateTime: "+3y" })) }
            : a,
      ),
    },
    customers: (s.customers ?? []).map((c) =>
      c.tenantId === CUSTOMER_A ? { ...c, inventory: { devices: [{ id: DEVICE, deviceName: "FAB-001", operatingSystem: "Windows" as const }] } } : c,
    ),
  };
}

const NOW = new Date("2025-03-01T12:00:00Z");
const clock = createManualClock(NOW);
let h: Harness;
let partner: Client;
let beta: Client;
let customerA: Client;
let devices: Client;

beforeAll(async () => {
  h = await startHarness({ scenario: scenario(), port: 0, clock });
  // h.appToken builds a new MSAL client per call: no token cache that the moved simulator clock would outdate.
  partner = h.graph({ getToken: () => h.appToken({ clientId: READER_APP_ID, clientSecret: SECRET }) });
  beta = h.graph({ getToken: () => h.appToken({ clientId: READER_APP_ID, clientSecret: SECRET }), version: "beta" });
  customerA = h.graph({ getToken: () => h.appToken({ clientId: READER_APP_ID, clientSecret: SECRET, tenant: CUSTOMER_A }) });
  devices = h.graph({ getToken: () => h.appToken({ clientId: APP_ID, clientSecret: "abcSecretValue123", tenant: CUSTOMER_A }) });
});
afterAll(async () => {
  await h.stop();
});

describe("$select of what Graph declares", () => {
  test.each<[string, string, string[], Record<string, unknown>]>([
    ["user", `/users/${SERVICE_ACCOUNT}`, ["id", "createdDateTime", "onPremisesSyncEnabled", "employeeId", "proxyAddresses"], { createdDateTime: "2023-03-02T12:00:00Z", onPremisesSyncEnabled: null, employeeId: null, proxyAddresses: [] }],
    ["group", `/groups/${LIFECYCLE_GROUP}`, ["id", "renewedDateTime", "securityIdentifier", "membershipRule", "createdDateTime"], { renewedDateTime: null, securityIdentifier: null, membershipRule: null, createdDateTime: "2024-09-02T12:00:00Z" }],
    ["application", `/applications/${APP_OBJECT}`, ["id", "notes", "tags", "createdDateTime"], { notes: null, tags: [], createdDateTime: "2023-03-01T10:00:00Z" }],
  ])("%s: declared properties the simulator does not model answer null / []; scenario createdDateTime is served", async (_type, path, select, expected) => {
    const got = (await partner.api(path).select(select).get()) as Record<string, unknown>;
    expect(got).toMatchObject(expected);
    expect(Object.keys(got).filter((k) => !k.startsWith("@")).sort()).toEqual([...select].sort());
  });

  test("servicePrincipals collection: appRoleAssignmentRequired is false, notes null", async () => {
    const sps = (await partner.api("/servicePrincipals").filter(`appId eq '${APP_ID}'`).select(["id", "appRoleAssignmentRequired", "notes"]).get()) as Collection<MG.ServicePrincipal>;
    expect(sps.value).toEqual([expect.objectContaining({ appRoleAssignmentRequired: false, notes: null })]);
  });

  test("users list on v1.0 with $select of an unmodelled property; beta serves createdDateTime by default", async () => {
    const v1 = (await partner.api("/users").select(["id", "employeeHireDate"]).get()) as Collection<MG.User>;
    expect(v1.value.every((u) => u.employeeHireDate === null)).toBe(true);
    const b = (await beta.api(`/users/${SERVICE_ACCOUNT}`).get()) as MG.User;
    expect(b.createdDateTime).toBe("2023-03-02T12:00:00Z");
  });

  test("managedDevices: a declared property the simulator does not model answers null, on the list and the entity", async () => {
    const list = (await devices.api("/deviceManagement/managedDevices").select(["id", "requireUserEnrollmentApproval", "managementCertificateExpirationDate"]).get()) as Collection<Record<string, unknown>>;
    expect(list.value).toEqual([{ id: DEVICE, requireUserEnrollmentApproval: null, managementCertificateExpirationDate: null }]);
    const one = (await devices.api(`/deviceManagement/managedDevices/${DEVICE}`).select(["deviceName", "requireUserEnrollmentApproval"]).get()) as Record<string, unknown>;
    expect(one).toMatchObject({ deviceName: "FAB-001", requireUserEnrollmentApproval: null });
  });

  test.each([
    ["user", `/users/${SERVICE_ACCOUNT}`, "microsoft.graph.user"],
    ["group", `/groups/${LIFECYCLE_GROUP}`, "microsoft.graph.group"],
    ["delegatedAdminRelationship", "/tenantRelationships/delegatedAdminRelationships", "microsoft.graph.delegatedAdminRelationship"],
    ["managedDevice", "/deviceManagement/managedDevices", "microsoft.graph.managedDevice"],
  ])("%s: a name the type does not declare is still 400", async (_type, path, type) => {
    const c = path.startsWith("/deviceManagement") ? devices : partner;
    const e = await graphError(c.api(path).select(["id", "favouriteColour"]).get());
    expect(e.statusCode).toBe(400);
    expect(e.message).toBe(`Could not find a property named 'favouriteColour' on type '${type}'.`);
  });

  test("a navigation property is not a structural $select (400)", async () => {
    const e = await graphError(partner.api(`/users/${SERVICE_ACCOUNT}`).select(["id", "manager"]).get());
    expect(e.statusCode).toBe(400);
  });
});

describe("GDAP-derived role assignments follow the simulator clock", () => {
  const partnerGroupRoles = async (): Promise<string[]> => {
    const ras = (await customerA.api("/roleManagement/directory/roleAssignments").filter(`principalId eq '${CUSTOMER_GDAP_GROUP}'`).get()) as Collection<MG.UnifiedRoleAssignment>;
    return ras.value.map((r) => r.roleDefinitionId ?? "");
  };

  test("the access container's role is assigned while the relationship is active, and gone once its endDateTime passes", async () => {
    expect(await partnerGroupRoles()).toEqual(["9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"]);
    const rel = (await partner.api(`/tenantRelationships/delegatedAdminRelationships/${REL_A}`).get()) as MG.DelegatedAdminRelationship;
    const end = Date.parse(rel.endDateTime ?? "");
    h.sim.control.advanceClock(end - clock.now().getTime() - 60_000);
    expect(await partnerGroupRoles()).toHaveLength(1);
    h.sim.control.advanceClock(120_000);
    expect(await partnerGroupRoles()).toEqual([]);
    const after = (await partner.api(`/tenantRelationships/delegatedAdminRelationships/${REL_A}`).get()) as MG.DelegatedAdminRelationship;
    expect(after.status).toBe("expired");
  });
});
