/**
 * The contract between what decides to notify (alerts detection, digests: src/alerts) and what delivers (the outbox in
 * Cosmos and its dispatcher). A message is written to the outbox in the same step as the state change that caused it;
 * the dispatcher sends it once to its conversation (claim by etag, at-least-once after a crash between claim and send).
 */
import type { AdaptiveCardJson } from "../cards/render";

export interface OutgoingMessage {
  /**
   * Deterministic: the same notification to the same conversation is the same id (enqueueing it twice is one message),
   * e.g. `alert:<alertKey>:<conversationKey>` or `digest:<subscription>:<slot>`.
   */
  id: string;
  /** The conversation (src/store/conversationRefs.ts document id). */
  conversationKey: string;
  kind: "alert" | "digest" | "notice";
  card: AdaptiveCardJson;
  /** In a channel, post as a new thread (alerts) rather than a reply. */
  newThread?: boolean;
  /** What it is about, for logs and history (alert key, digest subscription). Never a secret. */
  subject?: string;
  createdAt: string;
}

export interface Outbox {
  /** Adds messages (idempotent by id); resolves when they are durably stored. */
  enqueue(messages: readonly OutgoingMessage[]): Promise<void>;
}
