/**
 * The signed-in user's Microsoft Graph token, whichever way the bot runs:
 * - azure mode (Teams): teams-ai's Teams SSO exchanged the user's SSO token on-behalf-of before the route ran and put
 *   the result in `state.temp.authTokens[SSO_SETTING_NAME]`; card actions (which teams-ai cannot sign in) find it in
 *   teams-ai's MSAL cache when the user signed in before.
 * - local mode (Agents Playground, no SSO): src/local/userToken.ts gets a Teams-SSO-style token from the simulator and
 *   runs the same on-behalf-of exchange.
 * Routes call `getGraphToken(turnIdentity(ctx, state, app))` and do not care which.
 *
 * Tokens stay inside closures: a TurnIdentity can be logged or serialised without carrying one.
 */
import type { TurnContext } from "botbuilder";
import { SSO_SETTING_NAME } from "./settings";

/** Who the turn is for, and how to reach a token teams-ai already holds. */
export interface TurnIdentity {
  /** Channel user id (Teams: 29:…). */
  userId: string;
  /** Entra object id of the user, when the channel gives it. */
  aadObjectId?: string;
  /** Entra tenant of the conversation, when the channel gives it. */
  tenantId?: string;
  /** The Graph token teams-ai put in this turn's state (azure mode), if any. */
  readonly turnToken?: () => string | undefined;
  /** teams-ai's MSAL cache for this user (silent, no prompt), if the Application has authentication. */
  readonly cachedToken?: () => Promise<string | undefined>;
}

export interface UserGraphTokenSource {
  readonly kind: "teamsSso" | "localSimulator";
  /**
   * A Graph access token for the signed-in user (delegated, SSO_GRAPH_SCOPES). `forceRefresh` after Graph answered 401
   * `InvalidAuthenticationToken`. Throws SignInRequiredError when there is no signed-in user to act for.
   */
  getGraphToken(identity: TurnIdentity, opts?: { forceRefresh?: boolean }): Promise<string>;
}

/** No Graph token for this turn: the user has to sign in (in Teams: send the command as a message). */
export class SignInRequiredError extends Error {
  override readonly name = "SignInRequiredError";
  constructor() {
    super("The user is not signed in.");
  }
}

/** What turnIdentity reads of the turn state. */
export interface AuthTokensState {
  temp: { authTokens?: Record<string, string | undefined> };
}

/** What turnIdentity uses of the teams-ai Application (only when it was built with `authentication`). */
export interface SsoApplication {
  readonly authentication: { get(name: string): { isUserSignedIn(ctx: TurnContext): Promise<string | undefined> } };
}

/**
 * The identity of this turn. Pass `app` only when the Application was built with `ssoAuthenticationOptions`
 * (azure mode); its `authentication` getter throws otherwise.
 */
export function turnIdentity(ctx: TurnContext, state: AuthTokensState, app?: SsoApplication): TurnIdentity {
  const a = ctx.activity;
  const conversationTenant = (a.conversation as { tenantId?: unknown } | undefined)?.tenantId;
  const channelTenant = (a.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const tenantId = typeof conversationTenant === "string" ? conversationTenant : typeof channelTenant === "string" ? channelTenant : undefined;
  const aadObjectId = typeof a.from?.aadObjectId === "string" ? a.from.aadObjectId : undefined;
  return {
    userId: a.from?.id ?? "",
    ...(aadObjectId ? { aadObjectId } : {}),
    ...(tenantId ? { tenantId } : {}),
    turnToken: () => state.temp.authTokens?.[SSO_SETTING_NAME] || undefined,
    ...(app
      ? {
          cachedToken: async () => {
            try {
              return (await app.authentication.get(SSO_SETTING_NAME).isUserSignedIn(ctx)) || undefined;
            } catch {
              return undefined;
            }
          },
        }
      : {}),
  };
}

/**
 * Azure mode: the token teams-ai exchanged in this turn, else teams-ai's MSAL cache (refreshed silently by MSAL).
 * A forced refresh cannot be done without a new SSO token from Teams: the user is asked to sign in again.
 */
export function createTeamsSsoTokenSource(): UserGraphTokenSource {
  return {
    kind: "teamsSso",
    async getGraphToken(identity, opts) {
      if (!opts?.forceRefresh) {
        const token = identity.turnToken?.() ?? (await identity.cachedToken?.());
        if (token) return token;
      }
      throw new SignInRequiredError();
    },
  };
}
