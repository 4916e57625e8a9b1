/**
 * Who is an admin, remembered a few minutes per user (Entra object id, else the channel user id): a mutating action
 * after the entry expired checks Graph again. Only definite answers are kept (member or not); failures are not.
 */
import type { Clock } from "../../clock";

/** How long a membership answer is trusted. */
export const MEMBERSHIP_TTL_MS = 5 * 60_000;
/** Users remembered at most (oldest dropped first). */
export const MEMBERSHIP_CACHE_SIZE = 1000;

export interface MembershipCache {
  get(user: string): boolean | undefined;
  set(user: string, admin: boolean): void;
}

export function createMembershipCache(clock: Clock, ttlMs: number = MEMBERSHIP_TTL_MS, size: number = MEMBERSHIP_CACHE_SIZE): MembershipCache {
  const entries = new Map<string, { admin: boolean; until: number }>();
  return {
    get(user) {
      const e = entries.get(user);
      if (e === undefined) return undefined;
      if (clock.now().getTime() >= e.until) {
        entries.delete(user);
        return undefined;
      }
      return e.admin;
    },
    set(user, admin) {
      entries.delete(user);
      entries.set(user, { admin, until: clock.now().getTime() + ttlMs });
      while (entries.size > size) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
  };
}
