/**
 * The setup wizards' plain types and the stored progress schema (zod: what is read back from Cosmos is input like
 * any other). Pure.
 */
import { z } from "zod/v4";
import type { Scope } from "../../checks";

export const WIZARDS = ["m365", "mem"] as const;
export type WizardName = (typeof WIZARDS)[number];

export const WIZARD_TITLES: Record<WizardName, string> = {
  m365: "Microsoft 365 setup",
  mem: "Intune (MEM) setup",
};

export interface StepLink {
  title: string;
  url: string;
}

/** How a step is verified: the checks of `scope`, then the findings whose code is in `codes`. */
export interface StepVerification {
  scope: Exclude<Scope, "all">;
  codes: readonly string[];
  /** Step 5 of the M365 wizard: one entry per customer still missing the chain, paged. */
  perCustomer?: boolean;
  /** The Connect step: passes only once the Microsoft 365 integration is connected. */
  needsConnected?: boolean;
}

export interface StepDef {
  /** Stable id (stored in progress), e.g. "serviceAccount". */
  id: string;
  title: string;
  /** What to do, in our words: one line each (markdown allowed: our text only). */
  instructions: readonly string[];
  links: readonly StepLink[];
  /** Absent: nothing to check (a choice, or the form). */
  verify?: StepVerification;
  /** The last step of `setup mem`: the five-field form. */
  form?: boolean;
  /** The Defender choice of `setup mem`. */
  defenderChoice?: boolean;
}

const iso = z.iso.datetime();
const who = z.string().min(1).max(256);

export const stepRecordSchema = z.object({
  /** Last Verify of this step. */
  verifiedAt: iso.optional(),
  verifiedBy: who.optional(),
  /** Whether that Verify passed. */
  ok: z.boolean().optional(),
  /** How many things were still missing then. */
  missing: z.number().int().min(0).max(1_000_000).optional(),
});
export type StepRecord = z.infer<typeof stepRecordSchema>;

export const wizardProgressSchema = z.object({
  wizard: z.enum(WIZARDS),
  /** Changes when the wizard is started over: cards of an older run are stale. */
  runId: z.string().regex(/^[A-Za-z0-9-]{4,64}$/),
  /** Index of the current step. */
  step: z.number().int().min(0).max(50),
  steps: z.record(z.string().regex(/^[A-Za-z0-9]{1,40}$/), stepRecordSchema),
  startedAt: iso,
  startedBy: who.optional(),
  updatedAt: iso,
  updatedBy: who.optional(),
  /** Set when the last step was done (M365: connected and verified; MEM: the form saved). */
  completedAt: iso.optional(),
});
export type WizardProgress = z.infer<typeof wizardProgressSchema>;
