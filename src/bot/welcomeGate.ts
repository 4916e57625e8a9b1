/**
 * When the welcome card is sent. In Teams: once per install (the first time the conversation reference is stored;
 * Teams sends both installationUpdate and conversationUpdate for one install). In local mode the Agents Playground
 * forgets its chat when its page is reloaded and then re-sends the install events: every page open first asks the bot
 * `HEAD /api/messages` (the Playground's `GET /_internal/v1/config` waits for the bot with wait-on), so a page open
 * arms the gate and the next install event welcomes again, once.
 */
import type { Clock } from "../clock";

export interface WelcomeGate {
  /** A Playground page was opened (ignored unless enabled). */
  pageOpened(): void;
  /** Decides for one install event, and consumes an armed page open. */
  shouldWelcome(referenceCreated: boolean): boolean;
}

/** How long a page open waits for its install events (the Playground sends them right after loading its config). */
export const PAGE_OPEN_WINDOW_MS = 60_000;

export function createWelcomeGate(opts: { enabled: boolean; clock: Clock; windowMs?: number }): WelcomeGate {
  const windowMs = opts.windowMs ?? PAGE_OPEN_WINDOW_MS;
  let armedAt: number | undefined;
  return {
    pageOpened: () => {
      if (opts.enabled) armedAt = opts.clock.now().getTime();
    },
    shouldWelcome: (referenceCreated) => {
      const armed = armedAt !== undefined && opts.clock.now().getTime() - armedAt <= windowMs;
      armedAt = undefined;
      return referenceCreated || armed;
    },
  };
}
