/**
 * A finding as the cards show it (shared by the check card and the tenant card): labels, capped texts, a fix link
 * only when it is an https URL, and an estimate of its rendered size so that pages stay under Teams' 28 KB. Pure.
 *
 * Every text that can come from a tenant (names, domains, messages that quote them) is rendered by the templates
 * as a RichTextBlock TextRun, which Adaptive Cards never treat as markdown: a customer's name cannot become a link.
 */
import type { Finding, Severity } from "../domain/findings";
import { SEVERITY_COLORS, SEVERITY_LABELS, type TextColor } from "./checkContent";

/** Longest texts shown (characters); longer ones end with "…". URLs are never cut: a longer one is not linked. */
export const TEXT_LIMITS = { name: 120, domain: 120, subject: 120, code: 64, message: 600, fixText: 240, url: 2048 } as const;

/**
 * Rendered bytes of one finding besides its texts, and of one customer besides its name, domain and findings
 * (measured on src/cards/templates with a margin; src/cards/checkCards.test.ts proves the estimate is an upper bound).
 */
export const FINDING_OVERHEAD_BYTES = 650;

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** At most `max` characters (code points); a longer text is cut and ends with "…". */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, Math.max(0, max - 1)).join("").trimEnd()}…`;
}

/**
 * Our own markdown (**command**, `command`) as literal text for a TextRun, which shows markdown as typed: the marked
 * words in quotes (type "sync status"). Display only: a name that happens to hold such marks is shown with quotes too.
 */
export function literalText(s: string): string {
  return s.replace(/\*\*([^*]+)\*\*/g, '"$1"').replace(/`([^`]+)`/g, '"$1"');
}

/**
 * An upper bound of the bytes of `s` once JSON-encoded (UTF-8) inside a card, quotes excluded: exact for text,
 * generous for control characters and surrogates (counted as escapes).
 */
export function jsonBytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) n += 6;
    else if (c === 0x22 || c === 0x5c) n += 2;
    else if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdfff) n += 6;
    else n += 3;
  }
  return n;
}

/** An absolute https URL: a host, then optionally a path, query or fragment, with no spaces, quotes or angle brackets. */
const HTTPS_URL = /^https:\/\/[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?(?:[/?#][^\s"<>\\^`{|}]*)?$/i;

/** `url` when it is an absolute https URL of reasonable length, else null (the fix text is then shown without a link). */
export function safeUrl(url: string): string | null {
  return url.length <= TEXT_LIMITS.url && HTTPS_URL.test(url) ? url : null;
}

export interface FindingView {
  severity: Severity;
  severityLabel: string;
  severityColor: TextColor;
  code: string;
  subject: string;
  message: string;
  fixText: string;
  fixUrl: string | null;
  hasFixUrl: boolean;
}

export function findingView(f: Finding): FindingView {
  const fixUrl = safeUrl(f.fix.url);
  return {
    severity: f.severity,
    severityLabel: SEVERITY_LABELS[f.severity],
    severityColor: SEVERITY_COLORS[f.severity],
    code: truncate(f.code, TEXT_LIMITS.code),
    subject: truncate(f.subject, TEXT_LIMITS.subject),
    message: truncate(f.message, TEXT_LIMITS.message),
    fixText: truncate(f.fix.text, TEXT_LIMITS.fixText),
    fixUrl,
    hasFixUrl: fixUrl !== null,
  };
}

/** An upper bound of the bytes one finding adds to a card. */
export function findingBytes(v: FindingView): number {
  return FINDING_OVERHEAD_BYTES + jsonBytes(v.severityLabel + v.code + v.subject + v.message + v.fixText) + jsonBytes(v.fixUrl ?? "");
}

/** Most severe first, in the given order within a severity. */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}

/**
 * The findings that fit: most severe first, at most `maxCount`, and no more than `maxBytes` in all (the first one is
 * always shown). `more` is how many were left out.
 */
export function fitFindings(
  findings: readonly Finding[],
  limits: { maxCount: number; maxBytes: number },
): { shown: FindingView[]; more: number; bytes: number } {
  const shown: FindingView[] = [];
  let bytes = 0;
  for (const f of bySeverity(findings)) {
    if (shown.length >= limits.maxCount) break;
    const v = findingView(f);
    const b = findingBytes(v);
    if (shown.length > 0 && bytes + b > limits.maxBytes) break;
    shown.push(v);
    bytes += b;
  }
  return { shown, more: findings.length - shown.length, bytes };
}

/** "…and 3 more findings." */
export function moreFindingsText(more: number, where: string): string | null {
  if (more <= 0) return null;
  return `…and ${more} more ${more === 1 ? "finding" : "findings"}${where}.`;
}
