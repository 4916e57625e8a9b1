/**
 * `audit [n]`: what the command asks for, and the view model of the audit card (the newest entries first). Pure.
 */
import { z } from "zod/v4";

/** Entries shown by default, and at most. */
export const AUDIT_DEFAULT_COUNT = 20;
export const AUDIT_MAX_COUNT = 50;

export type AuditArgs = { ok: true; count: number } | { ok: false; text: string };

export const AUDIT_USAGE_TEXT = `Usage: **audit** (the last ${AUDIT_DEFAULT_COUNT} changes) or **audit <n>** (at most ${AUDIT_MAX_COUNT}). Admins only.`;

const Count = z.coerce.number().int().min(1).max(AUDIT_MAX_COUNT);

/** Pure: `audit`'s arguments as typed after the command word. */
export function parseAuditArgs(args: string): AuditArgs {
  const a = args.trim().toLowerCase().replace(/^(last|recent)\s*/, "");
  if (a === "") return { ok: true, count: AUDIT_DEFAULT_COUNT };
  if (!/^\d{1,4}$/.test(a)) return { ok: false, text: AUDIT_USAGE_TEXT };
  const n = Count.safeParse(a);
  return n.success ? { ok: true, count: n.data } : { ok: false, text: AUDIT_USAGE_TEXT };
}

/** What the card shows of an entry (src/store/auditRepo.ts AuditEntry fits it). */
export interface AuditEntryInput {
  at: string;
  who: { name?: string; aadObjectId?: string; userId: string };
  action: string;
  target?: string;
  details?: Record<string, string | number | boolean>;
  outcome: "done" | "failed" | "refused";
  reason?: string;
  correlationId?: string;
}

export interface AuditRowView {
  headline: string;
  facts: string;
  color: "Good" | "Attention" | "Warning";
}

export interface AuditView {
  title: string;
  subtitle: string;
  rows: AuditRowView[];
  empty: boolean;
}

const OUTCOME: Record<AuditEntryInput["outcome"], { word: string; color: AuditRowView["color"] }> = {
  done: { word: "done", color: "Good" },
  failed: { word: "failed", color: "Attention" },
  refused: { word: "refused", color: "Warning" },
};

/** Markdown-inert text: no `*`, `_`, brackets or backticks from what users named themselves. */
const inert = (s: string): string => s.replace(/[*_`[\]<>]/g, "").trim();

/** Pure: "2026-12-02 07:31 UTC". */
export function auditTime(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function auditView(entries: readonly AuditEntryInput[], requested: number): AuditView {
  const rows = entries.map((e) => {
    const o = OUTCOME[e.outcome];
    const who = inert(e.who.name ?? "") || e.who.aadObjectId || e.who.userId || "someone";
    const target = e.target !== undefined ? ` ${inert(e.target)}` : "";
    const details = Object.entries(e.details ?? {}).map(([k, v]) => `${inert(k)}: ${inert(String(v))}`);
    const facts = [auditTime(e.at), e.reason !== undefined ? `reason: ${inert(e.reason)}` : "", ...details, e.correlationId !== undefined ? `ref ${inert(e.correlationId)}` : ""]
      .filter((x) => x !== "")
      .join(" · ");
    return { headline: `${o.word.toUpperCase()} · ${inert(e.action)}${target} · by ${who}`, facts, color: o.color };
  });
  return {
    title: "Audit trail",
    subtitle:
      rows.length === 0
        ? "No changes recorded yet."
        : rows.length < requested
          ? rows.length === 1
            ? "The only change recorded so far."
            : `All ${rows.length} changes recorded so far, newest first.`
          : `The last ${rows.length} changes, newest first.`,
    rows,
    empty: rows.length === 0,
  };
}
