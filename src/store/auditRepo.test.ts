import { useTestCosmos } from "../../test/helpers/cosmos";
import { manualClock } from "../clock";
import { auditMonth, createAuditRepo, previousMonth } from "./auditRepo";

describe("audit months (pure)", () => {
  it.each([
    ["2026-12-02T07:00:00Z", "2026-12"],
    ["2026-01-01T00:00:00Z", "2026-01"],
    ["2025-12-31T23:59:59.999Z", "2025-12"],
  ])("auditMonth(%s) = %s", (at, month) => expect(auditMonth(new Date(at))).toBe(month));
  it.each([
    ["2026-12", "2026-11"],
    ["2026-01", "2025-12"],
    ["2026-10", "2026-09"],
  ])("previousMonth(%s) = %s", (m, prev) => expect(previousMonth(m)).toBe(prev));
});

describe("audit repo (embedded Cosmos)", () => {
  const cosmos = useTestCosmos();

  it("records entries and reads the newest first, across months, within the limit", async () => {
    const clock = manualClock("2026-11-30T23:59:00Z");
    const repo = createAuditRepo(cosmos.store.containers.audit, { clock });
    const who = { name: "Alice", aadObjectId: "0a000000-0000-4000-8000-000000000002", userId: "29:alice" };
    await repo.record({ who, action: "setup.verify", target: "m365.1", outcome: "done", correlationId: "c1" });
    clock.advance(30_000);
    await repo.record({ who, action: "setup.saveMem", outcome: "failed", reason: "error", correlationId: "c2" });
    clock.set("2026-12-01T00:00:30Z");
    await repo.record({ who: { userId: "29:bob", name: "Bob" }, action: "setup.verify", outcome: "refused", reason: "notAdmin", details: { step: 2 } });
    clock.advance(1000);
    await repo.record({ who, action: "setup.next", outcome: "done" });

    const all = await repo.recent({ limit: 10 });
    expect(all.map((e) => [e.action, e.outcome])).toEqual([
      ["setup.next", "done"],
      ["setup.verify", "refused"],
      ["setup.saveMem", "failed"],
      ["setup.verify", "done"],
    ]);
    expect(all[1]).toEqual({ at: "2026-12-01T00:00:30.000Z", who: { userId: "29:bob", name: "Bob" }, action: "setup.verify", outcome: "refused", reason: "notAdmin", details: { step: 2 } });
    expect((await repo.recent({ limit: 2 })).map((e) => e.action)).toEqual(["setup.next", "setup.verify"]);
    expect(await repo.recent({ limit: 10, months: 1 })).toHaveLength(2);

    // Documents live in their month's partition.
    const { resources } = await cosmos.store.containers.audit.items.query<{ month: string }>("SELECT c.month FROM c").fetchAll();
    expect(resources.map((r) => r.month).sort()).toEqual(["2026-11", "2026-11", "2026-12", "2026-12"]);
  });

  it("refuses an entry that does not fit the schema (no action) before writing", async () => {
    const repo = createAuditRepo(cosmos.store.containers.audit, { clock: manualClock("2030-01-01T00:00:00Z") });
    await expect(repo.record({ who: { userId: "u" }, action: "", outcome: "done" })).rejects.toThrow();
    expect(await repo.recent()).toEqual([]);
  });
});
