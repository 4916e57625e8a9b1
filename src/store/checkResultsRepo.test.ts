import type { BulkOperationResult, Container, OperationInput } from "@azure/cosmos";
import { useTestCosmos } from "../../test/helpers/cosmos";
import type { CheckReport, CustomerResult, Finding } from "../domain/findings";
import type { BulkExecutor } from "./bulk";
import { CONTAINERS } from "./containers";
import { PARTNER_DOC_ID, PARTNER_PARTITION } from "./checkDocs";
import { CheckSaveError, createCheckResultsRepo } from "./checkResultsRepo";

const PARTNER = { tenantId: "11111111-2222-3333-4444-555555555555", displayName: "Contoso IT Partners" };
const tenant = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
const finding = (code: string, tenantId?: string): Finding => ({
  severity: "error",
  code,
  ...(tenantId !== undefined ? { tenantId } : {}),
  subject: "subject",
  message: "message",
  fix: { text: "fix it", url: "https://admin.microsoft.com/" },
});
const customer = (i: number, over: Partial<CustomerResult> = {}): CustomerResult => ({
  tenantId: tenant(i),
  displayName: `Customer ${i}`,
  domain: `c${i}.example`,
  verdict: "Healthy",
  findings: [],
  ...over,
});
const report = (checkedAt: string, customers: CustomerResult[]): CheckReport => ({
  checkedAt,
  partner: PARTNER,
  partnerFindings: [finding("serviceAccount.globalAdmin")],
  customers,
  assumptions: ["Assumed the security group named \"GDAP Lifecycle Manager\"."],
});

