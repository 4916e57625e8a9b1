/**
 * The setup wizards end to end, without botbuilder: a command or a card action of one admin → the MSP's progress
 * (read, transition, conditional write) → the step's checks when Verify is pressed → the screen to show. The route
 * (src/bot/routes/setup.ts) only renders the screen as a card.
 *
 * Every card action first checks that its card is current (same run, same step); a stale one changes nothing and is
 * answered with the wizard where it is now, saying so. The progress is per MSP (the signed-in user's partner tenant),
 * so `setup status` and `setup m365` resume from any chat.
 */
import { randomUUID } from "node:crypto";
import type { SetupScreenView } from "../cards/setupScreen";
import type { Clock } from "../clock";
import { transition, type MachineContext, type Outcome, type WizardEvent } from "../dialogs/wizards/machine";
import { refillValues, validateMemForm, type FieldProblems, type MemField } from "../dialogs/wizards/memForm";
import { stepsOf } from "../dialogs/wizards/steps";
import type { WizardName, WizardProgress } from "../dialogs/wizards/types";
import type { SetupAction, SetupVerbData } from "../dialogs/wizards/verbs";
import {
  buildMemDoneView,
  buildMemFormView,
  buildStatusView,
  buildStepView,
  outcomeNotice,
  type Notice,
} from "../dialogs/wizards/view";
import type { StepResult } from "../dialogs/wizards/evaluate";
import type { GraphClient } from "../graph/client";
import type { Logger } from "../log/logger";
import type { SetupProgressRepo } from "../store/setupProgressRepo";
import type { SettingsRepo } from "../store/settingsRepo";
import { partnerTenantOf } from "./checkJob";
import type { SaveMemSetup } from "./setupMem";
import type { SetupVerify } from "./setupVerify";

/** What to show: a wizard step, the `setup mem` form, its saved answer, or `setup status` (rendered by src/cards/setupScreen.ts). */
export type SetupScreen = SetupScreenView;

export interface SetupFlowDeps {
  progress: SetupProgressRepo;
  settings: SettingsRepo;
  verify: SetupVerify;
  saveMem: SaveMemSetup;
  clock: Clock;
  logger: Logger;
  newRunId?: () => string;
}

/** Who acts: the signed-in admin's partner-tenant Graph client and a name for "by whom". */
export interface SetupActor {
  graph: GraphClient;
  by?: string;
}

const NOTHING_STORED: Notice = { text: "Nothing was stored. Correct the fields below (keys must be entered again).", color: "attention" };

