/** `about`: version and mode. */
import { aboutCard } from "../../cards/render";
import { ACTION_DONE_TEXT, aboutContent } from "../../dialogs/content";
import type { RouteModule, Turn } from "../router";

export interface AboutDeps {
  info: { version: string; mode: "local" | "azure" };
}

export function aboutRoutes(deps: AboutDeps): RouteModule {
  const send = (turn: Turn): Promise<void> => turn.sendCard(aboutCard(aboutContent(deps.info)));
  return (r) => {
    r.command("about", send);
    r.execute("about", async (turn) => {
      await send(turn);
      return ACTION_DONE_TEXT;
    });
    r.submit("about", send);
  };
}
