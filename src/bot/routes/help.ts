/** `help`: typed, or the welcome card's button (Action.Execute `help`, with its Action.Submit fallback). */
import { helpCard } from "../../cards/render";
import { HELP_SENT_TEXT, helpContent } from "../../dialogs/content";
import type { RouteModule, Turn } from "../router";

export const sendHelp = (turn: Turn): Promise<void> => turn.sendCard(helpCard(helpContent()));

export function helpRoutes(): RouteModule {
  return (r) => {
    r.command("help", (turn) => sendHelp(turn));
    r.execute("help", async (turn) => {
      await sendHelp(turn);
      return HELP_SENT_TEXT;
    });
    r.submit("help", (turn) => sendHelp(turn));
  };
}
