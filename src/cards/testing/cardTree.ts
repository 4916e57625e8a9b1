/**
 * What card tests look for in a card (test helper): its elements as a flat list, those of a type, its facts as
 * "title: value", and the check every card a test sees must pass (valid 1.5 and parsed by the official library without
 * a problem, under 28 KB, every Action.Execute carrying its verb in its data, with a same-data Action.Submit fallback,
 * and data valid for its verb).
 */
import type { AdaptiveCardJson } from "../render";
import { MAX_CARD_BYTES, validateCard } from "../validate";

export type CardNode = Record<string, unknown>;

/** Every object in the card, depth first. */
export function nodes(v: unknown, out: CardNode[] = []): CardNode[] {
  if (Array.isArray(v)) v.forEach((x) => nodes(x, out));
  else if (typeof v === "object" && v !== null) {
    out.push(v as CardNode);
    Object.values(v).forEach((x) => nodes(x, out));
  }
  return out;
}

export const ofType = (card: unknown, type: string): CardNode[] => nodes(card).filter((n) => n.type === type);

/** Facts (and anything shaped like one) as "title: value". */
export const factsOf = (card: unknown): string[] =>
  nodes(card)
    .filter((n) => typeof n.title === "string" && typeof n.value === "string")
    .map((n) => `${String(n.title)}: ${String(n.value)}`);

export interface GoodCardOptions {
  /** Whether an Action.Execute's data is valid for its verb (the feature's own verb parser). */
  validData: (verb: string, data: CardNode) => boolean;
  /** Actions may go without a fallback (cards that are only ever sent to Teams clients with Universal Actions). */
  fallbackOptional?: boolean;
}

/** Asserts the card is good (see above); its size in bytes. */
export function expectGoodCard(card: AdaptiveCardJson, opts: GoodCardOptions): number {
  const v = validateCard(card);
  expect(v.problems).toEqual([]);
  expect(v.sizeBytes).toBeLessThan(MAX_CARD_BYTES);
  for (const a of ofType(card, "Action.Execute")) {
    if (!(opts.fallbackOptional === true && a.fallback === undefined)) expect(a.fallback).toEqual({ type: "Action.Submit", title: a.title, data: a.data });
    const data = a.data as CardNode;
    expect(data.verb).toBe(a.verb);
    expect(opts.validData(String(a.verb), data)).toBe(true);
  }
  return v.sizeBytes;
}
