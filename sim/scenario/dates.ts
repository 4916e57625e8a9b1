/**
 * Scenario dates: ISO instants or times relative to the simulator clock ("now", "+12d", "-3d", "+5h", "-90m", "+30s",
 * "+2w", "-6mo", "-1y"). A month is 30 days and a year 365 days (as durationMs counts them).
 */

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, mo: 30 * 86_400_000, y: 365 * 86_400_000 };

/** A relative date: sign, number, unit (s, m, h, d, w, mo, y). */
export const RELATIVE_DATE = /^([+-])(\d+(?:\.\d+)?)(mo|[smhdwy])$/;

/** The offset in ms of a relative date ("-690d", "+2w", "-6mo"), undefined for anything else. */
export function relativeOffsetMs(spec: string): number | undefined {
  const rel = RELATIVE_DATE.exec(spec);
  if (!rel) return undefined;
  const sign = rel[1] === "-" ? -1 : 1;
  return sign * Math.round(Number(rel[2]) * (UNIT_MS[rel[3]] ?? 0));
}

/** Resolves a DateSpec against `now`; returns an ISO 8601 string in UTC (Graph's format, e.g. "2025-01-27T09:00:00Z"). */
export function resolveDate(spec: string, now: Date): string {
  return toGraphDate(resolveDateMs(spec, now));
}

export function resolveDateMs(spec: string, now: Date): number {
  if (spec === "now") return now.getTime();
  const offset = relativeOffsetMs(spec);
  if (offset !== undefined) return now.getTime() + offset;
  const ms = Date.parse(spec.length === 10 ? `${spec}T00:00:00Z` : spec);
  if (Number.isNaN(ms)) throw new Error(`invalid date: ${spec}`);
  return ms;
}

/** Graph writes instants as "yyyy-MM-ddTHH:mm:ssZ" (no milliseconds unless present). */
export function toGraphDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, 19)}Z` : iso;
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** ISO 8601 duration to milliseconds (years = 365 days, months = 30 days, as GDAP durations are day counts in practice). */
export function durationMs(duration: string): number {
  const m = DURATION.exec(duration);
  if (!m) throw new Error(`invalid duration: ${duration}`);
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  return (((n(1) * 365 + n(2) * 30 + n(3) * 7 + n(4)) * 24 + n(5)) * 60 + n(6)) * 60_000 + n(7) * 1000;
}
