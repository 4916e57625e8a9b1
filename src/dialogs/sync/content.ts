/**
 * What the bot says around `sync` in plain text: sync not set up, a tenant not found, exclusions, the schedule,
 * nothing to retry, a sync that could not start (with the correlation id, never the error). Pure.
 */
import type { CronSchedule } from "../../schedule/types";
import { truncate } from "../findingView";
import type { TenantRef } from "../tenantMatch";

export type SyncSetupMissing = "partnerTenant" | "lifecycleApp" | "lifecycleAppKey";

export function syncNotSetUpText(missing: SyncSetupMissing): string {
  switch (missing) {
    case "partnerTenant":
      return "I don't know your partner tenant yet, so I cannot sync. Finish **setup mem** (its form asks for the partner tenant id), then type **sync**.";
    case "lifecycleApp":
      return "The sync reads Intune with the lifecycle app, which is not set up yet. Type **setup mem** to set it up, then **sync**.";
    case "lifecycleAppKey":
      return "The lifecycle app's key is not stored, so I cannot sign in to your customers. Type **setup mem** and enter the key in its last step, then **sync**.";
  }
}

export const NO_SYNC_YET_TEXT = "No sync has run yet. Type **sync** to sync every tenant.";
export const NOTHING_TO_RETRY_TEXT = "The last finished sync has no failed tenant: nothing to retry. Type **sync** to sync everything again.";
export const RUN_GONE_TEXT = "That sync is no longer in the history. Type **sync status** to see the latest one.";

export function syncFailedText(correlationId: string): string {
  return `The sync could not start. Try **sync** again in a minute; if it keeps failing, give your administrator this id: ${correlationId}.`;
}

/** Microsoft refused or failed while the sync listed the customers (its shared error code, never its message). */
export function syncMicrosoftFailedText(code: string, correlationId: string): string {
  const why =
    code === "forbidden" || code === "unauthorized" || code === "notConsented"
      ? "Microsoft refused to list your customers with the lifecycle app: type **check** to see which link is broken, or **setup mem** to fix the apps."
      : code === "secretExpired" || code === "secretInvalid"
        ? "Microsoft refused the lifecycle app's key: create a new client secret and store it with **setup mem**."
        : code === "throttled" || code === "unavailable"
          ? "Microsoft is throttling or not answering: try **sync** again in a few minutes."
          : "Microsoft gave an unexpected answer while I listed your customers: try **sync** again in a minute.";
  return `The sync could not start. ${why} (id ${correlationId})`;
}

export function syncActionFailedText(what: string, correlationId: string): string {
  return `I could not ${what}. Try again in a minute; if it keeps failing, give your administrator this id: ${correlationId}.`;
}

const refText = (t: TenantRef): string => `**${truncate(t.displayName, 120)}**${t.domain ? ` (${truncate(t.domain, 120)})` : ""}`;

/** `sync <query>` / `sync exclude <query>` that matched no tenant or several. */
export function tenantNotFoundText(query: string, closest: readonly TenantRef[], suggestion?: string): string {
  const q = `“${truncate(query, 100)}”`;
  const did = suggestion !== undefined ? ` Did you mean **sync ${suggestion}**?` : "";
  const near = closest.length > 0 ? ` Closest: ${closest.slice(0, 5).map(refText).join(", ")}.` : "";
  return `No tenant matches ${q}.${did}${near} Type **sync** to sync every tenant, or **check** to see them all.`;
}

export function tenantAmbiguousText(query: string, candidates: readonly TenantRef[]): string {
  const shown = candidates.slice(0, 8).map(refText).join(", ");
  const more = candidates.length > 8 ? ` and ${candidates.length - 8} more` : "";
  return `Several tenants match “${truncate(query, 100)}”: ${shown}${more}. Type more of the name, its domain or its tenant id.`;
}

export function excludedText(t: TenantRef): string {
  return `${refText(t)} is excluded: syncs skip it from now on. **sync include ${truncate(t.displayName, 120)}** brings it back.`;
}

/** `sync <tenant>` for an excluded tenant: syncs skip it. */
export function excludedTenantText(t: TenantRef): string {
  return `${refText(t)} is excluded from syncs. Type **sync include ${truncate(t.displayName, 120)}** first, then **sync ${truncate(t.displayName, 120)}**.`;
}

export function includedText(t: TenantRef): string {
  return `${refText(t)} is included again: the next **sync** reads it.`;
}

/** `sync excluded`: the exclusion list, names where known. */
export function excludedListText(excluded: readonly { tenantId: string; displayName?: string }[]): string {
  if (excluded.length === 0) return "No tenant is excluded: **sync** reads every customer. **sync exclude <tenant>** skips one.";
  const names = excluded.slice(0, 30).map((t) => (t.displayName !== undefined ? `**${truncate(t.displayName, 120)}**` : t.tenantId));
  const more = excluded.length > 30 ? ` and ${excluded.length - 30} more` : "";
  return `Excluded from syncs (${excluded.length}): ${names.join(", ")}${more}. **sync include <tenant>** brings one back.`;
}

/** Plain text has no DATE/TIME functions: "2026-12-03 02:00 UTC". */
export function utcText(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export const SCHEDULE_UNAVAILABLE_TEXT = "Sync schedules are not available on this installation yet. Type **sync** to sync now.";

export function scheduleText(s: CronSchedule & { enabled?: boolean }, next: Date | undefined): string {
  if (s.enabled === false) return `Scheduled syncs are off (the last schedule was \`${s.cron}\`, ${s.timeZone}). Turn them on with **sync schedule <cron> [time zone]**, e.g. **sync schedule 0 2 * * * Europe/Amsterdam**.`;
  const when = next !== undefined ? ` The next one starts ${utcText(next)}.` : "";
  return `The sync runs on the schedule \`${s.cron}\` (${s.timeZone}).${when} Change it with **sync schedule <cron> [time zone]** (e.g. **sync schedule 0 2 * * * Europe/Amsterdam**) or stop it with **sync schedule off**.`;
}

export function scheduleSetText(s: CronSchedule, next: Date | undefined): string {
  const when = next !== undefined ? ` The next sync starts ${utcText(next)}.` : "";
  return `Done: the sync now runs on \`${s.cron}\` (${s.timeZone}).${when}`;
}

export const SCHEDULE_OFF_TEXT = "Done: scheduled syncs are off. **sync** still syncs now; **sync schedule <cron> [time zone]** turns the schedule on again.";

/** The schedule backend refused it; `problem` is its own sentence for people (e.g. a cron that never runs). */
export function scheduleRefusedText(problem: string): string {
  return `That schedule was not saved: ${truncate(problem, 300)}. For example **sync schedule 0 2 * * * Europe/Amsterdam** (every night at 02:00).`;
}
