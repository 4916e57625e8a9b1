/**
 * Who may get a delegated token in which tenant. A user signs in to its own tenant; a partner user reaches a
 * CUSTOMER tenant only through GDAP: it must be, directly or through nested groups, in the group of an `active`
 * access assignment of a relationship in force with that customer. The token's `wids` are the roles that gives.
 */
import type { TenantState, World } from "../core/types";
import type { UserRecord } from "../core/world";

export type DelegatedAccess = { ok: true; wids: string[]; foreign: boolean } | { ok: false; code: 50020; message: string };

export function delegatedAccess(world: World, user: UserRecord, target: TenantState, appId: string, appName: string, now: Date): DelegatedAccess {
  const home = user.tenantId.toLowerCase();
  const tid = target.tenantId.toLowerCase();
  if (home === tid) return { ok: true, wids: world.userRoles(tid, home, user.id, now), foreign: false };
  const wids = home === world.partnerTenantId.toLowerCase() && !target.isPartner ? world.userRoles(tid, home, user.id, now) : [];
  if (wids.length > 0) return { ok: true, wids, foreign: true };
  return {
    ok: false,
    code: 50020,
    // The guest-account error; Entra's exact text for a partner user without GDAP access is [unconfirmed].
    message: `User account '{EUII Hidden}' from identity provider 'https://sts.windows.net/${home}/' does not exist in tenant '${target.displayName}' and cannot access the application '${appId}'(${appName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Microsoft Entra user account.`,
  };
}
