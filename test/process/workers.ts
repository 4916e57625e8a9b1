/**
 * TEST-ONLY: real worker processes for the sync (./syncWorker.ts), spawned with `node --import tsx`, configured by
 * env (TP_WORKER_JOB), read back as JSON lines on stdout. The test owns the simulator and the embedded Cosmos.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import type { MicrosoftHosts } from "../../src/config";
import type { AppCredentials } from "../../src/graph/tokens";
import type { Store } from "../../src/store/cosmos";
import type { PlannedTenant } from "../../src/sync/plan";
import { APP, PARTNER, type SyncHarness } from "../../src/sync/testing/harness";

export interface WorkerJob {
  mode: "sync" | "schedule";
  instanceId: string;
  hosts: MicrosoftHosts;
  cosmos: { endpoint: string; key: string; ca: string };
  databaseId: string;
  partnerTenantId: string;
  app: AppCredentials;
  tenants: PlannedTenant[];
  leaseTtlMs?: number;
  tenantConcurrency?: number;
  /** sync mode: every tenant's work waits for a line "go" on stdin (the process claims tenants and holds them). */
  holdUntilGo?: boolean;
  /** schedule mode: the manual clock's start and where "go" moves it. */
  clockStart?: string;
  clockAt?: string;
}

export interface Worker {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the first event named `name` (rejects if the process exits first). */
  next(name: string): Promise<Record<string, unknown>>;
  send(line: string): void;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  stderr(): string;
}

const WORKER = path.join(__dirname, "syncWorker.ts");

export function startWorker(job: WorkerJob): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER], {
    env: { ...process.env, TP_WORKER_JOB: JSON.stringify(job) },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const events: Record<string, unknown>[] = [];
  const waiters: { name: string; resolve: (e: Record<string, unknown>) => void; reject: (e: Error) => void }[] = [];
  let err = "";
  child.stderr.on("data", (b: Buffer) => (err += b.toString()));
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  void exited.then((code) => {
    for (const w of waiters.splice(0)) w.reject(new Error(`worker ${job.instanceId} exited (${code}) before "${w.name}": ${err.slice(-500)}`));
  });
  createInterface({ input: child.stdout }).on("line", (line) => {
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    events.push(e);
    for (const w of [...waiters]) {
      if (w.name === e.event) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
    }
  });
  return {
    child,
    next: (name) => {
      const seen = events.find((e) => e.event === name);
      if (seen) return Promise.resolve(seen);
      if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(new Error(`worker ${job.instanceId} already exited`));
      return new Promise((resolve, reject) => waiters.push({ name, resolve, reject }));
    },
    send: (line) => child.stdin.write(`${line}\n`),
    exited,
    stderr: () => err,
  };
}

/** Polls `probe` until it returns a value (what cannot be an event: state seen in Cosmos), within `timeoutMs`. */
export async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** What a test's worker jobs set themselves; the rest comes from the harness (see workerJobs). */
export type JobSpec = Omit<WorkerJob, "instanceId" | "hosts" | "cosmos" | "databaseId" | "partnerTenantId" | "app">;

/** The jobs of a test's workers, by instance id: `spec` on the harness's simulator and Cosmos, `store`'s database, PARTNER and APP. */
export function workerJobs(h: SyncHarness, store: Store, spec: JobSpec): (instanceId: string) => WorkerJob {
  return (instanceId) => ({
    instanceId,
    hosts: h.hosts,
    cosmos: h.cosmos.connection,
    databaseId: store.database.id,
    partnerTenantId: PARTNER,
    app: APP,
    ...spec,
  });
}
