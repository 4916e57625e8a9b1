/** Small text helpers shared by the checks' messages: quoting, lists, dates, read failures. */
import type { ReadFailure } from "../domain/snapshot";

const DAY_MS = 86_400_000;

/** `"name"` in typographic-free double quotes, as the admin sees names in the portals. */
export function q(name: string): string {
  return `"${name}"`;
}

/** "a", "a and b", "a, b and c". */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** "1 day", "3 days". */
export function days(n: number): string {
  return `${n} ${n === 1 ? "day" : "days"}`;
}

/** Whole days from `now` until `end`, rounded up (an instant 1 ms ahead is 1 day left; past instants are <= 0). */
export function daysUntil(end: string, now: Date): number {
  const d = Math.ceil((Date.parse(end) - now.getTime()) / DAY_MS);
  return d === 0 ? 0 : d; // never -0
}

/** Whole days between two instants, rounded up. */
export function daysBetween(start: string, end: string): number {
  return Math.ceil((Date.parse(end) - Date.parse(start)) / DAY_MS);
}

/** YYYY-MM-DD (UTC): unambiguous in every locale. */
export function day(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString().slice(0, 10);
}

/** `<what> could not be read: <why>` (the failure's own admin-facing sentence, never Microsoft's raw message). */
export function unreadable(what: string, error: ReadFailure): string {
  const why = error.message.trim().replace(/\.$/, "");
  const missing = error.missing ? ` (missing: ${error.missing})` : "";
  return `Could not read ${what}: ${why}${missing}. This was not checked, not found absent.`;
}

/** Fix text for a read failure. */
export function unreadableFix(error: ReadFailure): string {
  return error.missing
    ? `Grant Tenant Pilot ${error.missing} (with admin consent), then run the check again.`
    : "Run the check again; if it keeps failing, check Tenant Pilot's permissions in your tenant.";
}
