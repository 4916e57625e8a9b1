/**
 * The documents of the `checks` container, built from a CheckReport (pure: no I/O).
 *
 * - One customer document per customer: id = tenantId, partition /tenantId; verdict, findings, names, and the time of
 *   the check that last changed it (`checkedAt`), plus a content hash over everything but that time.
 * - One partner document: id `latest` in the reserved partition `_partner` (not a tenant id, so it cannot collide):
 *   the partner-side findings, assumptions, counts per verdict, the check time, and an index of every customer
 *   (tenant id, name, domain, verdict, content hash). `tenant <name>` matches names on the index, alerts compare
 *   verdicts on it, and the next save skips customers whose hash is unchanged without reading their documents.
 *
 * Size: Cosmos refuses items over 2 MB. Names and domains in the index are cut to INDEX_TEXT_MAX_BYTES of UTF-8 (the
 * customer document keeps them whole), which keeps a partner of 5,000 customers with the longest names Entra allows
 * under the limit (tested); a document over the limit is refused with CheckDocTooLargeError before it is sent.
 */
import { z } from "zod/v4";
import type { CheckReport, CustomerResult, Verdict } from "../domain/findings";
import { contentHash } from "./canonicalJson";

export const PARTNER_PARTITION = "_partner";
export const PARTNER_DOC_ID = "latest";
/** Cosmos' item size limit. */
export const MAX_ITEM_BYTES = 2 * 1024 * 1024;
/** Room left for the system properties Cosmos adds (_rid, _self, _etag, _ts, _attachments). */
const SYSTEM_PROPERTIES_MARGIN = 1024;
export const INDEX_TEXT_MAX_BYTES = 96;
export const CHECK_DOC_VERSION = 1;

const verdictSchema = z.enum(["Healthy", "Warning", "Broken"]);
export const findingSchema = z.object({
  severity: z.enum(["error", "warning", "info"]),
  code: z.string(),
  tenantId: z.string().optional(),
  subject: z.string(),
  message: z.string(),
  fix: z.object({ text: z.string(), url: z.string() }),
});

export const customerCheckDocSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  kind: z.literal("customer"),
  v: z.literal(CHECK_DOC_VERSION),
  partnerTenantId: z.string(),
  displayName: z.string(),
  domain: z.string().nullable(),
  verdict: verdictSchema,
  findings: z.array(findingSchema),
  /** The check that wrote this content (it has not changed since). */
  checkedAt: z.string(),
  hash: z.string(),
});

export const customerIndexEntrySchema = z.object({
  tenantId: z.string(),
  displayName: z.string(),
  domain: z.string().nullable(),
  verdict: verdictSchema,
  hash: z.string(),
});

export const partnerCheckDocSchema = z.object({
  id: z.literal(PARTNER_DOC_ID),
  tenantId: z.literal(PARTNER_PARTITION),
  kind: z.literal("partner"),
  v: z.literal(CHECK_DOC_VERSION),
  partner: z.object({ tenantId: z.string(), displayName: z.string() }),
  checkedAt: z.string(),
  partnerFindings: z.array(findingSchema),
  assumptions: z.array(z.string()),
  counts: z.object({ Healthy: z.number(), Warning: z.number(), Broken: z.number() }),
  customers: z.array(customerIndexEntrySchema),
});

export type CustomerCheckDoc = z.infer<typeof customerCheckDocSchema>;
export type CustomerIndexEntry = z.infer<typeof customerIndexEntrySchema>;
export type PartnerCheckDoc = z.infer<typeof partnerCheckDocSchema>;

export class CheckDocTooLargeError extends Error {
  constructor(
    readonly docId: string,
    readonly bytes: number,
  ) {
    super(`check result document ${docId} would be ${bytes} bytes, over Cosmos' ${MAX_ITEM_BYTES}-byte item limit`);
    this.name = "CheckDocTooLargeError";
  }
}

export class InvalidCheckReportError extends Error {
  constructor(readonly problem: string) {
    super(`check report cannot be saved: ${problem}`);
    this.name = "InvalidCheckReportError";
  }
}

/** Cut to at most `maxBytes` of UTF-8 without splitting a character (surrogate pairs included). */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  let bytes = 0;
  let out = "";
  for (const ch of text) {
    const n = Buffer.byteLength(ch, "utf8");
    if (bytes + n > maxBytes) break;
    bytes += n;
    out += ch;
  }
  return out;
}

