/** The data an alert card's action carries: its verb (for the Action.Submit fallback) plus the verb's data. Pure. */
import type { AlertVerb } from "./verbs";

export function actionPayload(verb: AlertVerb, data: Record<string, unknown>): Record<string, unknown> {
  return { verb, ...data };
}