describe("check results repository (embedded Cosmos)", () => {
  const cosmos = useTestCosmos();
  let checks: Container;
  let n = 0;
  // A fresh `checks` container per test: one server, no state shared between tests.
  beforeEach(async () => {
    const { container } = await cosmos.store.database.containers.createIfNotExists({
      id: `checks-${n++}`,
      partitionKey: { paths: [CONTAINERS.checks.partitionKeyPath] },
    });
    checks = container;
  });
  const container = (): Container => checks;
  const pk = (o: OperationInput): unknown => [o.partitionKey].flat()[0];
  /** Counts the bulk operations sent, by type. */
  const counting = (): { executor: BulkExecutor; ops: OperationInput[] } => {
    const ops: OperationInput[] = [];
    return {
      ops,
      executor: (batch) => {
        ops.push(...batch);
        return container().items.executeBulkOperations(batch);
      },
    };
  };

  it("saves a report, reads it back, and rewrites only the customers that changed", async () => {
    const c1 = counting();
    const repo = createCheckResultsRepo(container(), { bulk: { executor: c1.executor } });
    expect(await repo.latestReport()).toBeUndefined();
    expect(await repo.latestForCustomer(tenant(1))).toBeUndefined();

    const broken = customer(1, { verdict: "Broken", findings: [finding("gdap.expired", tenant(1))] });
    const first = report("2025-06-01T09:00:00.000Z", [broken, customer(2, { verdict: "Warning" }), customer(3)]);
    expect(await repo.save(first)).toEqual({ status: "saved", written: 3, unchanged: 0, removed: 0, restarts: 0 });
    expect(c1.ops.map((o) => o.operationType)).toEqual(["Upsert", "Upsert", "Upsert"]);
    expect(c1.ops.every((o) => o.partitionKey !== undefined)).toBe(true);

    const latest = await repo.latestReport();
    expect(latest).toEqual({
      checkedAt: first.checkedAt,
      partner: PARTNER,
      partnerFindings: first.partnerFindings,
      assumptions: first.assumptions,
      counts: { Healthy: 1, Warning: 1, Broken: 1 },
      customers: [
        { tenantId: tenant(1), displayName: "Customer 1", domain: "c1.example", verdict: "Broken" },
        { tenantId: tenant(2), displayName: "Customer 2", domain: "c2.example", verdict: "Warning" },
        { tenantId: tenant(3), displayName: "Customer 3", domain: "c3.example", verdict: "Healthy" },
      ],
    });
    expect(await repo.latestForCustomer(tenant(1))).toEqual({ ...broken, checkedAt: first.checkedAt, changedAt: first.checkedAt });

    // Second check: customer 2 fixed, customer 3 gone, customer 4 new, customer 1 unchanged.
    c1.ops.length = 0;
    const second = report("2025-06-02T09:00:00.000Z", [broken, customer(2), customer(4)]);
    expect(await repo.save(second)).toEqual({ status: "saved", written: 2, unchanged: 1, removed: 1, restarts: 0 });
    expect(c1.ops.map((o) => [o.operationType, pk(o)])).toEqual([
      ["Upsert", tenant(2)],
      ["Upsert", tenant(4)],
      ["Delete", tenant(3)],
    ]);
    // Unchanged customer: confirmed by the latest check, unchanged since the first.
    expect(await repo.latestForCustomer(tenant(1))).toMatchObject({ verdict: "Broken", checkedAt: second.checkedAt, changedAt: first.checkedAt });
    expect(await repo.latestForCustomer(tenant(2))).toMatchObject({ verdict: "Healthy", checkedAt: second.checkedAt, changedAt: second.checkedAt });
    expect(await repo.latestForCustomer(tenant(3))).toBeUndefined();
    expect((await repo.latestReport())?.counts).toEqual({ Healthy: 2, Warning: 0, Broken: 1 });

    // The raw documents: one per customer in its own partition, one partner document.
    const { resource: raw } = await container().item(tenant(1), tenant(1)).read<{ tenantId: string; checkedAt: string }>();
    expect(raw).toMatchObject({ id: tenant(1), tenantId: tenant(1), checkedAt: first.checkedAt });
    const { resource: partnerRaw } = await container().item(PARTNER_DOC_ID, PARTNER_PARTITION).read<{ customers: unknown[] }>();
    expect(partnerRaw?.customers).toHaveLength(3);
  });

  it("reads a page of customers in the order asked, leaving unknown ones out", async () => {
    const repo = createCheckResultsRepo(container());
    await repo.save(report("2025-06-01T09:00:00.000Z", [customer(1), customer(2), customer(3)]));
    const page = await repo.readCustomers([tenant(3), tenant(9), tenant(1), "bad/id"]);
    expect(page.map((c) => c.tenantId)).toEqual([tenant(3), tenant(1)]);
    expect(page[0]).toMatchObject({ displayName: "Customer 3", checkedAt: "2025-06-01T09:00:00.000Z" });
    expect(await repo.readCustomers([])).toEqual([]);
    expect(await repo.latestForCustomer("bad/id")).toBeUndefined();
  });

  it("does not let an older report replace a newer one", async () => {
    const repo = createCheckResultsRepo(container());
    await repo.save(report("2025-06-02T09:00:00.000Z", [customer(1, { verdict: "Broken" })]));
    expect(await repo.save(report("2025-06-01T09:00:00.000Z", [customer(1)]))).toMatchObject({ status: "superseded", written: 0 });
    expect(await repo.latestForCustomer(tenant(1))).toMatchObject({ verdict: "Broken" });
  });

  it("saves 120 customers in bulk, resending throttled operations until they are through", async () => {
    let round = 0;
    const waits: number[] = [];
    const throttling: BulkExecutor = async (batch) => {
      round++;
      // First round: a third of the operations come back 429 with a Retry-After.
      const throttle = new Set(round === 1 ? batch.filter((_, i) => i % 3 === 0) : []);
      const through = batch.filter((o) => !throttle.has(o));
      const real = await container().items.executeBulkOperations(through);
      let k = 0;
      return batch.map(
        (o): BulkOperationResult => (throttle.has(o) ? { operationInput: o, error: { name: "ErrorResponse", message: "429", code: 429, retryAfterInMs: 250 } } : real[k++]),
      );
    };
    const repo = createCheckResultsRepo(container(), {
      bulk: {
        executor: throttling,
        random: () => 0.5,
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
      },
    });
    const customers = Array.from({ length: 120 }, (_, i) => customer(i, { verdict: i % 2 ? "Warning" : "Healthy" }));
    expect(await repo.save(report("2025-06-01T09:00:00.000Z", customers))).toMatchObject({ status: "saved", written: 120 });
    expect(waits).toEqual([250]);
    const page = await repo.readCustomers(customers.map((c) => c.tenantId));
    expect(page).toHaveLength(120);
    expect((await repo.latestReport())?.counts).toEqual({ Healthy: 60, Warning: 60, Broken: 0 });
  });

  it("fails without touching the partner document when operations stay throttled", async () => {
    const repo = createCheckResultsRepo(container());
    await repo.save(report("2025-06-01T09:00:00.000Z", [customer(1)]));
    const stuck = createCheckResultsRepo(container(), {
      bulk: {
        maxRounds: 2,
        sleep: () => Promise.resolve(),
        executor: (batch) => Promise.resolve(batch.map((o) => ({ operationInput: o, error: { name: "ErrorResponse", message: "429", code: 429 } }))),
      },
    });
    const err = await stuck.save(report("2025-06-02T09:00:00.000Z", [customer(1, { verdict: "Broken" })])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckSaveError);
    expect(err).toMatchObject({ reason: "writeFailed", failedStatuses: [429] });
    expect((await repo.latestReport())?.checkedAt).toBe("2025-06-01T09:00:00.000Z");
    // A later save still writes the changed customer (the index was not moved on).
    expect(await repo.save(report("2025-06-03T09:00:00.000Z", [customer(1, { verdict: "Broken" })]))).toMatchObject({ written: 1 });
  });

  it("starts again against the other save's index when the partner document changed meanwhile", async () => {
    const other = createCheckResultsRepo(container());
    await other.save(report("2025-06-01T09:00:00.000Z", [customer(1), customer(2)]));
    let raced = false;
    const racing = createCheckResultsRepo(container(), {
      bulk: {
        // Another instance saves a report (customer 2 Broken) while our customer writes are in flight.
        executor: async (batch) => {
          const results = await container().items.executeBulkOperations(batch);
          if (!raced) {
            raced = true;
            await other.save(report("2025-06-01T09:30:00.000Z", [customer(1), customer(2, { verdict: "Broken" })]));
          }
          return results;
        },
      },
    });
    const outcome = await racing.save(report("2025-06-01T10:00:00.000Z", [customer(1, { verdict: "Warning" }), customer(2, { verdict: "Warning" })]));
    expect(outcome).toMatchObject({ status: "saved", restarts: 1 });
    // Our (newest) report wins everywhere, including customer 2 that the other save rewrote.
    expect((await other.latestReport())?.customers.map((c) => c.verdict)).toEqual(["Warning", "Warning"]);
    expect(await other.latestForCustomer(tenant(2))).toMatchObject({ verdict: "Warning", checkedAt: "2025-06-01T10:00:00.000Z" });
  });

  it("serializes saves made at once in one process", async () => {
    const repo = createCheckResultsRepo(container());
    const outcomes = await Promise.all([
      repo.save(report("2025-06-01T09:00:00.000Z", [customer(1)])),
      repo.save(report("2025-06-01T10:00:00.000Z", [customer(1, { verdict: "Broken" })])),
    ]);
    expect(outcomes.map((o) => [o.status, o.restarts])).toEqual([
      ["saved", 0],
      ["saved", 0],
    ]);
    expect(await repo.latestForCustomer(tenant(1))).toMatchObject({ verdict: "Broken" });
  });
});
