import { useTestCosmos } from "../../test/helpers/cosmos";
import { transition, type MachineContext } from "../dialogs/wizards/machine";
import type { WizardProgress } from "../dialogs/wizards/types";
import { createSetupProgressRepo } from "./setupProgressRepo";
import { DocInvalidError } from "./versionedDoc";

const PARTNER = "c0c0c0c0-0000-4000-8000-000000000000";
const OTHER = "c0c0c0c0-0000-4000-8000-0000000000ff";
let runs = 0;
const ctx = (by: string): MachineContext => ({ now: "2025-06-01T10:00:00.000Z", by, newRunId: () => `run-${++runs}` });

describe("setup progress repository (embedded Cosmos)", () => {
  const cosmos = useTestCosmos();
  const repo = () => createSetupProgressRepo(cosmos.store.containers.settings);

  it("starts, moves, and answers the second of two admins pressing the same Next as stale, losing nothing", async () => {
    const r = repo();
    const started = await r.transact(PARTNER, "m365", (cur) => transition("m365", cur, { type: "open" }, ctx("Alice")));
    expect(started.outcome.kind).toBe("started");
    const runId = started.progress?.value.runId ?? "";
    // Both admins saw step 1's card and press Next at the same time.
    const [a, b] = await Promise.all([
      r.transact(PARTNER, "m365", (cur) => transition("m365", cur, { type: "next", runId, step: 0 }, ctx("Alice"))),
      r.transact(PARTNER, "m365", (cur) => transition("m365", cur, { type: "next", runId, step: 0 }, ctx("Bob"))),
    ]);
    const kinds = [a.outcome.kind, b.outcome.kind].sort();
    expect(kinds).toEqual(["moved", "stale"]);
    const now = await r.get(PARTNER, "m365");
    expect(now?.value.step).toBe(1);
    // Verify results of both admins on different steps are both kept.
    await Promise.all([
      r.transact(PARTNER, "m365", (cur) => transition("m365", cur, { type: "verified", runId, step: 0, ok: true, missing: 0 }, ctx("Alice"))),
      r.transact(PARTNER, "m365", (cur) => transition("m365", cur, { type: "verified", runId, step: 1, ok: false, missing: 1 }, ctx("Bob"))),
    ]);
    const after = (await r.get(PARTNER, "m365"))?.value as WizardProgress;
    expect(after.steps.serviceAccount).toMatchObject({ ok: true, verifiedBy: "Alice" });
    expect(after.steps.globalAdmin).toMatchObject({ ok: false, verifiedBy: "Bob", missing: 1 });
    expect(after.step).toBe(1);
    // Wizards and partners are apart; a stale answer writes nothing.
    expect(await r.get(PARTNER, "mem")).toBeUndefined();
    expect(await r.get(OTHER, "m365")).toBeUndefined();
    const stale = await r.transact(OTHER, "m365", (cur) => transition("m365", cur, { type: "next", runId, step: 0 }, ctx("Eve")));
    expect(stale).toEqual({ progress: undefined, outcome: { kind: "stale", reason: "notStarted" }, retries: 0 });
    expect(await r.get(OTHER, "m365")).toBeUndefined();
  });

  it("refuses a partner tenant id that is not a GUID", async () => {
    await expect(repo().get("not-a-guid", "m365")).rejects.toBeInstanceOf(DocInvalidError);
  });
});
