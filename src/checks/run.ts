/**
 * Runs the checks of a scope over one snapshot and builds the report: partner findings most severe first, one
 * verdict per customer (Broken if any error on it, Warning if any warning, else Healthy; info never changes a
 * verdict), customers Broken → Warning → Healthy and by name, and an "Assumed ..." line per discovered identity.
 *
 * Partner-side problems that break every customer. An MSP admin reading "Healthy" next to a customer expects that
 * customer's integration to work; when a partner-side error makes that impossible for every customer (the lifecycle
 * group or the service account missing, the lifecycle app unusable, no valid secret, ...), the partner finding stays
 * on top, once, and each customer gets ONE `partner.blocking` error pointing at it, so every verdict is Broken.
 * Partner warnings and infos (e.g. a secret expiring in 12 days, Global Administrator still on the service account)
 * do not change customers' verdicts. Only the checks of the requested scope run, so `check gdap` blocks on GDAP-side
 * problems only.
 */
import { checkCustomerSide, CUSTOMER_SIDE_CODES } from "./customerSide";
import type { CheckReport, CustomerResult, Finding, Severity, Verdict } from "../domain/findings";
import type { PartnerSnapshot } from "../domain/snapshot";
import { ADMIN_AGENTS_CODES, checkAdminAgents } from "./adminAgents";
import { GDAP_CODES, checkCustomerChains } from "./customerChain";
import { GDAP_DATE_CODES, checkGdapDates } from "./gdapDates";
import { INDIRECT_RESELLER_CODES, checkIndirectReseller } from "./indirectReseller";
import { LIFECYCLE_GROUP_CODES, DEFAULT_LIFECYCLE_GROUP_LOOKUP, checkLifecycleGroup } from "./lifecycleGroup";
import {
  DEFAULT_LIFECYCLE_APP_LOOKUP,
  DEFAULT_PARTNER_CENTER_APP_LOOKUP,
  MEM_APP_CODES,
  checkCustomerConsent,
  checkLifecycleApp,
  checkPartnerCenterApp,
} from "./memApps";
import { SECRET_CODES, checkSecrets } from "./clientSecrets";
import { DEFAULT_SERVICE_ACCOUNT_LOOKUP, SERVICE_ACCOUNT_CODES, checkServiceAccount } from "./serviceAccount";
import { SOURCE_CODES, checkSources } from "./sources";
import { q } from "./text";
import type { Check, Scope } from "./types";

export const BLOCKING_CODE = "partner.blocking";

type PartScope = Exclude<Scope, "all">;

const CHECKS: readonly { check: Check; scopes: readonly PartScope[] }[] = [
  { check: checkSources, scopes: ["gdap", "apps"] },
  { check: checkServiceAccount, scopes: ["gdap"] },
  { check: checkLifecycleGroup, scopes: ["gdap"] },
  { check: checkCustomerChains, scopes: ["gdap"] },
  { check: checkCustomerSide, scopes: ["gdap"] },
  { check: checkGdapDates, scopes: ["gdap"] },
  { check: checkAdminAgents, scopes: ["adminagents"] },
  { check: checkPartnerCenterApp, scopes: ["apps"] },
  { check: checkLifecycleApp, scopes: ["apps"] },
  { check: checkSecrets, scopes: ["apps"] },
  { check: checkCustomerConsent, scopes: ["apps"] },
  { check: checkIndirectReseller, scopes: ["apps"] },
];

/** Partner-side error codes that break the integrations for every customer (see the file comment). */
export const BLOCKING_PARTNER_CODES: ReadonlySet<string> = new Set([
  SERVICE_ACCOUNT_CODES.notFound,
  SERVICE_ACCOUNT_CODES.disabled,
  LIFECYCLE_GROUP_CODES.notFound,
  LIFECYCLE_GROUP_CODES.notSecurity,
  LIFECYCLE_GROUP_CODES.m365Group,
  LIFECYCLE_GROUP_CODES.serviceAccountMissing,
  ADMIN_AGENTS_CODES.groupNotFound,
  ADMIN_AGENTS_CODES.serviceAccountNotMember,
  ADMIN_AGENTS_CODES.lifecycleAppNotMember,
  MEM_APP_CODES.lcNotFound,
  MEM_APP_CODES.lcNotMultitenant,
  MEM_APP_CODES.pcNotFound,
  SECRET_CODES.none,
  SECRET_CODES.allExpired,
]);

