/**
 * The setup wizards' card actions: every Action.Execute verb their cards carry and the zod schema of its data
 * (Action.Execute `action.data`, or the Action.Submit fallback's value carrying `verb`). To be spread into
 * src/dialogs/verbs.ts VERB_SCHEMAS by the lead; until then `parseSetupVerbAction` validates them. Pure.
 */
import { z } from "zod/v4";
import { WIZARDS } from "./types";

export const MAX_STEP = 50;
/** Longest value accepted in a form field (a client secret is about 40 characters; ids 36). */
export const MAX_FIELD_LENGTH = 1024;

const numberish = (max: number) =>
  z.preprocess((v) => (typeof v === "string" && /^\d{1,6}$/.test(v) ? Number(v) : v), z.number().int().min(0).max(max));
const wizard = z.enum(WIZARDS);
const runId = z.string().regex(/^[A-Za-z0-9-]{4,64}$/);
const at = { wizard, runId, step: numberish(MAX_STEP) };
const field = z.string().max(MAX_FIELD_LENGTH).optional();
const bool = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean());

export const SETUP_VERB_SCHEMAS = {
  /** Open a wizard where the MSP left it (status card). */
  "setup.open": z.object({ wizard }),
  /** `setup status` again. */
  "setup.status": z.object({}),
  "setup.next": z.object(at),
  "setup.back": z.object(at),
  /** Run the step's checks; `page` of the customers still missing (M365 step 5). */
  "setup.verify": z.object({ ...at, page: numberish(100_000).default(0) }),
  /** Start the wizard over (new run id: older cards become stale). */
  "setup.restart": z.object({ wizard }),
  /** MEM: track Defender for Endpoint or not, then the next step. */
  "setup.defender": z.object({ ...at, on: bool }),
  /** MEM: the five-field form (inputs merged into the data by Teams). Checked field by field by memForm.ts. */
  "setup.mem.save": z.object({
    ...at,
    partnerTenantId: field,
    partnerCenterAppId: field,
    partnerCenterAppKey: field,
    lifecycleAppId: field,
    lifecycleAppKey: field,
  }),
} as const;

export type SetupVerbName = keyof typeof SETUP_VERB_SCHEMAS;
export const SETUP_VERB_NAMES = Object.keys(SETUP_VERB_SCHEMAS) as SetupVerbName[];
export type SetupVerbData<V extends SetupVerbName> = z.output<(typeof SETUP_VERB_SCHEMAS)[V]>;
export type SetupAction = { [V in SetupVerbName]: { verb: V; data: SetupVerbData<V> } }[SetupVerbName];

export function isSetupVerb(verb: unknown): verb is SetupVerbName {
  return typeof verb === "string" && Object.prototype.hasOwnProperty.call(SETUP_VERB_SCHEMAS, verb);
}

export type SetupVerbParse = { ok: true; action: SetupAction } | { ok: false; problem: "unknownVerb" | "invalidData"; issues: string[] };

/** Validates a card action; `issues` name paths only (never a submitted value: a key may be in it), for the log. */
export function parseSetupVerbAction(verb: unknown, data: unknown): SetupVerbParse {
  const name = typeof verb === "string" ? verb.trim().toLowerCase() : verb;
  if (!isSetupVerb(name)) return { ok: false, problem: "unknownVerb", issues: ["verb is not a setup verb"] };
  const r = SETUP_VERB_SCHEMAS[name].safeParse(data ?? {});
  if (!r.success) return { ok: false, problem: "invalidData", issues: r.error.issues.map((i) => `${i.path.join(".") || "data"}: ${i.code}`) };
  return { ok: true, action: { verb: name, data: r.data } as SetupAction };
}

/** The data a card carries for an action: the verb itself (the Action.Submit fallback needs it) plus its data. */
export function setupActionData<V extends SetupVerbName>(verb: V, data: z.input<(typeof SETUP_VERB_SCHEMAS)[V]>): { verb: V } & Record<string, unknown> {
  return { verb, ...(data as Record<string, unknown>) };
}
