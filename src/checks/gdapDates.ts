/**
 * GDAP end dates. An active relationship ending within 30 days without auto-extend is a warning; one that contains
 * Global Administrator can never auto-extend (Microsoft refuses it), which is a warning whatever its end date, and
 * says so. Auto-extend on (e.g. `P180D`) is fine. Days left are whole days, rounded up.
 */
import type { Finding } from "../domain/findings";
import type { GdapRelationshipSnapshot } from "../domain/snapshot";
import { links } from "./links";
import { ROLE, hasRole } from "./roles";
import { day, days, daysUntil, q } from "./text";
import type { Check } from "./types";

export const GDAP_DATE_CODES = {
  ending: "gdap.ending",
  globalAdmin: "gdap.globalAdmin",
} as const;
const C = GDAP_DATE_CODES;

export const ENDING_SOON_DAYS = 30;

/** `PT0S`, `P0D` and equivalent zero durations mean auto-extend is off. */
export function autoExtendOff(duration: string): boolean {
  const d = duration.trim().toUpperCase();
  if (d === "") return true;
  return !/[1-9]/.test(d);
}

function endsIn(r: GdapRelationshipSnapshot, now: Date): string {
  if (!r.endDateTime) return "";
  const left = Math.max(0, daysUntil(r.endDateTime, now));
  return left === 0 ? ` ends today (${day(r.endDateTime)})` : ` ends in ${days(left)} (${day(r.endDateTime)})`;
}

export const checkGdapDates: Check = (s, now) =>
  s.customers.flatMap((c) =>
    c.relationships
      .filter((r) => r.status === "active")
      .flatMap((r): Finding[] => {
        const base = { tenantId: c.tenantId, subject: c.displayName };
        const url = links.customerAdminRelationships(c.tenantId);
        if (hasRole(r.roles, ROLE.globalAdministrator)) {
          return [
            {
              ...base,
              severity: "warning",
              code: C.globalAdmin,
              message: `${c.displayName}'s GDAP relationship ${q(r.displayName)} contains Global Administrator, so it cannot auto-extend${r.endDateTime ? ` and${endsIn(r, now)}` : ""}.`,
              fix: {
                text: `Request a new relationship with ${c.displayName} without Global Administrator (with auto-extend on) before this one ends.`,
                url,
              },
            },
          ];
        }
        if (!r.endDateTime || !autoExtendOff(r.autoExtendDuration)) return [];
        if (daysUntil(r.endDateTime, now) > ENDING_SOON_DAYS) return [];
        return [
          {
            ...base,
            severity: "warning",
            code: C.ending,
            message: `${c.displayName}'s GDAP relationship ${q(r.displayName)}${endsIn(r, now)} and auto-extend is off.`,
            fix: { text: "Turn on auto-extend (180 days) for this relationship in Partner Center.", url },
          },
        ];
      }),
  );
