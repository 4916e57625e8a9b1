/**
 * The wizards' state machine, pure: what `setup m365` / `setup mem` and each button do to an MSP's progress.
 *
 * A card carries the wizard run id and the step it shows. An action from a card of an older run (the wizard was
 * started over), or for a step the wizard has left (another admin pressed Next first, or this card is old), changes
 * nothing: the outcome says so, and the answer is the wizard where it is now. Verify results are recorded per step
 * (when, by whom, passed or not, how much was missing) whatever step is current, as long as the run is the same.
 */
import { stepsOf } from "./steps";
import type { StepRecord, WizardName, WizardProgress } from "./types";

export type WizardEvent =
  /** `setup m365` typed, or Open on the status card: resume where the MSP left, or start. */
  | { type: "open" }
  /** Start over: a new run at step 1 (earlier verifications stay, older cards become stale). */
  | { type: "restart" }
  | { type: "next"; runId: string; step: number }
  | { type: "back"; runId: string; step: number }
  /** A card action that only needs the card to be current (Verify before it runs, a choice). */
  | { type: "touch"; runId: string; step: number }
  | { type: "verified"; runId: string; step: number; ok: boolean; missing: number }
  /** The last step is done (MEM: the form saved). */
  | { type: "complete"; runId: string; step: number };

export type Outcome =
  | { kind: "started" }
  | { kind: "resumed" }
  | { kind: "moved" }
  | { kind: "recorded" }
  | { kind: "completed" }
  | { kind: "current" }
  /** Nothing changed: the card is of an older run, or of a step the wizard has left; `by` / `at` of the last change. */
  | { kind: "stale"; reason: "olderRun" | "stepLeft" | "notStarted"; by?: string; at?: string }
  /** Nothing changed: no step before the first / after the last. */
  | { kind: "invalid" };

export interface MachineContext {
  /** ISO time of the event. */
  now: string;
  /** Who pressed (display name, UPN or object id), when known. */
  by?: string;
  /** A fresh run id (injected: the machine stays pure). */
  newRunId: () => string;
}

export interface Transition {
  next: WizardProgress | undefined;
  outcome: Outcome;
}

function fresh(wizard: WizardName, ctx: MachineContext, steps: WizardProgress["steps"] = {}): WizardProgress {
  return {
    wizard,
    runId: ctx.newRunId(),
    step: 0,
    steps,
    startedAt: ctx.now,
    ...(ctx.by !== undefined ? { startedBy: ctx.by } : {}),
    updatedAt: ctx.now,
    ...(ctx.by !== undefined ? { updatedBy: ctx.by } : {}),
  };
}

function stamped(p: WizardProgress, ctx: MachineContext, change: Partial<WizardProgress>): WizardProgress {
  const { updatedBy: _b, ...rest } = p;
  return { ...rest, ...change, updatedAt: ctx.now, ...(ctx.by !== undefined ? { updatedBy: ctx.by } : {}) };
}

/** Whether a card of (runId, step) is the wizard as it is now; the stale outcome otherwise. */
export function staleness(p: WizardProgress | undefined, runId: string, step: number): Outcome | undefined {
  if (p === undefined) return { kind: "stale", reason: "notStarted" };
  const last = { ...(p.updatedBy !== undefined ? { by: p.updatedBy } : {}), at: p.updatedAt };
  if (p.runId !== runId) return { kind: "stale", reason: "olderRun", ...last };
  if (p.step !== step) return { kind: "stale", reason: "stepLeft", ...last };
  return undefined;
}

export function transition(wizard: WizardName, p: WizardProgress | undefined, event: WizardEvent, ctx: MachineContext): Transition {
  const count = stepsOf(wizard).length;
  switch (event.type) {
    case "open":
      return p === undefined ? { next: fresh(wizard, ctx), outcome: { kind: "started" } } : { next: p, outcome: { kind: "resumed" } };
    case "restart":
      return { next: fresh(wizard, ctx, p?.steps ?? {}), outcome: { kind: "started" } };
    case "verified": {
      if (p === undefined || p.runId !== event.runId) return { next: p, outcome: staleness(p, event.runId, event.step) ?? { kind: "current" } };
      const def = stepsOf(wizard)[event.step];
      if (def === undefined) return { next: p, outcome: { kind: "invalid" } };
      const record: StepRecord = { verifiedAt: ctx.now, ...(ctx.by !== undefined ? { verifiedBy: ctx.by } : {}), ok: event.ok, missing: event.missing };
      const lastStep = event.step === count - 1;
      const completes = event.ok && lastStep && def.form !== true && p.completedAt === undefined;
      return {
        next: stamped(p, ctx, { steps: { ...p.steps, [def.id]: record }, ...(completes ? { completedAt: ctx.now } : {}) }),
        outcome: completes ? { kind: "completed" } : { kind: "recorded" },
      };
    }
    default:
      break;
  }
  const stale = staleness(p, event.runId, event.step);
  if (stale !== undefined || p === undefined) return { next: p, outcome: stale ?? { kind: "invalid" } };
  switch (event.type) {
    case "touch":
      return { next: p, outcome: { kind: "current" } };
    case "next":
      if (p.step >= count - 1) return { next: p, outcome: { kind: "invalid" } };
      return { next: stamped(p, ctx, { step: p.step + 1 }), outcome: { kind: "moved" } };
    case "back":
      if (p.step <= 0) return { next: p, outcome: { kind: "invalid" } };
      return { next: stamped(p, ctx, { step: p.step - 1 }), outcome: { kind: "moved" } };
    case "complete": {
      const def = stepsOf(wizard)[p.step];
      if (p.step !== count - 1 || def === undefined) return { next: p, outcome: { kind: "invalid" } };
      const record: StepRecord = { verifiedAt: ctx.now, ...(ctx.by !== undefined ? { verifiedBy: ctx.by } : {}), ok: true, missing: 0 };
      return { next: stamped(p, ctx, { steps: { ...p.steps, [def.id]: record }, completedAt: ctx.now }), outcome: { kind: "completed" } };
    }
  }
}

/** Pure: a one-line summary of a wizard's state for `setup status`. */
export function progressSummary(wizard: WizardName, p: WizardProgress | undefined): { stepNumber: number; stepCount: number; verified: number; completed: boolean } {
  const steps = stepsOf(wizard);
  if (p === undefined) return { stepNumber: 0, stepCount: steps.length, verified: 0, completed: false };
  const verified = steps.filter((s) => p.steps[s.id]?.ok === true).length;
  return { stepNumber: p.step + 1, stepCount: steps.length, verified, completed: p.completedAt !== undefined };
}
