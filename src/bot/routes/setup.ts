/**
 * `setup m365`, `setup mem`, `setup status` and the wizards' card actions (Action.Execute, with the Action.Submit
 * fallback). Each turn acts as the signed-in admin (their partner-tenant Graph client, as `check` does); the flow
 * (src/jobs/setupFlow.ts) decides, this file only renders its screen. A card action answers with the card that
 * replaces the clicked one; a typed command posts a new card. Failures are answered in words, never with an error's
 * message or a stack; submitted values (keys) are never logged.
 */
import type { TurnContext } from "botbuilder";
import { setupScreenCard } from "../../cards/setupScreen";
import type { AdaptiveCardJson } from "../../cards/render";
import type { MicrosoftHosts } from "../../config";
import { parseSetupText, setupUsageText } from "../../dialogs/wizards/commands";
import { SETUP_INVALID_ACTION_TEXT, setupFailureText, type SetupFailure } from "../../dialogs/wizards/content";
import { parseSetupVerbAction, SETUP_VERB_NAMES } from "../../dialogs/wizards/verbs";
import { isConnectStep, withConnectLink } from "../../dialogs/wizards/view";
import type { GraphClient } from "../../graph/client";
import { createGraphClient } from "../../graph/client";
import { MicrosoftError } from "../../graph/errors";
import type { SetupActor, SetupFlow, SetupScreen } from "../../jobs/setupFlow";
import { DocConflictError } from "../../store/versionedDoc";
import { openGuard, type ActionGuard, type GuardedAction } from "../guard";
import type { RouteModule, Turn } from "../router";
import { SignInRequiredError, turnIdentity, type SsoApplication, type UserGraphTokenSource } from "../sso/userGraphToken";
import { correlationIdOf } from "../turnLog";

export interface SetupRouteDeps {
  setupFlow: SetupFlow;
  userGraphToken: UserGraphTokenSource;
  hosts: MicrosoftHosts;
  /** The Application when it has Teams SSO (azure mode): card actions find the user's token in its cache. */
  ssoApp?: SsoApplication;
  /** The Connect button's link on M365 step 6 (src/jobs/connect.ts); absent or undefined: no button. */
  connectLink?: (graph: GraphClient, who: { by?: string }) => Promise<string | undefined>;
  /** Admins only: every action but `setup status` goes through it (default openGuard). */
  guard?: ActionGuard;
  /** The MEM wizard's last step succeeded (keys stored): starts the first full sync (src/bot/routes/sync.ts); must not block. */
  afterMemSetup?: (turn: Turn) => void;
}

/** Pure: what a setup action is, for the guard and the audit (`setup status` reads: undefined). Never a key. */
export function setupGuardedAction(verb: string, data: { wizard?: unknown; step?: unknown }): GuardedAction | undefined {
  if (verb === "setup.status") return undefined;
  const wizard = typeof data.wizard === "string" ? data.wizard : undefined;
  const step = typeof data.step === "number" ? data.step : undefined;
  return { action: verb, ...(wizard !== undefined ? { target: wizard } : {}), ...(step !== undefined ? { details: { step } } : {}) };
}

/** Pure: who pressed, for "by whom" (display name, else Entra object id). */
export function actorName(activity: { from?: { name?: string; aadObjectId?: string } }): string | undefined {
  const n = activity.from?.name?.trim() || activity.from?.aadObjectId?.trim();
  return n ? n.slice(0, 256) : undefined;
}

/** Pure: why a setup turn failed, from what was thrown (never its message). */
export function setupFailureOf(err: unknown): SetupFailure {
  if (err instanceof SignInRequiredError) return "signInRequired";
  if (err instanceof DocConflictError) return "conflict";
  if (err instanceof MicrosoftError) return "microsoft";
  return "internal";
}

