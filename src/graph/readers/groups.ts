/**
 * The partner's groups, read once (one paged list): the lifecycle group by name or discovery, AdminAgents' id, and the
 * display names used in messages. Then the lifecycle group's members from beta (v1.0 omits service principals).
 */
import type { ChoiceSource, GroupMemberRef, LifecycleGroupSnapshot, ReadFailure, Readable } from "../../domain/snapshot";
import { request, type ReadContext } from "./context";
import { adminAgentsId, pickLifecycleGroup, toGroup, toMemberRef, type GroupRow } from "./directoryMapping";
import { mapAll } from "./gdapMapping";
import { readable } from "./readable";

const GROUP_SELECT = "$select=id,displayName,securityEnabled,mailEnabled,groupTypes&$top=999";

export interface PartnerGroups {
  groups: Readable<GroupRow[]>;
  adminAgentsGroupId: string | null;
  lifecycleGroup: LifecycleGroupSnapshot | null;
  /** Why the lifecycle group is null because of a failed read (not because it is absent). */
  lifecycleGroupFailure?: ReadFailure;
}

export async function readGroupList(ctx: ReadContext): Promise<Readable<GroupRow[]>> {
  const r = await readable(request(ctx, (g) => g.all<unknown>(`/groups?${GROUP_SELECT}`)));
  if (!r.ok) return r;
  const { values, dropped } = mapAll(r.value, toGroup);
  if (dropped > 0) ctx.logger.warn("groups that did not parse were skipped", { dropped });
  return { ok: true, value: values };
}

export async function readMembers(ctx: ReadContext, groupId: string): Promise<Readable<GroupMemberRef[]>> {
  const r = await readable(request(ctx, (g) => g.all<unknown>(`/groups/${encodeURIComponent(groupId)}/members?$select=id&$top=999`, { version: "beta" })));
  if (!r.ok) return r;
  return { ok: true, value: mapAll(r.value, toMemberRef).values };
}

export async function readPartnerGroups(ctx: ReadContext, choice: { name?: string; source: ChoiceSource }): Promise<PartnerGroups> {
  const groups = await readGroupList(ctx);
  if (!groups.ok) return { groups, adminAgentsGroupId: null, lifecycleGroup: null, lifecycleGroupFailure: groups.error };
  const picked = pickLifecycleGroup(groups.value, choice);
  const base = { groups, adminAgentsGroupId: adminAgentsId(groups.value) };
  if (!picked) return { ...base, lifecycleGroup: null };
  const g = picked.group;
  const members = await readMembers(ctx, g.id);
  return {
    ...base,
    lifecycleGroup: {
      ...picked.choice,
      id: g.id,
      displayName: g.displayName,
      securityEnabled: g.securityEnabled,
      mailEnabled: g.mailEnabled,
      groupTypes: g.groupTypes,
      members,
    },
  };
}
