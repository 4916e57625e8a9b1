/**
 * Install and uninstall: the conversation reference (for proactive messages) is stored on install and removed on
 * uninstall; the welcome card is sent when the WelcomeGate says so (once per install; in local mode again after a
 * Playground page open). Teams sends installationUpdate and/or conversationUpdate (membersAdded with the bot).
 */
import { ActivityTypes, TurnContext } from "botbuilder";
import { welcomeCard } from "../../cards/render";
import { welcomeContent } from "../../dialogs/content";
import type { ConversationRefRepository } from "../../store/conversationRefs";
import { toStoredRef } from "../conversationRef";
import type { RouteModule, Turn } from "../router";
import type { WelcomeGate } from "../welcomeGate";

export interface InstallDeps {
  refs: ConversationRefRepository;
  welcome: WelcomeGate;
}

export function installRoutes(deps: InstallDeps): RouteModule {
  const onInstalled = async (turn: Turn): Promise<void> => {
    const ref = toStoredRef(TurnContext.getConversationReference(turn.ctx.activity));
    const { created } = await deps.refs.upsert(ref);
    const welcome = deps.welcome.shouldWelcome(created);
    turn.log.info(created ? "installed: conversation reference stored" : "install event for a known conversation", { welcome });
    if (welcome) await turn.sendCard(welcomeCard(welcomeContent()));
  };

  const onUninstalled = async (turn: Turn): Promise<void> => {
    const removed = await deps.refs.remove(turn.ctx.activity.channelId, turn.ctx.activity.conversation.id);
    turn.state.deleteConversationState();
    turn.log.info("uninstalled: conversation reference removed", { removed });
  };

  return (r) => {
    r.app.activity(ActivityTypes.InstallationUpdate, async (ctx, state) => {
      const action = String(ctx.activity.action ?? "").toLowerCase();
      if (action === "add" || action === "add-upgrade") await onInstalled(r.turn(ctx, state));
      else if (action === "remove" || action === "remove-upgrade") await onUninstalled(r.turn(ctx, state));
    });
    r.app.conversationUpdate("membersAdded", async (ctx, state) => {
      const botId = ctx.activity.recipient?.id;
      if ((ctx.activity.membersAdded ?? []).some((m) => m.id === botId)) await onInstalled(r.turn(ctx, state));
    });
  };
}
