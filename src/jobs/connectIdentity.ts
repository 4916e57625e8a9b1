/**
 * Who must sign in on Connect: the service account chosen in setup (settings.serviceAccountUpn), else the one the
 * checks discover (the user member of the lifecycle group: src/graph/readers/directoryMapping's rules), read with the
 * signed-in admin's partner-tenant Graph client. Undefined when there is none yet (steps 1 and 4 are not done).
 */
import type { GraphClient } from "../graph/client";
import { MicrosoftError } from "../graph/errors";
import { LIFECYCLE_GROUP_NAME, pickLifecycleGroup, pickServiceAccountMember, toGroup, toMemberRef, toUser } from "../graph/readers/directoryMapping";
import type { MspSettings } from "../store/settingsRepo";

export interface ExpectedServiceAccount {
  upn: string;
  id?: string;
}

const quote = (s: string): string => s.replace(/'/g, "''");

async function userOf(graph: GraphClient, idOrUpn: string): Promise<ExpectedServiceAccount | undefined> {
  try {
    const u = toUser(await graph.get<unknown>(`/users/${encodeURIComponent(idOrUpn)}?$select=id,userPrincipalName,displayName,accountEnabled`));
    return u && u.userPrincipalName !== "" ? { upn: u.userPrincipalName, id: u.id } : undefined;
  } catch (e) {
    if (e instanceof MicrosoftError && e.code === "notFound") return undefined;
    throw e;
  }
}

export async function expectedServiceAccount(graph: GraphClient, settings: MspSettings | undefined): Promise<ExpectedServiceAccount | undefined> {
  if (settings?.serviceAccountUpn !== undefined) return (await userOf(graph, settings.serviceAccountUpn)) ?? { upn: settings.serviceAccountUpn };
  const name = settings?.lifecycleGroupName ?? LIFECYCLE_GROUP_NAME;
  const rows = await graph.all<unknown>(`/groups?$filter=displayName eq '${quote(name)}'&$select=id,displayName,securityEnabled,mailEnabled,groupTypes`);
  const groups = rows.map(toGroup).filter((g) => g !== null);
  const picked = pickLifecycleGroup(groups, settings?.lifecycleGroupName !== undefined ? { name, source: settings.source } : { source: "discovered" });
  if (!picked) return undefined;
  const members = (await graph.all<unknown>(`/groups/${encodeURIComponent(picked.group.id)}/members?$select=id`)).map(toMemberRef).filter((m) => m !== null);
  const member = pickServiceAccountMember(members, picked.group.displayName);
  return member ? userOf(graph, member.userId) : undefined;
}
