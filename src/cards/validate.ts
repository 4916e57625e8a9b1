/**
 * Validates an Adaptive Card with the official `adaptivecards` parser: version 1.5, zero parse/validation events,
 * and a size that fits a Teams message. Every card a test sees goes through this.
 */
import * as AC from "adaptivecards/dist/adaptivecards.js";

/** Teams limits a whole message (card included) to about 28 KB. */
export const MAX_CARD_BYTES = 28 * 1024;
export const CARD_VERSION = "1.5";

export interface CardValidation {
  ok: boolean;
  problems: string[];
  sizeBytes: number;
}

export function validateCard(card: unknown, opts: { maxBytes?: number } = {}): CardValidation {
  const problems: string[] = [];
  const json = JSON.stringify(card) ?? "";
  const sizeBytes = Buffer.byteLength(json, "utf8");
  if (sizeBytes > (opts.maxBytes ?? MAX_CARD_BYTES)) problems.push(`card is ${sizeBytes} bytes, over ${opts.maxBytes ?? MAX_CARD_BYTES}`);
  if (typeof card !== "object" || card === null) return { ok: false, problems: ["card is not an object", ...problems], sizeBytes };
  const c = card as { type?: unknown; version?: unknown };
  if (c.type !== "AdaptiveCard") problems.push(`type is ${JSON.stringify(c.type)}, expected "AdaptiveCard"`);
  if (c.version !== CARD_VERSION) problems.push(`version is ${JSON.stringify(c.version)}, expected "${CARD_VERSION}"`);
  if (json.includes("${")) problems.push("card still holds unexpanded template expressions (${...})");

  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`parse: ${e.message}`);
  }
  const results = parsed.validateProperties();
  for (const e of results.validationEvents) problems.push(`validate: ${e.message}`);
  return { ok: problems.length === 0, problems, sizeBytes };
}
