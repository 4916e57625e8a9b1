import { checkLifecycleGroup } from "./lifecycleGroup";
import { NOW, codesOf, fail, lifecycleGroup, ok, partner } from "./testing/build";
import type { PartnerSnapshot } from "../domain/snapshot";

describe("checkLifecycleGroup", () => {
  test.each<[string, Partial<PartnerSnapshot>, string[]]>([
    ["healthy", {}, []],
    ["not found", { lifecycleGroup: null }, ["lifecycleGroup.notFound"]],
    ["not security-enabled", { lifecycleGroup: lifecycleGroup({ securityEnabled: false }) }, ["lifecycleGroup.notSecurity"]],
    [
      "Microsoft 365 group",
      { lifecycleGroup: lifecycleGroup({ groupTypes: ["Unified"], securityEnabled: false, mailEnabled: true }) },
      ["lifecycleGroup.m365Group"],
    ],
    ["dynamic membership", { lifecycleGroup: lifecycleGroup({ groupTypes: ["DynamicMembership"] }) }, ["lifecycleGroup.dynamic"]],
    [
      "service account missing",
      { lifecycleGroup: lifecycleGroup({ members: ok([{ id: "u-other", type: "user" }]) }) },
      ["lifecycleGroup.serviceAccountMissing"],
    ],
    [
      "members unreadable",
      { lifecycleGroup: lifecycleGroup({ members: fail("forbidden", "Access denied.", "GroupMember.Read.All") }) },
      ["lifecycleGroup.membersUnreadable"],
    ],
    ["containment unreadable", { lifecycleGroupContainedIn: fail("unavailable", "Microsoft is unavailable.") }, ["lifecycleGroup.containmentUnreadable"]],
    ["no service account: membership not judged", { serviceAccount: null }, []],
    [
      "combined: dynamic M365 group without the account",
      {
        lifecycleGroup: lifecycleGroup({ groupTypes: ["Unified", "DynamicMembership"], members: ok([]) }),
      },
      ["lifecycleGroup.m365Group", "lifecycleGroup.dynamic", "lifecycleGroup.serviceAccountMissing"],
    ],
  ])("%s", (_name, over, expected) => {
    expect(codesOf(checkLifecycleGroup(partner(over), NOW))).toEqual(expected);
  });

  it("names the group and links its members page", () => {
    const [f] = checkLifecycleGroup(partner({ lifecycleGroup: lifecycleGroup({ members: ok([]) }) }), NOW);
    expect(f?.message).toBe(
      '"GDAP Lifecycle Manager" does not contain the service account svc-lifecycle@contoso.com, so GDAP access through it does not reach the account.',
    );
    expect(f?.fix.url).toContain("/Members/groupId/g-lcm");
  });

  it("says what it looked for when the group is missing", () => {
    expect(checkLifecycleGroup(partner({ lifecycleGroup: null }), NOW)[0]?.message).toContain(
      'the security group named "GDAP Lifecycle Manager" (or containing "Lifecycle Manager")',
    );
  });
});
