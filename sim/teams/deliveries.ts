/**
 * What the Teams connector delivered, and which conversations are blocked — kept in the simulator's per-run state
 * (SimContext.state, cleared by the control API's reset):
 *   "teams.deliveries"    DeliveryRecord[] (what `GET /teams/deliveries` on the control API returns)
 *   "teams.blocked"       Set<string> of conversation ids blocked at run time (besides scenario.teams.blockedConversations)
 *   "teams.unblocked"     Set<string> of scenario-blocked conversations unblocked at run time
 *   "teams.conversations" Map<string, ConversationState>
 * `teamsStore(state, scenario)` gives typed access; the control API can call `.list()`, `.reset()`, `.block(id)`,
 * `.unblock(id)` on it.
 */
import type { Scenario } from "../scenario/schema";

export interface AttachmentSummary {
  contentType: string;
  /** Serialised size of the attachment content. */
  bytes: number;
  /** Adaptive Card: its version and the text of its first TextBlock. */
  cardVersion?: string;
  title?: string;
}

export interface DeliveryRecord {
  operation: "create" | "send" | "reply" | "update";
  conversationId: string;
  activityId: string;
  type: string;
  text?: string;
  attachments: AttachmentSummary[];
  replyToId?: string;
  tenantId?: string;
  /** Bot app id from the token (`appid`/`azp`), or "anonymous". */
  appId: string;
  /** Simulator clock, ISO. */
  timestamp: string;
}

export interface ConversationState {
  id: string;
  tenantId?: string;
  memberIds: string[];
  /** Activity ids sent into this conversation (for update / reply checks). */
  activities: Set<string>;
}

/** Most records kept (the oldest are dropped beyond this; `dropped` counts them). */
export const MAX_DELIVERIES = 100_000;

const K_DELIVERIES = "teams.deliveries";
const K_BLOCKED = "teams.blocked";
const K_CONVERSATIONS = "teams.conversations";
const K_DROPPED = "teams.deliveries.dropped";
const K_LAST_ID = "teams.lastActivityId";
const K_UNBLOCKED = "teams.unblocked";

export interface TeamsStore {
  list(): readonly DeliveryRecord[];
  dropped(): number;
  record(d: DeliveryRecord): void;
  reset(): void;
  block(conversationId: string): void;
  unblock(conversationId: string): void;
  isBlocked(conversationId: string): boolean;
  conversation(id: string): ConversationState | undefined;
  ensureConversation(id: string, init: { tenantId?: string; memberIds?: string[] }): ConversationState;
  /** Teams-like message id: epoch milliseconds of the simulator clock, strictly increasing. */
  nextActivityId(nowMs: number): string;
}

function get<T>(state: Map<string, unknown>, key: string, make: () => T, is: (v: unknown) => v is T): T {
  const v = state.get(key);
  if (is(v)) return v;
  const fresh = make();
  state.set(key, fresh);
  return fresh;
}

const isArray = (v: unknown): v is DeliveryRecord[] => Array.isArray(v);
const isSet = (v: unknown): v is Set<string> => v instanceof Set;
const isMap = (v: unknown): v is Map<string, ConversationState> => v instanceof Map;

export function teamsStore(state: Map<string, unknown>, scenario: Pick<Scenario, "teams">): TeamsStore {
  const fromScenario = new Set(scenario.teams.blockedConversations);
  const deliveries = () => get(state, K_DELIVERIES, () => [], isArray);
  const blocked = () => get(state, K_BLOCKED, () => new Set<string>(), isSet);
  const unblocked = () => get(state, K_UNBLOCKED, () => new Set<string>(), isSet);
  const conversations = () => get(state, K_CONVERSATIONS, () => new Map<string, ConversationState>(), isMap);
  return {
    list: () => deliveries(),
    dropped: () => {
      const d = state.get(K_DROPPED);
      return typeof d === "number" ? d : 0;
    },
    record(d) {
      const list = deliveries();
      list.push(d);
      if (list.length > MAX_DELIVERIES) {
        const extra = list.length - MAX_DELIVERIES;
        list.splice(0, extra);
        state.set(K_DROPPED, this.dropped() + extra);
      }
    },
    reset() {
      state.delete(K_DELIVERIES);
      state.delete(K_DROPPED);
      state.delete(K_BLOCKED);
      state.delete(K_CONVERSATIONS);
      state.delete(K_LAST_ID);
      state.delete(K_UNBLOCKED);
    },
    block: (id) => {
      blocked().add(id);
      unblocked().delete(id);
    },
    unblock: (id) => {
      blocked().delete(id);
      if (fromScenario.has(id)) unblocked().add(id);
    },
    isBlocked: (id) => blocked().has(id) || (fromScenario.has(id) && !unblocked().has(id)),
    conversation: (id) => conversations().get(id),
    ensureConversation(id, init) {
      const map = conversations();
      let c = map.get(id);
      if (!c) {
        c = { id, tenantId: init.tenantId, memberIds: init.memberIds ?? [], activities: new Set() };
        map.set(id, c);
      }
      return c;
    },
    nextActivityId(nowMs) {
      const last = state.get(K_LAST_ID);
      const id = Math.max(nowMs, (typeof last === "number" ? last : 0) + 1);
      state.set(K_LAST_ID, id);
      return String(id);
    },
  };
}
