/**
 * The service account: the recorded UPN, or the lifecycle group's user member; then, in parallel, its directory roles,
 * MFA methods and AdminAgents membership (checkMemberGroups: transitive).
 */
import type { ChoiceSource, DirectoryUser, LifecycleGroupSnapshot, ReadFailure, Readable, ServiceAccountSnapshot } from "../../domain/snapshot";
import { MicrosoftError, toReadFailure } from "../errors";
import { request, type ReadContext } from "./context";
import { mfaMethods, pickServiceAccountMember, roleIds, toUser } from "./directoryMapping";
import { readable, readOk } from "./readable";
import { isMemberOf } from "./memberGroups";

const USER_SELECT = "$select=id,userPrincipalName,displayName,accountEnabled";

export interface ServiceAccountRead {
  value: ServiceAccountSnapshot | null;
  /** Why value is null because a read failed (rather than: there is none). */
  failure?: ReadFailure;
}

async function readUser(ctx: ReadContext, idOrUpn: string): Promise<{ user: DirectoryUser | null; failure?: ReadFailure }> {
  try {
    const raw = await request(ctx, (g) => g.get<unknown>(`/users/${encodeURIComponent(idOrUpn)}?${USER_SELECT}`));
    return { user: toUser(raw) };
  } catch (e) {
    if (e instanceof MicrosoftError && e.code === "notFound") return { user: null };
    return { user: null, failure: toReadFailure(e) };
  }
}

export async function readServiceAccount(
  ctx: ReadContext,
  choice: { upn?: string; source: ChoiceSource },
  lifecycleGroup: Promise<{ group: LifecycleGroupSnapshot | null; failure?: ReadFailure }>,
  adminAgentsGroupId: Promise<string | null>,
): Promise<ServiceAccountRead> {
  let found: { user: DirectoryUser | null; failure?: ReadFailure };
  let source = choice.source;
  let assumption: string | undefined;
  if (choice.upn !== undefined) {
    found = await readUser(ctx, choice.upn);
  } else {
    source = "discovered";
    const lg = await lifecycleGroup;
    if (!lg.group) return { value: null, failure: lg.failure };
    if (!lg.group.members.ok) return { value: null, failure: lg.group.members.error };
    const member = pickServiceAccountMember(lg.group.members.value, lg.group.displayName);
    if (!member) return { value: null };
    assumption = member.assumption;
    found = await readUser(ctx, member.userId);
  }
  const user = found.user;
  if (!user) return { value: null, failure: found.failure };

  const id = encodeURIComponent(user.id);
  const [directoryRoles, methods, inAdminAgents] = await Promise.all([
    readable(request(ctx, (g) => g.all<unknown>(`/roleManagement/directory/roleAssignments?$filter=principalId eq '${id}'&$select=roleDefinitionId`)).then(roleIds)),
    readable(request(ctx, (g) => g.all<unknown>(`/users/${id}/authentication/methods`)).then(mfaMethods)),
    adminAgentsGroupId.then((groupId): Promise<Readable<boolean>> => (groupId ? readable(isMemberOf(ctx, "users", user.id, groupId)) : Promise.resolve(readOk(false)))),
  ]);
  return { value: { source, ...(assumption ? { assumption } : {}), user, directoryRoles, mfaMethods: methods, inAdminAgents } };
}
