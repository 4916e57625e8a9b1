/**
 * `alerts` (inbox), `alerts here [kinds] [tenants]`, `alerts off`, `alerts settings`, `alerts history`,
 * `expiring [days]`, `digest daily|weekly <time> [time zone]` / `digest off`, and the alert cards' verbs:
 * `alert.ack` (Acknowledge: the card, returned to Teams with its `refresh`, is replaced for everyone and shows who and
 * when), `alert.snooze` (1 – 30 days, optional reason), `alert.page`, `alert.refresh`, `alerts.inbox`, `expiring.page`.
 * Mutations (subscriptions, acknowledge, snooze, digest) go through the ActionGuard.
 */
import { TurnContext } from "botbuilder";
import type { AdaptiveCardJson } from "../../cards/render";
import type { AlertsService, ConversationId } from "../../alerts/service";
import { hasOwnAlerts } from "../../alerts/route";
import {
  ALERTS_USAGE_TEXT,
  DIGEST_USAGE_TEXT,
  EXPIRING_USAGE_TEXT,
  KIND_LIST_TEXT,
  parseAlertsArgs,
  parseDigestArgs,
  parseExpiringArgs,
} from "../../dialogs/alerts/args";
import { parseAlertVerb, type AlertVerb } from "../../dialogs/alerts/verbs";
import { conversationDocId, type ConversationRefRepository } from "../../store/conversationRefs";
import { toStoredRef } from "../conversationRef";
import type { ActionGuard } from "../guard";
import type { RouteModule, Turn } from "../router";

export interface AlertRoutesDeps {
  alerts: AlertsService;
  guard: ActionGuard;
  /** Schedules (or removes) a conversation's digest after `digest …` (the digest job's wiring). */
  onDigestChanged?: (conversationKey: string) => Promise<void>;
  /** Where the conversation's reference is stored when it subscribes (a channel the bot was not installed in directly). */
  refs?: Pick<ConversationRefRepository, "upsert">;
}

export const ALERT_GONE_TEXT = "That alert is no longer stored. Type **alerts** to see the open ones.";
export const INVALID_ALERT_ACTION_TEXT = "That button's data is not valid any more. Type **alerts** to see the open alerts.";
export const NO_CHECK_YET_TEXT = "I have no check result yet, so I do not know what expires. Type **check** first.";
const ALERTS_FAILED_TEXT = "I could not do that just now. Try again in a minute; if it keeps failing, tell your Tenant Pilot administrator (quote the correlation id in the log).";

const CONVERSATION_TYPES = new Set(["personal", "groupChat", "channel"]);

/** A channel thread's conversation id is the channel's plus `;messageid=…`: alerts go to the channel (new threads). */
export const channelConversationId = (id: string): string => id.split(";messageid=")[0];

export function conversationOf(ctx: TurnContext): ConversationId {
  const type = ctx.activity.conversation?.conversationType ?? "personal";
  return {
    conversationKey: conversationDocId(ctx.activity.channelId, channelConversationId(ctx.activity.conversation?.id ?? "")),
    conversationType: (CONVERSATION_TYPES.has(type) ? type : "personal") as ConversationId["conversationType"],
  };
}

/** The conversation in words for the audit trail ("channel Ops", "group chat Desk", "Alice's personal chat"), never its key. */
export function conversationLabel(ctx: TurnContext): string {
  const c = ctx.activity.conversation;
  const channelName = (ctx.activity.channelData as { channel?: { name?: unknown } } | undefined)?.channel?.name;
  const name = (typeof channelName === "string" && channelName !== "" ? channelName : c?.name) ?? "";
  const named = (what: string): string => (name !== "" ? `${what} ${name}` : `a ${what}`).slice(0, 160);
  if (c?.conversationType === "channel") return named("channel");
  if (c?.conversationType === "groupChat") return named("group chat");
  return `${userName(ctx)}'s personal chat`.slice(0, 160);
}

/** The Teams user's display name (who acknowledged / snoozed), never an id when a name is known. */
export function userName(ctx: TurnContext): string {
  const from = ctx.activity.from;
  return (from?.name ?? from?.aadObjectId ?? from?.id ?? "someone").slice(0, 128);
}

const kindsText = (kinds: readonly string[]): string => (kinds.length === 0 ? "every kind" : kinds.join(", "));

