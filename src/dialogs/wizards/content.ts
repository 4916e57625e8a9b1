/** What the setup route says when it cannot show a card. Pure. */

export type SetupFailure = "signInRequired" | "conflict" | "microsoft" | "internal";

export const SETUP_INVALID_ACTION_TEXT = "That setup button's data is not valid any more. Type **setup status** to continue where you left off.";

export function setupFailureText(reason: SetupFailure, o: { correlationId: string; microsoftMessage?: string }): string {
  switch (reason) {
    case "signInRequired":
      return "Setup reads your tenant as you: sign in first (send **setup status** as a message), then press the button again.";
    case "conflict":
      return "Someone else changed this setup at the same moment. Type **setup status** to see where it is now; nothing was lost.";
    case "microsoft":
      return `${o.microsoftMessage ?? "Microsoft did not answer."} Nothing was changed; try again. (Reference: ${o.correlationId})`;
    case "internal":
      return `Sorry, something went wrong on my side; nothing was changed. (Reference: ${o.correlationId})`;
  }
}
