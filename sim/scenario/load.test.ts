import path from "node:path";
import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { loadScenarioFile, parseScenario, ScenarioError } from "./load";

const P = "10000000-0000-4000-8000-000000000001";
const base = () => ({
  name: "t",
  partner: {
    tenantId: P,
    displayName: "P",
    domain: "p.onmicrosoft.com",
    groups: [{ id: "10000000-0000-4000-8000-0000000000b1", displayName: "AdminAgents" }],
    applications: [{ id: "10000000-0000-4000-8000-0000000000c1", appId: "20000000-0000-4000-8000-0000000000c1", displayName: "App", signInAudience: "AzureADMultipleOrgs" }],
  },
});

function issuesOf(input: unknown): { path: string; message: string }[] {
  const r = parseScenario(input);
  if (r.ok) throw new Error("expected invalid");
  return r.issues;
}

test("a minimal scenario is valid and gets defaults", () => {
  const r = parseScenario(base());
  expect(r.ok).toBe(true);
  if (r.ok) {
    expect(r.scenario.seed).toBe(1);
    expect(r.scenario.throttling.profile).toBe("microsoft");
    expect(r.scenario.teams.allowAnonymous).toBe(true);
    expect(r.scenario.partner.policies.maxPasswordLifetimeDays).toBe(730);
    expect(r.scenario.partner.applications[0].owners).toBeUndefined();
  }
});

test.each<[string, (s: ReturnType<typeof base> & Record<string, unknown>) => void, string, RegExp]>([
  ["bad tenant id", (s) => (s.partner.tenantId = "nope"), "partner.tenantId", /GUID/],
  ["unknown top-level field", (s) => (s.extra = 1), "extra", /unknown field/],
  ["bad relative date", (s) => (s.partner.applications[0] = { ...s.partner.applications[0], passwordCredentials: [{ keyId: P, secretText: "12345678", startDateTime: "yesterday", endDateTime: "+1d" }] } as never), "partner.applications[0].passwordCredentials[0].startDateTime", /relative time/],
  ["unknown role name", (s) => ((s.partner as Record<string, unknown>).users = [{ id: P, userPrincipalName: "a@p", displayName: "A", directoryRoles: ["Chief Wizard"] }]), "partner.users[0].directoryRoles[0]", /unknown directory role/],
  ["bad enum in a customer", (s) => (s.customers = [{ tenantId: "30000000-0000-4000-8000-000000000001", displayName: "C", domain: "c.example", relationshipToPartner: "friend" }]), "customers[0].relationshipToPartner", /Invalid option/],
  ["access group not in the partner", (s) => (s.customers = [{ tenantId: "30000000-0000-4000-8000-000000000001", displayName: "C", domain: "c.example", gdapRelationships: [{ displayName: "R", status: "active", roles: ["Global Reader"], accessAssignments: [{ groupId: "99999999-0000-4000-8000-000000000001", roles: ["Global Reader"] }] }] }]), "customers[0].gdapRelationships[0].accessAssignments[0].groupId", /no group/],
  ["assignment role outside the relationship", (s) => (s.customers = [{ tenantId: "30000000-0000-4000-8000-000000000001", displayName: "C", domain: "c.example", gdapRelationships: [{ displayName: "R", status: "active", roles: ["Global Reader"], accessAssignments: [{ groupId: "10000000-0000-4000-8000-0000000000b1", roles: ["Intune Administrator"] }] }] }]), "customers[0].gdapRelationships[0].accessAssignments[0].roles[0]", /not part of the relationship/],
  ["consented app unknown", (s) => (s.customers = [{ tenantId: "30000000-0000-4000-8000-000000000001", displayName: "C", domain: "c.example", consentedApps: [{ appId: "99999999-0000-4000-8000-000000000001" }] }]), "customers[0].consentedApps[0].appId", /no application/],
  ["duplicate tenant", (s) => (s.customers = [{ tenantId: P, displayName: "C", domain: "c.example" }]), "customers[0].tenantId", /already used/],
  ["inventory: bad generate spec", (s) => (s.customers = [{ tenantId: "30000000-0000-4000-8000-000000000001", displayName: "C", domain: "c.example", inventory: { generate: { devices: -1 } } }]), "customers[0].inventory.generate.devices", /Too small/],
  ["fault with a bad regex", (s) => (s.faults = [{ service: "graph", kind: "reset", path: "(" }]), "faults[0].path", /regular expression/],
  ["status fault without status", (s) => (s.faults = [{ service: "graph", kind: "status" }]), "faults[0].status", /required/],
  ["generated customers: count 0", (s) => (s.generatedCustomers = { count: 0 }), "generatedCustomers.count", /Too small/],
  ["application owner not in the partner", (s) => (s.partner.applications[0] = { ...s.partner.applications[0], owners: ["99999999-0000-4000-8000-000000000001"] } as never), "partner.applications[0].owners[0]", /no user or service principal/],
  ["password lifetime policy of 0 days", (s) => ((s.partner as Record<string, unknown>).policies = { maxPasswordLifetimeDays: 0 }), "partner.policies.maxPasswordLifetimeDays", /Too small/],
  ["password lifetime policy not an integer", (s) => ((s.partner as Record<string, unknown>).policies = { maxPasswordLifetimeDays: 1.5 }), "partner.policies.maxPasswordLifetimeDays", /int/],
])("%s → %s", (_name, mutate, pathExpected, message) => {
  const s = base() as ReturnType<typeof base> & Record<string, unknown>;
  mutate(s);
  const issues = issuesOf(s);
  const hit = issues.find((i) => i.path === pathExpected);
  expect(hit).toBeDefined();
  expect(hit?.message).toMatch(message);
});