export function alertRoutes(deps: AlertRoutesDeps): RouteModule {
  const { alerts, guard } = deps;

  const safely = async <T>(turn: Turn, what: string, work: () => Promise<T>): Promise<T | string> => {
    try {
      return await work();
    } catch (error) {
      turn.log.error(`${what} failed`, { error });
      return ALERTS_FAILED_TEXT;
    }
  };
  const reply = async (turn: Turn, out: AdaptiveCardJson | string | undefined): Promise<void> => {
    if (out === undefined) return;
    await (typeof out === "string" ? turn.say(out) : turn.sendCard(out));
  };

  /** Stores this conversation's reference (channel, not thread), so the dispatcher can post here. */
  const remember = async (turn: Turn): Promise<void> => {
    if (!deps.refs) return;
    const ref = toStoredRef(TurnContext.getConversationReference(turn.ctx.activity));
    await deps.refs.upsert({ ...ref, conversation: { ...ref.conversation, id: channelConversationId(ref.conversation.id) } });
  };

  const verbData = <V extends AlertVerb>(turn: Turn, verb: V, data: Record<string, unknown>) => {
    const parsed = parseAlertVerb(verb, data);
    if (!parsed.ok) turn.log.warn(`invalid ${verb} data`, { issues: parsed.issues });
    return parsed;
  };

  const ack = async (turn: Turn, data: Record<string, unknown>): Promise<AdaptiveCardJson | string> => {
    const p = verbData(turn, "alert.ack", data);
    if (!p.ok) return INVALID_ALERT_ACTION_TEXT;
    const conv = conversationOf(turn.ctx);
    const r = await guard.mutate(turn, { action: "alerts.ack", target: p.data.groupId }, () => alerts.acknowledge(p.data.groupId, userName(turn.ctx)));
    if (!r.ok) return r.message;
    if (!r.value) return ALERT_GONE_TEXT;
    return (await alerts.groupCard(p.data.groupId, p.data.page, conv)) ?? ALERT_GONE_TEXT;
  };
  const snooze = async (turn: Turn, data: Record<string, unknown>): Promise<AdaptiveCardJson | string> => {
    const p = verbData(turn, "alert.snooze", data);
    if (!p.ok) return "Choose to snooze for 1 to 30 days (the reason is optional, at most 300 characters).";
    const conv = conversationOf(turn.ctx);
    const reason = p.data.snoozeReason !== undefined && p.data.snoozeReason !== "" ? p.data.snoozeReason : undefined;
    const r = await guard.mutate(turn, { action: "alerts.snooze", target: p.data.groupId, details: { days: p.data.snoozeDays } }, () =>
      alerts.snooze(p.data.groupId, p.data.snoozeDays, reason, userName(turn.ctx)),
    );
    if (!r.ok) return r.message;
    if (!r.value) return ALERT_GONE_TEXT;
    return (await alerts.groupCard(p.data.groupId, p.data.page, conv)) ?? ALERT_GONE_TEXT;
  };
  const page = async (turn: Turn, verb: "alert.page" | "alert.refresh", data: Record<string, unknown>): Promise<AdaptiveCardJson | string> => {
    const p = verbData(turn, verb, data);
    if (!p.ok) return INVALID_ALERT_ACTION_TEXT;
    return (await alerts.groupCard(p.data.groupId, p.data.page, conversationOf(turn.ctx))) ?? ALERT_GONE_TEXT;
  };
  const inboxPage = async (turn: Turn, data: Record<string, unknown>): Promise<AdaptiveCardJson | string> => {
    const p = verbData(turn, "alerts.inbox", data);
    if (!p.ok) return INVALID_ALERT_ACTION_TEXT;
    return alerts.inboxCard({ kinds: [], tenantQueries: [], page: p.data.page, history: p.data.history });
  };
  const expiringPage = async (turn: Turn, data: Record<string, unknown>): Promise<AdaptiveCardJson | string> => {
    const p = verbData(turn, "expiring.page", data);
    if (!p.ok) return INVALID_ALERT_ACTION_TEXT;
    return (await alerts.expiringCard(p.data.days, p.data.page)) ?? NO_CHECK_YET_TEXT;
  };

  const alertsCommand = async (turn: Turn, args: string): Promise<AdaptiveCardJson | string> => {
    const req = parseAlertsArgs(args);
    const conv = conversationOf(turn.ctx);
    const by = userName(turn.ctx);
    switch (req.kind) {
      case "usage":
        return `${req.problem} ${ALERTS_USAGE_TEXT}`;
      case "inbox":
        return alerts.inboxCard({ kinds: req.kinds, tenantQueries: req.tenants, page: 0, history: false });
      case "history":
        return alerts.inboxCard({ kinds: [], tenantQueries: [], page: 0, history: true });
      case "here": {
        const r = await guard.mutate(turn, { action: "alerts.subscribe", target: conversationLabel(turn.ctx), details: { kinds: req.kinds.length, tenants: req.tenants.length } }, async () => {
          await remember(turn);
          return alerts.subscribe(conv, req.kinds, req.tenants, by);
        });
        if (!r.ok) return r.message;
        const o = r.value;
        if (!o.ok) {
          const also = o.candidates.length > 0 ? ` Did you mean ${o.candidates.map((c) => `**${c}**`).join(", ")}?` : "";
          return o.problem === "ambiguousTenant"
            ? `"${o.query.slice(0, 60)}" matches several customers.${also} Name one exactly (or use its domain or tenant id).`
            : `I know no customer "${o.query.slice(0, 60)}".${also}`;
        }
        const tenants = o.tenantNames.length === 0 ? "every customer" : o.tenantNames.join(", ");
        const where = conv.conversationType === "channel" ? " Each alert starts its own thread in this channel." : "";
        return `Alerts come here now: ${kindsText(o.filter.kinds)}, for ${tenants}.${where} Type **alerts settings** to see them, **alerts off** to stop.`;
      }
      case "off": {
        const r = await guard.mutate(turn, { action: "alerts.unsubscribe", target: conversationLabel(turn.ctx) }, () => alerts.unsubscribe(conv, by));
        return r.ok ? "No more alerts in this conversation. Type **alerts here** to get them again." : r.message;
      }
      case "settings": {
        const s = await alerts.settings(conv);
        const sub = s.subscription;
        const lines: string[] = [];
        if (sub?.off === true) lines.push("Alerts are off here. Type **alerts here** to get them again.");
        else if (!sub || !hasOwnAlerts(sub))
          lines.push(s.isDefault ? "This is the installer's chat: it gets every alert (the default)." : `No alerts come here. Type **alerts here** [${KIND_LIST_TEXT}] [tenants] to get them.`);
        else lines.push(`Alerts here: ${sub.filters.map((f) => `${kindsText(f.kinds)}${f.tenants.length > 0 ? ` for ${f.tenants.length} customer(s)` : ""}`).join("; ")}.`);
        if (sub?.digest) lines.push(`Digest: ${sub.digest.cadence} at ${sub.digest.time} (${sub.digest.timeZone})${sub.digest.cadence === "weekly" ? " on Mondays" : ""}${sub.digest.skipQuiet ? ", nothing when all is quiet" : ""}.`);
        else lines.push("No digest. Type **digest daily 08:00 Europe/Amsterdam** to get one.");
        return lines.join("\n\n");
      }
    }
  };

  const digestCommand = async (turn: Turn, args: string): Promise<string> => {
    const req = parseDigestArgs(args);
    if (req.kind === "usage") return `${req.problem} ${DIGEST_USAGE_TEXT}`;
    const conv = conversationOf(turn.ctx);
    const by = userName(turn.ctx);
    const digest = req.kind === "set" ? { cadence: req.cadence, time: req.time, timeZone: req.timeZone, skipQuiet: req.skipQuiet } : undefined;
    const r = await guard.mutate(turn, { action: "alerts.digest", target: conversationLabel(turn.ctx), details: { on: digest !== undefined } }, async () => {
      if (digest) await remember(turn);
      const saved = await alerts.setDigest(conv, digest, by);
      if (deps.onDigestChanged) await deps.onDigestChanged(conv.conversationKey);
      return saved;
    });
    if (!r.ok) return r.message;
    if (!digest) return "No more digests here.";
    return `A ${digest.cadence} digest comes here at ${digest.time} (${digest.timeZone})${digest.cadence === "weekly" ? " on Mondays" : ""}.`;
  };

  return (r) => {
    r.command("alerts", async (turn, c) => reply(turn, await safely(turn, "alerts", () => alertsCommand(turn, c.args))));
    r.command("expiring", async (turn, c) => {
      const req = parseExpiringArgs(c.args);
      if (req.kind === "usage") return turn.say(`${req.problem} ${EXPIRING_USAGE_TEXT}`);
      await reply(turn, await safely(turn, "expiring", async () => (await alerts.expiringCard(req.days, 0)) ?? NO_CHECK_YET_TEXT));
    });
    r.command("digest", async (turn, c) => reply(turn, await safely(turn, "digest", () => digestCommand(turn, c.args))));

    const verbs: Record<AlertVerb, (turn: Turn, data: Record<string, unknown>) => Promise<AdaptiveCardJson | string>> = {
      "alert.ack": ack,
      "alert.snooze": snooze,
      "alert.page": (t, d) => page(t, "alert.page", d),
      "alert.refresh": (t, d) => page(t, "alert.refresh", d),
      "alerts.inbox": inboxPage,
      "expiring.page": expiringPage,
    };
    for (const [verb, handler] of Object.entries(verbs)) {
      r.execute(verb, async (turn, data) => safely(turn, verb, () => handler(turn, data)));
      r.submit(verb, async (turn, data) => reply(turn, await safely(turn, verb, () => handler(turn, data))));
    }
  };
}
