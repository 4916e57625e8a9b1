/**
 * Every invoke gets an answer. botbuilder's CloudAdapter answers an invoke that no handler responded to with HTTP 501
 * (e.g. `config/fetch`, `task/fetch`, `composeExtension/query`, `message/submitAction`, made-up names); Tenant Pilot
 * answers 404 with a `application/vnd.microsoft.error` body instead (400 when the invoke has no name). Card actions
 * (`adaptiveCard/action`) are answered by routes/fallback.ts before this runs; this is the net under everything.
 */
import type { TurnContext } from "botbuilder";
import { unsupportedInvokeText } from "../dialogs/availability";
import type { Logger } from "../log/logger";
import { hasInvokeResponse, invokeError, sendInvokeResponse, type InvokeBody } from "./invoke";
import type { TurnLogic } from "./turn";
import { turnLogger } from "./turnLog";

/** Pure: the HTTP status and body for an invoke nothing answered. */
export function unhandledInvokeAnswer(name: unknown): { status: 400 | 404; body: InvokeBody } {
  const n = typeof name === "string" && name.trim() !== "" ? name : undefined;
  if (n === undefined) return { status: 400, body: invokeError(400, "BadRequest", unsupportedInvokeText(undefined)) };
  return { status: 404, body: invokeError(404, "NotSupported", unsupportedInvokeText(n)) };
}

/** Wraps the turn logic: after the turn, an invoke still without a response gets unhandledInvokeAnswer. */
export function answerUnhandledInvokes(logic: TurnLogic, logger: Logger): TurnLogic {
  return async (ctx: TurnContext) => {
    await logic(ctx);
    if (ctx.activity.type !== "invoke" || hasInvokeResponse(ctx)) return;
    const { status, body } = unhandledInvokeAnswer(ctx.activity.name);
    turnLogger(ctx, logger).info("unsupported invoke", { invokeName: typeof ctx.activity.name === "string" ? ctx.activity.name.slice(0, 100) : undefined, status });
    await sendInvokeResponse(ctx, body, status);
  };
}
