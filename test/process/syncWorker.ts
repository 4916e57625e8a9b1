/**
 * TEST-ONLY worker, a real process (`node --import tsx test/process/syncWorker.ts`): builds the sync the way the
 * product does (createIntuneSync) against the simulator and the Cosmos endpoint the test gives in TP_WORKER_JOB (JSON),
 * and talks back in JSON lines on stdout.
 *
 * mode "sync": joins the active run (resume) or starts one; prints {"event":"run","runId"} then, once this process's
 *   work on it is over, {"event":"idle","runId"} and exits 0. With `holdUntilGo`, each tenant it claims waits for a
 *   line "go" on stdin before its work starts (a barrier: the test decides when this process may go on).
 * mode "schedule": the sync's schedule (src/sync/syncSchedule.ts) on the real scheduler, with a manual clock at
 *   `clockStart`; prints {"event":"ready"}, waits for a line "go" on stdin (a barrier: both processes look at the
 *   clock together), moves the clock to `clockAt`, ticks, prints {"event":"ticked","started":[runIds]} after any
 *   run it started or joined is over, and exits 0.
 */
import { createInterface } from "node:readline";
import { manualClock, systemClock } from "../../src/clock";
import { createTokenBroker } from "../../src/graph/tokens";
import { closeMicrosoftNetwork } from "../../src/graph/network";
import { createLogger } from "../../src/log/logger";
import { createScheduler } from "../../src/schedule/scheduler";
import { createCosmosClient, disposeCosmosClient, ensureStore } from "../../src/store/cosmos";
import { createLeaseRepo } from "../../src/store/leases";
import { createIntuneSync } from "../../src/sync/createSync";
import type { TenantWork } from "../../src/sync/intuneTenant";
import { createSyncSchedule } from "../../src/sync/syncSchedule";
import type { WorkerJob } from "./workers";

function say(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

async function main(): Promise<void> {
  const job = JSON.parse(process.env.TP_WORKER_JOB ?? "{}") as WorkerJob;
  const logger = createLogger({ level: process.env.SYNC_TEST_LOG ? "debug" : "error", bindings: { instance: job.instanceId } });
  const client = createCosmosClient(job.cosmos);
  const store = await ensureStore(client, job.databaseId);
  const tokens = createTokenBroker(job.hosts, { logger });
  const manual = manualClock(job.clockStart ?? new Date());
  const clock = job.mode === "schedule" ? manual : systemClock;
  let go: Promise<void> | undefined;
  if (job.mode === "sync" && job.holdUntilGo === true) {
    const lines = createInterface({ input: process.stdin });
    go = new Promise<void>((resolve) => {
      lines.on("line", (line) => {
        if (line.trim() !== "go") return;
        lines.close();
        resolve();
      });
    });
  }
  const held = go;
  const sync = createIntuneSync({
    hosts: job.hosts,
    tokens,
    containers: store.containers,
    clock,
    logger,
    instanceId: job.instanceId,
    credentials: () => Promise.resolve({ partnerTenantId: job.partnerTenantId, lifecycleApp: job.app, partnerCenterApp: job.app }),
    discover: () => Promise.resolve(job.tenants),
    pollMs: 25,
    leaseTtlMs: job.leaseTtlMs ?? 2_000,
    progressIntervalMs: 0,
    ...(job.tenantConcurrency !== undefined ? { tenantConcurrency: job.tenantConcurrency } : {}),
    ...(held
      ? {
          wrapWork: (work: TenantWork): TenantWork =>
            async (ctx) => {
              await held;
              return work(ctx);
            },
        }
      : {}),
  });
  if (job.mode === "sync") {
    const runId = (await sync.service.resume()) ?? (await sync.service.startSync({ trigger: { kind: "manual", by: job.instanceId } })).runId;
    say({ event: "run", runId });
    await sync.service.idle(runId);
    say({ event: "idle", runId });
  } else {
    const leases = createLeaseRepo(store.containers.leases, { now: () => clock.now().getTime() });
    const scheduler = createScheduler({ clock, leases, logger, instanceId: job.instanceId });
    const started: string[] = [];
    const service = sync.service;
    const schedule = createSyncSchedule({
      container: store.containers.settings,
      scheduler,
      sync: {
        startSync: async (req) => {
          const r = await service.startSync(req);
          started.push(r.runId);
          return r;
        },
      },
      clock,
      logger,
    });
    await schedule.start();
    await scheduler.tick();
    say({ event: "ready", next: schedule.next()?.toISOString() });
    const lines = createInterface({ input: process.stdin });
    for await (const line of lines) if (line.trim() === "go") break;
    lines.close();
    if (job.clockAt !== undefined) manual.set(job.clockAt);
    await scheduler.tick();
    for (const id of started) await service.idle(id);
    schedule.stop();
    await scheduler.stop();
    say({ event: "ticked", started });
  }
  await sync.service.stop();
  disposeCosmosClient(client);
  await closeMicrosoftNetwork();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`worker failed: ${e instanceof Error ? e.name : "unknown"}\n`);
    process.exit(1);
  },
);
