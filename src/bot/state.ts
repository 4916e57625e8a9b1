/**
 * The bot's typed turn state (teams-ai TurnState). Conversation and user scopes are persisted in Cosmos
 * (container `botstate`); temp is per turn only.
 */
import { TurnState, type DefaultTempState } from "@microsoft/teams-ai";

export interface ConversationData {
  /** Number of turns this conversation has had (also the observable of the concurrency test). */
  turnCount?: number;
  /** ISO time of the last activity. */
  lastActivityAt?: string;
}

export type UserData = Record<string, never>;

export type AppTurnState = TurnState<ConversationData, UserData, DefaultTempState>;

export function createTurnState(): AppTurnState {
  return new TurnState<ConversationData, UserData, DefaultTempState>();
}
