/**
 * The setup flow against the real simulator (demo scenario) and embedded Cosmos: `setup m365` walked to the end with
 * Verify on every step, step 5 shrinking when the scenario is fixed part-way, stale cards, `setup status`.
 */
import type { SetupScreen } from "./setupFlow";
import { PARTNER, startSetupWorld, type Json, type SetupWorld } from "./testing/setupWorld";
import type { StepView } from "../dialogs/wizards/view";

let w: SetupWorld;
beforeAll(async () => {
  w = await startSetupWorld();
}, 60_000);
afterAll(async () => {
  await w.stop();
});

const step = (s: SetupScreen): StepView => {
  if (s.kind !== "step") throw new Error(`expected a step, got ${s.kind}`);
  return s.view;
};
const codes = (v: StepView): string[] => (v.result?.findings ?? []).map((f) => f.code);
const ALICE = { get graph() { return w.graph; }, by: "Alice" };
const BOB = { get graph() { return w.graph; }, by: "Bob" };

describe("setup m365 against the demo scenario", () => {
  let runId = "";
  const at = (n: number) => ({ wizard: "m365" as const, runId, step: n });

  it("status before anything: both not started", async () => {
    const s = await w.flow.status(ALICE);
    expect(s.kind).toBe("status");
    if (s.kind === "status") expect(s.view.rows.map((r) => r.stateText)).toEqual(["Not started.", "Not started."]);
  });

  it("walks every step with Verify", async () => {
    const first = step(await w.flow.open(ALICE, "m365"));
    expect(first.stepTitle).toBe("Step 1 of 6: A dedicated service account");
    runId = (await w.progress.get(PARTNER, "m365"))?.value.runId ?? "";
    expect(runId).toMatch(/^run-/);

    const results: [string, boolean, string[]][] = [];
    for (let n = 0; n < 6; n++) {
      const v = step(await w.flow.act(ALICE, { verb: "setup.verify", data: { ...at(n), page: 0 } }));
      results.push([v.stepTitle, v.result?.ok ?? false, codes(v)]);
      if (n === 4) {
        expect(v.result?.customers?.items.map((c) => c.name).sort()).toEqual(
          ["Coho Winery", "Litware Inc.", "Proseware, Inc.", "Wide World Importers", "Woodgrove Bank"].sort(),
        );
        // Adventure Works has no GDAP: only Partner Center knows it, and its key is not stored yet.
        expect(v.result?.notes.map((f) => f.code)).toContain("partnerCenter.unreadable");
        expect(v.result?.customers?.items.every((c) => c.partnerCenterUrl?.startsWith("https://partner.microsoft.com/"))).toBe(true);
      }
      if (n < 5) expect(step(await w.flow.act(ALICE, { verb: "setup.next", data: at(n) })).stepTitle).toContain(`Step ${n + 2} of 6`);
    }
    expect(results).toEqual([
      ["Step 1 of 6: A dedicated service account", true, []],
      ["Step 2 of 6: Global Administrator, for setup only", true, []],
      ["Step 3 of 6: The service account in AdminAgents", true, []],
      ["Step 4 of 6: The GDAP Lifecycle Manager group", true, []],
      ["Step 5 of 6: The lifecycle group in every customer's GDAP", false, []],
      ["Step 6 of 6: Connect, then least privilege", false, ["setup.notConnected"]],
    ]);
    const p = (await w.progress.get(PARTNER, "m365"))?.value;
    expect(p?.step).toBe(5);
    expect(p?.steps.serviceAccount).toMatchObject({ ok: true, verifiedBy: "Alice" });
    expect(p?.steps.customers).toMatchObject({ ok: false, missing: 5 });
    expect(p?.completedAt).toBeUndefined();
  });

  it("step 5 shrinks when the scenario is fixed part-way", async () => {
    w.changeScenario((s) => {
      const customers = s.customers as Json[];
      const fix = (name: string, change: (a: Json) => void) => {
        const c = customers.find((x) => x.displayName === name) as Json;
        for (const r of c.gdapRelationships as Json[]) for (const a of r.accessAssignments as Json[]) change(a);
      };
      fix("Proseware, Inc.", (a) => (a.groupId = "06000000-0000-4000-8000-000000000004"));
      fix("Wide World Importers", (a) => (a.status = "active"));
    });
    // The wizard is at step 6: a Verify from the step-5 card is stale and answered with step 6.
    const stale = step(await w.flow.act(BOB, { verb: "setup.verify", data: { ...at(4), page: 0 } }));
    expect(stale.notice?.text).toContain("That step was already left by Alice");
    expect(stale.stepTitle).toContain("Step 6 of 6");
    await w.flow.act(BOB, { verb: "setup.back", data: at(5) });
    const v = step(await w.flow.act(BOB, { verb: "setup.verify", data: { ...at(4), page: 0 } }));
    expect(v.result?.customers?.items.map((c) => c.name).sort()).toEqual(["Coho Winery", "Litware Inc.", "Woodgrove Bank"]);
    expect((await w.progress.get(PARTNER, "m365"))?.value.steps.customers).toMatchObject({ ok: false, missing: 3, verifiedBy: "Bob" });
  });

  it("two admins pressing the same Next: one moves, the other is told, nothing lost", async () => {
    const [a, b] = await Promise.all([
      w.flow.act(ALICE, { verb: "setup.next", data: at(4) }),
      w.flow.act(BOB, { verb: "setup.next", data: at(4) }),
    ]);
    const notices = [step(a).notice?.text ?? "", step(b).notice?.text ?? ""];
    expect(notices.filter((n) => n.includes("already left"))).toHaveLength(1);
    expect(step(a).stepTitle).toContain("Step 6 of 6");
    expect(step(b).stepTitle).toContain("Step 6 of 6");
    expect((await w.progress.get(PARTNER, "m365"))?.value.step).toBe(5);
  });

  it("connected and least privilege: the last Verify completes the wizard; status resumes and shows it", async () => {
    await w.settings.save(PARTNER, { source: "setup", m365Connected: true }, { etag: undefined });
    const still = step(await w.flow.act(ALICE, { verb: "setup.verify", data: { ...at(5), page: 0 } }));
    expect(codes(still)).toEqual(["serviceAccount.globalAdmin"]);
    w.changeScenario((s) => {
      const users = (s.partner as Json).users as Json[];
      const svc = users.find((u) => String(u.userPrincipalName).startsWith("svc-lifecycle@")) as Json;
      svc.directoryRoles = ["Application Administrator"];
    });
    const done = step(await w.flow.act(ALICE, { verb: "setup.verify", data: { ...at(5), page: 0 } }));
    expect(done.result?.ok).toBe(true);
    expect(done.notice?.text).toBe("✓ Setup complete.");
    expect(done.actions.map((x) => x.title)).toEqual(["Back", "Verify", "Start over"]);
    const s = await w.flow.status(BOB);
    if (s.kind !== "status") throw new Error("status");
    expect(s.view.rows[0].stateText).toMatch(/^✓ Complete/);
    expect(s.view.rows[1].stateText).toBe("Not started.");
    // Start over: older cards become stale.
    await w.flow.act(ALICE, { verb: "setup.restart", data: { wizard: "m365" } });
    const old = step(await w.flow.act(BOB, { verb: "setup.next", data: at(0) }));
    expect(old.notice?.text).toContain("earlier run");
  });

  it("status says when the settings were preconfigured from the scenario", async () => {
    const cur = await w.settings.get(PARTNER);
    await w.settings.save(PARTNER, { source: "rehearsal" }, { etag: cur?.etag });
    const s = await w.flow.status(ALICE);
    if (s.kind !== "status") throw new Error("status");
    expect(s.view.rehearsalText).toContain("Preconfigured from the scenario");
  });
});
