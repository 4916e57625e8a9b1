import path from "node:path";
import { loadScenarioFile } from "../scenario/load";
import { SimWorld } from "./world";
import { ROLE_TEMPLATE_IDS } from "../scenario/roles";

const NOW = new Date("2025-01-15T09:00:00Z");
const demo = () => new SimWorld(loadScenarioFile(path.join(__dirname, "../scenarios/demo.json")), NOW);
const APP_ADMIN = ROLE_TEMPLATE_IDS["Application Administrator"];
const GA = ROLE_TEMPLATE_IDS["Global Administrator"];
const APPADMINS_GROUP = "06000000-0000-4000-8000-000000000004";
const byName = (w: SimWorld, name: string) => w.customerTenantIds().map((t) => w.tenant(t)).find((t) => t?.displayName === name);

test("demo: partner, 14 customers, relationships with resolved dates", () => {
  const w = demo();
  expect(w.tenant(w.partnerTenantId)?.displayName).toBe("Contoso IT Partners");
  expect(w.customerTenantIds()).toHaveLength(14);
  const fourth = w.gdapRelationships().find((r) => r.displayName === "Contoso-FourthCoffee-Lifecycle");
  expect(fourth).toMatchObject({ status: "active", endDateTime: "2025-01-20T09:00:00Z", autoExtendDuration: "PT0S" });
  expect(fourth?.id).toMatch(/^[0-9a-f-]{36}-[0-9a-f-]{36}$/);
  expect(fourth?.etag).toMatch(/^W\/"/);
  expect(w.gdapRelationship(fourth?.id ?? "")).toBe(fourth);
  expect(demo().gdapRelationships().map((r) => r.id)).toEqual(w.gdapRelationships().map((r) => r.id));
});

test.each([
  ["Fabrikam, Inc.", true],
  ["Proseware, Inc.", false], // lifecycle group not in the access container
  ["Wide World Importers", false], // pending assignment
  ["Litware Inc.", false], // expired
  ["Woodgrove Bank", false], // no App Admin role
  ["Adventure Works", false], // no GDAP
])("GDAP-derived App Admin role assignment for the lifecycle group in %s: %s", (name, expected) => {
  const w = demo();
  const t = byName(w, name);
  const has = w.roleAssignments(t?.tenantId ?? "", NOW).some((r) => r.principalId === APPADMINS_GROUP && r.roleDefinitionId === APP_ADMIN && r.principalOrganizationId === "c0c0c0c0-0000-4000-8000-000000000000");
  expect(has).toBe(expected);
});

test("misconfigurations of the demo are where the scenario says", () => {
  const w = demo();
  const partner = w.tenant(w.partnerTenantId);
  expect(partner?.roleAssignments.some((r) => r.principalId === "0a000000-0000-4000-8000-000000000001" && r.roleDefinitionId === GA)).toBe(true);
  const app = w.applicationByAppId("ab000000-0000-4000-8000-000000000001");
  expect(app?.passwordCredentials[0].endDateTime).toBe("2025-01-27T09:00:00Z");
  expect(app?.partnerCenterWebApp).toBe(true);
  const relecloud = byName(w, "Relecloud");
  expect(w.servicePrincipalByAppId(relecloud?.tenantId ?? "", "ab000000-0000-4000-8000-000000000001")).toBeUndefined();
  expect(w.servicePrincipalByAppId(byName(w, "Fabrikam, Inc.")?.tenantId ?? "", "ab000000-0000-4000-8000-000000000001")?.applicationPermissions.graph).toContain("DeviceManagementManagedDevices.Read.All");
  expect(byName(w, "Contoso Pharmaceuticals")?.customer?.intune.licensed).toBe(false);
  expect(w.gdapRelationships().find((r) => r.customerDisplayName === "Trey Research")?.reseller).toBeDefined();
  expect(w.gdapRelationships().find((r) => r.customerDisplayName === "Alpine Ski House")?.roles).toContain(GA);
  expect(w.inventory.deviceCount(byName(w, "Northwind Traders")?.tenantId ?? "")).toBe(500);
  expect(w.findTenant("fabrikam.onmicrosoft.com")?.displayName).toBe("Fabrikam, Inc.");
});

test("addPassword / removePassword; the new secret is stored for the token endpoint", () => {
  const w = demo();
  const appObj = "0b000000-0000-4000-8000-000000000001";
  const p = w.addPassword(appObj, { displayName: "next", startDateTime: "2025-01-15T09:00:00Z", endDateTime: "2025-07-15T09:00:00Z" });
  expect(p.secretText).toHaveLength(40);
  expect(p.hint).toBe(p.secretText.slice(0, 3));
  expect(w.applicationByAppId("ab000000-0000-4000-8000-000000000001")?.passwordCredentials.map((c) => c.keyId)).toContain(p.keyId);
  expect(w.removePassword(appObj, p.keyId)).toBe(true);
  expect(w.removePassword(appObj, p.keyId)).toBe(false);
});

test("generated customers are lazy, deterministic and found by id and domain", () => {
  const scenario = loadScenarioFile(path.join(__dirname, "../scenarios/demo.json"));
  const w = new SimWorld({ ...scenario, generatedCustomers: { count: 1000, namePrefix: "Customer", domainSuffix: "example.onmicrosoft.com", gdapRoles: ["Application Administrator"], accessGroupIds: [APPADMINS_GROUP], gdapEndsIn: "+365d", consentedApps: [], seed: 3 } }, NOW);
  const ids = w.customerTenantIds();
  expect(ids).toHaveLength(1014);
  const t = w.tenant(ids[1013]);
  expect(t?.displayName).toBe("Customer 1000");
  expect(w.roleAssignments(t?.tenantId ?? "", NOW).some((r) => r.principalId === APPADMINS_GROUP)).toBe(true);
  expect(t?.roleAssignments.some((r) => r.principalId === APPADMINS_GROUP)).toBe(false); // derived per request, not stored
  expect(w.findTenant("customer0500.example.onmicrosoft.com")?.tenantId).toBe(ids[14 + 499]);
  expect(w.gdapRelationships()).toHaveLength(13 + 1000);
  expect(w.tenant("99999999-0000-4000-8000-000000000000")).toBeUndefined();
});

test("GDAP-derived role assignments follow the clock and the relationship's status: access ends when GDAP ends", () => {
  const w = demo();
  const fourth = byName(w, "Fourth Coffee");
  const rel = w.gdapRelationships().find((r) => r.customerDisplayName === "Fourth Coffee");
  if (!fourth || !rel?.endDateTime) throw new Error("demo: Fourth Coffee's relationship");
  const fromGdap = (at: Date) => w.roleAssignments(fourth.tenantId, at).filter((r) => r.principalOrganizationId === w.partnerTenantId).map((r) => r.roleDefinitionId);
  expect(fromGdap(NOW)).toContain(APP_ADMIN);
  const end = Date.parse(rel.endDateTime);
  expect(fromGdap(new Date(end - 1000))).toContain(APP_ADMIN);
  expect(fromGdap(new Date(end))).toEqual([]);
  w.updateGdapRelationship({ ...rel, status: "terminated" });
  expect(fromGdap(NOW)).toEqual([]);
  const assignment = rel.accessAssignments[0];
  w.updateGdapRelationship({ ...rel, accessAssignments: [{ ...assignment, status: "deleting" }, ...rel.accessAssignments.slice(1)] });
  expect(fromGdap(NOW)).not.toContain(assignment.roles[0]);
});
