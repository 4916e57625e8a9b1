import {
  adminAgentsId, mfaMethods, passwordCredentials, pickLifecycleGroup, pickServiceAccountMember, roleIds, toGroup, toMemberRef, toUser, type GroupRow,
} from "./directoryMapping";

const group = (id: string, displayName: string): GroupRow => ({ id, displayName, securityEnabled: true, mailEnabled: false, groupTypes: [] });

describe("toGroup / toMemberRef / toUser", () => {
  test.each<[string, unknown, unknown]>([
    ["group", { id: "G1", displayName: "X", securityEnabled: true, mailEnabled: false, groupTypes: ["DynamicMembership"] }, { id: "g1", displayName: "X", securityEnabled: true, mailEnabled: false, groupTypes: ["DynamicMembership"] }],
    ["group with nulls", { id: "g", displayName: null, securityEnabled: null, mailEnabled: null, groupTypes: null }, { id: "g", displayName: "", securityEnabled: false, mailEnabled: false, groupTypes: [] }],
    ["group without id", { displayName: "X" }, null],
  ])("%s", (_n, raw, out) => expect(toGroup(raw)).toEqual(out));

  test.each<[string, unknown, unknown]>([
    ["user", { id: "U", "@odata.type": "#microsoft.graph.user" }, { id: "u", type: "user" }],
    ["group", { id: "g", "@odata.type": "#microsoft.graph.group" }, { id: "g", type: "group" }],
    ["service principal", { id: "s", "@odata.type": "#microsoft.graph.servicePrincipal" }, { id: "s", type: "servicePrincipal" }],
    ["device", { id: "d", "@odata.type": "#microsoft.graph.device" }, { id: "d", type: "other" }],
    ["no id", { "@odata.type": "#microsoft.graph.user" }, null],
  ])("member %s", (_n, raw, out) => expect(toMemberRef(raw)).toEqual(out));

  test.each<[string, unknown, unknown]>([
    ["enabled", { id: "U1", userPrincipalName: "a@x", displayName: "A", accountEnabled: true }, { id: "u1", userPrincipalName: "a@x", displayName: "A", accountEnabled: true }],
    ["accountEnabled not read: false", { id: "u1", userPrincipalName: "a@x", displayName: "A" }, { id: "u1", userPrincipalName: "a@x", displayName: "A", accountEnabled: false }],
    ["junk", 42, null],
  ])("user %s", (_n, raw, out) => expect(toUser(raw)).toEqual(out));
});

describe("mfaMethods", () => {
  const t = (s: string) => ({ "@odata.type": `#microsoft.graph.${s}AuthenticationMethod`, id: s });
  test.each<[string, unknown[], string[]]>([
    ["password only", [t("password")], []],
    ["authenticator and phone", [t("password"), t("phone"), t("microsoftAuthenticator")], ["microsoftAuthenticator", "phone"]],
    ["duplicates and junk", [t("fido2"), t("fido2"), { id: "x" }, { "@odata.type": "#microsoft.graph.somethingElse" }], ["fido2"]],
  ])("%s", (_n, items, out) => expect(mfaMethods(items)).toEqual(out));
});

test.each<[string, unknown[], string[]]>([
  ["unique, lower-case, sorted", [{ roleDefinitionId: "B" }, { roleDefinitionId: "a" }, { roleDefinitionId: "b" }, { nope: 1 }], ["a", "b"]],
  ["none", [], []],
])("roleIds: %s", (_n, items, out) => expect(roleIds(items)).toEqual(out));

describe("passwordCredentials", () => {
  test("never copies secretText; newest end first; credentials without an end are dropped", () => {
    const out = passwordCredentials([
      { keyId: "k1", displayName: "old", startDateTime: "2024-01-01T00:00:00Z", endDateTime: "2025-01-01T00:00:00Z", hint: "abc", secretText: "SECRET" },
      { keyId: "k2", displayName: null, startDateTime: "2025-01-01T00:00:00Z", endDateTime: "2026-01-01T00:00:00Z", hint: null, secretText: null },
      { keyId: "k3", startDateTime: "2025-01-01T00:00:00Z" },
    ]);
    expect(out).toEqual([
      { keyId: "k2", displayName: null, startDateTime: "2025-01-01T00:00:00Z", endDateTime: "2026-01-01T00:00:00Z", hint: null },
      { keyId: "k1", displayName: "old", startDateTime: "2024-01-01T00:00:00Z", endDateTime: "2025-01-01T00:00:00Z", hint: "abc" },
    ]);
    expect(JSON.stringify(out)).not.toContain("SECRET");
  });
});

describe("pickLifecycleGroup", () => {
  const groups = [group("a", "AdminAgents"), group("b", "Contoso Lifecycle Manager Ops"), group("c", "gdap lifecycle manager"), group("d", "Helpdesk")];
  test.each<[string, GroupRow[], { name?: string; source: "setup" | "rehearsal" | "discovered" }, [string, string, string | undefined] | null]>([
    ["discovered by its exact name (any case)", groups, { source: "discovered" }, ["c", "discovered", 'the security group named "GDAP Lifecycle Manager"']],
    ["discovered by a name containing Lifecycle Manager", [groups[0], groups[1]], { source: "discovered" }, ["b", "discovered", 'the group "Contoso Lifecycle Manager Ops", whose name contains "Lifecycle Manager"']],
    [
      "several candidates: the first by name, and it says so",
      [group("z", "Z Lifecycle Manager"), group("y", "A Lifecycle Manager")],
      { source: "discovered" },
      ["y", "discovered", 'the group "A Lifecycle Manager", whose name contains "Lifecycle Manager" (the first of 2 by name)'],
    ],
    ["recorded by setup", groups, { name: "Helpdesk", source: "setup" }, ["d", "setup", undefined]],
    ["recorded but absent: no guessing", groups, { name: "Gone", source: "rehearsal" }, null],
    ["nothing like it", [groups[0], groups[3]], { source: "discovered" }, null],
  ])("%s", (_n, gs, chosen, out) => {
    const r = pickLifecycleGroup(gs, chosen);
    expect(r ? [r.group.id, r.choice.source, r.choice.assumption] : null).toEqual(out);
  });
});

test.each<[string, GroupRow[], string | null]>([
  ["present", [group("x", "Other"), group("aa", "AdminAgents")], "aa"],
  ["absent", [group("x", "adminagents-like")], null],
])("adminAgentsId: %s", (_n, gs, out) => expect(adminAgentsId(gs)).toBe(out));

test.each<[string, Parameters<typeof pickServiceAccountMember>[0], ReturnType<typeof pickServiceAccountMember>]>([
  ["one user among groups", [{ id: "g", type: "group" }, { id: "u", type: "user" }], { userId: "u", assumption: 'the user member of the group "L"' }],
  ["two users", [{ id: "u2", type: "user" }, { id: "u1", type: "user" }], { userId: "u1", assumption: 'the user member of the group "L" (the first of its 2 user members)' }],
  ["no user", [{ id: "s", type: "servicePrincipal" }], null],
])("pickServiceAccountMember: %s", (_n, members, out) => expect(pickServiceAccountMember(members, "L")).toEqual(out));
