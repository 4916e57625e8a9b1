import { ACCESS_SIGN_IN_TEXT, actionPhrase, membershipUnknownText, noAdminGroupText, notAdminText } from "./access";

it.each([
  ["setup.verify", "change the setup"],
  ["sync.start", "run or change syncs"],
  ["alerts.ack", "change alerts"],
  ["secret.rotate", "rotate secrets"],
  ["audit.read", "read the audit trail"],
  ["whatever", "make changes"],
])("actionPhrase(%s)", (a, p) => expect(actionPhrase(a)).toBe(p));

it("refusals name the group (its name when known, always its id) and what to do", () => {
  const id = "06000000-0000-4000-8000-000000000001";
  expect(notAdminText("setup.next", { id, name: "Tenant *Pilot* Admins" })).toBe(
    `Only members of the admin group **Tenant Pilot Admins** (${id}) can change the setup. Everyone may read status (check, tenant). Ask an admin to add you to the group if you need to.`,
  );
  expect(notAdminText("sync.start", { id })).toContain(`**${id}**`);
  expect(noAdminGroupText("setup.open")).toContain("ADMIN_GROUP_ID");
  expect(membershipUnknownText("setup.open", "abc123")).toContain("(Reference: abc123)");
  expect(ACCESS_SIGN_IN_TEXT).toContain("sign in");
});
