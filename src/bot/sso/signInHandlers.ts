/**
 * What happens around Teams SSO in a teams-ai Application built with `ssoAuthenticationOptions`:
 * - after a successful `signin/tokenExchange`, teams-ai restores the text of the message that started the sign-in
 *   (e.g. "check") and calls `onSignedIn`: run that command now. The turn is still the INVOKE, which Teams expects
 *   answered within seconds: start long work in the background (the check route's "Checking N customers…" card).
 * - a sign-in flow that ends without a token calls `onFailed`.
 * - the outcome of every token exchange (200, or 412 so Teams falls back to the sign-in button) is logged with the
 *   turn's ids, never with the token.
 */
import type { Application, TurnState } from "@microsoft/teams-ai";
import type { TurnContext } from "botbuilder";
import type { Logger } from "../../log/logger";
import { SSO_SETTING_NAME } from "./settings";
import { TOKEN_EXCHANGE_INVOKE } from "./signInSelector";

export interface SignInHandlers<TState extends TurnState> {
  /** The user is signed in (`state.temp.authTokens` holds the Graph token); `text` is the message that asked for it. */
  onSignedIn(ctx: TurnContext, state: TState, text: string): Promise<void>;
  /** The sign-in flow ended without a token (declined, timed out, unexpected error). Say so to the user. */
  onFailed(ctx: TurnContext, state: TState): Promise<void>;
}

/** Pure: the status of an invoke response activity, if it is one. */
export function invokeResponseStatus(activity: { type?: string; value?: unknown }): number | undefined {
  if (activity.type !== "invokeResponse") return undefined;
  const status = (activity.value as { status?: unknown } | undefined)?.status;
  return typeof status === "number" ? status : undefined;
}

export function attachSignInHandlers<TState extends TurnState>(
  app: Application<TState>,
  handlers: SignInHandlers<TState>,
  logger: Logger,
  fields: (ctx: TurnContext) => Record<string, unknown> = (ctx) => ({ conversationId: ctx.activity.conversation?.id, activityId: ctx.activity.id }),
): void {
  const auth = app.authentication.get(SSO_SETTING_NAME);
  auth.onUserSignInSuccess(async (ctx, state) => {
    logger.info("sso: signed in", fields(ctx));
    await handlers.onSignedIn(ctx, state, typeof ctx.activity.text === "string" ? ctx.activity.text : "");
  });
  auth.onUserSignInFailure(async (ctx, state, error) => {
    // error.message may quote Microsoft's text: log the cause only.
    logger.warn("sso: sign-in failed", { ...fields(ctx), cause: error.cause });
    await handlers.onFailed(ctx, state);
  });
  // beforeTurn runs after teams-ai's sign-in step and before its signin/* routes: watch what the exchange answers.
  app.turn("beforeTurn", (ctx) => {
    if (ctx.activity.type === "invoke" && ctx.activity.name === TOKEN_EXCHANGE_INVOKE) {
      ctx.onSendActivities(async (_c, activities, next) => {
        for (const a of activities) {
          const status = invokeResponseStatus(a);
          if (status === 200) logger.info("sso: token exchanged", { ...fields(ctx), status });
          else if (status !== undefined) logger.warn("sso: token exchange refused; Teams falls back to the sign-in button", { ...fields(ctx), status });
        }
        return next();
      });
    }
    return Promise.resolve(true);
  });
}
