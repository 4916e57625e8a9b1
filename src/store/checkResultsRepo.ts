/**
 * Latest check results in the `checks` container (documents: checkDocs.ts), so `tenant <name>` and the alerts read
 * the latest state without re-running the checks, and without a cross-partition scan.
 *
 * save(report):
 * 1. reads the partner document (with its etag); a report older than the stored one is not saved (`superseded`);
 * 2. writes, with the SDK's bulk API, only the customer documents whose content hash differs from the stored index,
 *    and deletes those of customers no longer in the report (throttled operations are resent, see bulk.ts);
 * 3. writes the partner document last, conditionally (IfMatch): if another save got in between, it starts again from
 *    step 1 against that save's index (bounded), so the index never claims a content it did not check was written.
 * Saves in one process are serialized. Two instances checking at once should hold a lease (container `leases`):
 * without one, the partner document stays consistent, and each customer document carries its own check time.
 */
import type { Container, OperationInput } from "@azure/cosmos";
import type { CheckReport, CustomerResult, Finding, Verdict } from "../domain/findings";
import { executeBulk, type BulkOptions } from "./bulk";
import {
  buildCheckDocs,
  customerCheckDocSchema,
  diffCheckDocs,
  PARTNER_DOC_ID,
  PARTNER_PARTITION,
  partnerCheckDocSchema,
  toCustomerResult,
  type CustomerCheckDoc,
  type CustomerIndexEntry,
  type PartnerCheckDoc,
} from "./checkDocs";
import { cosmosStatus } from "./cosmos";
import { DocInvalidError } from "./versionedDoc";

export interface SaveOutcome {
  /** `superseded`: a newer report was already stored; nothing was written. */
  status: "saved" | "superseded";
  /** Customer documents written (new or changed). */
  written: number;
  /** Customer documents left as they were (same content). */
  unchanged: number;
  /** Customer documents deleted (no longer in the report). */
  removed: number;
  /** Times the save started again because another save wrote the partner document meanwhile. */
  restarts: number;
}

export interface CustomerSummary {
  tenantId: string;
  /** Cut to 96 bytes of UTF-8 (the customer's own result has it whole). */
  displayName: string;
  domain: string | null;
  verdict: Verdict;
}

export interface LatestReport {
  checkedAt: string;
  partner: { tenantId: string; displayName: string };
  partnerFindings: Finding[];
  assumptions: string[];
  counts: Record<Verdict, number>;
  /** Every customer of the report, in the report's order (Broken first, then Warning, then Healthy). */
  customers: CustomerSummary[];
}

export interface LatestCustomerResult extends CustomerResult {
  /** Time of the latest check that found this result. */
  checkedAt: string;
  /** Time of the check that first found it (unchanged since). */
  changedAt: string;
}

export interface CheckResultsRepo {
  save(report: CheckReport): Promise<SaveOutcome>;
  latestReport(): Promise<LatestReport | undefined>;
  latestForCustomer(tenantId: string): Promise<LatestCustomerResult | undefined>;
  /** Results of these customers (a page of the report), in the order asked; unknown ones are left out. */
  readCustomers(tenantIds: readonly string[]): Promise<LatestCustomerResult[]>;
}

export class CheckSaveError extends Error {
  constructor(
    readonly reason: "writeFailed" | "keptChanging",
    /** Status codes of the customer operations that failed (e.g. 429 after every retry). */
    readonly failedStatuses: number[] = [],
  ) {
    super(
      reason === "writeFailed"
        ? `saving check results failed for ${failedStatuses.length} customer(s) (status ${[...new Set(failedStatuses)].join(", ")})`
        : "saving check results kept conflicting with other saves",
    );
    this.name = "CheckSaveError";
  }
}

export interface CheckResultsRepoOptions {
  bulk?: BulkOptions;
  /** Restarts after a conflicting save, at most (default 3). */
  maxRestarts?: number;
}

interface Stored<T> {
  doc: T;
  etag: string;
}

const okStatus = (status: number): boolean => status >= 200 && status < 300;

