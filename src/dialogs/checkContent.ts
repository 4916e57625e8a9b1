/**
 * What the bot says around `check` and `tenant`: words, labels, usage answers, the progress and the error card's
 * content. Plain data (cards are rendered from these in src/cards). Pure.
 */
import type { Severity, Verdict } from "../domain/findings";
import type { CheckScope } from "./commands";
import { actionData, type ActionData, type VerbName } from "./verbs";

/** Adaptive Card text colours. */
export type TextColor = "default" | "good" | "warning" | "attention" | "accent";

export const VERDICT_COLORS: Record<Verdict, TextColor> = { Healthy: "good", Warning: "warning", Broken: "attention" };

/** A finding's severity in the words of the verdicts (an error breaks the chain). */
export const SEVERITY_LABELS: Record<Severity, string> = { error: "Broken", warning: "Warning", info: "Info" };
export const SEVERITY_COLORS: Record<Severity, TextColor> = { error: "attention", warning: "warning", info: "accent" };

export const SCOPE_LABELS: Record<CheckScope, string> = {
  all: "full check",
  gdap: "GDAP check",
  adminagents: "AdminAgents check",
  apps: "app check",
};

export const TENANT_USAGE_TEXT =
  "Tell me which customer: type **tenant** followed by its name, domain or tenant id, for example **tenant Fabrikam** or **tenant fabrikam.onmicrosoft.com**.";

/** `check` with an argument it does not know. */
export function checkUsageText(suggestion?: CheckScope): string {
  const forms = "**check** (everything), **check gdap**, **check adminagents** or **check apps**";
  const hint = suggestion !== undefined ? ` Did you mean **${suggestion === "all" ? "check" : `check ${suggestion}`}**?` : "";
  return `I can run ${forms}.${hint}`;
}

/**
 * "{{DATE(…, SHORT)}} at {{TIME(…)}}": Adaptive Cards show it in the reader's own time zone and format.
 * The functions take whole seconds, so milliseconds are dropped.
 */
export function cardTimeText(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "at an unknown time";
  const s = new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
  return `{{DATE(${s}, SHORT)}} at {{TIME(${s})}}`;
}

/** "1 customer", "3 customers". */
export function customers(n: number): string {
  return `${n} ${n === 1 ? "customer" : "customers"}`;
}

export interface ActionView<D = object> {
  title: string;
  verb: string;
  data: D;
  isEnabled: boolean;
}

export function action<V extends VerbName>(title: string, data: ActionData<V>, isEnabled = true): ActionView<ActionData<V>> {
  return { title, verb: data.verb, data, isEnabled };
}

// --- progress ---------------------------------------------------------------------------------------------------

export interface CheckProgressContent {
  title: string;
  subtitle: string;
  progressText: string | null;
}

/** "Checking 14 customers…", with "5 of 14 done" once some are done. `customers` is null while they are being listed. */
export function checkProgressContent(p: { customers: number | null; done?: number; partnerName?: string; scope?: CheckScope }): CheckProgressContent {
  const title = p.customers === null ? "Checking your customers…" : `Checking ${customers(p.customers)}…`;
  const what = SCOPE_LABELS[p.scope ?? "all"];
  const subtitle = p.partnerName !== undefined ? `${p.partnerName}: ${what}` : what.charAt(0).toUpperCase() + what.slice(1);
  const progressText =
    p.customers !== null && p.done !== undefined ? `${Math.min(Math.max(0, p.done), p.customers)} of ${p.customers} done. This card updates itself.` : null;
  return { title, subtitle, progressText };
}

// --- a check that could not run -----------------------------------------------------------------------------------

/** Why a check could not run, as the bot knows it (mapped from typed errors; never a raw error message). */
export type CheckFailureReason = "signInRequired" | "forbidden" | "throttled" | "unavailable" | "internal";

const FAILURE_TEXTS: Record<CheckFailureReason, { title: string; whatToDo: string[] }> = {
  signInRequired: {
    title: "I need you to sign in before I can check",
    whatToDo: ["Sign in when I ask, then type **check** again."],
  },
  forbidden: {
    title: "Your account may not read what the check needs",
    whatToDo: [
      "Run the check as an admin of your partner tenant who can read GDAP relationships, groups and app registrations (for example a Global Reader or Global Administrator).",
      "Then type **check** again.",
    ],
  },
  throttled: {
    title: "Microsoft asked me to slow down",
    whatToDo: ["Microsoft is throttling requests for your tenant. Wait a few minutes, then select **Try again**."],
  },
  unavailable: {
    title: "Microsoft did not answer",
    whatToDo: ["Microsoft's services did not answer in time. Wait a few minutes, then select **Try again**."],
  },
  internal: {
    title: "The check could not run",
    whatToDo: ["Select **Try again**. If it keeps failing, tell your administrator the reference below."],
  },
};

export interface CheckErrorContent {
  title: string;
  whatToDo: string[];
  referenceText: string;
  retry: ActionView;
}

export function checkErrorContent(p: { reason: CheckFailureReason; correlationId: string; scope?: CheckScope }): CheckErrorContent {
  const t = FAILURE_TEXTS[p.reason];
  return {
    title: t.title,
    whatToDo: t.whatToDo,
    // The correlation id is ours (hex), but keep it to a safe shape whatever the caller passes.
    referenceText: `Reference: ${p.correlationId.replace(/[^A-Za-z0-9-]/g, "").slice(0, 64) || "none"}`,
    retry: action("Try again", actionData("check.run", { scope: p.scope ?? "all" })),
  };
}
