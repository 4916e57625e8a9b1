/**
 * Who may do what: every mutating action (setup, sync, exclusions, schedules, alert routing, acknowledge / snooze,
 * `rotate secret`, …) goes through `ActionGuard.mutate`, which lets admins act, refuses everyone else with a message
 * naming the admin group, and writes the outcome to the audit trail either way. Reading (check results, `sync status`,
 * `alerts`, `tenant`) needs no guard.
 *
 *   const r = await deps.guard.mutate(turn, { action: "sync.start", target: tenantId }, () => sync.startSync(...));
 *   if (!r.ok) return r.message;          // execute handlers return it; command handlers `await turn.say(r.message)`
 *
 * `openGuard` (everyone may act, nothing audited) is what tests and the composition use until the admin group and
 * the audit container are wired (src/bot/access/).
 */
import type { Turn } from "./router";

export interface GuardedAction {
  /** Stable name, `<feature>.<verb>`: "sync.start", "sync.exclude", "alerts.subscribe", "alerts.ack", "secret.rotate", … */
  action: string;
  /** What it acts on (a tenant id, an alert id, a conversation), never a secret. */
  target?: string;
  /** Small, non-secret facts for the audit entry (e.g. { days: 7 }). */
  details?: Record<string, string | number | boolean>;
}

export type GuardOutcome<T> = { ok: true; value: T } | { ok: false; message: string };

export interface ActionGuard {
  /** Runs `act` when the turn's user may perform the action; records the outcome (done, failed, refused) in the audit trail. */
  mutate<T>(turn: Turn, what: GuardedAction, act: () => Promise<T>): Promise<GuardOutcome<T>>;
  /** Whether the turn's user is an admin (for showing or hiding buttons); no audit entry. */
  isAdmin(turn: Turn): Promise<boolean>;
}

/** Everyone may act, nothing is recorded (tests of routes that are not about access, and until access is wired). */
export const openGuard: ActionGuard = {
  mutate: async (_turn, _what, act) => ({ ok: true, value: await act() }),
  isAdmin: () => Promise.resolve(true),
};
