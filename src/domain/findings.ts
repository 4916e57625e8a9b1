/** What the checks say: findings and one verdict per customer. Plain data, imports nothing. */

export type Severity = "error" | "warning" | "info";
export type Verdict = "Healthy" | "Warning" | "Broken";

export interface Fix {
  /** What to do, in the admin's words. */
  text: string;
  /** Deep link (Partner Center, Entra admin center, consent URL, ...). */
  url: string;
}

export interface Finding {
  severity: Severity;
  /** Stable code, e.g. "gdap.expired", "serviceAccount.globalAdmin". */
  code: string;
  /** The customer the finding is about; absent for partner-side findings. */
  tenantId?: string;
  /** What it is about, e.g. "Litware Inc." or "GDAP Lifecycle Manager". */
  subject: string;
  message: string;
  fix: Fix;
}

export interface CustomerResult {
  tenantId: string;
  displayName: string;
  domain: string | null;
  verdict: Verdict;
  findings: Finding[];
}

export interface CheckReport {
  checkedAt: string;
  partner: { tenantId: string; displayName: string };
  /** Partner-side findings (service account, groups, apps, secrets), most severe first. */
  partnerFindings: Finding[];
  /** One per customer, Broken first, then Warning, then Healthy; by name within each. */
  customers: CustomerResult[];
  /** "Assumed the security group named ..." lines when identities were discovered rather than set up. */
  assumptions: string[];
}
