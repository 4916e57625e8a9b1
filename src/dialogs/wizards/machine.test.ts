import { progressSummary, staleness, transition, type MachineContext, type Outcome, type WizardEvent } from "./machine";
import type { WizardProgress } from "./types";

const T0 = "2025-06-01T10:00:00.000Z";
const T1 = "2025-06-01T10:05:00.000Z";
const ctx = (by = "Alice"): MachineContext => ({ now: T1, by, newRunId: () => "run-new" });

const at = (step: number, extra: Partial<WizardProgress> = {}): WizardProgress => ({
  wizard: "m365",
  runId: "run-1",
  step,
  steps: {},
  startedAt: T0,
  startedBy: "Alice",
  updatedAt: T0,
  updatedBy: "Bob",
  ...extra,
});

describe("wizard transitions", () => {
  test.each<[string, WizardProgress | undefined, WizardEvent, Outcome["kind"], number | undefined, string | undefined]>([
    ["open without progress starts at step 1", undefined, { type: "open" }, "started", 0, "run-new"],
    ["open resumes", at(3), { type: "open" }, "resumed", 3, "run-1"],
    ["next moves on", at(1), { type: "next", runId: "run-1", step: 1 }, "moved", 2, "run-1"],
    ["back moves back", at(2), { type: "back", runId: "run-1", step: 2 }, "moved", 1, "run-1"],
    ["back on the first step is invalid", at(0), { type: "back", runId: "run-1", step: 0 }, "invalid", 0, "run-1"],
    ["next on the last step is invalid", at(5), { type: "next", runId: "run-1", step: 5 }, "invalid", 5, "run-1"],
    ["a card of an older run is stale", at(2), { type: "next", runId: "run-0", step: 2 }, "stale", 2, "run-1"],
    ["a step already left is stale (another admin pressed first)", at(3), { type: "next", runId: "run-1", step: 2 }, "stale", 3, "run-1"],
    ["back from a step already left is stale", at(3), { type: "back", runId: "run-1", step: 2 }, "stale", 3, "run-1"],
    ["a card without progress is stale", undefined, { type: "next", runId: "run-1", step: 0 }, "stale", undefined, undefined],
    ["touch on the current card", at(1), { type: "touch", runId: "run-1", step: 1 }, "current", 1, "run-1"],
    ["touch on an old card", at(1), { type: "touch", runId: "run-1", step: 0 }, "stale", 1, "run-1"],
    ["restart starts a new run", at(4), { type: "restart" }, "started", 0, "run-new"],
    ["verified records", at(1), { type: "verified", runId: "run-1", step: 1, ok: false, missing: 2 }, "recorded", 1, "run-1"],
    ["verified of another step of the run still records", at(3), { type: "verified", runId: "run-1", step: 1, ok: true, missing: 0 }, "recorded", 3, "run-1"],
    ["verified of an older run is stale", at(3), { type: "verified", runId: "run-0", step: 3, ok: true, missing: 0 }, "stale", 3, "run-1"],
    ["verified ok on the last step completes", at(5), { type: "verified", runId: "run-1", step: 5, ok: true, missing: 0 }, "completed", 5, "run-1"],
    ["verified failing on the last step records", at(5), { type: "verified", runId: "run-1", step: 5, ok: false, missing: 1 }, "recorded", 5, "run-1"],
    ["complete on the last step", at(5), { type: "complete", runId: "run-1", step: 5 }, "completed", 5, "run-1"],
    ["complete elsewhere is invalid", at(4), { type: "complete", runId: "run-1", step: 4 }, "invalid", 4, "run-1"],
  ])("%s", (_n, p, event, kind, step, runId) => {
    const t = transition("m365", p, event, ctx());
    expect(t.outcome.kind).toBe(kind);
    expect(t.next?.step).toBe(step);
    expect(t.next?.runId).toBe(runId);
    if (kind === "stale" || kind === "invalid" || kind === "resumed" || kind === "current") expect(t.next).toBe(p);
  });

  it("stale answers say by whom and when the wizard last changed", () => {
    expect(staleness(at(3), "run-1", 2)).toEqual({ kind: "stale", reason: "stepLeft", by: "Bob", at: T0 });
    expect(staleness(at(3), "run-0", 3)).toEqual({ kind: "stale", reason: "olderRun", by: "Bob", at: T0 });
    expect(staleness(undefined, "run-0", 3)).toEqual({ kind: "stale", reason: "notStarted" });
    expect(staleness(at(3), "run-1", 3)).toBeUndefined();
  });

  it("a move stamps time and author; restart keeps earlier verifications", () => {
    const moved = transition("m365", at(1), { type: "next", runId: "run-1", step: 1 }, ctx("Carol")).next;
    expect(moved).toMatchObject({ step: 2, updatedAt: T1, updatedBy: "Carol", startedBy: "Alice" });
    const verified = transition("m365", at(1), { type: "verified", runId: "run-1", step: 0, ok: true, missing: 0 }, ctx()).next;
    expect(verified?.steps.serviceAccount).toEqual({ verifiedAt: T1, verifiedBy: "Alice", ok: true, missing: 0 });
    const restarted = transition("m365", verified, { type: "restart" }, ctx()).next;
    expect(restarted).toMatchObject({ step: 0, runId: "run-new", steps: { serviceAccount: { ok: true } } });
    expect(restarted?.completedAt).toBeUndefined();
  });

  it("the form step (MEM) completes through `complete`, never through `verified`", () => {
    const last = { ...at(7), wizard: "mem" as const };
    expect(transition("mem", last, { type: "verified", runId: "run-1", step: 7, ok: true, missing: 0 }, ctx()).outcome.kind).toBe("recorded");
    const done = transition("mem", last, { type: "complete", runId: "run-1", step: 7 }, ctx());
    expect(done.outcome.kind).toBe("completed");
    expect(done.next?.completedAt).toBe(T1);
    expect(done.next?.steps.form).toMatchObject({ ok: true });
  });

  test.each<[WizardProgress | undefined, ReturnType<typeof progressSummary>]>([
    [undefined, { stepNumber: 0, stepCount: 6, verified: 0, completed: false }],
    [at(2, { steps: { serviceAccount: { ok: true }, globalAdmin: { ok: false } } }), { stepNumber: 3, stepCount: 6, verified: 1, completed: false }],
    [at(5, { completedAt: T1 }), { stepNumber: 6, stepCount: 6, verified: 0, completed: true }],
  ])("summary %#", (p, expected) => expect(progressSummary("m365", p)).toEqual(expected));
});
