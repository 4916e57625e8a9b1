/**
 * A step's Verify, pure: which findings of the check report belong to the step, whether it passed, and (step 5 of
 * the M365 wizard) the customers still missing the chain, paged. Errors and warnings of the step's codes are what is
 * still missing; infos are notes and never fail a step.
 */
import { BLOCKING_CODE, BLOCKING_PARTNER_CODES } from "../../checks";
import { links } from "../../checks/links";
import { SOURCE_CODES } from "../../checks/sources";
import type { CheckReport, Finding } from "../../domain/findings";
import type { StepDef } from "./types";

export const CUSTOMERS_PAGE_SIZE = 8;

export const NOT_CONNECTED_CODE = "setup.notConnected";

export interface CustomerMissing {
  tenantId: string;
  displayName: string;
  /** The first broken link of the chain (a `partner.blocking` only when there is nothing else). */
  finding: Finding;
  /** The customer's admin relationships in Partner Center. */
  partnerCenterUrl: string;
}

export interface StepResult {
  ok: boolean;
  /** Partner-side findings still open (errors and warnings), most severe first. */
  missing: Finding[];
  notes: Finding[];
  /** perCustomer steps: the customers still missing the chain, one page of them. */
  customers?: { total: number; page: number; pageCount: number; items: CustomerMissing[] };
  /** Everything still missing (partner findings + customers), recorded in the progress. */
  missingCount: number;
}

const blocks = (f: Finding): boolean => f.severity === "error" || f.severity === "warning";

function notConnected(): Finding {
  return {
    severity: "error",
    code: NOT_CONNECTED_CODE,
    subject: "Microsoft 365 integration",
    message: "The service account has not connected Tenant Pilot yet, so the Microsoft 365 integration cannot read your customers.",
    fix: { text: "Sign in as the service account and authorize Tenant Pilot (Connect).", url: links.users() },
  };
}

export function evaluateStep(step: StepDef, report: CheckReport, o: { connected: boolean; page?: number }): StepResult {
  const v = step.verify;
  if (!v) return { ok: true, missing: [], notes: [], missingCount: 0 };
  const codes = new Set(v.codes);
  const mine = report.partnerFindings.filter((f) => codes.has(f.code));
  const missing = mine.filter(blocks);
  const notes = mine.filter((f) => !blocks(f));
  if (v.needsConnected && !o.connected) missing.unshift(notConnected());

  if (!v.perCustomer) return { ok: missing.length === 0, missing, notes, missingCount: missing.length };

  // Without the Partner Center key only customers with GDAP are known: say so, without failing the step for it.
  notes.push(...report.partnerFindings.filter((f) => f.code === SOURCE_CODES.partnerCenterUnreadable));
  // Partner-side problems that break every customer come first: the customers cannot be fixed before them.
  for (const f of report.partnerFindings) if (f.severity === "error" && BLOCKING_PARTNER_CODES.has(f.code) && !missing.includes(f)) missing.push(f);
  const all: CustomerMissing[] = [];
  for (const c of report.customers) {
    const chain = c.findings.filter((f) => codes.has(f.code) && blocks(f));
    if (chain.length === 0) continue;
    const finding = chain.find((f) => f.code !== BLOCKING_CODE) ?? chain[0];
    all.push({ tenantId: c.tenantId, displayName: c.displayName, finding, partnerCenterUrl: links.customerAdminRelationships(c.tenantId) });
  }
  const pageCount = Math.max(1, Math.ceil(all.length / CUSTOMERS_PAGE_SIZE));
  const page = Math.min(Math.max(0, Math.trunc(o.page ?? 0)), pageCount - 1);
  return {
    ok: missing.length === 0 && all.length === 0,
    missing,
    notes,
    customers: { total: all.length, page, pageCount, items: all.slice(page * CUSTOMERS_PAGE_SIZE, (page + 1) * CUSTOMERS_PAGE_SIZE) },
    missingCount: missing.length + all.length,
  };
}
