/**
 * Cron expressions and their slots, pure (no clock, no I/O): the schedule's planned times in an IANA time zone.
 *
 * - Syntax: node-cron 4's (`cron.validate`): 5 fields `minute hour day-of-month month day-of-week`, or 6 with seconds
 *   first; `*`, numbers, ranges `a-b`, steps `*∕n` and `a-b/n`, lists, month and weekday names, 0 or 7 = Sunday.
 *   Both gates apply: node-cron must accept it and so must our field parser (which turns it into sets).
 * - Day of month and day of week: when both are restricted, a day matches if EITHER matches (POSIX crontab, what an
 *   MSP admin knows from crontab; "0 2 1 * 1" is the 1st of the month and every Monday).
 * - Daylight saving time (the zone's wall clock), as Vixie cron does:
 *   · a wall time skipped by a spring-forward (02:30 when clocks jump 02:00 → 03:00) runs once, at the change (03:00);
 *   · a wall time that happens twice (fall-back) runs once, the first time;
 *   · except for expressions whose hour field is `*` (hourly or more often): they follow real time (each real minute
 *     that matches, so an every-minute job keeps running through both changes and nothing is doubled).
 * - A slot is an instant (Date, whole seconds); `nextSlot(after)` is the first slot strictly after `after`,
 *   `latestSlot(after, atOrBefore)` the last one in (after, atOrBefore] — what a scheduler that looked at the clock at
 *   `after` and now at `atOrBefore` owes (one slot, however many were passed: a clock jump runs the latest once).
 */
import cron from "node-cron";
import { z } from "zod/v4";

export interface CronSpec {
  /** The expression as given (trimmed, single spaces). */
  expression: string;
  seconds: ReadonlySet<number>;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  weekdays: ReadonlySet<number>;
  /** Day-of-month / day-of-week restricted (not `*`): decides the POSIX "either" rule. */
  daysRestricted: boolean;
  weekdaysRestricted: boolean;
  /** Hour field is `*` (every hour): the schedule follows real time through DST changes. */
  everyHour: boolean;
  hasSeconds: boolean;
}

export type CronParse = { ok: true; spec: CronSpec } | { ok: false; error: string };

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const FIELD_NAMES = ["second", "minute", "hour", "day of month", "month", "day of week"] as const;
const RANGES: readonly (readonly [number, number])[] = [
  [0, 59],
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];
export const CRON_HELP = 'a cron expression has 5 fields: minute hour day-of-month month day-of-week (e.g. "0 2 * * *" = every day at 02:00)';

function nameValue(token: string, field: number): number | undefined {
  const t = token.toLowerCase();
  if (/^\d+$/.test(t)) return Number(t);
  const names = field === 4 ? MONTHS : field === 5 ? WEEKDAYS : undefined;
  if (!names || t.length < 3) return undefined;
  const i = names.findIndex((n) => t.startsWith(n));
  if (i < 0) return undefined;
  return field === 4 ? i + 1 : i;
}

/** One field into its set of values, or an error text. */
function parseField(text: string, field: number): Set<number> | string {
  const [min, max] = RANGES[field] ?? [0, 0];
  const out = new Set<number>();
  const bad = `"${text}" is not a valid ${FIELD_NAMES[field] ?? "field"} (allowed ${min}-${field === 5 ? "7 or sun-sat" : field === 4 ? "12 or jan-dec" : max})`;
  for (const part of text.split(",")) {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(part);
    if (!m?.[1]) return bad;
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) return bad;
    let lo: number;
    let hi: number;
    if (m[1] === "*") {
      lo = min;
      hi = field === 5 ? 6 : max;
    } else {
      const bounds = m[1].split("-");
      if (bounds.length > 2) return bad;
      const a = nameValue(bounds[0] ?? "", field);
      const b = bounds.length === 2 ? nameValue(bounds[1] ?? "", field) : m[2] === undefined ? a : field === 5 ? 6 : max;
      if (a === undefined || b === undefined || a < min || b > max || a > b) return bad;
      lo = a;
      hi = b;
    }
    for (let v = lo; v <= hi; v += step) out.add(field === 5 && v === 7 ? 0 : v);
  }
  return out;
}

