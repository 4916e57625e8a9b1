import { checkAdminAgents } from "./adminAgents";
import { NOW, app, codesOf, fail, ok, partner, serviceAccount } from "./testing/build";
import type { PartnerSnapshot } from "../domain/snapshot";

describe("checkAdminAgents", () => {
  test.each<[string, Partial<PartnerSnapshot>, string[]]>([
    ["both members", {}, []],
    ["no AdminAgents group", { adminAgentsGroupId: null }, ["adminAgents.notFound"]],
    ["service account not a member", { serviceAccount: serviceAccount({ inAdminAgents: ok(false) }) }, ["serviceAccount.notInAdminAgents"]],
    [
      "service account membership unreadable",
      { serviceAccount: serviceAccount({ inAdminAgents: fail("forbidden", "Access denied.") }) },
      ["serviceAccount.adminAgentsUnreadable"],
    ],
    ["service account not found", { serviceAccount: null }, ["serviceAccount.notFound"]],
    ["lifecycle app not a member", { lifecycleApp: app({ inAdminAgents: ok(false) }) }, ["lifecycleApp.notInAdminAgents"]],
    ["lifecycle app without service principal", { lifecycleApp: app({ servicePrincipalId: null }) }, ["lifecycleApp.notInAdminAgents"]],
    [
      "lifecycle app membership unreadable",
      { lifecycleApp: app({ inAdminAgents: fail("forbidden", "Access denied.") }) },
      ["lifecycleApp.adminAgentsUnreadable"],
    ],
    ["lifecycle app not found", { lifecycleApp: null }, ["lifecycleApp.notFound"]],
    [
      "both missing from AdminAgents",
      { serviceAccount: serviceAccount({ inAdminAgents: ok(false) }), lifecycleApp: app({ inAdminAgents: ok(false) }) },
      ["serviceAccount.notInAdminAgents", "lifecycleApp.notInAdminAgents"],
    ],
  ])("%s", (_name, over, expected) => {
    expect(codesOf(checkAdminAgents(partner(over), NOW))).toEqual(expected);
  });

  it("links the AdminAgents members page", () => {
    const [f] = checkAdminAgents(partner({ lifecycleApp: app({ inAdminAgents: ok(false) }) }), NOW);
    expect(f?.fix.url).toBe("https://entra.microsoft.com/#view/Microsoft_AAD_IAM/GroupDetailsMenuBlade/~/Members/groupId/g-adminagents");
    expect(f?.message).toContain('"Asset Lifecycle Manager - Intune"');
  });
});
