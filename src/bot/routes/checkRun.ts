/**
 * Running a check from a turn, shared by `check` and `tenant`: the signed-in user's Graph client, the job, and the
 * card that shows it. A check that takes more than `progressAfterMs` first answers "Checking N customers…" and that
 * card is then updated in place (proactively: the work outlives the turn, which Teams wants answered in seconds),
 * with its progress at most every few seconds, and finally with the result (or what to do when it failed).
 */
import { TurnContext, type ConversationReference } from "botbuilder";
import type { AdaptiveCardJson } from "../../cards/render";
import { checkErrorCard, checkProgressCard } from "../../cards/checkCards";
import type { MicrosoftHosts } from "../../config";
import type { CheckScope } from "../../dialogs/commands";
import { checkErrorContent, checkProgressContent, type CheckFailureReason } from "../../dialogs/checkContent";
import type { CheckReport } from "../../domain/findings";
import { createGraphClient } from "../../graph/client";
import { MicrosoftError } from "../../graph/errors";
import type { TokenProvider } from "../../graph/tokens";
import type { CheckJobOptions, RunCheck } from "../../jobs/checkJob";
import type { CardSender } from "../proactive";
import type { Turn } from "../router";
import { SignInRequiredError, turnIdentity, type SsoApplication, type UserGraphTokenSource } from "../sso/userGraphToken";
import { correlationIdOf } from "../turnLog";

export interface CheckRunDeps {
  runCheck: RunCheck;
  userGraphToken: UserGraphTokenSource;
  hosts: MicrosoftHosts;
  cards: CardSender;
  /** The Application when it has Teams SSO (azure mode): card actions find the user's token in its cache. */
  ssoApp?: () => SsoApplication | undefined;
  /** Local mode: bring the clock up to the simulator's before checking. */
  beforeCheck?: () => Promise<void>;
  /** After this long the check answers with a progress card first (default 2 s). */
  progressAfterMs?: number;
  /** Progress card updates at most this often (default 3 s). */
  progressEveryMs?: number;
}

/** Pure: why a check could not run, from what was thrown (never its message). */
export function failureReason(err: unknown): CheckFailureReason {
  if (err instanceof SignInRequiredError) return "signInRequired";
  if (err instanceof MicrosoftError) {
    if (err.code === "forbidden" || err.code === "unauthorized" || err.code === "mfaRequired" || err.code === "notConsented") return "forbidden";
    if (err.code === "throttled") return "throttled";
    if (err.code === "unavailable") return "unavailable";
  }
  return "internal";
}

export interface StartedCheck {
  /** Resolves with the report, or undefined when the check failed (the card already says so). */
  done: Promise<CheckReport | undefined>;
}

export interface CheckPresentation {
  scope: CheckScope;
  /** Customers expected (from the last report), for the progress card's title. */
  expectedCustomers: number | null;
  /** The card that shows the finished report. */
  render(report: CheckReport): Promise<AdaptiveCardJson>;
  /** Passed to the job (e.g. one customer's re-check). */
  job?: Omit<CheckJobOptions, "scope" | "onProgress">;
}

const delay = (ms: number): Promise<"timeout"> =>
  new Promise((resolve) => {
    const t = setTimeout(() => resolve("timeout"), ms);
    t.unref?.();
  });

export function createCheckRunner(deps: CheckRunDeps) {
  const progressAfterMs = deps.progressAfterMs ?? 2_000;
  const progressEveryMs = deps.progressEveryMs ?? 3_000;

  /** `correlationId`: read while the turn is alive (a check that fails after its turn ended cannot touch the context). */
  const errorCard = (turn: Turn, err: unknown, scope: CheckScope, correlationId: string = correlationIdOf(turn.ctx, turn.log)): AdaptiveCardJson => {
    const reason = failureReason(err);
    if (reason === "internal") turn.log.error("check failed", { error: err, correlationId });
    else turn.log.warn("check could not run", { reason, code: err instanceof MicrosoftError ? err.code : undefined, correlationId });
    return checkErrorCard(checkErrorContent({ reason, correlationId, scope }));
  };

  /**
   * Runs the check for this turn. `replaceActivityId`: the card the user clicked (Action.Execute) — the progress and
   * the result replace it; otherwise a progress card is posted here when the check is slow (`posted`). `first` is the
   * card that answers the turn: the result when it was quick, else the progress card.
   */
  async function start(turn: Turn, p: CheckPresentation, opts: { replaceActivityId?: string } = {}): Promise<{ first: AdaptiveCardJson; posted: boolean; started: StartedCheck }> {
    const identity = turnIdentity(turn.ctx, turn.state, deps.ssoApp?.());
    const correlationId = correlationIdOf(turn.ctx, turn.log);
    const token: TokenProvider = ({ forceRefresh }) => deps.userGraphToken.getGraphToken(identity, { forceRefresh });
    // Fails fast (sign-in) before anything is posted.
    await token({ forceRefresh: false });
    await deps.beforeCheck?.();
    const graph = createGraphClient(deps.hosts, token, { logger: turn.log });

    let progress = { done: 0, total: p.expectedCustomers ?? 0 };
    const job = deps.runCheck(graph, {
      scope: p.scope,
      ...(p.job ?? {}),
      onProgress: (done, total) => {
        progress = { done, total };
      },
    });
    const outcome = job.then(
      async (r) => ({ ok: true as const, card: await p.render(r.report), report: r.report }),
      (err: unknown) => ({ ok: false as const, card: errorCard(turn, err, p.scope, correlationId), report: undefined }),
    );

    const first = await Promise.race([outcome, delay(progressAfterMs)]);
    if (first !== "timeout") return { first: first.card, posted: false, started: { done: Promise.resolve(first.report) } };

    // Slow: answer with the progress card now, update it in place later.
    const progressCard = (): AdaptiveCardJson =>
      checkProgressCard(
        checkProgressContent({
          customers: progress.total > 0 ? progress.total : p.expectedCustomers,
          ...(progress.total > 0 ? { done: progress.done } : {}),
          scope: p.scope,
        }),
      );
    const ref: Partial<ConversationReference> = TurnContext.getConversationReference(turn.ctx.activity);
    const log = turn.log;
    let activityId = opts.replaceActivityId;
    const firstCard = progressCard();
    const posted = activityId === undefined;
    if (posted) {
      const sent = await turn.ctx.sendActivity({ type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: firstCard }] });
      activityId = sent?.id;
    }
    const id = activityId;
    const done = (async (): Promise<CheckReport | undefined> => {
      let finished = false;
      const ticker = (async () => {
        while (!finished) {
          const r = await Promise.race([outcome, delay(progressEveryMs)]);
          if (r !== "timeout" || finished || id === undefined) return;
          await deps.cards.updateCard(ref, id, progressCard()).catch((error: unknown) => log.warn("could not update the progress card", { error }));
        }
      })();
      const result = await outcome;
      finished = true;
      await ticker;
      if (id === undefined) {
        await deps.cards.sendCard(ref, result.card).catch((error: unknown) => log.error("could not send the check result", { error }));
      } else {
        await deps.cards.updateCard(ref, id, result.card).catch((error: unknown) => log.error("could not update the check card", { error }));
      }
      return result.report;
    })();
    return { first: firstCard, posted, started: { done } };
  }

  return { start, errorCard };
}

export type CheckRunner = ReturnType<typeof createCheckRunner>;