/** Parses and validates a cron expression (node-cron's syntax, see above). */
export function parseCron(expression: string): CronParse {
  const expr = expression.trim().replace(/\s+/g, " ");
  const fields = expr === "" ? [] : expr.split(" ");
  if (fields.length !== 5 && fields.length !== 6) return { ok: false, error: `"${expr}" has ${fields.length} field(s): ${CRON_HELP}` };
  const six = fields.length === 6 ? fields : ["0", ...fields];
  const sets: Set<number>[] = [];
  for (let i = 0; i < 6; i++) {
    const r = parseField(six[i] ?? "", i);
    if (typeof r === "string") return { ok: false, error: r };
    sets.push(r);
  }
  let accepted = false;
  try {
    accepted = cron.validate(expr);
  } catch {
    accepted = false;
  }
  if (!accepted) return { ok: false, error: `"${expr}" is not a valid cron expression: ${CRON_HELP}` };
  const [seconds, minutes, hours, days, months, weekdays] = sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  const spec: CronSpec = {
    expression: expr,
    seconds,
    minutes,
    hours,
    days,
    months,
    weekdays,
    daysRestricted: six[3] !== "*",
    weekdaysRestricted: six[5] !== "*",
    everyHour: hours.size === 24,
    hasSeconds: fields.length === 6,
  };
  // A day that never comes (e.g. 31 February) is refused rather than silently never run.
  if (nextSlot(spec, "UTC", new Date(Date.UTC(2000, 0, 1))) === undefined) return { ok: false, error: `"${expr}" never runs (no such date)` };
  return { ok: true, spec };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA zone the runtime knows (e.g. "Europe/Amsterdam", "UTC"). */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === "" || timeZone.length > 64) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const offsetCache = new Map<string, number>();

