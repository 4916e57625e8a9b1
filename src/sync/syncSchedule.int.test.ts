/**
 * The sync's schedule on the embedded Cosmos with the real scheduler and leases: nightly default, `set` validated and
 * persisted (effective at the next slot), a slot starts a run with trigger "schedule", a change made on another
 * instance is followed and a stale slot does nothing, `disable`.
 */
import { manualClock } from "../clock";
import { createLogger } from "../log/logger";
import { createScheduler } from "../schedule/scheduler";
import { createLeaseRepo } from "../store/leases";
import { useTestCosmos } from "../../test/helpers/cosmos";
import type { StartRequest, StartResult } from "./service";
import { createSyncSchedule, DEFAULT_SYNC_SCHEDULE } from "./syncSchedule";

const logger = createLogger({ level: "error", sink: () => undefined });

describe("sync schedule (embedded Cosmos)", () => {
  const cosmos = useTestCosmos();

  test("default nightly, set + persist + next slot, a slot starts a scheduled run, another instance follows, disable", async () => {
    const clock = manualClock("2026-12-02T01:00:00Z");
    const leases = createLeaseRepo(cosmos.store.containers.leases, { now: () => clock.now().getTime() });
    const started: { instance: string; req: StartRequest }[] = [];
    const instance = (name: string) => {
      const scheduler = createScheduler({ clock, leases, logger, instanceId: name });
      const sync = {
        startSync: (req: StartRequest): Promise<StartResult> => {
          started.push({ instance: name, req });
          return Promise.resolve({ runId: `run-${started.length}`, alreadyRunning: false });
        },
      };
      return { scheduler, schedule: createSyncSchedule({ container: cosmos.store.containers.settings, scheduler, sync, clock, logger }) };
    };
    const a = instance("A");
    const b = instance("B");
    await a.schedule.start();
    await b.schedule.start();

    const initial = await a.schedule.get();
    expect(initial).toMatchObject({ ...DEFAULT_SYNC_SCHEDULE, enabled: true, isDefault: true });
    expect(initial.next?.toISOString()).toBe("2026-12-02T02:00:00.000Z");

    // Bad input: a message, nothing stored.
    expect(await a.schedule.set({ cron: "0 25 * * *" })).toEqual({ ok: false, error: expect.stringContaining("not a valid hour") });
    expect(await a.schedule.set({ cron: "0 3 * * *", timeZone: "Moon/Base" })).toMatchObject({ ok: false, error: expect.stringContaining("IANA time zone") as unknown });
    expect((await a.schedule.get()).isDefault).toBe(true);

    // Set on A: effective at once on A (03:00 Amsterdam = 02:00Z), B still has the old one until it refreshes.
    const set = await a.schedule.set({ cron: "0 3 * * *", timeZone: "Europe/Amsterdam" }, "alice@contoso.com");
    expect(set).toMatchObject({ ok: true, schedule: { cron: "0 3 * * *", timeZone: "Europe/Amsterdam", isDefault: false, updatedBy: "alice@contoso.com" } });
    expect(a.schedule.next()?.toISOString()).toBe("2026-12-02T02:00:00.000Z");

    // 02:00Z: both instances tick. B's stale job (02:00 UTC) claims its own slot lease but sees the change and does
    // nothing; A's new job runs once.
    clock.set("2026-12-02T02:00:30Z");
    await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    expect(started).toEqual([{ instance: "A", req: { trigger: { kind: "schedule", by: "2026-12-02T02:00:00.000Z" } } }]);
    expect(b.schedule.next()?.toISOString()).toBe("2026-12-03T02:00:00.000Z");

    // Persisted: a third instance reads it.
    const c = instance("C");
    await c.schedule.start();
    expect(await c.schedule.get()).toMatchObject({ cron: "0 3 * * *", timeZone: "Europe/Amsterdam" });

    // Next night: three instances, one run.
    clock.set("2026-12-03T02:00:10Z");
    await Promise.all([a.scheduler.tick(), b.scheduler.tick(), c.scheduler.tick()]);
    expect(started).toHaveLength(2);

    // Disabled: nothing runs, next is undefined.
    const off = await a.schedule.disable("bob@contoso.com");
    expect(off).toMatchObject({ enabled: false, cron: "0 3 * * *" });
    expect(off.next).toBeUndefined();
    await b.schedule.refresh();
    await c.schedule.refresh();
    clock.set("2026-12-04T02:00:10Z");
    await Promise.all([a.scheduler.tick(), b.scheduler.tick(), c.scheduler.tick()]);
    expect(started).toHaveLength(2);
    for (const x of [a, b, c]) {
      x.schedule.stop();
      await x.scheduler.stop();
    }
  });
});