/** Every code a finding can carry. */
export const CHECK_CODES: readonly string[] = [
  ...new Set([
    ...Object.values(SOURCE_CODES),
    ...Object.values(SERVICE_ACCOUNT_CODES),
    ...Object.values(LIFECYCLE_GROUP_CODES),
    ...Object.values(GDAP_CODES),
    ...Object.values(GDAP_DATE_CODES),
    ...Object.values(ADMIN_AGENTS_CODES),
    ...Object.values(MEM_APP_CODES),
    ...Object.values(SECRET_CODES),
    ...Object.values(INDIRECT_RESELLER_CODES),
    ...Object.values(CUSTOMER_SIDE_CODES),
    BLOCKING_CODE,
  ]),
].sort();

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const VERDICT_RANK: Record<Verdict, number> = { Broken: 0, Warning: 1, Healthy: 2 };

/** Most severe first; the checks' own order within a severity (sort is stable). */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === "error")) return "Broken";
  if (findings.some((f) => f.severity === "warning")) return "Warning";
  return "Healthy";
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify([f.severity, f.code, f.tenantId ?? "", f.subject, f.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function inScope(scope: Scope, parts: readonly PartScope[]): boolean {
  return scope === "all" || parts.includes(scope);
}

function assumptions(s: PartnerSnapshot, scope: Scope): string[] {
  const out: string[] = [];
  const sa = s.serviceAccount;
  if (sa?.source === "discovered" && inScope(scope, ["gdap", "adminagents"])) {
    out.push(sa.assumption ?? `the service account is ${sa.user.userPrincipalName}, ${DEFAULT_SERVICE_ACCOUNT_LOOKUP}`);
  }
  const g = s.lifecycleGroup;
  if (g?.source === "discovered" && inScope(scope, ["gdap"])) {
    out.push(g.assumption ?? `the lifecycle group is ${q(g.displayName)}, ${DEFAULT_LIFECYCLE_GROUP_LOOKUP}`);
  }
  const la = s.lifecycleApp;
  if (la?.source === "discovered" && inScope(scope, ["adminagents", "apps"])) {
    out.push(la.assumption ?? `the lifecycle app is ${q(la.displayName)}, ${DEFAULT_LIFECYCLE_APP_LOOKUP}`);
  }
  const pc = s.partnerCenterApp;
  if (pc?.source === "discovered" && inScope(scope, ["apps"])) {
    out.push(pc.assumption ?? `the Partner Center web app is ${q(pc.displayName)}, ${DEFAULT_PARTNER_CENTER_APP_LOOKUP}`);
  }
  return out.map((a) => `Assumed ${a.replace(/\.$/, "")}.`);
}

export interface RunOptions {
  scope?: Scope;
}

export function runChecks(snapshot: PartnerSnapshot, now: Date, opts: RunOptions = {}): CheckReport {
  const scope = opts.scope ?? "all";
  const all = dedupe(CHECKS.filter((c) => inScope(scope, c.scopes)).flatMap((c) => c.check(snapshot, now)));

  const known = new Set(snapshot.customers.map((c) => c.tenantId));
  const partnerFindings = bySeverity(all.filter((f) => f.tenantId === undefined || !known.has(f.tenantId)));
  const blocking = partnerFindings.filter((f) => f.severity === "error" && BLOCKING_PARTNER_CODES.has(f.code));

  const byTenant = new Map<string, Finding[]>();
  for (const f of all) {
    if (f.tenantId === undefined || !known.has(f.tenantId)) continue;
    const list = byTenant.get(f.tenantId) ?? [];
    list.push(f);
    byTenant.set(f.tenantId, list);
  }

  const customers: CustomerResult[] = snapshot.customers.map((c) => {
    const own = byTenant.get(c.tenantId) ?? [];
    const first = blocking[0];
    const findings = first
      ? [
          {
            severity: "error" as const,
            code: BLOCKING_CODE,
            tenantId: c.tenantId,
            subject: c.displayName,
            message: `${c.displayName} cannot work until a partner-side problem is fixed: ${first.message.replace(/\.$/, "")}${
              blocking.length > 1 ? ` (and ${blocking.length - 1} more, see the partner findings)` : ""
            }.`,
            fix: first.fix,
          },
          ...own,
        ]
      : own;
    const sorted = bySeverity(findings);
    return { tenantId: c.tenantId, displayName: c.displayName, domain: c.domain, verdict: verdictOf(sorted), findings: sorted };
  });
  customers.sort(
    (a, b) =>
      VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] ||
      a.displayName.localeCompare(b.displayName, "en", { sensitivity: "base" }) ||
      a.tenantId.localeCompare(b.tenantId),
  );

  return {
    checkedAt: now.toISOString(),
    partner: { tenantId: snapshot.partner.tenantId, displayName: snapshot.partner.displayName },
    partnerFindings,
    customers,
    assumptions: assumptions(snapshot, scope),
  };
}
