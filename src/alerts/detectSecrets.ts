/**
 * Pure: client secrets of the lifecycle app and the Partner Center web app. Per app, the newest secret (ending last)
 * is what keeps the integration working: it alerts at 30, 14, 7 and 1 days left (whole days, rounded up) and when
 * expired. A valid secret living longer than the recommended 6 months is an info alert, once.
 */
import { RECOMMENDED_LIFETIME_DAYS } from "../checks/clientSecrets";
import { links } from "../checks/links";
import { day, days, daysBetween, daysUntil, q } from "../checks/text";
import { SECRET_THRESHOLDS, type AlertFacts, type DetectedAlert, type SecretFact } from "./types";

const APP_ROLE: Record<SecretFact["app"], string> = {
  lifecycle: "the Intune (MEM) sync",
  partnerCenter: "discovering customers through Partner Center",
};

/** Pure: the threshold reached with `left` days left (rank grows with severity), or undefined when none yet. */
export function thresholdFor(left: number, thresholds: readonly number[]): { threshold: string; rank: number } | undefined {
  if (left <= 0) return { threshold: "expired", rank: thresholds.length + 1 };
  let hit: { threshold: string; rank: number } | undefined;
  thresholds.forEach((t, i) => {
    if (left <= t) hit = { threshold: String(t), rank: i + 1 };
  });
  return hit;
}

export function detectSecrets(facts: Pick<AlertFacts, "secrets">, now: Date): DetectedAlert[] {
  const out: DetectedAlert[] = [];
  const byApp = new Map<string, SecretFact[]>();
  for (const s of facts.secrets) byApp.set(s.appId + s.app, [...(byApp.get(s.appId + s.app) ?? []), s]);
  for (const secrets of byApp.values()) {
    const newest = secrets.reduce((x, y) => (Date.parse(y.endDateTime) > Date.parse(x.endDateTime) ? y : x));
    const left = daysUntil(newest.endDateTime, now);
    const hit = thresholdFor(left, SECRET_THRESHOLDS);
    const url = links.appCredentials(newest.appId);
    if (hit) {
      out.push({
        kind: "secret.expiring",
        subject: `${newest.appId}:${newest.keyId}`,
        threshold: hit.threshold,
        rank: hit.rank,
        severity: left <= 7 ? "error" : "warning",
        label: newest.appName,
        message:
          left <= 0
            ? `Every client secret of ${q(newest.appName)} has expired (the last one, ${newest.label}, on ${day(newest.endDateTime)}): ${APP_ROLE[newest.app]} has stopped.`
            : `The client secret ${newest.label} of ${q(newest.appName)} expires in ${days(left)} (${day(newest.endDateTime)}); ${APP_ROLE[newest.app]} stops then.`,
        endsAt: newest.endDateTime,
        daysLeft: Math.max(0, left),
        fix: { text: "Create a new client secret (6 months), store it in the integration and in Tenant Pilot (or type **rotate secret**), then delete the old one.", url },
      });
    }
    for (const s of secrets) {
      const lifetime = daysBetween(s.startDateTime, s.endDateTime);
      if (daysUntil(s.endDateTime, now) <= 0 || lifetime <= RECOMMENDED_LIFETIME_DAYS) continue;
      out.push({
        kind: "secret.longLifetime",
        subject: `${s.appId}:${s.keyId}`,
        threshold: "once",
        rank: 1,
        severity: "info",
        label: s.appName,
        message: `The client secret ${s.label} of ${q(s.appName)} lives ${days(lifetime)}, longer than the recommended 6 months.`,
        endsAt: s.endDateTime,
        fix: { text: "Next time, create the secret with the recommended 6-month expiry.", url },
      });
    }
  }
  return out;
}
