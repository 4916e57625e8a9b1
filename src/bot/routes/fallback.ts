/**
 * What no feature route matched, registered after every feature: every card action is answered (never teams-ai's
 * 501), an invalid Action.Execute payload gets a 400 card error naming what is wrong, a message that is no command
 * gets the closest command (or help when empty).
 */
import { ActivityTypes } from "botbuilder";
import { z } from "zod/v4";
import { parseText } from "../../dialogs/commands";
import { unknownCommandText, UNSUPPORTED_ACTION_TEXT } from "../../dialogs/content";
import { ADAPTIVE_CARD_ACTION_INVOKE, invokeError, invokeMessage, sendInvokeResponse } from "../invoke";
import type { RouteModule } from "../router";
import { sendHelp } from "./help";

const ExecuteValue = z.object({
  action: z.object({
    type: z.literal("Action.Execute"),
    verb: z.string().min(1).max(100),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
  trigger: z.enum(["manual", "automatic"]).optional(),
});

const SubmitValue = z.looseObject({ verb: z.string().min(1).max(100) });

/** Pure: the problems of an Action.Execute payload, one line each ("action.verb: …"). */
export function executeValueProblems(value: unknown): string[] {
  const r = ExecuteValue.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`);
}

export function fallbackRoutes(): RouteModule {
  return (r) => {
    r.app.addRoute(
      (ctx) => Promise.resolve(ctx.activity.type === "invoke" && ctx.activity.name === ADAPTIVE_CARD_ACTION_INVOKE),
      async (ctx, state) => {
        const turn = r.turn(ctx, state);
        const problems = executeValueProblems(ctx.activity.value);
        if (problems.length > 0) {
          turn.log.warn("invalid Action.Execute payload", { issues: problems });
          await sendInvokeResponse(ctx, invokeError(400, "BadRequest", problems.join("; ")));
          return;
        }
        turn.log.info("unsupported card action", { verb: ExecuteValue.parse(ctx.activity.value).action.verb });
        await sendInvokeResponse(ctx, invokeMessage(UNSUPPORTED_ACTION_TEXT));
      },
      true,
    );

    r.app.activity(ActivityTypes.Message, async (ctx, state) => {
      const turn = r.turn(ctx, state);
      const a = ctx.activity;
      const text = typeof a.text === "string" ? a.text : "";
      // Action.Submit arrives as a message with a value and no text.
      if (text.trim() === "" && a.value !== undefined && a.value !== null) {
        const parsed = SubmitValue.safeParse(a.value);
        turn.log.info("unsupported card submit", { verb: parsed.success ? parsed.data.verb : undefined });
        await turn.say(UNSUPPORTED_ACTION_TEXT);
        return;
      }
      const p = parseText(text);
      if (p.kind === "unknown") await turn.say(unknownCommandText(p.suggestion));
      else await sendHelp(turn); // empty (e.g. a bare mention), or a command whose feature is not registered
    });
  };
}
