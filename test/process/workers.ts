/**
 * TEST-ONLY: real worker processes for the sync (./syncWorker.ts), spawned with `node --import tsx`, configured by
 * env (TP_WORKER_JOB), read back as JSON lines on stdout. The test owns the simulator and the embedded Cosmos.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import type { MicrosoftHosts } from "../../src/config";
import { createGraphClient } from "../../src/graph/client";
import { appTokenProvider, type AppCredentials, type TokenBroker } from "../../src/graph/tokens";
import type { Logger } from "../../src/log/logger";
import type { InventoryKind } from "../../src/store/inventoryRepo";
import { INTUNE_RESOURCES, toItem } from "../../src/sync/items";
import { readAllPages } from "../../src/sync/pager";
import type { PlannedTenant } from "../../src/sync/plan";

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

/** What the simulator serves for a tenant's resource, as the sync stores it (itemId → hash). */
export async function served(h: { hosts: MicrosoftHosts; tokens: TokenBroker; logger: Logger }, app: AppCredentials, tenantId: string, kind: InventoryKind): Promise<Map<string, string>> {
  const spec = INTUNE_RESOURCES.find((r) => r.kind === kind);
  if (!spec) throw new Error(kind);
  const graph = createGraphClient(h.hosts, appTokenProvider(h.tokens, app, tenantId, "graph"), { logger: h.logger });
  const out = new Map<string, string>();
  await readAllPages((u) => graph.get(u), spec.path, (items) => {
    for (const raw of items) {
      const item = toItem(spec, raw);
      if (item) out.set(item.itemId, item.hash);
    }
    return Promise.resolve();
  });
  return out;
}
