/**
 * What follows the word `sync` (src/dialogs/commands.ts hands it over as `args`), validated with zod. Pure.
 *
 *   sync | sync all                 every tenant
 *   sync <tenant>                   one tenant (name, domain or tenant id; matched by the route)
 *   sync status | history | retry   the current (else latest) run, recent runs, the failed tenants of the last run
 *   sync exclude <tenant> | include <tenant> | excluded
 *   sync schedule [<cron> [tz]|off] show, set or turn off the schedule (cron with 5 or 6 fields, IANA time zone, default UTC)
 *
 * The command parser drops trailing punctuation (so `0 2 * * *` would lose its stars): `schedule` reads its cron
 * expression from the raw message text when it is given.
 */
import { z } from "zod/v4";
import type { CronSchedule } from "../../schedule/types";
import { editDistance, MAX_QUERY_LENGTH } from "../commands";

export type SyncArgs =
  | { kind: "start"; tenant: string | null; suggestion?: SyncKeyword }
  | { kind: "status" }
  | { kind: "history" }
  | { kind: "retry" }
  | { kind: "exclude"; tenant: string }
  | { kind: "include"; tenant: string }
  | { kind: "excluded" }
  /** null: show it; "off": scheduled syncs stop until a schedule is set again. */
  | { kind: "schedule"; schedule: CronSchedule | null | "off" };

export type SyncParse = { ok: true; args: SyncArgs } | { ok: false; usage: string };

export const SYNC_KEYWORDS = ["status", "history", "retry", "exclude", "include", "excluded", "schedule"] as const;
export type SyncKeyword = (typeof SYNC_KEYWORDS)[number];

const ALL_WORDS = ["all", "everything", "every", "now", "full"];
const OFF_WORDS = ["off", "disable", "disabled", "stop", "none", "never"];

export const SYNC_USAGE_TEXT =
  "I can run **sync** (every tenant), **sync <tenant>** (a name, domain or tenant id), **sync status**, **sync history**, **sync retry**, " +
  "**sync exclude <tenant>**, **sync include <tenant>**, **sync excluded** and **sync schedule [<cron> [time zone] | off]** (e.g. **sync schedule 0 2 * * * Europe/Amsterdam**).";

/** Is `tz` an IANA time zone this runtime knows (Intl is part of the language, no I/O). */
export function isTimeZone(tz: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** One cron field: lists of `*`, `?`, numbers or 3-letter names (MON, JAN), ranges, steps, L/W/# forms. */
const ATOM = String.raw`(\*|\?|\d{1,2}|[A-Za-z]{3}|L|\d{1,2}[LW]|\d#\d)`;
const PART = String.raw`${ATOM}(-${ATOM})?(\/\d{1,2})?`;
const CRON_FIELD = new RegExp(String.raw`^${PART}(,${PART})*$`);

export const cronScheduleSchema = z.object({
  cron: z
    .string()
    .trim()
    .max(120)
    .refine((c) => {
      const f = c.split(/\s+/);
      return (f.length === 5 || f.length === 6) && f.every((x) => CRON_FIELD.test(x));
    }, { error: "must be a cron expression of 5 fields (minute hour day month weekday), or 6 with seconds first" }),
  timeZone: z.string().trim().default("UTC").refine(isTimeZone, { error: "must be an IANA time zone such as UTC or Europe/Amsterdam" }),
});

/** What follows `schedule` in the raw text (mentions and tags dropped), or undefined when the word is not there. */
export function scheduleTail(rawText: string): string | undefined {
  const cleaned = rawText
    .replace(/<at\b[^>]*>[\s\S]*?<\/at>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;|&#160;/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
  const m = /\bschedule\b(.*)$/i.exec(cleaned);
  return m ? (m[1] ?? "").trim().replace(/[.!;]+$/, "") : undefined;
}

/** `0 2 * * * Europe/Amsterdam` → the schedule, or the problem (zod issues as one sentence). */
export function parseSchedule(tail: string): { ok: true; schedule: CronSchedule } | { ok: false; problem: string } {
  const words = tail.split(/\s+/).filter((w) => w !== "");
  let tz: string | undefined;
  const last = words[words.length - 1] ?? "";
  // A time zone is a 6th word that names a zone, a word shaped like one (Area/City), or a 7th word.
  if (words.length >= 6 && (isTimeZone(last) || /^[A-Za-z]+\/[A-Za-z]/.test(last) || words.length === 7)) tz = words.pop();
  const r = cronScheduleSchema.safeParse({ cron: words.join(" "), ...(tz !== undefined ? { timeZone: tz } : {}) });
  if (!r.success) return { ok: false, problem: r.error.issues.map((i) => `${String(i.path[0] ?? "schedule") === "cron" ? "the cron expression" : "the time zone"} ${i.message}`).join("; ") };
  return { ok: true, schedule: r.data };
}

const tenantArg = z.string().trim().min(1).max(MAX_QUERY_LENGTH);

function closeKeyword(word: string): SyncKeyword | undefined {
  if (word.length < 3) return undefined;
  let best: { k: SyncKeyword; d: number } | undefined;
  for (const k of SYNC_KEYWORDS) {
    const d = editDistance(word, k);
    if (d <= Math.max(1, Math.floor(word.length / 3)) && (best === undefined || d < best.d)) best = { k, d };
  }
  return best?.k;
}

/** `args`: what follows `sync` as parsed; `rawText`: the whole message as typed (for `schedule`'s cron expression). */
export function parseSyncArgs(args: string, rawText?: string): SyncParse {
  const words = args.trim().split(/\s+/).filter((w) => w !== "");
  const first = words[0]?.toLowerCase();
  const rest = words.slice(1).join(" ");
  if (first === undefined || (words.length === 1 && ALL_WORDS.includes(first))) return { ok: true, args: { kind: "start", tenant: null } };
  switch (first) {
    case "status":
    case "history":
    case "retry":
    case "excluded":
      return words.length === 1 ? { ok: true, args: { kind: first } } : { ok: false, usage: `**sync ${first}** takes nothing after it. ${SYNC_USAGE_TEXT}` };
    case "exclude":
    case "include": {
      const t = tenantArg.safeParse(rest);
      if (!t.success) return { ok: false, usage: `Tell me which tenant: **sync ${first} <name, domain or tenant id>**, for example **sync ${first} Fabrikam**.` };
      return { ok: true, args: { kind: first, tenant: t.data } };
    }
    case "schedule": {
      const tail = (rawText !== undefined ? scheduleTail(rawText) : undefined) ?? rest;
      if (tail === "") return { ok: true, args: { kind: "schedule", schedule: null } };
      if (OFF_WORDS.includes(tail.toLowerCase())) return { ok: true, args: { kind: "schedule", schedule: "off" } };
      const s = parseSchedule(tail);
      if (!s.ok) return { ok: false, usage: `That schedule is not valid: ${s.problem}. For example **sync schedule 0 2 * * * Europe/Amsterdam** (every night at 02:00).` };
      return { ok: true, args: { kind: "schedule", schedule: s.schedule } };
    }
    default: {
      const t = tenantArg.safeParse(words.join(" "));
      if (!t.success) return { ok: false, usage: SYNC_USAGE_TEXT };
      const suggestion = words.length === 1 ? closeKeyword(first) : undefined;
      return { ok: true, args: { kind: "start", tenant: t.data, ...(suggestion !== undefined ? { suggestion } : {}) } };
    }
  }
}