/** The zone's wall clock at `instantMs` minus UTC, in ms (offsets change on whole minutes: cached per minute). */
export function offsetMs(timeZone: string, instantMs: number): number {
  const t = Math.floor(instantMs / MINUTE) * MINUTE;
  const key = `${timeZone}|${t}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(t))) if (part.type !== "literal") p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, wall - t);
  return wall - t;
}

/**
 * The instants at which the wall time `wallMs` (a naive date-time, written as if UTC) happens in the zone, earliest
 * first: one normally, two in a fall-back, none in a spring-forward gap.
 */
function instantsOf(timeZone: string, wallMs: number): number[] {
  const offsets = new Set([offsetMs(timeZone, wallMs - DAY), offsetMs(timeZone, wallMs), offsetMs(timeZone, wallMs + DAY)]);
  const out: number[] = [];
  for (const o of offsets) {
    const t = wallMs - o;
    if (offsetMs(timeZone, t) === o) out.push(t);
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

/** The instant of the change that skipped `wallMs` (a gap): the first instant whose wall time is after it. */
function gapEnd(timeZone: string, wallMs: number): number {
  // Before the change the wall clock is behind wallMs, after it ahead: bisect on whole seconds.
  let lo = wallMs - offsetMs(timeZone, wallMs + DAY); // wall < wallMs here
  let hi = wallMs - offsetMs(timeZone, wallMs - DAY); // wall > wallMs here
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (mid + offsetMs(timeZone, mid) > wallMs) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The instants a matching wall time runs at (DST rules above). */
function runInstants(spec: CronSpec, timeZone: string, wallMs: number): number[] {
  const at = instantsOf(timeZone, wallMs);
  if (spec.everyHour) return at;
  if (at.length === 0) return [gapEnd(timeZone, wallMs)];
  return [at[0] ?? wallMs];
}

function dayMatches(spec: CronSpec, d: Date): boolean {
  if (!spec.months.has(d.getUTCMonth() + 1)) return false;
  const dom = spec.days.has(d.getUTCDate());
  const dow = spec.weekdays.has(d.getUTCDay());
  if (spec.daysRestricted && spec.weekdaysRestricted) return dom || dow;
  return dom && dow;
}

/** The search horizon: a leap day on a given weekday can take 28 years; every real schedule matches well within it. */
const HORIZON_DAYS = 366 * 30;

/** Matching wall minutes (naive ms) from `fromWall` on, in order, forwards or backwards. */
function* wallMinutes(spec: CronSpec, fromWall: number, direction: 1 | -1): Generator<number> {
  let w = Math.floor(fromWall / MINUTE) * MINUTE;
  const limit = w + direction * HORIZON_DAYS * DAY;
  while (direction === 1 ? w <= limit : w >= limit) {
    const d = new Date(w);
    if (!dayMatches(spec, d)) {
      const dayStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      w = direction === 1 ? dayStart + DAY : dayStart - MINUTE;
      continue;
    }
    if (!spec.hours.has(d.getUTCHours())) {
      const hourStart = w - d.getUTCMinutes() * MINUTE;
      w = direction === 1 ? hourStart + HOUR : hourStart - MINUTE;
      continue;
    }
    if (spec.minutes.has(d.getUTCMinutes())) yield w;
    w += direction * MINUTE;
  }
}

function secondsOf(spec: CronSpec, direction: 1 | -1): number[] {
  const s = [...spec.seconds].sort((a, b) => a - b);
  return direction === 1 ? s : s.reverse();
}

/**
 * Slack around the wall time of an instant: near an offset change (within a day) wall and real time move apart by
 * the change; elsewhere the mapping is exact and the search needs none.
 */
function slackAt(timeZone: string, instantMs: number): number {
  const before = offsetMs(timeZone, instantMs - DAY);
  const after = offsetMs(timeZone, instantMs + DAY);
  return before === after && before === offsetMs(timeZone, instantMs) ? 0 : Math.abs(after - before) + MINUTE;
}

/** The first slot strictly after `after`, or undefined when none comes within decades. */
export function nextSlot(spec: CronSpec, timeZone: string, after: Date): Date | undefined {
  const a = after.getTime();
  const slack = slackAt(timeZone, a);
  const fromWall = a + offsetMs(timeZone, a) - slack;
  const secs = secondsOf(spec, 1);
  let best: number | undefined;
  for (const m of wallMinutes(spec, fromWall, 1)) {
    // Later wall minutes map to later instants, but for the slack: stop once beyond the best found by more.
    if (best !== undefined && m > best + offsetMs(timeZone, best) + Math.max(slack, slackAt(timeZone, best))) break;
    for (const s of secs) {
      for (const t of runInstants(spec, timeZone, m + s * 1000)) if (t > a && (best === undefined || t < best)) best = t;
    }
  }
  return best === undefined ? undefined : new Date(best);
}

/** The last slot in (after, atOrBefore], or undefined when there is none. */
export function latestSlot(spec: CronSpec, timeZone: string, after: Date, atOrBefore: Date): Date | undefined {
  const a = after.getTime();
  const b = atOrBefore.getTime();
  if (b <= a) return undefined;
  const slack = slackAt(timeZone, b);
  const fromWall = b + offsetMs(timeZone, b) + slack;
  const secs = secondsOf(spec, -1);
  let best: number | undefined;
  for (const m of wallMinutes(spec, fromWall, -1)) {
    if (best !== undefined && m < best + offsetMs(timeZone, best) - Math.max(slack, slackAt(timeZone, best))) break;
    if (best === undefined && m < a + offsetMs(timeZone, a) - Math.max(slack, slackAt(timeZone, a))) break;
    for (const s of secs) {
      for (const t of runInstants(spec, timeZone, m + s * 1000)) if (t > a && t <= b && (best === undefined || t > best)) best = t;
    }
  }
  return best === undefined ? undefined : new Date(best);
}

/** A schedule as entered (command argument, stored settings): validated, with a message naming what is wrong. */
export const CronScheduleSchema = z
  .object({
    cron: z.string().max(128),
    timeZone: z.string().max(64).default("UTC"),
  })
  .superRefine((v, ctx) => {
    const r = parseCron(v.cron);
    if (!r.ok) ctx.addIssue({ code: "custom", path: ["cron"], message: r.error });
    if (!isTimeZone(v.timeZone)) ctx.addIssue({ code: "custom", path: ["timeZone"], message: `"${v.timeZone}" is not an IANA time zone (e.g. UTC, Europe/Amsterdam, America/New_York)` });
  });

/** Parses `{cron, timeZone}` or returns the first problem as a sentence. */
export function checkSchedule(input: { cron: string; timeZone?: string | undefined }): { ok: true; schedule: { cron: string; timeZone: string } } | { ok: false; error: string } {
  const r = CronScheduleSchema.safeParse({ cron: input.cron, timeZone: input.timeZone ?? "UTC" });
  if (r.success) return { ok: true, schedule: { cron: r.data.cron.trim().replace(/\s+/g, " "), timeZone: r.data.timeZone } };
  return { ok: false, error: r.error.issues[0]?.message ?? "invalid schedule" };
}
