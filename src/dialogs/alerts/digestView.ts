/**
 * The digest card's view model: sync health (healthy / failing tenants, last run), what expires in the next 30 days,
 * device / app / user counts with the change since the last digest, the top problems with their fixes. Nothing to
 * report → "all quiet". Pure.
 */
import type { DetectedAlert } from "../../alerts/types";
import type { ExpiringItem } from "./expiringView";
import { when } from "./alertView";

export interface DigestInput {
  cadence: "daily" | "weekly";
  now: Date;
  sync?: { finishedAt?: string; healthy: number; failing: number; devices: number; apps: number; users: number };
  previous?: { at: string; devices: number; apps: number; users: number };
  expiring: readonly ExpiringItem[];
  problems: readonly DetectedAlert[];
}

export interface DigestView {
  title: string;
  subtitle: string;
  quiet: boolean;
  quietText?: string;
  facts: { title: string; value: string }[];
  expiring: { title: string; detail: string }[];
  expiringTitle?: string;
  problems: { title: string; detail: string; fixText: string; fixUrl: string }[];
  problemsTitle?: string;
}

const TOP = 5;
const delta = (now: number, before: number | undefined): string => {
  if (before === undefined) return `${now}`;
  const d = now - before;
  return d === 0 ? `${now} (no change)` : `${now} (${d > 0 ? "+" : ""}${d})`;
};

/** Nothing failing, nothing expiring within 30 days, no open problem. */
export function isQuiet(i: Pick<DigestInput, "sync" | "expiring" | "problems">): boolean {
  return (i.sync?.failing ?? 0) === 0 && i.expiring.length === 0 && i.problems.length === 0;
}

export function buildDigestView(i: DigestInput): DigestView {
  const quiet = isQuiet(i);
  const facts: DigestView["facts"] = [];
  if (i.sync) {
    facts.push({ title: "Sync", value: `${i.sync.healthy} healthy, ${i.sync.failing} failing${i.sync.finishedAt ? ` · last run ${when(i.sync.finishedAt)}` : ""}` });
    facts.push({ title: "Devices", value: delta(i.sync.devices, i.previous?.devices) });
    facts.push({ title: "Apps", value: delta(i.sync.apps, i.previous?.apps) });
    facts.push({ title: "Users", value: delta(i.sync.users, i.previous?.users) });
  } else facts.push({ title: "Sync", value: "no sync has run yet" });
  const order = { error: 0, warning: 1, info: 2 } as const;
  const problems = [...i.problems].sort((a, b) => order[a.severity] - order[b.severity] || (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity)).slice(0, TOP);
  return {
    title: `Tenant Pilot ${i.cadence} digest`,
    subtitle: `${when(i.now.toISOString())}${i.previous ? ` · since ${when(i.previous.at)}` : ""}`,
    quiet,
    ...(quiet ? { quietText: "All quiet: every sync healthy, nothing expiring in the next 30 days, no open alert." } : {}),
    facts,
    expiring: i.expiring.slice(0, TOP).map((e) => ({ title: e.title, detail: e.detail })),
    ...(i.expiring.length > 0 ? { expiringTitle: `Ending in the next 30 days (${i.expiring.length})` } : {}),
    problems: problems.map((p) => ({ title: p.tenant?.displayName ?? p.label, detail: p.message, fixText: p.fix.text, fixUrl: p.fix.url })),
    ...(i.problems.length > 0 ? { problemsTitle: `Top problems (${i.problems.length} open)` } : {}),
  };
}
