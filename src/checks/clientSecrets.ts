/**
 * Client secrets of the lifecycle app and the Partner Center web app: at least one valid; expired ones listed; days
 * left of the newest (the one ending last): warning at 30 days or fewer, error when none is left. A lifetime longer
 * than the recommended 6 months is an info finding. Only a secret's description, its `hint` and its dates are ever
 * shown; the snapshot carries no secret value.
 */
import type { Finding } from "../domain/findings";
import type { AppSnapshot, PasswordCredentialInfo } from "../domain/snapshot";
import { links } from "./links";
import { day, days, daysBetween, daysUntil, list, q } from "./text";
import type { Check } from "./types";

export const SECRET_CODES = {
  none: "secrets.none",
  allExpired: "secrets.allExpired",
  expiring: "secrets.expiring",
  expiredListed: "secrets.expiredListed",
  longLifetime: "secrets.longLifetime",
} as const;
const C = SECRET_CODES;

export const SECRET_WARNING_DAYS = 30;
/** Microsoft's recommended 6 months, as days. */
export const RECOMMENDED_LIFETIME_DAYS = 183;

/** `"lifecycle-2025" (abc…)`: description and hint only. */
export function secretLabel(p: PasswordCredentialInfo): string {
  const name = p.displayName ? q(p.displayName) : `secret ${p.keyId.slice(0, 8)}`;
  return p.hint ? `${name} (${p.hint}…)` : name;
}

function appFindings(a: AppSnapshot, now: Date): Finding[] {
  const subject = a.displayName;
  const url = links.appCredentials(a.appId);
  const creds = a.passwordCredentials;
  if (creds.length === 0) {
    return [
      {
        severity: "error",
        code: C.none,
        subject,
        message: `${q(a.displayName)} has no client secret.`,
        fix: { text: "Create a client secret (6 months) and store it in the integration and in Tenant Pilot.", url },
      },
    ];
  }
  const expired = creds.filter((p) => Date.parse(p.endDateTime) <= now.getTime());
  const valid = creds.filter((p) => !expired.includes(p));
  const expiredText = list(expired.map((p) => `${secretLabel(p)} on ${day(p.endDateTime)}`));
  if (valid.length === 0) {
    return [
      {
        severity: "error",
        code: C.allExpired,
        subject,
        message: `Every client secret of ${q(a.displayName)} has expired: ${expiredText}.`,
        fix: { text: "Create a new client secret (6 months) and store it in the integration and in Tenant Pilot.", url },
      },
    ];
  }
  const out: Finding[] = [];
  const newest = valid.reduce((x, y) => (Date.parse(y.endDateTime) > Date.parse(x.endDateTime) ? y : x));
  const left = daysUntil(newest.endDateTime, now);
  if (left <= SECRET_WARNING_DAYS) {
    out.push({
      severity: "warning",
      code: C.expiring,
      subject,
      message: `The newest client secret of ${q(a.displayName)}, ${secretLabel(newest)}, expires in ${days(left)} (${day(newest.endDateTime)}).`,
      fix: { text: "Create a new client secret now and store it in the integration and in Tenant Pilot before the old one expires.", url },
    });
  }
  if (expired.length > 0) {
    out.push({
      severity: "info",
      code: C.expiredListed,
      subject,
      message: `${q(a.displayName)} still lists expired client secrets: ${expiredText}.`,
      fix: { text: "Delete the expired secrets.", url },
    });
  }
  const long = valid.filter((p) => daysBetween(p.startDateTime, p.endDateTime) > RECOMMENDED_LIFETIME_DAYS);
  if (long.length > 0) {
    out.push({
      severity: "info",
      code: C.longLifetime,
      subject,
      message: `${list(long.map((p) => `${secretLabel(p)} (${days(daysBetween(p.startDateTime, p.endDateTime))})`))} of ${q(a.displayName)} ${long.length === 1 ? "lives" : "live"} longer than the recommended 6 months.`,
      fix: { text: "Next time, create the secret with the recommended 6-month expiry.", url },
    });
  }
  return out;
}

export const checkSecrets: Check = (s, now) =>
  [s.lifecycleApp, s.partnerCenterApp].flatMap((a) => (a ? appFindings(a, now) : []));