export function setupRoutes(deps: SetupRouteDeps): RouteModule {
  const actor = (turn: Turn): SetupActor => {
    const identity = turnIdentity(turn.ctx, turn.state, deps.ssoApp);
    const graph = createGraphClient(deps.hosts, ({ forceRefresh }) => deps.userGraphToken.getGraphToken(identity, { forceRefresh }), { logger: turn.log });
    const by = actorName(turn.ctx.activity);
    return { graph, ...(by !== undefined ? { by } : {}) };
  };

  /** The Connect step's card gets its button (a fresh single-use link); without it the step still shows and verifies. */
  const withConnect = async (turn: Turn, a: SetupActor, screen: SetupScreen): Promise<SetupScreen> => {
    const link = deps.connectLink;
    if (screen.kind !== "step" || !isConnectStep(screen.view) || !link) return screen;
    try {
      const url = await link(a.graph, a.by !== undefined ? { by: a.by } : {});
      return url === undefined ? screen : { kind: "step", view: withConnectLink(screen.view, url) };
    } catch (err) {
      turn.log.warn("the Connect link could not be made", { reason: setupFailureOf(err), code: err instanceof MicrosoftError ? err.code : undefined });
      return screen;
    }
  };

  const guard = deps.guard ?? openGuard;

  /** The screen as a card, or the failure (or the guard's refusal) in words. */
  const run = async (turn: Turn, what: string, work: (a: SetupActor) => Promise<SetupScreen>, guarded?: GuardedAction): Promise<AdaptiveCardJson | string> => {
    try {
      const a = actor(turn);
      if (guarded === undefined) return setupScreenCard(await withConnect(turn, a, await work(a)));
      const r = await guard.mutate(turn, guarded, async () => withConnect(turn, a, await work(a)));
      if (r.ok && r.value.kind === "done") deps.afterMemSetup?.(turn);
      return r.ok ? setupScreenCard(r.value) : r.message;
    } catch (err) {
      const reason = setupFailureOf(err);
      const correlationId = correlationIdOf(turn.ctx, turn.log);
      if (reason === "internal") turn.log.error("setup failed", { what, error: err, correlationId });
      else turn.log.warn("setup could not run", { what, reason, code: err instanceof MicrosoftError ? err.code : undefined, correlationId });
      return setupFailureText(reason, { correlationId, ...(err instanceof MicrosoftError ? { microsoftMessage: err.adminMessage } : {}) });
    }
  };

  const action = (turn: Turn, verb: string, data: Record<string, unknown>): Promise<AdaptiveCardJson | string> => {
    const parsed = parseSetupVerbAction(verb, data);
    if (!parsed.ok) {
      // Paths and zod codes only: a submitted key never reaches the log.
      turn.log.warn("invalid setup action", { verb, problem: parsed.problem, issues: parsed.issues });
      return Promise.resolve(SETUP_INVALID_ACTION_TEXT);
    }
    return run(turn, parsed.action.verb, (a) => deps.setupFlow.act(a, parsed.action), setupGuardedAction(parsed.action.verb, parsed.action.data));
  };

  const answer = async (turn: Turn, out: AdaptiveCardJson | string): Promise<void> => {
    if (typeof out === "string") await turn.say(out);
    else await turn.sendCard(out);
  };

  return (r) => {
    r.app.message(
      (ctx: TurnContext) => Promise.resolve(ctx.activity.type === "message" && typeof ctx.activity.text === "string" && parseSetupText(ctx.activity.text) !== undefined),
      async (ctx, state) => {
        const turn = r.turn(ctx, state);
        const p = parseSetupText(ctx.activity.text);
        if (p === undefined) return;
        if (p.kind === "usage") return turn.say(setupUsageText(p.suggestion));
        const target = p.target;
        await answer(
          turn,
          await run(
            turn,
            `setup ${target}`,
            (a) => (target === "status" ? deps.setupFlow.status(a) : deps.setupFlow.open(a, target)),
            target === "status" ? undefined : { action: "setup.open", target },
          ),
        );
      },
    );
    for (const verb of SETUP_VERB_NAMES) {
      r.execute(verb, (turn, data) => action(turn, verb, data));
      r.submit(verb, async (turn, data) => answer(turn, await action(turn, verb, data)));
    }
  };
}
