/**
 * Is the turn's user in the admin group? Asked of Microsoft Graph as the signed-in user:
 * `POST /me/checkMemberGroups { groupIds: [adminGroupId] }` (transitive: nested groups count). For the signed-in
 * user's own memberships Microsoft documents `User.Read` as the least privileged delegated permission
 * (https://learn.microsoft.com/graph/api/directoryobject-checkmembergroups, "Group memberships for the signed-in
 * user"), which SSO_GRAPH_PERMISSIONS already holds. The group's display name (for the refusal) is read once with
 * `GET /groups/{id}?$select=displayName` (GroupMember.Read.All); without it the refusal names the id.
 */
import { z } from "zod/v4";
import type { GraphClient } from "../../graph/client";
import type { Turn } from "../router";

export interface AdminMembership {
  readonly groupId: string;
  /** Throws what the Graph client throws (MicrosoftError, SignInRequiredError). */
  isMember(turn: Turn): Promise<boolean>;
  /** The group's display name, when it could be read (remembered once read). */
  groupName(turn: Turn): Promise<string | undefined>;
}

const StringCollection = z.object({ value: z.array(z.string()) });
const GroupName = z.object({ displayName: z.string().nullish() });

export function graphAdminMembership(groupId: string, graphFor: (turn: Turn) => GraphClient): AdminMembership {
  const id = groupId.toLowerCase();
  let name: string | undefined;
  return {
    groupId: id,
    async isMember(turn) {
      const raw = await graphFor(turn).post<unknown>("/me/checkMemberGroups", { groupIds: [id] });
      const p = StringCollection.safeParse(raw);
      if (!p.success) throw new TypeError("checkMemberGroups answered something other than a string collection");
      return p.data.value.some((v) => v.toLowerCase() === id);
    },
    async groupName(turn) {
      if (name !== undefined) return name;
      try {
        const p = GroupName.safeParse(await graphFor(turn).get<unknown>(`/groups/${encodeURIComponent(id)}?$select=displayName`));
        if (p.success && p.data.displayName) name = p.data.displayName;
      } catch (err) {
        turn.log.debug("the admin group's name could not be read", { code: (err as { code?: unknown }).code });
      }
      return name;
    },
  };
}
