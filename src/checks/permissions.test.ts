import { includesPermission, permissionLabel, samePermission } from "./permissions";
import type { PermissionRef } from "../domain/snapshot";

const p = (resource: string, kind: PermissionRef["kind"], name: string): PermissionRef => ({ resource, kind, name });

describe("samePermission", () => {
  test.each<[PermissionRef, PermissionRef, boolean]>([
    [p("graph", "application", "Directory.Read.All"), p("graph", "application", "Directory.Read.All"), true],
    [p("00000003-0000-0000-c000-000000000000", "application", "Directory.Read.All"), p("graph", "application", "Directory.Read.All"), true],
    [p("00000002-0000-0000-c000-000000000000", "delegated", "User.Read"), p("graph", "delegated", "User.Read"), true],
    [p("partnerCenter", "delegated", "User_impersonation"), p("partnerCenter", "delegated", "user_impersonation"), true],
    [p("FA3D9A0C-3FB0-42CC-9193-47C7ECD2EDBD", "delegated", "user_impersonation"), p("partnerCenter", "delegated", "user_impersonation"), true],
    [p("graph", "delegated", "Directory.Read.All"), p("graph", "application", "Directory.Read.All"), false],
    [p("defender", "application", "Directory.Read.All"), p("graph", "application", "Directory.Read.All"), false],
    [p("graph", "application", "Machine.Read.All"), p("defender", "application", "Machine.Read.All"), false],
  ])("%j vs %j -> %s", (actual, wanted, same) => {
    expect(samePermission(actual, wanted)).toBe(same);
  });

  it("includesPermission and labels", () => {
    expect(includesPermission([p("graph", "application", "A")], p("graph", "application", "a"))).toBe(true);
    expect(includesPermission([], p("graph", "application", "A"))).toBe(false);
    expect(permissionLabel(p("defender", "application", "Machine.Read.All"))).toBe("Machine.Read.All (WindowsDefenderATP, application)");
    expect(permissionLabel(p("abc", "delegated", "X"))).toBe("X (abc, delegated)");
  });
});
