/**
 * Registering a feature's routes on the teams-ai Application, one verb at a time:
 * - `command(name, …)`: a typed command (`help`, `check gdap`, …) as parsed by src/dialogs (mention, case, punctuation
 *   tolerated), through `app.message`;
 * - `execute(verb, …)`: an Action.Execute verb through `app.adaptiveCards.actionExecute` (the handler returns the card
 *   that replaces the clicked one, or a short message; teams-ai builds the invoke response);
 * - `submit(verb, …)`: an Action.Submit verb (data field `verb`) through `app.adaptiveCards.actionSubmit`.
 * Verbs match case-insensitively. What matches nothing is answered by routes/fallback.ts, registered last.
 * Each handler gets a `Turn`: the context, the state, the turn's logger and two send helpers.
 */
import type { Application, RouteSelector } from "@microsoft/teams-ai";
import { CardFactory, MessageFactory, type TurnContext } from "botbuilder";
import type { AdaptiveCardJson } from "../cards/render";
import { parseText, type CommandName, type ParsedCommand, type ParsedText } from "../dialogs/commands";
import type { Logger } from "../log/logger";
import { ADAPTIVE_CARD_ACTION_INVOKE } from "./invoke";
import type { AppTurnState } from "./state";
import { turnLogger } from "./turnLog";

export interface Turn {
  readonly ctx: TurnContext;
  readonly state: AppTurnState;
  /** The turn's logger (correlation id and activity ids bound). */
  readonly log: Logger;
  say(text: string): Promise<void>;
  sendCard(card: AdaptiveCardJson): Promise<void>;
}

export type CommandOf<N extends CommandName> = Extract<ParsedCommand, { name: N }>;
export type UsageName = Extract<ParsedText, { kind: "usage" }>["name"];
export type UsageOf<N extends UsageName> = Extract<ParsedText, { kind: "usage"; name: N }>;
export type CommandHandler<N extends CommandName> = (turn: Turn, command: CommandOf<N>) => Promise<void>;
/** Returns the card that replaces the clicked one (for the one who clicked) or a short message shown by Teams. */
export type ExecuteHandler = (turn: Turn, data: Record<string, unknown>) => Promise<AdaptiveCardJson | string>;
export type SubmitHandler = (turn: Turn, data: Record<string, unknown>) => Promise<void>;

export interface Router {
  /** A typed command, with what src/dialogs parsed from it (e.g. `check`'s scope, `tenant`'s query). */
  command<N extends CommandName>(name: N, handler: CommandHandler<N>): void;
  /** The command word was right, its argument missing or wrong (e.g. `tenant` alone): answer with its usage. */
  usage<N extends UsageName>(name: N, handler: (turn: Turn, usage: UsageOf<N>) => Promise<void>): void;
  execute(verb: string, handler: ExecuteHandler): void;
  submit(verb: string, handler: SubmitHandler): void;
  /** The teams-ai Application, for routes it has first-class support for (installationUpdate, conversationUpdate…). */
  readonly app: Application<AppTurnState>;
  /** Builds a Turn for a raw teams-ai handler. */
  turn(ctx: TurnContext, state: AppTurnState): Turn;
  /** Runs the command handler registered for `text` (e.g. the command that asked for sign-in); false when none. */
  runCommand(turn: Turn, text: string): Promise<boolean>;
}

/** A feature's routes: one file per feature under routes/, each exporting a function returning one of these. */
export type RouteModule = (router: Router) => void;

/** Pure: verbs compare trimmed and case-insensitively. */
export function sameVerb(a: unknown, b: string): boolean {
  return typeof a === "string" && a.trim().toLowerCase() === b.trim().toLowerCase();
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Pure: the Action.Execute verb of an activity, if it is a well-formed Action.Execute invoke. */
export function executeVerbOf(activity: { type?: string; name?: string; value?: unknown }): string | undefined {
  if (activity.type !== "invoke" || activity.name !== ADAPTIVE_CARD_ACTION_INVOKE || !isRecord(activity.value)) return undefined;
  const action = activity.value.action;
  if (!isRecord(action) || action.type !== "Action.Execute" || typeof action.verb !== "string") return undefined;
  return action.verb;
}

/** Pure: the Action.Submit verb of an activity (a message with an object value and no text), if any. */
export function submitVerbOf(activity: { type?: string; text?: unknown; value?: unknown }): string | undefined {
  if (activity.type !== "message" || (typeof activity.text === "string" && activity.text !== "") || !isRecord(activity.value)) return undefined;
  const verb = activity.value.verb;
  return typeof verb === "string" ? verb : undefined;
}

export function createRouter(app: Application<AppTurnState>, logger: Logger): Router {
  const turn = (ctx: TurnContext, state: AppTurnState): Turn => ({
    ctx,
    state,
    log: turnLogger(ctx, logger),
    say: async (text) => {
      await ctx.sendActivity(text);
    },
    sendCard: async (card) => {
      await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    },
  });
  const parsedSelector =
    (match: (p: ParsedText) => boolean): RouteSelector =>
    (ctx) =>
      Promise.resolve(ctx.activity.type === "message" && typeof ctx.activity.text === "string" && match(parseText(ctx.activity.text)));
  const commandHandlers = new Map<CommandName, (turn: Turn, command: ParsedCommand) => Promise<void>>();
  return {
    app,
    turn,
    runCommand: async (t, text) => {
      const p = parseText(text);
      const handler = p.kind === "command" ? commandHandlers.get(p.name) : undefined;
      if (!handler || p.kind !== "command") return false;
      await handler(t, p);
      return true;
    },
    command: <N extends CommandName>(name: N, handler: CommandHandler<N>) => {
      const isIt = (p: ParsedText): p is CommandOf<N> => p.kind === "command" && p.name === name;
      commandHandlers.set(name, (t, command) => (isIt(command) ? handler(t, command) : Promise.resolve()));
      app.message(parsedSelector(isIt), async (ctx, state) => {
        const p = parseText(ctx.activity.text);
        if (isIt(p)) await handler(turn(ctx, state), p);
      });
    },
    usage: <N extends UsageName>(name: N, handler: (turn: Turn, usage: UsageOf<N>) => Promise<void>) => {
      const isIt = (p: ParsedText): p is UsageOf<N> => p.kind === "usage" && p.name === name;
      app.message(parsedSelector(isIt), async (ctx, state) => {
        const p = parseText(ctx.activity.text);
        if (isIt(p)) await handler(turn(ctx, state), p);
      });
    },
    execute: (verb, handler) => {
      const selector: RouteSelector = (ctx) => Promise.resolve(sameVerb(executeVerbOf(ctx.activity), verb));
      app.adaptiveCards.actionExecute<Record<string, unknown>>(selector, async (ctx, state, data) =>
        handler(turn(ctx, state), isRecord(data) ? data : {}),
      );
    },
    submit: (verb, handler) => {
      const selector: RouteSelector = (ctx) => Promise.resolve(sameVerb(submitVerbOf(ctx.activity), verb));
      app.adaptiveCards.actionSubmit<Record<string, unknown>>(selector, async (ctx, state, data) => handler(turn(ctx, state), isRecord(data) ? data : {}));
    },
  };
}