export function createCheckResultsRepo(container: Container, opts: CheckResultsRepoOptions = {}): CheckResultsRepo {
  const maxRestarts = opts.maxRestarts ?? 3;
  let queue: Promise<unknown> = Promise.resolve();

  const readPartner = async (): Promise<Stored<PartnerCheckDoc> | undefined> => {
    try {
      const { resource } = await container.item(PARTNER_DOC_ID, PARTNER_PARTITION).read<PartnerCheckDoc & { _etag?: string }>();
      if (resource === undefined) return undefined;
      const parsed = partnerCheckDocSchema.safeParse(resource);
      if (!parsed.success) throw new DocInvalidError(PARTNER_DOC_ID, parsed.error.issues.map((i) => i.path.join(".")));
      return { doc: parsed.data, etag: resource._etag ?? "" };
    } catch (err) {
      if (cosmosStatus(err) === 404) return undefined;
      throw err;
    }
  };

  const parseCustomer = (raw: unknown, tenantId: string): CustomerCheckDoc => {
    const parsed = customerCheckDocSchema.safeParse(raw);
    if (!parsed.success) throw new DocInvalidError(tenantId, parsed.error.issues.map((i) => i.path.join(".")));
    return parsed.data;
  };

  /** The index of the partner document by tenant id (cached per document read). */
  const indexes = new WeakMap<PartnerCheckDoc, Map<string, CustomerIndexEntry>>();
  const indexOf = (partner: PartnerCheckDoc): Map<string, CustomerIndexEntry> => {
    let index = indexes.get(partner);
    if (index === undefined) {
      index = new Map(partner.customers.map((e) => [e.tenantId, e]));
      indexes.set(partner, index);
    }
    return index;
  };

  const withTimes = (doc: CustomerCheckDoc, partner: PartnerCheckDoc | undefined): LatestCustomerResult | undefined => {
    if (partner === undefined) return { ...toCustomerResult(doc), checkedAt: doc.checkedAt, changedAt: doc.checkedAt };
    const entry = indexOf(partner).get(doc.tenantId);
    // Not in the latest report: a leftover of a failed delete, not a current result.
    if (entry === undefined) return undefined;
    return { ...toCustomerResult(doc), checkedAt: entry.hash === doc.hash ? partner.checkedAt : doc.checkedAt, changedAt: doc.checkedAt };
  };

  const saveNow = async (report: CheckReport): Promise<SaveOutcome> => {
    const docs = buildCheckDocs(report);
    for (let restarts = 0; ; restarts++) {
      const previous = await readPartner();
      if (previous !== undefined && Date.parse(previous.doc.checkedAt) > Date.parse(report.checkedAt)) {
        return { status: "superseded", written: 0, unchanged: 0, removed: 0, restarts };
      }
      const diff = diffCheckDocs(previous?.doc, docs);
      const operations: OperationInput[] = [
        ...diff.changed.map((d): OperationInput => ({ operationType: "Upsert", partitionKey: d.tenantId, resourceBody: { ...d } })),
        ...diff.removed.map((t): OperationInput => ({ operationType: "Delete", partitionKey: t, id: t })),
      ];
      if (operations.length > 0) {
        const { statuses } = await executeBulk(container, operations, opts.bulk);
        const failed = statuses.filter((s, i) => !okStatus(s) && !(s === 404 && operations[i].operationType === "Delete"));
        if (failed.length > 0) throw new CheckSaveError("writeFailed", failed);
      }
      try {
        if (previous === undefined) await container.items.create(docs.partner);
        else await container.item(PARTNER_DOC_ID, PARTNER_PARTITION).replace(docs.partner, { accessCondition: { type: "IfMatch", condition: previous.etag } });
        return { status: "saved", written: diff.changed.length, unchanged: diff.unchanged, removed: diff.removed.length, restarts };
      } catch (err) {
        const status = cosmosStatus(err);
        if (status !== 412 && status !== 409 && status !== 404) throw err;
        if (restarts >= maxRestarts) throw new CheckSaveError("keptChanging");
      }
    }
  };

  const readCustomerDoc = async (tenantId: string): Promise<CustomerCheckDoc | undefined> => {
    try {
      const { resource } = await container.item(tenantId, tenantId).read<Record<string, unknown>>();
      return resource === undefined ? undefined : parseCustomer(resource, tenantId);
    } catch (err) {
      if (cosmosStatus(err) === 404) return undefined;
      throw err;
    }
  };

  const validId = (tenantId: string): boolean => /^[^/\\?#]{1,255}$/.test(tenantId) && tenantId !== PARTNER_PARTITION;

  return {
    save(report) {
      const run = queue.then(() => saveNow(report));
      queue = run.catch(() => undefined);
      return run;
    },

    async latestReport() {
      const stored = await readPartner();
      if (stored === undefined) return undefined;
      const { checkedAt, partner, partnerFindings, assumptions, counts, customers } = stored.doc;
      return {
        checkedAt,
        partner,
        partnerFindings,
        assumptions,
        counts,
        customers: customers.map(({ tenantId, displayName, domain, verdict }) => ({ tenantId, displayName, domain, verdict })),
      };
    },

    async latestForCustomer(tenantId) {
      if (!validId(tenantId)) return undefined;
      const [doc, partner] = await Promise.all([readCustomerDoc(tenantId), readPartner()]);
      return doc === undefined ? undefined : withTimes(doc, partner?.doc);
    },

    async readCustomers(tenantIds) {
      const ids = tenantIds.filter(validId);
      if (ids.length === 0) return [];
      // Point reads (1 RU each, a page is small): the bulk API waits a second for partial batches.
      const [partner, docs] = await Promise.all([readPartner(), readInParallel(ids, READ_CONCURRENCY, readCustomerDoc)]);
      return docs.flatMap((doc) => {
        const r = doc === undefined ? undefined : withTimes(doc, partner?.doc);
        return r === undefined ? [] : [r];
      });
    },
  };
}

const READ_CONCURRENCY = 16;

async function readInParallel<T>(ids: readonly string[], concurrency: number, read: (id: string) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(ids.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const i = next++;
      out[i] = await read(ids[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return out;
}