export function createSetupFlow(deps: SetupFlowDeps) {
  const newRunId = deps.newRunId ?? randomUUID;
  const ctx = (actor: SetupActor): MachineContext => ({ now: deps.clock.now().toISOString(), ...(actor.by !== undefined ? { by: actor.by } : {}), newRunId });

  const apply = async (tenant: string, wizard: WizardName, actor: SetupActor, event: WizardEvent) =>
    deps.progress.transact(tenant, wizard, (cur) => transition(wizard, cur, event, ctx(actor)));

  /** The screen of a wizard's current step. */
  const screenOf = async (tenant: string, wizard: WizardName, p: WizardProgress, o: { outcome?: Outcome; result?: StepResult; notice?: Notice }): Promise<SetupScreen> => {
    const step = stepsOf(wizard)[p.step];
    if (step?.form) {
      const notice = o.notice ?? (o.outcome ? outcomeNotice(o.outcome) : null);
      return { kind: "form", view: buildMemFormView(p, { notice }) };
    }
    const defender = step?.defenderChoice ? (await deps.settings.get(tenant))?.value.defender : undefined;
    return { kind: "step", view: buildStepView(wizard, p, { ...o, ...(defender !== undefined ? { defender } : {}) }) };
  };

  /** Opens (or starts) the wizard and shows its current step, with `notice` when the action changed nothing. */
  const current = async (tenant: string, wizard: WizardName, actor: SetupActor, outcome?: Outcome): Promise<SetupScreen> => {
    const t = await apply(tenant, wizard, actor, { type: "open" });
    if (!t.progress) throw new Error("the wizard could not be opened");
    return screenOf(tenant, wizard, t.progress.value, { outcome: outcome ?? t.outcome });
  };

  async function status(actor: SetupActor): Promise<SetupScreen> {
    const tenant = await partnerTenantOf(actor.graph);
    const [m365, mem, settings] = await Promise.all([deps.progress.get(tenant, "m365"), deps.progress.get(tenant, "mem"), deps.settings.get(tenant)]);
    return {
      kind: "status",
      view: buildStatusView({ ...(m365 ? { m365: m365.value } : {}), ...(mem ? { mem: mem.value } : {}) }, { rehearsal: settings?.value.source === "rehearsal" }),
    };
  }

  async function open(actor: SetupActor, wizard: WizardName): Promise<SetupScreen> {
    return current(await partnerTenantOf(actor.graph), wizard, actor);
  }

  /** Checks that the card is current before something slow (Verify, saving the form); the stale screen otherwise. */
  const guard = async (tenant: string, wizard: WizardName, actor: SetupActor, at: { runId: string; step: number }): Promise<{ p: WizardProgress } | { screen: SetupScreen }> => {
    const t = await apply(tenant, wizard, actor, { type: "touch", ...at });
    if (t.outcome.kind === "current" && t.progress) return { p: t.progress.value };
    return { screen: await current(tenant, wizard, actor, t.outcome) };
  };

  async function verify(actor: SetupActor, d: SetupVerbData<"setup.verify">): Promise<SetupScreen> {
    const tenant = await partnerTenantOf(actor.graph);
    const g = await guard(tenant, d.wizard, actor, d);
    if ("screen" in g) return g.screen;
    const r = await deps.verify(actor.graph, d.wizard, d.step, { page: d.page });
    if (r === undefined) return screenOf(tenant, d.wizard, g.p, {});
    const t = await apply(tenant, d.wizard, actor, { type: "verified", runId: d.runId, step: d.step, ok: r.result.ok, missing: r.result.missingCount });
    const p = t.progress?.value;
    if (!p || t.outcome.kind === "stale") return current(tenant, d.wizard, actor, t.outcome);
    // Someone moved the wizard while the checks ran: the result is recorded; show the step it is about.
    const shown: WizardProgress = p.step === d.step ? p : { ...p, step: d.step };
    return screenOf(tenant, d.wizard, shown, {
      result: r.result,
      ...(t.outcome.kind === "completed" ? { outcome: t.outcome } : {}),
      ...(p.step !== d.step ? { notice: { text: `Meanwhile the wizard moved to step ${p.step + 1}${p.updatedBy ? ` (${p.updatedBy})` : ""}; this result is recorded. Type **setup status** to continue.`, color: "warning" as const } } : {}),
    });
  }

  async function move(actor: SetupActor, type: "next" | "back", d: SetupVerbData<"setup.next">): Promise<SetupScreen> {
    const tenant = await partnerTenantOf(actor.graph);
    const t = await apply(tenant, d.wizard, actor, { type, runId: d.runId, step: d.step });
    if (t.outcome.kind !== "moved" || !t.progress) return current(tenant, d.wizard, actor, t.outcome);
    return screenOf(tenant, d.wizard, t.progress.value, {});
  }

  async function defender(actor: SetupActor, d: SetupVerbData<"setup.defender">): Promise<SetupScreen> {
    const tenant = await partnerTenantOf(actor.graph);
    const g = await guard(tenant, d.wizard, actor, d);
    if ("screen" in g) return g.screen;
    await deps.settings.patch(
      tenant,
      (cur) => {
        const { updatedAt: _a, updatedBy: _b, ...rest } = cur ?? { source: "setup" as const, updatedAt: "" };
        return { ...rest, defender: d.on };
      },
      actor.by !== undefined ? { by: actor.by } : {},
    );
    return move(actor, "next", d);
  }

  async function saveForm(actor: SetupActor, d: SetupVerbData<"setup.mem.save">): Promise<SetupScreen> {
    const tenant = await partnerTenantOf(actor.graph);
    const g = await guard(tenant, "mem", actor, d);
    if ("screen" in g) return g.screen;
    const raw: Partial<Record<MemField, string | undefined>> = {
      partnerTenantId: d.partnerTenantId,
      partnerCenterAppId: d.partnerCenterAppId,
      partnerCenterAppKey: d.partnerCenterAppKey,
      lifecycleAppId: d.lifecycleAppId,
      lifecycleAppKey: d.lifecycleAppKey,
    };
    const refused = (problems: FieldProblems, notice: Notice = NOTHING_STORED): SetupScreen => ({
      kind: "form",
      view: buildMemFormView(g.p, { values: refillValues(raw), problems, notice }),
    });
    const form = validateMemForm(raw);
    if (!form.ok) return refused(form.problems);
    const saved = await deps.saveMem(actor.graph, form.values, actor.by !== undefined ? { by: actor.by } : {});
    if (!saved.ok) return refused(saved.problems, saved.notice !== undefined ? { text: saved.notice, color: "attention" } : NOTHING_STORED);
    await apply(tenant, "mem", actor, { type: "complete", runId: d.runId, step: d.step });
    deps.logger.info("setup mem completed", { partnerTenantId: tenant });
    return {
      kind: "done",
      view: buildMemDoneView({
        partnerTenantId: saved.partnerTenantId,
        partnerCenterApp: saved.partnerCenterApp,
        lifecycleApp: saved.lifecycleApp,
        customerCheck: saved.customerCheck,
        at: deps.clock.now().toISOString(),
        ...(actor.by !== undefined ? { by: actor.by } : {}),
      }),
    };
  }

  async function restart(actor: SetupActor, wizard: WizardName): Promise<SetupScreen> {
    const tenant = await partnerTenantOf(actor.graph);
    const t = await apply(tenant, wizard, actor, { type: "restart" });
    if (!t.progress) throw new Error("the wizard could not be started over");
    return screenOf(tenant, wizard, t.progress.value, {});
  }

  /** A validated card action. */
  async function act(actor: SetupActor, a: SetupAction): Promise<SetupScreen> {
    switch (a.verb) {
      case "setup.open":
        return open(actor, a.data.wizard);
      case "setup.status":
        return status(actor);
      case "setup.next":
        return move(actor, "next", a.data);
      case "setup.back":
        return move(actor, "back", a.data);
      case "setup.verify":
        return verify(actor, a.data);
      case "setup.restart":
        return restart(actor, a.data.wizard);
      case "setup.defender":
        return a.data.wizard === "mem" ? defender(actor, a.data) : open(actor, a.data.wizard);
      case "setup.mem.save":
        return a.data.wizard === "mem" ? saveForm(actor, a.data) : open(actor, a.data.wizard);
    }
  }

  return { status, open, act };
}

export type SetupFlow = ReturnType<typeof createSetupFlow>;
