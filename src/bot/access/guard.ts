/**
 * The ActionGuard (src/bot/guard.ts) of the product: admins act, everyone else is refused with a message naming the
 * admin group, and every attempt is written to the audit trail (done, failed or refused; who, what, when, the
 * correlation id; never a secret).
 *
 * Who is an admin (AdminPolicy):
 * - `group`: members (transitive) of the admin group, asked of Graph as the signed-in user (membership.ts), the answer
 *   remembered a few minutes per user (membershipCache.ts) and asked again on a mutating action once it expired;
 * - `everyone`: local mode without an admin group (the Playground user is an admin unless the scenario names one);
 * - `nobody`: azure mode without ADMIN_GROUP_ID (a locked-down default: reading still works).
 */
import type { Clock } from "../../clock";
import { ACCESS_SIGN_IN_TEXT, membershipUnknownText, noAdminGroupText, notAdminText } from "../../dialogs/access";
import { MicrosoftError } from "../../graph/errors";
import type { AuditOutcome, AuditRepo } from "../../store/auditRepo";
import type { ActionGuard, GuardedAction } from "../guard";
import type { Turn } from "../router";
import { SignInRequiredError } from "../sso/userGraphToken";
import { correlationIdOf } from "../turnLog";
import type { AdminMembership } from "./membership";
import { createMembershipCache, MEMBERSHIP_TTL_MS } from "./membershipCache";

export type AdminPolicy = { kind: "group"; membership: AdminMembership } | { kind: "everyone" } | { kind: "nobody" };

export interface AccessGuardDeps {
  policy: AdminPolicy;
  audit: AuditRepo;
  clock: Clock;
  /** Default MEMBERSHIP_TTL_MS. */
  cacheMs?: number;
}

type Decision = { admin: true } | { admin: false; reason: "notAdmin" | "noAdminGroup" | "membershipUnknown" | "signInRequired" };

/** Pure: who acts, as the audit names them (ids and the display name Teams gives; nothing else). */
export function auditActor(activity: { from?: { id?: string; name?: string; aadObjectId?: string } }): { userId: string; name?: string; aadObjectId?: string } {
  const f = activity.from ?? {};
  const name = f.name?.trim().slice(0, 256);
  const aad = f.aadObjectId?.trim().slice(0, 64);
  return { userId: (f.id ?? "").slice(0, 256), ...(name ? { name } : {}), ...(aad ? { aadObjectId: aad } : {}) };
}

/** Pure: details as the audit keeps them (strings cut to 256 characters, at most 20 keys). */
function auditDetails(d: GuardedAction["details"]): Record<string, string | number | boolean> | undefined {
  if (d === undefined) return undefined;
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(d).slice(0, 20)) out[k.slice(0, 64)] = typeof v === "string" ? v.slice(0, 256) : v;
  return out;
}

export function createAccessGuard(deps: AccessGuardDeps): ActionGuard {
  const cache = createMembershipCache(deps.clock, deps.cacheMs ?? MEMBERSHIP_TTL_MS);

  const decide = async (turn: Turn): Promise<Decision> => {
    const p = deps.policy;
    if (p.kind === "everyone") return { admin: true };
    if (p.kind === "nobody") return { admin: false, reason: "noAdminGroup" };
    const who = auditActor(turn.ctx.activity);
    const key = who.aadObjectId ?? who.userId;
    const cached = cache.get(key);
    if (cached !== undefined) return cached ? { admin: true } : { admin: false, reason: "notAdmin" };
    try {
      const member = await p.membership.isMember(turn);
      cache.set(key, member);
      return member ? { admin: true } : { admin: false, reason: "notAdmin" };
    } catch (err) {
      if (err instanceof SignInRequiredError) return { admin: false, reason: "signInRequired" };
      turn.log.warn("admin group membership could not be checked", { code: err instanceof MicrosoftError ? err.code : undefined, errorName: (err as Error).name });
      return { admin: false, reason: "membershipUnknown" };
    }
  };

  const record = async (turn: Turn, what: GuardedAction, outcome: AuditOutcome, correlationId: string, reason?: string): Promise<void> => {
    const details = auditDetails(what.details);
    try {
      await deps.audit.record({
        who: auditActor(turn.ctx.activity),
        action: what.action.slice(0, 64),
        ...(what.target !== undefined ? { target: what.target.slice(0, 256) } : {}),
        ...(details !== undefined ? { details } : {}),
        outcome,
        ...(reason !== undefined ? { reason } : {}),
        correlationId,
      });
    } catch (err) {
      // The action's outcome stands; the missing entry is an operational error for whoever runs the bot.
      turn.log.error("audit entry could not be written", { action: what.action, outcome, errorName: (err as Error).name, correlationId });
    }
  };

  const refusal = async (turn: Turn, what: GuardedAction, d: Exclude<Decision, { admin: true }>, correlationId: string): Promise<string> => {
    switch (d.reason) {
      case "noAdminGroup":
        return noAdminGroupText(what.action);
      case "signInRequired":
        return ACCESS_SIGN_IN_TEXT;
      case "membershipUnknown":
        return membershipUnknownText(what.action, correlationId);
      case "notAdmin": {
        const m = deps.policy.kind === "group" ? deps.policy.membership : undefined;
        const name = m ? await m.groupName(turn) : undefined;
        return notAdminText(what.action, { id: m?.groupId ?? "", ...(name !== undefined ? { name } : {}) });
      }
    }
  };

  return {
    async mutate(turn, what, act) {
      const correlationId = correlationIdOf(turn.ctx, turn.log);
      const d = await decide(turn);
      if (!d.admin) {
        turn.log.info("action refused", { action: what.action, reason: d.reason });
        await record(turn, what, "refused", correlationId, d.reason);
        return { ok: false, message: await refusal(turn, what, d, correlationId) };
      }
      let value;
      try {
        value = await act();
      } catch (err) {
        await record(turn, what, "failed", correlationId, "error");
        throw err;
      }
      await record(turn, what, "done", correlationId);
      return { ok: true, value };
    },
    async isAdmin(turn) {
      return (await decide(turn)).admin;
    },
  };
}
