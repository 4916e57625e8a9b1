import type { PermissionRef } from "../../domain/snapshot";
import { grantedRaw, pickLifecycleApp, pickPartnerCenterApp, servicePrincipalId, toAppRow, uniqueRefs, type ResolvedApp } from "./appMapping";

const ref = (resource: string, kind: PermissionRef["kind"], name: string): PermissionRef => ({ resource, kind, name });
const DEVICES = ref("graph", "application", "DeviceManagementManagedDevices.Read.All");
const IMPERSONATE = ref("partnerCenter", "delegated", "user_impersonation");

const app = (appId: string, displayName: string, signInAudience: string, required: PermissionRef[]): ResolvedApp => ({
  row: { objectId: `o-${appId}`, appId, displayName, signInAudience, passwordCredentials: [], requiredResourceAccess: [] },
  required,
});

describe("toAppRow", () => {
  test("ids lower-cased, secrets never kept", () => {
    const row = toAppRow({
      id: "OBJ",
      appId: "APP",
      displayName: "Lifecycle",
      signInAudience: "AzureADMultipleOrgs",
      passwordCredentials: [{ keyId: "k", endDateTime: "2026-01-01T00:00:00Z", secretText: "s3cr3t" }],
      requiredResourceAccess: [{ resourceAppId: "x", resourceAccess: [] }],
    });
    expect(row).toMatchObject({ objectId: "obj", appId: "app", displayName: "Lifecycle", signInAudience: "AzureADMultipleOrgs" });
    expect(JSON.stringify(row)).not.toContain("s3cr3t");
  });
  test.each([[{ appId: "x" }], [null], [{ id: "o" }]])("refuses %p", (raw) => expect(toAppRow(raw)).toBeNull());
});

describe("discovery", () => {
  const lifecycle = app("a1", "Asset Lifecycle", "AzureADMultipleOrgs", [DEVICES]);
  const singleTenant = app("a2", "Single tenant with devices", "AzureADMyOrg", [DEVICES]);
  const pcApp = app("a3", "PC web app", "AzureADMyOrg", [IMPERSONATE, ref("graph", "delegated", "User.Read")]);
  const other = app("a4", "Another lifecycle", "AzureADMultipleOrgs", [DEVICES]);

  type Out = [string, string, string | undefined] | null;
  const show = (r: ReturnType<typeof pickLifecycleApp>): Out => (r ? [r.app.row.appId, r.choice.source, r.choice.assumption] : null);

  test.each<[string, ResolvedApp[], { appId?: string; source: "setup" | "rehearsal" | "discovered" }, Out]>([
    ["multitenant + DeviceManagementManagedDevices.Read.All", [singleTenant, lifecycle, pcApp], { source: "discovered" }, ["a1", "discovered", 'the multitenant app whose required permissions include DeviceManagementManagedDevices.Read.All: "Asset Lifecycle"']],
    ["two candidates: the first by name, said", [other, lifecycle], { source: "discovered" }, ["a4", "discovered", 'the multitenant app whose required permissions include DeviceManagementManagedDevices.Read.All: "Another lifecycle" (the first of 2 by name)']],
    ["single-tenant apps do not count", [singleTenant, pcApp], { source: "discovered" }, null],
    ["recorded appId (any case), whatever it requires", [singleTenant, lifecycle], { appId: "A2", source: "rehearsal" }, ["a2", "rehearsal", undefined]],
    ["recorded but absent", [lifecycle], { appId: "zz", source: "setup" }, null],
  ])("lifecycle app: %s", (_n, apps, chosen, out) => expect(show(pickLifecycleApp(apps, chosen))).toEqual(out));

  test.each<[string, ResolvedApp[], Out]>([
    ["requires Partner Center user_impersonation", [lifecycle, pcApp], ["a3", "discovered", 'the app whose required permissions include Partner Center\'s user_impersonation: "PC web app"']],
    ["none", [lifecycle], null],
  ])("Partner Center app: %s", (_n, apps, out) => expect(show(pickPartnerCenterApp(apps, { source: "discovered" }))).toEqual(out));
});

describe("grantedRaw", () => {
  test("app role assignments and AllPrincipals grants only", () => {
    expect(
      grantedRaw(
        [{ appRoleId: "ROLE1", resourceId: "SP-GRAPH" }, { nope: true }],
        [
          { consentType: "AllPrincipals", resourceId: "sp-pc", scope: "user_impersonation  other" },
          { consentType: "Principal", resourceId: "sp-graph", scope: "User.Read" },
        ],
      ),
    ).toEqual([
      { resourceObjectId: "sp-graph", kind: "application", idOrName: "role1" },
      { resourceObjectId: "sp-pc", kind: "delegated", idOrName: "user_impersonation" },
      { resourceObjectId: "sp-pc", kind: "delegated", idOrName: "other" },
    ]);
  });
});

test.each<[unknown, string | null]>([
  [[{ id: "SP1", appId: "a" }], "sp1"],
  [[], null],
  ["junk", null],
])("servicePrincipalId(%p)", (items, out) => expect(servicePrincipalId(items)).toBe(out));

test("uniqueRefs sorts and dedupes", () => {
  expect(uniqueRefs([IMPERSONATE, DEVICES, DEVICES])).toEqual([DEVICES, IMPERSONATE]);
});
