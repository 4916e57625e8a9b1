/**
 * Card actions: every Action.Execute verb the bot's cards carry and the zod schema of its data, so the bot validates
 * a card submission at the edge (Action.Execute `action.verb` + `action.data`, or the Action.Submit fallback's value,
 * which carries the verb inside the data). Pure.
 */
import { z } from "zod/v4";
import { CHECK_SCOPES } from "./commands";
import { guidSchema } from "./guid";

/** What the check card can be filtered to. */
export const VERDICT_FILTERS = ["all", "Broken", "Warning", "Healthy"] as const;
export type VerdictFilter = (typeof VERDICT_FILTERS)[number];

/** Highest page number a card may ask for (a report has at most a few hundred pages). */
export const MAX_PAGE = 100_000;

/** A page number; digits in a string are accepted too (some clients turn numbers in card data into strings). */
const pageNumber = z.preprocess(
  (v) => (typeof v === "string" && /^\d{1,6}$/.test(v) ? Number(v) : v),
  z.number().int().min(0).max(MAX_PAGE),
);
const scope = z.enum(CHECK_SCOPES).default("all");
const filter = z.enum(VERDICT_FILTERS).default("all");

export const VERB_SCHEMAS = {
  /** Show the help card (welcome card's button). */
  help: z.object({}),
  about: z.object({}),
  /** Run a check again (check card, error card). */
  "check.run": z.object({ scope }),
  /** Another page or filter of the latest check report of that scope. */
  "check.page": z.object({ page: pageNumber, filter, scope }),
  /** One customer in detail (tenant candidates, tenant card's refresh). */
  "tenant.open": z.object({ tenantId: guidSchema }),
} as const;

export type VerbName = keyof typeof VERB_SCHEMAS;
export const VERB_NAMES = Object.keys(VERB_SCHEMAS) as VerbName[];
export type VerbData<V extends VerbName> = z.output<(typeof VERB_SCHEMAS)[V]>;

export type CheckRunData = VerbData<"check.run">;
export type CheckPageData = VerbData<"check.page">;
export type TenantOpenData = VerbData<"tenant.open">;

/** A validated card action. */
export type VerbAction = { [V in VerbName]: { verb: V; data: VerbData<V> } }[VerbName];

export type VerbParseResult = { ok: true; action: VerbAction } | { ok: false; problem: "unknownVerb" | "invalidData"; issues: string[] };

export function isVerb(verb: unknown): verb is VerbName {
  return typeof verb === "string" && Object.prototype.hasOwnProperty.call(VERB_SCHEMAS, verb);
}

/**
 * Validates a card action: the verb (case-insensitive) must be one of VERB_NAMES and the data must fit its schema
 * (unknown keys, such as the fallback's `verb` or Teams' `msteams`, are dropped). `issues` are for the log, not the user.
 */
export function parseVerbAction(verb: unknown, data: unknown): VerbParseResult {
  const name = typeof verb === "string" ? verb.trim().toLowerCase() : verb;
  if (!isVerb(name)) return { ok: false, problem: "unknownVerb", issues: [`verb ${JSON.stringify(typeof verb === "string" ? verb.slice(0, 100) : typeof verb)} is not known`] };
  const r = VERB_SCHEMAS[name].safeParse(data ?? {});
  if (!r.success) return { ok: false, problem: "invalidData", issues: r.error.issues.map((i) => `${i.path.join(".") || "data"}: ${i.message}`) };
  return { ok: true, action: { verb: name, data: r.data } as VerbAction };
}

/** The data a card carries for an action: the verb itself (for the Action.Submit fallback) plus the verb's data. */
export type ActionData<V extends VerbName> = { verb: V } & VerbData<V>;

export function actionData<V extends VerbName>(verb: V, data: VerbData<V>): ActionData<V> {
  return { verb, ...data };
}
