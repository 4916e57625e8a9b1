/** Builders of CheckReports for the tests of src/dialogs and src/cards (plain data, deterministic). */
import type { CheckReport, CustomerResult, Finding, Severity, Verdict } from "../../domain/findings";

export const PARTNER = { tenantId: "c0c0c0c0-0000-4000-8000-000000000000", displayName: "Contoso IT Partners" };

export function tenantIdOf(i: number): string {
  return `cc000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
}

export function finding(over: Partial<Finding> & { code: string }, severity: Severity = "error"): Finding {
  return {
    severity,
    subject: "GDAP Lifecycle Manager",
    message: `The check ${over.code} found a problem.`,
    fix: { text: "Open Partner Center and fix it", url: "https://partner.microsoft.com/dashboard/v2/customers/granularadminaccess/list" },
    ...over,
  };
}

const SEVERITY_OF: Record<Verdict, Severity> = { Broken: "error", Warning: "warning", Healthy: "info" };

/** Customer i with `n` findings of its verdict's severity (none when Healthy unless n is given). */
export function customer(i: number, verdict: Verdict, n = verdict === "Healthy" ? 0 : 1, name = `Customer ${String(i).padStart(3, "0")}`): CustomerResult {
  const tenantId = tenantIdOf(i);
  return {
    tenantId,
    displayName: name,
    domain: `customer${i}.onmicrosoft.com`,
    verdict,
    findings: Array.from({ length: n }, (_, k) =>
      finding(
        {
          code: `gdap.rule${k}`,
          tenantId,
          subject: name,
          message: `The GDAP relationship ${k + 1} of ${name} does not give the lifecycle group Application Administrator.`,
          fix: { text: "Add the GDAP Lifecycle Manager group to the access assignment", url: `https://partner.microsoft.com/dashboard/v2/customers/${tenantId}/adminrelationships` },
        },
        SEVERITY_OF[verdict],
      ),
    ),
  };
}

export function report(customers: CustomerResult[], over: Partial<CheckReport> = {}): CheckReport {
  return {
    checkedAt: "2025-06-01T10:00:00.123Z",
    partner: PARTNER,
    partnerFindings: [],
    customers,
    assumptions: [],
    ...over,
  };
}

/** `n` customers, every one with `findings` findings: a third Broken, a third Warning, a third Healthy-with-info. */
export function bigReport(n: number, findings: number): CheckReport {
  const verdicts: Verdict[] = ["Broken", "Warning", "Healthy"];
  return report(
    Array.from({ length: n }, (_, i) => customer(i + 1, verdicts[i % 3], findings)),
    {
      partnerFindings: [finding({ code: "serviceAccount.globalAdmin" }), finding({ code: "secret.expiringSoon" }, "warning"), finding({ code: "consent.untested" }, "info")],
      assumptions: ['Assumed the security group named "GDAP Lifecycle Manager" is your lifecycle group.'],
    },
  );
}
