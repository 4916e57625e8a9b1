/**
 * What the setup cards show, as plain view models (rendered by src/cards/setupCards.ts). Pure.
 * Texts that can come from a tenant (names, finding messages) are rendered by the templates as TextRuns (never
 * markdown); instructions are our own text and may use markdown.
 */
import { cardTimeText, type ActionView, type TextColor } from "../checkContent";
import { findingView, safeUrl, truncate, TEXT_LIMITS, type FindingView } from "../findingView";
import type { StepResult } from "./evaluate";
import type { Outcome } from "./machine";
import { MEM_FIELD_LABELS, MEM_FIELDS, KEY_FIELDS, type FieldProblems, type MemField } from "./memForm";
import { progressSummary } from "./machine";
import { stepsOf } from "./steps";
import { setupActionData, type SetupVerbName } from "./verbs";
import { WIZARD_TITLES, WIZARDS, type StepDef, type WizardName, type WizardProgress } from "./types";

export function setupAction(title: string, verb: SetupVerbName, data: Record<string, unknown>, isEnabled = true): ActionView<Record<string, unknown>> {
  return { title, verb, data: setupActionData(verb, data as never), isEnabled };
}

export interface Notice {
  text: string;
  color: TextColor;
}

/** The sentence for an outcome that changed nothing, or a completed wizard; null otherwise. */
export function outcomeNotice(o: Outcome): Notice | null {
  const who = (x: { by?: string; at?: string }): string =>
    `${x.by !== undefined ? ` by ${truncate(x.by, TEXT_LIMITS.name)}` : ""}${x.at !== undefined ? ` (${cardTimeText(x.at)})` : ""}`;
  switch (o.kind) {
    case "stale":
      if (o.reason === "olderRun") return { text: `That card belongs to an earlier run of this wizard; it was started over${who(o)}. Here is where it is now.`, color: "warning" };
      if (o.reason === "stepLeft") return { text: `That step was already left${who(o)}. Here is where the wizard is now; nothing was lost.`, color: "warning" };
      return { text: "This wizard has not been started yet. Here is its first step.", color: "warning" };
    case "invalid":
      return { text: "There is no step that way. Here is the current one.", color: "warning" };
    case "completed":
      return { text: "✓ Setup complete.", color: "good" };
    case "resumed":
      return { text: "Continuing where you left off.", color: "accent" };
    default:
      return null;
  }
}

export interface CustomerView {
  name: string;
  message: string;
  fixText: string;
  fixUrl: string | null;
  hasFixUrl: boolean;
  partnerCenterUrl: string | null;
}

export interface StepResultView {
  ok: boolean;
  headline: string;
  color: TextColor;
  findings: FindingView[];
  notes: FindingView[];
  customers: {
    title: string;
    items: CustomerView[];
    pageText: string | null;
    pager: ActionView<Record<string, unknown>>[];
  } | null;
}

export interface StepView {
  wizard: WizardName;
  /** The step's stable id (StepDef.id), e.g. "connect". */
  stepId: string;
  wizardTitle: string;
  stepTitle: string;
  notice: Notice | null;
  hasNotice: boolean;
  instructions: string[];
  links: { title: string; url: string }[];
  lastVerifiedText: string | null;
  result: StepResultView | null;
  hasResult: boolean;
  actions: ActionView<Record<string, unknown>>[];
  /** The Connect step: the button to the bot's sign-in page (Action.OpenUrl), when it can be offered. */
  connect: { title: string; url: string; text: string } | null;
  hasConnect: boolean;
}

/** The M365 step whose card carries the Connect button. */
export const CONNECT_STEP_ID = "connect";

export function isConnectStep(v: Pick<StepView, "wizard" | "stepId">): boolean {
  return v.wizard === "m365" && v.stepId === CONNECT_STEP_ID;
}

