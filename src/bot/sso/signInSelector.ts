/**
 * Which activities start (or continue) Teams SSO: only commands that read Microsoft Graph as the user, plus the two
 * sign-in invokes Teams sends back. teams-ai's `autoSignIn` defaults to true (every activity would sign in): this
 * selector replaces it.
 *
 * The invokes must be selected too: teams-ai stores the setting name in `activity.value.settingName` only for
 * activities the selector accepts, and its `signin/tokenExchange` / `signin/verifyState` routes match on that name.
 * Without it the exchange would find no route (501) and the user would stay signed out.
 */
import type { Selector } from "@microsoft/teams-ai";
import { normalizeText } from "../../dialogs/commands";

/** Commands that need the signed-in user's Graph token (`setup` and `sync` come with later issues). */
export const SIGN_IN_COMMANDS = ["check", "tenant", "setup", "sync"] as const;

export const TOKEN_EXCHANGE_INVOKE = "signin/tokenExchange";
export const VERIFY_STATE_INVOKE = "signin/verifyState";

/** The parts of an activity the decision looks at. */
export interface SignInActivity {
  type?: string;
  name?: string;
  text?: unknown;
}

/** Pure: does this activity take part in sign-in? */
export function needsSignIn(activity: SignInActivity, commands: readonly string[] = SIGN_IN_COMMANDS): boolean {
  if (activity.type === "invoke") return activity.name === TOKEN_EXCHANGE_INVOKE || activity.name === VERIFY_STATE_INVOKE;
  if (activity.type !== "message" || typeof activity.text !== "string") return false;
  const first = normalizeText(activity.text).split(" ")[0] ?? "";
  return commands.includes(first);
}

/** The teams-ai `autoSignIn` selector. */
export function createSignInSelector(commands: readonly string[] = SIGN_IN_COMMANDS): Selector {
  return (ctx) => Promise.resolve(needsSignIn(ctx.activity, commands));
}
