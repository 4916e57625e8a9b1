/**
 * The scheduler on the embedded Cosmos (real leases), the injected clock and ticks: a slot runs once across two
 * instances, a clock jump runs the latest slot once, a crashed holder's slot is taken over, a failing job is not
 * retried, a new schedule takes effect at its next slot, timers run it unattended and stop cleanly.
 */
import { randomUUID } from "node:crypto";
import { manualClock } from "../clock";
import { createLogger } from "../log/logger";
import { createLeaseRepo, type LeaseRepo } from "../store/leases";
import { useTestCosmos } from "../../test/helpers/cosmos";
import { createScheduler, slotLeaseId, type SchedulerDeps } from "./scheduler";

const lines: string[] = [];
/** A job body that records synchronously. */
const record = (_: unknown): Promise<void> => Promise.resolve();
const logger = createLogger({ level: "debug", sink: (_l, line) => lines.push(line) });

describe("scheduler (embedded Cosmos leases)", () => {
  const cosmos = useTestCosmos();

  const setup = (start = "2026-12-02T01:59:00Z") => {
    const clock = manualClock(start);
    const leases: LeaseRepo = createLeaseRepo(cosmos.store.containers.leases, { now: () => clock.now().getTime() });
    const make = (instanceId: string, extra: Partial<SchedulerDeps> = {}) => createScheduler({ clock, leases, logger, instanceId, ...extra });
    return { clock, leases, make, jobId: `test.${randomUUID().slice(0, 8)}` };
  };

  test("two instances, one slot: the job runs once, for the slot's planned time", async () => {
    const { clock, make, jobId, leases } = setup();
    const runs: { by: string; slot: string }[] = [];
    const a = make("A");
    const b = make("B");
    for (const [name, s] of [["A", a], ["B", b]] as const) {
      s.set({ id: jobId, schedule: { cron: "0 2 * * *", timeZone: "UTC" }, run: (slot) => record(runs.push({ by: name, slot: slot.toISOString() })) });
    }
    expect(a.next(jobId)?.toISOString()).toBe("2026-12-02T02:00:00.000Z");
    await Promise.all([a.tick(), b.tick()]);
    expect(runs).toEqual([]);
    clock.advance(90_000);
    await Promise.all([a.tick(), b.tick()]);
    await Promise.all([a.tick(), b.tick()]);
    expect(runs.map((r) => r.slot)).toEqual(["2026-12-02T02:00:00.000Z"]);
    const lease = await leases.read(slotLeaseId(jobId, new Date("2026-12-02T02:00:00Z")));
    expect(lease?.owner).toBe(runs[0]?.by);
    // Done: held for 30 days, nobody else claims it.
    expect((lease?.expiresAt ?? 0) - clock.now().getTime()).toBeGreaterThan(29 * 24 * 3_600_000);
    expect(a.next(jobId)?.toISOString()).toBe("2026-12-03T02:00:00.000Z");
  });

  test("a clock jump of a week runs the latest slot once, not once per missed slot", async () => {
    const { clock, make, jobId } = setup();
    const slots: string[] = [];
    const s = make("A");
    s.set({ id: jobId, schedule: { cron: "0 2 * * *", timeZone: "UTC" }, run: (slot) => record(slots.push(slot.toISOString())) });
    clock.advance(7 * 24 * 3_600_000 + 120_000);
    await s.tick();
    await s.tick();
    expect(slots).toEqual(["2026-12-09T02:00:00.000Z"]);
  });

  test("a job added now owes nothing from before; a clock moved back owes nothing until a new slot passes", async () => {
    const { clock, make, jobId } = setup("2026-12-02T02:30:00Z");
    const slots: string[] = [];
    const s = make("A");
    s.set({ id: jobId, schedule: { cron: "0 2 * * *", timeZone: "UTC" }, run: (slot) => record(slots.push(slot.toISOString())) });
    await s.tick();
    expect(slots).toEqual([]);
    clock.set("2026-12-02T01:00:00Z");
    await s.tick();
    expect(slots).toEqual([]);
    clock.set("2026-12-02T02:00:01Z");
    await s.tick();
    // The 02:00 slot had already been passed once before the clock went back, but nobody ran it: it runs now.
    expect(slots).toEqual(["2026-12-02T02:00:00.000Z"]);
  });

  test("the holder crashed mid-run: once its lease expires, the other instance takes the slot over", async () => {
    const { clock, make, jobId, leases } = setup();
    const slot = new Date("2026-12-02T02:00:00Z");
    // A "crashed" instance claimed the slot and never renewed it.
    clock.set("2026-12-02T02:00:00Z");
    const crashed = await leases.claim(slotLeaseId(jobId, slot), "crashed", 120_000);
    expect(crashed?.fence).toBe(1);
    clock.set("2026-12-02T01:59:00Z");
    const slots: string[] = [];
    const b = make("B", { runLeaseTtlMs: 120_000 });
    b.set({ id: jobId, schedule: { cron: "0 2 * * *", timeZone: "UTC" }, run: (s) => record(slots.push(s.toISOString())) });
    clock.set("2026-12-02T02:00:30Z");
    await b.tick();
    expect(slots).toEqual([]);
    clock.set("2026-12-02T02:01:30Z");
    await b.tick();
    expect(slots).toEqual([]);
    clock.set("2026-12-02T02:02:01Z");
    await b.tick();
    expect(slots).toEqual(["2026-12-02T02:00:00.000Z"]);
    expect(await leases.read(slotLeaseId(jobId, slot))).toMatchObject({ owner: "B", fence: 2 });
  });

  test("a failing job is logged without its message and its slot is not retried", async () => {
    const { clock, make, jobId } = setup();
    let calls = 0;
    const s = make("A");
    s.set({
      id: jobId,
      schedule: { cron: "* * * * *", timeZone: "UTC" },
      run: () => {
        calls++;
        return Promise.reject(new Error("secret detail"));
      },
    });
    clock.advance(60_000);
    await s.tick();
    await s.tick();
    expect(calls).toBe(1);
    const failed = lines.filter((l) => l.includes("scheduled job failed") && l.includes(jobId));
    expect(failed).toHaveLength(1);
    expect(failed[0]).not.toContain("secret detail");
  });

  test("a new schedule takes effect at its next slot; an invalid one is refused; remove stops it", async () => {
    const { clock, make, jobId } = setup("2026-12-02T01:00:00Z");
    const slots: string[] = [];
    const s = make("A");
    const job = (cron: string, timeZone = "UTC") => ({ id: jobId, schedule: { cron, timeZone }, run: (slot: Date) => record(slots.push(slot.toISOString())) });
    s.set(job("0 2 * * *"));
    s.set(job("0 3 * * *", "Europe/Amsterdam"));
    expect(s.next(jobId)?.toISOString()).toBe("2026-12-02T02:00:00.000Z");
    expect(() => s.set(job("0 25 * * *"))).toThrow(/not a valid hour/);
    expect(() => s.set(job("0 3 * * *", "Nowhere/City"))).toThrow(/time zone/);
    clock.set("2026-12-02T02:30:00Z");
    await s.tick();
    expect(slots).toEqual(["2026-12-02T02:00:00.000Z"]);
    expect(s.jobs()).toEqual([jobId]);
    s.remove(jobId);
    expect(s.next(jobId)).toBeUndefined();
    clock.set("2026-12-03T02:30:00Z");
    await s.tick();
    expect(slots).toHaveLength(1);
  });

  test("started, its timer runs a due slot unattended (the clock moved); stop clears it", async () => {
    const { clock, make, jobId } = setup("2026-12-02T01:59:59Z");
    const s = make("A", { maxSleepMs: 20 });
    let resolveRan: (slot: string) => void = () => undefined;
    const ran = new Promise<string>((r) => (resolveRan = r));
    s.set({ id: jobId, schedule: { cron: "0 2 * * *", timeZone: "UTC" }, run: (slot) => record(resolveRan(slot.toISOString())) });
    s.start();
    clock.set("2026-12-02T02:00:05Z");
    await expect(ran).resolves.toBe("2026-12-02T02:00:00.000Z");
    await s.stop();
  });
});
