/**
 * Alerts as plain data: the kinds and their thresholds, what a detector says (a DetectedAlert), and the facts the
 * time-based detectors judge (saved by the check, read again on every detection pass so a moved clock is enough).
 *
 * Identity: an alert is kind + subject + threshold (`alertKey`). A *series* is kind + subject (`seriesKey`): its state
 * remembers the last threshold sent, so an alert is sent once per threshold, again only when it escalates (higher
 * rank) or after its snooze ended.
 */

export const ALERT_KINDS = [
  "secret.expiring",
  "secret.longLifetime",
  "gdap.ending",
  "sync.failed",
  "sync.recovered",
  "access.lost",
  "tenant.new",
  "serviceAccount.globalAdmin",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export type AlertSeverity = "error" | "warning" | "info";

/** Secret thresholds (days left, rounded up), most severe last; `expired` beyond them. */
export const SECRET_THRESHOLDS = [30, 14, 7, 1] as const;
/** GDAP relationship thresholds (days left, rounded up). */
export const GDAP_THRESHOLDS = [30, 7, 1] as const;
/** The service account may hold Global Administrator this long after Microsoft 365 was connected (setup only). */
export const GLOBAL_ADMIN_GRACE_DAYS = 7;

export interface AlertTenant {
  tenantId: string;
  displayName: string;
}

export interface DetectedAlert {
  kind: AlertKind;
  /** Stable id of what it is about: `<appId>:<keyId>`, `<tenantId>:<relationshipId>`, `<tenantId>`, `partner`. */
  subject: string;
  /** "30" | "14" | "7" | "1" | "expired" | "once" | a sync cause code | "recovered". */
  threshold: string;
  /** Escalation order within a series: a higher rank is sent again, a lower one is recorded quietly. */
  rank: number;
  severity: AlertSeverity;
  /** The customer it is about; absent for partner-side alerts (the apps, the service account). */
  tenant?: AlertTenant;
  /** Short name of the thing: app name, relationship name, tenant name. */
  label: string;
  /** One sentence: what and when. */
  message: string;
  /** When it ends (secrets, relationships). */
  endsAt?: string;
  daysLeft?: number;
  fix: { text: string; url: string };
}

export const seriesKey = (a: Pick<DetectedAlert, "kind" | "subject">): string => `${a.kind}|${a.subject}`;
export const alertKey = (a: Pick<DetectedAlert, "kind" | "subject" | "threshold">): string => `${a.kind}|${a.subject}|${a.threshold}`;
/** Alerts of one pass with the same group key become one card (several tenants, same kind and cause). */
export const groupKeyOf = (a: Pick<DetectedAlert, "kind" | "threshold">): string => `${a.kind}|${a.threshold}`;

/** A client secret of one of the two apps (dates and label only: never a value). */
export interface SecretFact {
  app: "lifecycle" | "partnerCenter";
  appId: string;
  appName: string;
  keyId: string;
  /** Description and hint, e.g. `"lifecycle-2025" (abc…)`. */
  label: string;
  startDateTime: string;
  endDateTime: string;
}

export interface GdapFact {
  tenantId: string;
  tenantName: string;
  relationshipId: string;
  relationshipName: string;
  endDateTime: string;
  autoExtendOff: boolean;
  globalAdmin: boolean;
}

export interface AccessFact {
  tenantId: string;
  tenantName: string;
  /** The lifecycle app got a token in the customer (consent); null: not tried (no key) or could not tell. */
  consent: boolean | null;
  /** The lifecycle group sits in an active access assignment of an active relationship; null: could not be read. */
  lifecycleGroupInGdap: boolean | null;
  /** Both were seen working at some check (kept across checks, so a later loss is recognised). */
  consentSeen: boolean;
  groupSeen: boolean;
  /** Consent works now and did not at the check before (the first check sets none: everything would be "new"). */
  newlyReachable?: boolean;
}

export interface AlertFacts {
  takenAt: string;
  partnerTenantId: string;
  secrets: SecretFact[];
  gdap: GdapFact[];
  access: AccessFact[];
  /** The service account holds Global Administrator; null: unknown (not found, or roles unreadable). */
  serviceAccountGlobalAdmin: boolean | null;
  serviceAccountUpn?: string;
  serviceAccountId?: string;
  /** First check that saw the Microsoft 365 integration connected. */
  m365ConnectedSince?: string;
}
