/**
 * What follows `alerts`, `expiring` and `digest`, parsed and validated (zod) into typed requests. Pure.
 *
 *   alerts                          the inbox of open alerts (optionally `alerts [kinds] [tenants]`)
 *   alerts here [kinds] [tenants]   subscribe this conversation (tenants comma-separated names, domains or ids)
 *   alerts off | alerts settings | alerts history
 *   expiring [days]                 secrets and GDAP relationships ending within N days (default 30, 1–365)
 *   digest daily|weekly <HH:MM> [IANA time zone] [quiet]   |   digest off
 */
import { z } from "zod/v4";
import type { AlertKind } from "../../alerts/types";

/** Words for kinds, as an admin types them. */
export const KIND_WORDS: Record<string, AlertKind[]> = {
  secrets: ["secret.expiring", "secret.longLifetime"],
  secret: ["secret.expiring", "secret.longLifetime"],
  gdap: ["gdap.ending"],
  sync: ["sync.failed"],
  syncs: ["sync.failed"],
  access: ["access.lost"],
  new: ["tenant.new"],
  tenants: ["tenant.new"],
  serviceaccount: ["serviceAccount.globalAdmin"],
  globaladmin: ["serviceAccount.globalAdmin"],
};
export const KIND_LIST_TEXT = "secrets, gdap, sync, access, new, serviceaccount";

export const DEFAULT_EXPIRING_DAYS = 30;
export const MAX_EXPIRING_DAYS = 365;

export type AlertsRequest =
  | { kind: "inbox"; kinds: AlertKind[]; tenants: string[] }
  | { kind: "here"; kinds: AlertKind[]; tenants: string[] }
  | { kind: "off" }
  | { kind: "settings" }
  | { kind: "history" }
  | { kind: "usage"; problem: string };

export type DigestRequest =
  | { kind: "set"; cadence: "daily" | "weekly"; time: string; timeZone: string; skipQuiet: boolean }
  | { kind: "off" }
  | { kind: "usage"; problem: string };

export type ExpiringRequest = { kind: "expiring"; days: number } | { kind: "usage"; problem: string };

export const ALERTS_USAGE_TEXT =
  "Try **alerts** (open alerts), **alerts here** [kinds] [tenants] (send alerts to this conversation), **alerts off**, **alerts settings** or **alerts history**. " +
  `Kinds: ${KIND_LIST_TEXT}; tenants: names, domains or tenant ids, separated by commas.`;
export const EXPIRING_USAGE_TEXT = `Try **expiring** or **expiring 60**: days from 1 to ${MAX_EXPIRING_DAYS}.`;
export const DIGEST_USAGE_TEXT =
  "Try **digest daily 08:00 Europe/Amsterdam**, **digest weekly 09:30** (Mondays, UTC) or **digest off**; add **quiet** to post nothing when nothing is new.";

/** Kinds first (any order), then tenant queries separated by commas. */
function kindsAndTenants(words: readonly string[]): { kinds: AlertKind[]; tenants: string[] } {
  const kinds = new Set<AlertKind>();
  let i = 0;
  for (; i < words.length; i++) {
    const k = KIND_WORDS[words[i].toLowerCase().replace(/[^a-z]/g, "")];
    if (!k) break;
    k.forEach((x) => kinds.add(x));
  }
  const tenants = words
    .slice(i)
    .join(" ")
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "")
    .slice(0, 20);
  return { kinds: [...kinds], tenants };
}

export function parseAlertsArgs(args: string): AlertsRequest {
  const words = args.split(/\s+/).filter((w) => w !== "");
  const first = words[0]?.toLowerCase();
  switch (first) {
    case undefined:
      return { kind: "inbox", kinds: [], tenants: [] };
    case "here":
    case "on":
      return { kind: "here", ...kindsAndTenants(words.slice(1)) };
    case "off":
    case "stop":
      return words.length === 1 ? { kind: "off" } : { kind: "usage", problem: "**alerts off** takes nothing after it." };
    case "settings":
    case "status":
      return { kind: "settings" };
    case "history":
    case "recent":
      return { kind: "history" };
    default:
      return { kind: "inbox", ...kindsAndTenants(words) };
  }
}

const daysSchema = z.coerce.number().int().min(1).max(MAX_EXPIRING_DAYS);

export function parseExpiringArgs(args: string): ExpiringRequest {
  const t = args.trim().replace(/\s*days?$/i, "");
  if (t === "") return { kind: "expiring", days: DEFAULT_EXPIRING_DAYS };
  const r = daysSchema.safeParse(/^\d+$/.test(t) ? t : Number.NaN);
  return r.success ? { kind: "expiring", days: r.data } : { kind: "usage", problem: `"${t.slice(0, 40)}" is not a number of days from 1 to ${MAX_EXPIRING_DAYS}.` };
}

/** An IANA time zone the runtime knows (Intl), e.g. "Europe/Amsterdam", "UTC". */
export function isTimeZone(tz: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const TIME = /^([01]?\d|2[0-3])[:.h]?([0-5]\d)$/;

const digestSchema = z.object({
  cadence: z.enum(["daily", "weekly"], { error: "say **daily** or **weekly**" }),
  time: z
    .string()
    .regex(TIME, { error: "the time is HH:MM, e.g. 08:00" })
    .transform((t) => {
      const m = TIME.exec(t);
      return m ? `${m[1].padStart(2, "0")}:${m[2]}` : t;
    }),
  timeZone: z.string().refine(isTimeZone, { error: "the time zone is an IANA name, e.g. Europe/Amsterdam" }),
  skipQuiet: z.boolean(),
});

export function parseDigestArgs(args: string): DigestRequest {
  const words = args.split(/\s+/).filter((w) => w !== "");
  if (words.length === 1 && words[0].toLowerCase() === "off") return { kind: "off" };
  const quiet = words.some((w) => w.toLowerCase() === "quiet");
  const rest = words.filter((w) => w.toLowerCase() !== "quiet");
  const r = digestSchema.safeParse({ cadence: rest[0]?.toLowerCase(), time: rest[1] ?? "", timeZone: rest[2] ?? "UTC", skipQuiet: quiet });
  if (!r.success || rest.length > 3) {
    const problem = r.success ? "too many words" : r.error.issues.map((i) => i.message).join("; ");
    return { kind: "usage", problem: `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.` };
  }
  return { kind: "set", ...r.data };
}

/** Pure: the node-cron expression of a digest (weekly: Mondays). */
export function digestCron(cadence: "daily" | "weekly", time: string): string {
  const [h, m] = time.split(":").map(Number);
  return cadence === "daily" ? `${m} ${h} * * *` : `${m} ${h} * * 1`;
}