/** Pure: a Connect link the card may carry: https, or http on loopback (local mode's bot); no quotes or spaces. */
export function connectLinkOk(url: string): boolean {
  if (url.length > TEXT_LIMITS.url || /[\s"'<>]/.test(url)) return false;
  return safeUrl(url) !== null || /^http:\/\/(127\.0\.0\.1|localhost)(:\d{1,5})?\//.test(url);
}

/** Pure: the step card with its Connect button (the link is single use and valid 10 minutes). */
export function withConnectLink(v: StepView, url: string): StepView {
  if (!connectLinkOk(url) || !isConnectStep(v)) return v;
  const safe = url;
  return {
    ...v,
    connect: {
      title: "Connect as the service account",
      url: safe,
      text: "Connect opens Microsoft's sign-in: choose the **service account** (not your own account). The link is valid for 10 minutes; show this step again for a new one.",
    },
    hasConnect: true,
  };
}

function lastVerified(step: StepDef, p: WizardProgress): string | null {
  const r = p.steps[step.id];
  if (r?.verifiedAt === undefined) return step.verify ? "Not verified yet: press Verify once you have done it." : null;
  const by = r.verifiedBy !== undefined ? ` by ${truncate(r.verifiedBy, TEXT_LIMITS.name)}` : "";
  const what = r.ok === true ? "✓ passed" : `${r.missing ?? 0} still missing`;
  return `Last verified ${cardTimeText(r.verifiedAt)}${by}: ${what}.`;
}

function resultView(wizard: WizardName, p: WizardProgress, r: StepResult): StepResultView {
  const customers = r.customers;
  let customersView: StepResultView["customers"] = null;
  if (customers !== undefined && customers.total > 0) {
    const at = { wizard, runId: p.runId, step: p.step };
    const pager = [
      ...(customers.page > 0 ? [setupAction("Previous customers", "setup.verify", { ...at, page: customers.page - 1 })] : []),
      ...(customers.page < customers.pageCount - 1 ? [setupAction("More customers", "setup.verify", { ...at, page: customers.page + 1 })] : []),
    ];
    customersView = {
      title: `${customers.total} ${customers.total === 1 ? "customer is" : "customers are"} still missing the lifecycle group:`,
      items: customers.items.map((c) => {
        const f = findingView(c.finding);
        return { name: truncate(c.displayName, TEXT_LIMITS.name), message: f.message, fixText: f.fixText, fixUrl: f.fixUrl, hasFixUrl: f.hasFixUrl, partnerCenterUrl: safeUrl(c.partnerCenterUrl) };
      }),
      pageText: customers.pageCount > 1 ? `Page ${customers.page + 1} of ${customers.pageCount}.` : null,
      pager,
    };
  }
  return {
    ok: r.ok,
    headline: r.ok ? "✓ Verified: nothing is missing for this step." : `Still missing (${r.missingCount}):`,
    color: r.ok ? "good" : "attention",
    findings: r.missing.map(findingView),
    notes: r.notes.map(findingView),
    customers: customersView,
  };
}

/** The card of the wizard's current step, with a Verify result when there is one. */
export function buildStepView(wizard: WizardName, p: WizardProgress, o: { outcome?: Outcome; result?: StepResult; notice?: Notice; defender?: boolean }): StepView {
  const steps = stepsOf(wizard);
  const step = steps[p.step] ?? steps[0];
  const at = { wizard, runId: p.runId, step: p.step };
  const actions: ActionView<Record<string, unknown>>[] = [];
  if (p.step > 0) actions.push(setupAction("Back", "setup.back", at));
  if (step.verify) actions.push(setupAction("Verify", "setup.verify", { ...at, page: 0 }));
  if (step.defenderChoice) {
    actions.push(setupAction(o.defender === true ? "Track Defender ✓" : "Track Defender", "setup.defender", { ...at, on: true }));
    actions.push(setupAction(o.defender === false ? "Don't track ✓" : "Don't track", "setup.defender", { ...at, on: false }));
  } else if (p.step < steps.length - 1) actions.push(setupAction("Next", "setup.next", at));
  if (p.completedAt !== undefined) actions.push(setupAction("Start over", "setup.restart", { wizard }));
  const notice = o.notice ?? (o.outcome ? outcomeNotice(o.outcome) : null) ?? (p.completedAt !== undefined ? { text: "✓ Setup complete.", color: "good" as const } : null);
  const result = o.result ? resultView(wizard, p, o.result) : null;
  return {
    wizard,
    stepId: step.id,
    wizardTitle: WIZARD_TITLES[wizard],
    stepTitle: `Step ${p.step + 1} of ${steps.length}: ${step.title}`,
    notice,
    hasNotice: notice !== null,
    instructions: [...step.instructions],
    links: step.links.map((l) => ({ title: l.title, url: l.url })),
    lastVerifiedText: result ? null : lastVerified(step, p),
    result,
    hasResult: result !== null,
    actions,
    connect: null,
    hasConnect: false,
  };
}

// --- setup status ----------------------------------------------------------------------------------------------

export interface StatusRow {
  title: string;
  stateText: string;
  color: TextColor;
  action: ActionView<Record<string, unknown>>;
}

export interface StatusView {
  title: string;
  rehearsalText: string | null;
  rows: StatusRow[];
}

export function buildStatusView(progress: Partial<Record<WizardName, WizardProgress>>, o: { rehearsal: boolean; notice?: string }): StatusView {
  return {
    title: "Setup status",
    rehearsalText: o.rehearsal
      ? "Preconfigured from the scenario: the scenario's rehearsal block set the service account, the lifecycle group and the apps as if both wizards had been completed."
      : (o.notice ?? null),
    rows: WIZARDS.map((w) => {
      const p = progress[w];
      const s = progressSummary(w, p);
      const step = p ? stepsOf(w)[p.step] : undefined;
      const stateText = p === undefined
        ? "Not started."
        : s.completed
          ? `✓ Complete (${cardTimeText(p.completedAt ?? p.updatedAt)}); ${s.verified} of ${s.stepCount} steps verified.`
          : `At step ${s.stepNumber} of ${s.stepCount}${step ? `: ${step.title}` : ""}; ${s.verified} verified. Last change ${cardTimeText(p.updatedAt)}${p.updatedBy !== undefined ? ` by ${truncate(p.updatedBy, TEXT_LIMITS.name)}` : ""}.`;
      return {
        title: WIZARD_TITLES[w],
        stateText,
        color: s.completed ? "good" : p === undefined ? "default" : "accent",
        action: setupAction(p === undefined ? "Start" : s.completed ? "Open" : "Continue", "setup.open", { wizard: w }),
      };
    }),
  };
}

// --- setup mem form --------------------------------------------------------------------------------------------

export interface FormFieldView {
  id: MemField;
  label: string;
  isKey: boolean;
  value: string;
  placeholder: string;
  problem: string | null;
  hasProblem: boolean;
}

export interface MemFormView {
  wizardTitle: string;
  stepTitle: string;
  notice: Notice | null;
  hasNotice: boolean;
  instructions: string[];
  fields: FormFieldView[];
  save: ActionView<Record<string, unknown>>;
  back: ActionView<Record<string, unknown>>;
}

export function buildMemFormView(p: WizardProgress, o: { values?: Partial<Record<MemField, string>>; problems?: FieldProblems; notice?: Notice | null }): MemFormView {
  const steps = stepsOf("mem");
  const step = steps[p.step] ?? steps[steps.length - 1];
  const at = { wizard: "mem", runId: p.runId, step: p.step };
  return {
    wizardTitle: WIZARD_TITLES.mem,
    stepTitle: `Step ${p.step + 1} of ${steps.length}: ${step.title}`,
    notice: o.notice ?? null,
    hasNotice: (o.notice ?? null) !== null,
    instructions: [...step.instructions],
    fields: MEM_FIELDS.map((id) => {
      const problem = o.problems?.[id] ?? null;
      const isKey = KEY_FIELDS.has(id);
      return {
        id,
        label: MEM_FIELD_LABELS[id],
        isKey,
        // Keys are never put back on a card.
        value: isKey ? "" : (o.values?.[id] ?? ""),
        placeholder: isKey ? "the client secret's value" : "00000000-0000-0000-0000-000000000000",
        problem,
        hasProblem: problem !== null,
      };
    }),
    save: setupAction("Save and verify", "setup.mem.save", at),
    back: setupAction("Back", "setup.back", at),
  };
}

export interface MemDoneView {
  title: string;
  facts: { title: string; value: string }[];
  lines: string[];
  actions: ActionView<Record<string, unknown>>[];
}

export function buildMemDoneView(o: {
  partnerTenantId: string;
  partnerCenterApp: { appId: string; displayName: string };
  lifecycleApp: { appId: string; displayName: string };
  customerCheck: string;
  at: string;
  by?: string;
}): MemDoneView {
  return {
    title: "✓ Intune (MEM) setup saved",
    facts: [
      { title: "Partner tenant", value: o.partnerTenantId },
      { title: "Partner Center app", value: `${truncate(o.partnerCenterApp.displayName, TEXT_LIMITS.name)} (${o.partnerCenterApp.appId})` },
      { title: "Lifecycle app", value: `${truncate(o.lifecycleApp.displayName, TEXT_LIMITS.name)} (${o.lifecycleApp.appId})` },
      { title: "Keys", value: "Verified and stored encrypted; they are never shown again." },
    ],
    lines: [
      o.customerCheck,
      `Saved ${cardTimeText(o.at)}${o.by !== undefined ? ` by ${truncate(o.by, TEXT_LIMITS.name)}` : ""}.`,
      "The first full sync is queued; it starts as soon as syncing is available.",
    ],
    actions: [setupAction("Setup status", "setup.status", {})],
  };
}
