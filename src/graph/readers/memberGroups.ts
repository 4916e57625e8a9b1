/** checkMemberGroups (transitive, at most 20 group ids a call) from the member's side: users, groups, service principals. */
import { z } from "zod/v4";
import { request, type ReadContext } from "./context";

export const MAX_CHECK_IDS = 20;

const StringCollection = z.object({ value: z.array(z.string()) });

/** The ids of `groupIds` the response says the object is a member of (lower-case). */
export function memberIds(raw: unknown): string[] {
  const p = StringCollection.safeParse(raw);
  if (!p.success) throw new TypeError("checkMemberGroups answered something other than a string collection");
  return p.data.value.map((v) => v.toLowerCase());
}

/** Is `/{kind}/{id}` a (transitive) member of `groupId`? */
export async function isMemberOf(ctx: ReadContext, kind: "users" | "groups" | "servicePrincipals", id: string, groupId: string): Promise<boolean> {
  const raw = await request(ctx, (g) => g.post<unknown>(`/${kind}/${encodeURIComponent(id)}/checkMemberGroups`, { groupIds: [groupId] }));
  return memberIds(raw).includes(groupId.toLowerCase());
}
