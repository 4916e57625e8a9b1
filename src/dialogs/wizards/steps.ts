/** The steps of each wizard, by name. Pure. */
import { M365_STEPS } from "./m365";
import { MEM_STEPS } from "./mem";
import type { StepDef, WizardName } from "./types";

export const WIZARD_STEPS: Record<WizardName, readonly StepDef[]> = { m365: M365_STEPS, mem: MEM_STEPS };

export function stepsOf(wizard: WizardName): readonly StepDef[] {
  return WIZARD_STEPS[wizard];
}

/** The step at `index`, clamped into the wizard. */
export function stepAt(wizard: WizardName, index: number): StepDef {
  const steps = stepsOf(wizard);
  return steps[Math.min(Math.max(0, index), steps.length - 1)];
}