export function jsonBytes(doc: unknown): number {
  return Buffer.byteLength(JSON.stringify(doc), "utf8");
}

export function assertFits(docId: string, doc: unknown): void {
  const bytes = jsonBytes(doc);
  if (bytes > MAX_ITEM_BYTES - SYSTEM_PROPERTIES_MARGIN) throw new CheckDocTooLargeError(docId, bytes);
}

/** A Cosmos id may not hold / \ ? # and is at most 255 characters. */
const cosmosIdPattern = /^[^/\\?#]{1,255}$/;

function customerContent(partnerTenantId: string, c: CustomerResult): Omit<CustomerCheckDoc, "id" | "tenantId" | "kind" | "v" | "checkedAt" | "hash"> {
  return { partnerTenantId, displayName: c.displayName, domain: c.domain, verdict: c.verdict, findings: c.findings };
}

export function countVerdicts(customers: readonly { verdict: Verdict }[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { Healthy: 0, Warning: 0, Broken: 0 };
  for (const c of customers) counts[c.verdict]++;
  return counts;
}

export interface CheckDocs {
  partner: PartnerCheckDoc;
  customers: CustomerCheckDoc[];
}

/** Builds every document of a report; throws InvalidCheckReportError (bad or repeated tenant id) or CheckDocTooLargeError. */
export function buildCheckDocs(report: CheckReport): CheckDocs {
  const seen = new Set<string>();
  const customers = report.customers.map((c): CustomerCheckDoc => {
    if (!cosmosIdPattern.test(c.tenantId) || c.tenantId === PARTNER_PARTITION) throw new InvalidCheckReportError("a customer tenant id is not a valid id");
    if (seen.has(c.tenantId)) throw new InvalidCheckReportError(`customer ${c.tenantId} appears twice`);
    seen.add(c.tenantId);
    const content = customerContent(report.partner.tenantId, c);
    const doc: CustomerCheckDoc = {
      id: c.tenantId,
      tenantId: c.tenantId,
      kind: "customer",
      v: CHECK_DOC_VERSION,
      ...content,
      checkedAt: report.checkedAt,
      hash: contentHash(content),
    };
    assertFits(c.tenantId, doc);
    return doc;
  });
  const partner: PartnerCheckDoc = {
    id: PARTNER_DOC_ID,
    tenantId: PARTNER_PARTITION,
    kind: "partner",
    v: CHECK_DOC_VERSION,
    partner: { tenantId: report.partner.tenantId, displayName: report.partner.displayName },
    checkedAt: report.checkedAt,
    partnerFindings: report.partnerFindings,
    assumptions: report.assumptions,
    counts: countVerdicts(report.customers),
    customers: customers.map((d) => ({
      tenantId: d.tenantId,
      displayName: truncateUtf8(d.displayName, INDEX_TEXT_MAX_BYTES),
      domain: d.domain === null ? null : truncateUtf8(d.domain, INDEX_TEXT_MAX_BYTES),
      verdict: d.verdict,
      hash: d.hash,
    })),
  };
  assertFits(PARTNER_DOC_ID, partner);
  return { partner, customers };
}

export interface CheckDocsDiff {
  /** Customer documents whose content differs from the previous index (or that are new). */
  changed: CustomerCheckDoc[];
  /** Tenant ids in the previous index that the new report no longer has. */
  removed: string[];
  unchanged: number;
}

export function diffCheckDocs(previous: PartnerCheckDoc | undefined, next: CheckDocs): CheckDocsDiff {
  const before = new Map((previous?.customers ?? []).map((e) => [e.tenantId, e.hash]));
  const changed = next.customers.filter((d) => before.get(d.tenantId) !== d.hash);
  const now = new Set(next.customers.map((d) => d.tenantId));
  const removed = [...before.keys()].filter((t) => !now.has(t));
  return { changed, removed, unchanged: next.customers.length - changed.length };
}

/** The stored customer document as the domain's CustomerResult. */
export function toCustomerResult(doc: CustomerCheckDoc): CustomerResult {
  return { tenantId: doc.tenantId, displayName: doc.displayName, domain: doc.domain, verdict: doc.verdict, findings: doc.findings };
}
