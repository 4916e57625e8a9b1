/**
 * Pure mapping of directory entities (groups, members, users, authentication methods, app registrations) as Graph
 * returns them, and the discovery rules of issue 6 §3 for the lifecycle group and the service account.
 */
import { z } from "zod/v4";
import type { Choice, DirectoryUser, GroupMemberRef, PasswordCredentialInfo } from "../../domain/snapshot";

export const LIFECYCLE_GROUP_NAME = "GDAP Lifecycle Manager";
export const ADMIN_AGENTS_NAME = "AdminAgents";

const GroupSchema = z.object({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  securityEnabled: z.boolean().nullish(),
  mailEnabled: z.boolean().nullish(),
  groupTypes: z.array(z.string()).nullish(),
});

export interface GroupRow {
  id: string;
  displayName: string;
  securityEnabled: boolean;
  mailEnabled: boolean;
  groupTypes: string[];
}

export function toGroup(raw: unknown): GroupRow | null {
  const p = GroupSchema.safeParse(raw);
  if (!p.success) return null;
  const g = p.data;
  return {
    id: g.id.toLowerCase(),
    displayName: g.displayName ?? "",
    securityEnabled: g.securityEnabled ?? false,
    mailEnabled: g.mailEnabled ?? false,
    groupTypes: g.groupTypes ?? [],
  };
}

const MemberSchema = z.object({ id: z.string().min(1), "@odata.type": z.string().nullish() });
const MEMBER_TYPES: Readonly<Record<string, GroupMemberRef["type"]>> = {
  "#microsoft.graph.user": "user",
  "#microsoft.graph.group": "group",
  "#microsoft.graph.servicePrincipal": "servicePrincipal",
};

export function toMemberRef(raw: unknown): GroupMemberRef | null {
  const p = MemberSchema.safeParse(raw);
  if (!p.success) return null;
  return { id: p.data.id.toLowerCase(), type: MEMBER_TYPES[p.data["@odata.type"] ?? ""] ?? "other" };
}

const UserSchema = z.object({
  id: z.string().min(1),
  userPrincipalName: z.string().nullish(),
  displayName: z.string().nullish(),
  accountEnabled: z.boolean().nullish(),
});

export function toUser(raw: unknown): DirectoryUser | null {
  const p = UserSchema.safeParse(raw);
  if (!p.success) return null;
  const u = p.data;
  return { id: u.id.toLowerCase(), userPrincipalName: u.userPrincipalName ?? "", displayName: u.displayName ?? "", accountEnabled: u.accountEnabled ?? false };
}

const MethodSchema = z.object({ "@odata.type": z.string() });
const METHOD_TYPE = /^#microsoft\.graph\.(\w+)AuthenticationMethod$/;

/** Authentication methods other than the password, by their short name ("microsoftAuthenticator", "phone", "fido2"). */
export function mfaMethods(items: readonly unknown[]): string[] {
  const out = new Set<string>();
  for (const raw of items) {
    const p = MethodSchema.safeParse(raw);
    if (!p.success) continue;
    const m = METHOD_TYPE.exec(p.data["@odata.type"]);
    if (m && m[1] !== "password") out.add(m[1]);
  }
  return [...out].sort();
}

const RoleAssignmentSchema = z.object({ roleDefinitionId: z.string().min(1) });

/** Role template ids of `roleManagement/directory/roleAssignments` items, unique and sorted. */
export function roleIds(items: readonly unknown[]): string[] {
  const out = new Set<string>();
  for (const raw of items) {
    const p = RoleAssignmentSchema.safeParse(raw);
    if (p.success) out.add(p.data.roleDefinitionId.toLowerCase());
  }
  return [...out].sort();
}

const PasswordCredentialSchema = z.object({
  keyId: z.string().min(1),
  displayName: z.string().nullish(),
  startDateTime: z.string().nullish(),
  endDateTime: z.string().nullish(),
  hint: z.string().nullish(),
});

/** An app's passwordCredentials without anything secret (secretText is never copied), newest end first. */
export function passwordCredentials(items: readonly unknown[]): PasswordCredentialInfo[] {
  const out: PasswordCredentialInfo[] = [];
  for (const raw of items) {
    const p = PasswordCredentialSchema.safeParse(raw);
    if (!p.success || !p.data.endDateTime) continue;
    out.push({
      keyId: p.data.keyId,
      displayName: p.data.displayName ?? null,
      startDateTime: p.data.startDateTime ?? p.data.endDateTime,
      endDateTime: p.data.endDateTime,
      hint: p.data.hint ?? null,
    });
  }
  return out.sort((a, b) => Date.parse(b.endDateTime) - Date.parse(a.endDateTime) || a.keyId.localeCompare(b.keyId));
}

const sameText = (a: string, b: string): boolean => a.localeCompare(b, "en", { sensitivity: "base" }) === 0;
const byName = (a: GroupRow, b: GroupRow): number => a.displayName.localeCompare(b.displayName, "en", { sensitivity: "base" }) || a.id.localeCompare(b.id);

/** The lifecycle group: the recorded name, else "GDAP Lifecycle Manager", else a name containing "Lifecycle Manager". */
export function pickLifecycleGroup(groups: readonly GroupRow[], chosen: { name?: string; source: Choice["source"] }): { group: GroupRow; choice: Choice } | null {
  const sorted = [...groups].sort(byName);
  if (chosen.name !== undefined) {
    const name = chosen.name;
    const g = sorted.find((x) => sameText(x.displayName, name));
    return g ? { group: g, choice: { source: chosen.source } } : null;
  }
  const exact = sorted.find((x) => sameText(x.displayName, LIFECYCLE_GROUP_NAME));
  if (exact) return { group: exact, choice: { source: "discovered", assumption: `the security group named "${LIFECYCLE_GROUP_NAME}"` } };
  const partial = sorted.filter((x) => x.displayName.toLowerCase().includes("lifecycle manager"));
  if (partial.length === 0) return null;
  const more = partial.length > 1 ? ` (the first of ${partial.length} by name)` : "";
  return { group: partial[0], choice: { source: "discovered", assumption: `the group "${partial[0].displayName}", whose name contains "Lifecycle Manager"${more}` } };
}

/** The AdminAgents group's id, or null. */
export function adminAgentsId(groups: readonly GroupRow[]): string | null {
  return [...groups].sort(byName).find((g) => g.displayName === ADMIN_AGENTS_NAME)?.id ?? null;
}

/** The service account by discovery: the (first) user member of the lifecycle group. */
export function pickServiceAccountMember(members: readonly GroupMemberRef[], groupName: string): { userId: string; assumption: string } | null {
  const users = members.filter((m) => m.type === "user").sort((a, b) => a.id.localeCompare(b.id));
  if (users.length === 0) return null;
  const more = users.length > 1 ? ` (the first of its ${users.length} user members)` : "";
  return { userId: users[0].id, assumption: `the user member of the group "${groupName}"${more}` };
}