test("every bad field is listed, not only the first", () => {
  const issues = issuesOf({ name: "", partner: { tenantId: "x", displayName: "", domain: "p.example" } });
  expect(issues.map((i) => i.path).sort()).toEqual(["name", "partner.displayName", "partner.tenantId"]);
});

test("files: not JSON and missing files are ScenarioErrors with a message, demo.json loads", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "scn-"));
  try {
    const f = path.join(dir, "bad.json");
    writeFileSync(f, "{ nope");
    expect(() => loadScenarioFile(f)).toThrow(ScenarioError);
    expect(() => loadScenarioFile(path.join(dir, "missing.json"))).toThrow(/cannot read the file \(ENOENT\)/);
  } finally {
    rmSync(dir, { recursive: true });
  }
  const demo = loadScenarioFile(path.join(__dirname, "../scenarios/demo.json"));
  expect(demo.name).toBe("Contoso IT Partners");
});

test("relative dates in weeks, months and years, createdDateTime on users, groups and apps, and any rehearsal block are accepted", () => {
  const s = base();
  const r = parseScenario({
    ...s,
    partner: {
      ...s.partner,
      users: [{ id: P, userPrincipalName: "a@p.onmicrosoft.com", displayName: "A", createdDateTime: "-2y" }],
      groups: [{ ...s.partner.groups[0], createdDateTime: "-6mo" }],
      applications: [{ ...s.partner.applications[0], createdDateTime: "2024-01-01T00:00:00Z", passwordCredentials: [{ keyId: P, secretText: "12345678", startDateTime: "-690d", endDateTime: "+3w" }] }],
    },
    rehearsal: { signedInUser: "a@p.onmicrosoft.com", lifecycleApp: { appId: P, secret: "x" }, defender: false, anything: [1, 2] },
  });
  expect(r.ok).toBe(true);
  if (r.ok) expect(r.scenario.rehearsal).toEqual({ signedInUser: "a@p.onmicrosoft.com", lifecycleApp: { appId: P, secret: "x" }, defender: false, anything: [1, 2] });
  expect(issuesOf({ ...s, rehearsal: "alice" })[0]?.path).toBe("rehearsal");
  expect(issuesOf({ ...s, partner: { ...s.partner, users: [{ id: P, userPrincipalName: "a@p", displayName: "A", createdDateTime: "-3x" }] } })[0]?.path).toBe("partner.users[0].createdDateTime");
});
