/**
 * The teams-ai Application: routes of the first conversation (install/uninstall, help, about, unknown text,
 * card actions). Everything product-specific is plain: commands and texts from src/dialogs, cards from src/cards,
 * conversation references through the store's repository.
 */
import { Application } from "@microsoft/teams-ai";
import { ActivityTypes, CardFactory, MessageFactory, TurnContext, type Storage } from "botbuilder";
import { z } from "zod/v4";
import { aboutCard, helpCard, welcomeCard, type AdaptiveCardJson } from "../cards/render";
import { COMMANDS, parseText, type CommandName } from "../dialogs/commands";
import { aboutContent, helpContent, unknownCommandText, UNSUPPORTED_ACTION_TEXT, welcomeContent } from "../dialogs/content";
import type { Logger } from "../log/logger";
import type { ConversationRefRepository } from "../store/conversationRefs";
import { toStoredRef } from "./conversationRef";
import { turnFields } from "./errors";
import { createTurnState, type AppTurnState } from "./state";

export interface BotAppDeps {
  storage: Storage;
  refs: ConversationRefRepository;
  logger: Logger;
  info: { version: string; mode: "local" | "azure" };
  /** Needed for proactive sends in azure mode. */
  botAppId?: string;
  now?: () => Date;
}

const INVOKE_ADAPTIVE_CARD_ACTION = "adaptiveCard/action";

const ExecuteValue = z.object({
  action: z.object({
    type: z.literal("Action.Execute"),
    verb: z.string().min(1).max(100),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
  trigger: z.enum(["manual", "automatic"]).optional(),
});

const SubmitValue = z.looseObject({ verb: z.string().min(1).max(100) });

function cardActivity(card: AdaptiveCardJson) {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

function isCommand(verb: string): verb is CommandName {
  return COMMANDS.some((c) => c.name === verb);
}

export function createBotApp(deps: BotAppDeps): Application<AppTurnState> {
  const now = deps.now ?? (() => new Date());
  const app = new Application<AppTurnState>({
    storage: deps.storage,
    turnStateFactory: createTurnState,
    // teams-ai keeps one typing timer per Application: concurrent turns would share it.
    startTypingTimer: false,
    removeRecipientMention: true,
    longRunningMessages: false,
    ...(deps.botAppId ? { botAppId: deps.botAppId } : {}),
  });

  const sendCommand = async (ctx: TurnContext, name: CommandName): Promise<void> => {
    switch (name) {
      case "help":
        await ctx.sendActivity(cardActivity(helpCard(helpContent())));
        return;
      case "about":
        await ctx.sendActivity(cardActivity(aboutCard(aboutContent(deps.info))));
        return;
    }
  };

  /** Stores the reference; welcomes only when it was not stored before (one welcome per install). */
  const onInstalled = async (ctx: TurnContext): Promise<void> => {
    const ref = toStoredRef(TurnContext.getConversationReference(ctx.activity));
    const { created } = await deps.refs.upsert(ref);
    deps.logger.info(created ? "installed: conversation reference stored" : "install event for a known conversation", turnFields(ctx));
    if (created) await ctx.sendActivity(cardActivity(welcomeCard(welcomeContent())));
  };

  const onUninstalled = async (ctx: TurnContext, state: AppTurnState): Promise<void> => {
    const removed = await deps.refs.remove(ctx.activity.channelId, ctx.activity.conversation.id);
    state.deleteConversationState();
    deps.logger.info("uninstalled: conversation reference removed", { ...turnFields(ctx), removed });
  };

  // Every turn: count it (observable for the concurrency test) and note when the conversation was last active.
  app.turn("beforeTurn", (_ctx, state) => {
    state.conversation.turnCount = (state.conversation.turnCount ?? 0) + 1;
    state.conversation.lastActivityAt = now().toISOString();
    return Promise.resolve(true);
  });

  // Action.Execute (Universal Actions): every verb is answered, never 501.
  app.addRoute(
    (ctx) => Promise.resolve(ctx.activity.type === "invoke" && ctx.activity.name === INVOKE_ADAPTIVE_CARD_ACTION),
    async (ctx) => {
      const parsed = ExecuteValue.safeParse(ctx.activity.value);
      if (!parsed.success) {
        deps.logger.warn("invalid Action.Execute payload", { ...turnFields(ctx), issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) });
        await ctx.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: {
            status: 200,
            body: {
              statusCode: 400,
              type: "application/vnd.microsoft.error",
              value: { code: "BadRequest", message: parsed.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ") },
            },
          },
        });
        return;
      }
      const verb = parsed.data.action.verb.toLowerCase();
      let reply: string;
      if (isCommand(verb)) {
        await sendCommand(ctx, verb);
        reply = verb === "help" ? "Here is what I can do." : "Done.";
      } else {
        deps.logger.info("unsupported card action", { ...turnFields(ctx), verb });
        reply = UNSUPPORTED_ACTION_TEXT;
      }
      await ctx.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: reply } },
      });
    },
    true,
  );

  app.activity(ActivityTypes.InstallationUpdate, async (ctx, state) => {
    const action = String(ctx.activity.action ?? "").toLowerCase();
    if (action === "add" || action === "add-upgrade") await onInstalled(ctx);
    else if (action === "remove" || action === "remove-upgrade") await onUninstalled(ctx, state);
  });

  app.conversationUpdate("membersAdded", async (ctx) => {
    const botId = ctx.activity.recipient?.id;
    if ((ctx.activity.membersAdded ?? []).some((m) => m.id === botId)) await onInstalled(ctx);
  });

  app.activity(ActivityTypes.Message, async (ctx) => {
    const a = ctx.activity;
    const text = typeof a.text === "string" ? a.text : "";
    // Action.Submit arrives as a message with a value and no text.
    if (text.trim() === "" && a.value !== undefined && a.value !== null) {
      const parsed = SubmitValue.safeParse(a.value);
      const verb = parsed.success ? parsed.data.verb.toLowerCase() : undefined;
      if (verb !== undefined && isCommand(verb)) await sendCommand(ctx, verb);
      else {
        deps.logger.info("unsupported card submit", { ...turnFields(ctx), verb });
        await ctx.sendActivity(UNSUPPORTED_ACTION_TEXT);
      }
      return;
    }
    const parsed = parseText(text);
    switch (parsed.kind) {
      case "empty":
        await sendCommand(ctx, "help");
        return;
      case "command":
        await sendCommand(ctx, parsed.name);
        return;
      case "unknown":
        await ctx.sendActivity(unknownCommandText(parsed.suggestion));
        return;
    }
  });

  return app;
}
