/**
 * Sync benchmark (`npm run bench:sync`, issue 8). Three kinds of processes, so that what is measured is only the sync:
 * the simulator (`sim/cli.ts`) with a generated scenario — most tenants small, a few of 10,000–20,000 devices — page
 * latency, Microsoft's limits and 2% transient faults; the embedded Cosmos (`bench/sync.cosmos.ts`, which also counts
 * the requests it serves); and one worker per phase (this file with `--worker`): the product's sync (createIntuneSync)
 * and nothing else.
 *
 * Phases: main (BENCH_TENANTS, default 500, with faults; then a second run over unchanged data: resyncWritePct),
 * naive (a sample — the biggest tenant and 10 small ones — the naive way: one tenant after another, the Graph SDK's
 * paging, one upsert per item; extrapolated to the whole workload in proportion to devices + a fixed per-tenant share,
 * printed), rss100 and rss1000 (peak RSS of the worker syncing 100 and 1,000 small tenants).
 * Prints where the time went (tenant durations, start offsets, Cosmos requests by container and operation, CPU of each
 * process, load average), then as its LAST line one JSON object with exactly
 * {wallMs, boundMs, ratio, naiveMs, speedup, rssMb100, rssMb1000, resyncWritePct, countsMatch}. boundMs is the lower
 * bound from the simulator's counters: the longest chain of sequential pages × latency, and requests ÷ rate per
 * throttled scope. Exits 0 when it ran to the end, whatever the figures.
 *
 * BENCH_TENANTS, BENCH_LATENCY_MS (default 200 per request, ±50 jitter), BENCH_BIG ("10000,15000,20000"),
 * BENCH_SMALL_DEVICES (20), BENCH_SKIP (comma list of phases to skip: naive,rss100,rss1000), BENCH_WORKER_ARGS /
 * BENCH_COSMOS_ARGS / BENCH_SIM_ARGS (node flags, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import path from "node:path";
import { build } from "esbuild";
import { Agent, fetch } from "undici";
import type { ScenarioInput } from "../sim/scenario/schema";
import { generatedTenantId } from "../sim/scenario/generate";
import { readyFileOf, startSimProcess } from "./lib/simProcess";
import { systemClock } from "../src/clock";
import { createGraphClient } from "../src/graph/client";
import { closeMicrosoftNetwork } from "../src/graph/network";
import { appTokenProvider, createTokenBroker } from "../src/graph/tokens";
import { createLogger } from "../src/log/logger";
import { createCosmosClient, disposeCosmosClient, ensureStore, type Store } from "../src/store/cosmos";
import { createInventoryRepo, type InventoryKind } from "../src/store/inventoryRepo";
import { createIntuneSync } from "../src/sync/createSync";
import { INTUNE_RESOURCES, toItem } from "../src/sync/items";
import { PARTNER, PERMS, partnerWithLifecycleApp } from "../src/sync/testing/scenarioParts";

const APP = { clientId: "b1000000-0000-4000-8000-000000000001", clientSecret: "bench-sync-secret-0001" };
const SEED = 17;
const TENANTS = Number(process.env.BENCH_TENANTS ?? 500);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 200);
const JITTER = 50;
const BIG = (process.env.BENCH_BIG ?? "10000,15000,20000").split(",").map(Number).filter((n) => n > 0);
const SMALL = Number(process.env.BENCH_SMALL_DEVICES ?? 20);
const SKIP = new Set((process.env.BENCH_SKIP ?? "").split(",").filter(Boolean));
const GENERATED = Math.max(1000, TENANTS);
const APPS_PER_DEVICE = 10;
const CATALOGUE = 60;

const bigId = (i: number): string => `c1000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`;

function scenario(): ScenarioInput {
  return {
    name: "bench: sync",
    seed: SEED,
    partner: partnerWithLifecycleApp("Bench Partner", "benchpartner.onmicrosoft.com", APP),
    customers: BIG.map((devices, i) => ({
      tenantId: bigId(i),
      displayName: `Big ${i + 1}`,
      domain: `big${i + 1}.onmicrosoft.com`,
      consentedApps: [{ appId: APP.clientId, applicationPermissions: PERMS }],
      inventory: { generate: { devices, appsPerDevice: APPS_PER_DEVICE, appCatalogSize: CATALOGUE * 3, seed: 900 + i } },
    })),
    generatedCustomers: {
      count: GENERATED,
      consentedApps: [{ appId: APP.clientId, applicationPermissions: PERMS }],
      inventory: { devices: SMALL, appsPerDevice: APPS_PER_DEVICE, appCatalogSize: CATALOGUE },
    },
    throttling: { profile: "microsoft" },
    latency: { fixedMs: LATENCY, jitterMs: JITTER },
    faults: [{ service: "graph", path: "^/v1.0/(deviceManagement|organization|subscribedSkus)", kind: "status", status: 503, probability: 0.02 }],
  };
}

interface Ready {
  urls: Record<string, string>;
  caPem: string;
}
interface CosmosReady {
  endpoint: string;
  key: string;
  ca: string;
}
interface WorkerJob {
  mode: "fast" | "naive";
  cosmos: CosmosReady;
  databaseId: string;
  tenants: { tenantId: string; displayName: string }[];
  ready: Ready;
  caFile: string;
  resync: boolean;
  /** The embedded Cosmos's pid (its CPU during the first run, from /proc) and ready file (its request counts). */
  cosmosPid?: number;
  cosmosReadyFile?: string;
}
interface WorkerResult {
  wallMs: number;
  resyncMs?: number;
  maxRssMb: number;
  /** process.memoryUsage() when the sampled RSS peaked (MB): what the peak is made of. */
  memoryAtPeakMb?: Record<string, number>;
  docs: number;
  resyncWritten?: number;
  /** tenantId → [devices stored, apps stored, devices the run counted, apps counted, state] */
  perTenant: Record<string, [number, number, number, number, string]>;
  /** Where the time went: tenant durations (ms), attempts, start offsets from the run's start. */
  diag?: Record<string, number>;
  /** fast: the event loop's delay during the first run (ms): how long a ready callback waited. */
  loopDelayMs?: { p50: number; p99: number; max: number };
  /** fast: the Cosmos requests the sync made (both runs), by container and operation. */
  cosmosOps?: Record<string, number>;
  /** CPU this process spent (user + system), ms. */
  cpuMs?: number;
  /** naive: each tenant's wall time, ms. */
  tenantMs?: Record<string, number>;
  /** fast: the simulator's counters right after the first run (the bound is the first run's, not the resync's too). */
  counters?: CounterEntry[];
  /** fast: CPU (ms) each process spent during the first run alone: the floor it puts on wall time on this machine. */
  firstRunCpuMs?: { sync: number; syncKernel: number; cosmos: number; simulator: number };
}

/** CPU time (user + system, ms) of a child process from /proc (Linux); undefined elsewhere. */
function procCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    // utime and stime are fields 14 and 15 (1-based) of the whole line: 12 and 13 after "pid (comm) ".
    return Math.round(((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
  } catch {
    return undefined;
  }
}

function quantile(sorted: number[], q: number): number {
  return sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
}

/** The product's defaults unless BENCH_TENANT_CONCURRENCY / BENCH_REQUEST_CONCURRENCY say otherwise (tuning). */
function tuning(): { tenantConcurrency?: number; requestConcurrency?: number } {
  const t = Number(process.env.BENCH_TENANT_CONCURRENCY ?? "");
  const r = Number(process.env.BENCH_REQUEST_CONCURRENCY ?? "");
  return { ...(t > 0 ? { tenantConcurrency: t } : {}), ...(r > 0 ? { requestConcurrency: r } : {}) };
}

// ---- worker (a child process: the sync only; Cosmos and the simulator run in their own processes) ----------------

function inventoryCount(store: Store, tenantId: string, kind: InventoryKind): Promise<number> {
  return createInventoryRepo(store.containers.inventory).count(tenantId, kind);
}

async function worker(jobFile: string): Promise<void> {
  const job = JSON.parse(readFileSync(jobFile, "utf8")) as WorkerJob;
  const hosts = { loginUrl: job.ready.urls.login, graphUrl: job.ready.urls.graph, partnerCenterUrl: job.ready.urls.partnerCenter, defenderUrl: job.ready.urls.defender, caFile: job.caFile };
  const logger = createLogger({ level: "error" });
  const client = createCosmosClient(job.cosmos);
  const store = await ensureStore(client, job.databaseId);
  const tokens = createTokenBroker(hosts, { logger });
  let peak = 0;
  let atPeak: NodeJS.MemoryUsage | undefined;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > peak) [peak, atPeak] = [m.rss, m];
  }, 100);
  sample.unref();
  const out: WorkerResult = { wallMs: 0, maxRssMb: 0, docs: 0, perTenant: {} };
  /** The process's peak RSS so far (the kernel's high-water mark, not a sample), MB; stops the sampling of what it is made of. */
  const peakRssMb = (): number => {
    clearInterval(sample);
    if (atPeak) out.memoryAtPeakMb = Object.fromEntries(Object.entries(atPeak).map(([k, v]) => [k, Math.round(v / 1e5) / 10]));
    return Math.round(Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1e5) / 10;
  };
  if (job.mode === "fast") {
    const sync = createIntuneSync({ hosts, tokens, containers: store.containers, clock: systemClock, logger, credentials: () => Promise.resolve({ partnerTenantId: PARTNER, lifecycleApp: APP }), discover: () => Promise.resolve(job.tenants), progressIntervalMs: 5_000, ...tuning() });
    const cpuAt = async (): Promise<{ sync: number; syncKernel: number; cosmos: number; simulator: number }> => {
      const own = process.cpuUsage();
      return { sync: Math.round((own.user + own.system) / 1000), syncKernel: Math.round(own.system / 1000), cosmos: procCpuMs(job.cosmosPid) ?? 0, simulator: await simulatorCpuMs(job.ready) };
    };
    const cpu0 = await cpuAt();
    // How long callbacks waited for the event loop during the first run (a busy loop stretches every page's round trip).
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const t0 = Date.now();
    const first = await sync.service.startSync({ trigger: { kind: "manual", by: "bench" } });
    sync.service.onProgress((p) => process.stderr.write(`  ${Math.round((Date.now() - t0) / 1000)} s: ${JSON.stringify(p).slice(0, 160)}\n`));
    await sync.service.idle(first.runId);
    out.wallMs = Date.now() - t0;
    loopDelay.disable();
    out.loopDelayMs = { p50: Math.round(loopDelay.percentile(50) / 1e6), p99: Math.round(loopDelay.percentile(99) / 1e6), max: Math.round(loopDelay.max / 1e6) };
    // The sync's peak: taken when its run ends, before the checks below read the store back.
    out.maxRssMb = peakRssMb();
    const cpu1 = await cpuAt();
    out.firstRunCpuMs = { sync: cpu1.sync - cpu0.sync, syncKernel: cpu1.syncKernel - cpu0.syncKernel, cosmos: cpu1.cosmos - cpu0.cosmos, simulator: cpu1.simulator - cpu0.simulator };
    out.counters = ((await control(job.ready, "GET", "/counters")) as { entries: CounterEntry[] }).entries;
    const status = await sync.service.status(first.runId);
    const docs = await sync.runs.tenantRuns(first.runId);
    const runStart = Date.parse(status?.startedAt ?? new Date().toISOString());
    const durations = docs.map((d) => d.durationMs ?? 0).sort((a, b) => a - b);
    const starts = docs.map((d) => Date.parse(d.startedAt ?? status?.startedAt ?? "") - runStart).sort((a, b) => a - b);
    out.diag = {
      durP50: quantile(durations, 0.5),
      durP90: quantile(durations, 0.9),
      durMax: durations[durations.length - 1] ?? 0,
      durSum: durations.reduce((a, b) => a + b, 0),
      retried: docs.filter((d) => d.attempts > 1).length,
      lastStart: starts[starts.length - 1] ?? 0,
      startP50: quantile(starts, 0.5),
    };
    if (job.resync) {
      const t1 = Date.now();
      const second = await sync.service.startSync({ trigger: { kind: "schedule", by: "bench" } });
      await sync.service.idle(second.runId);
      out.resyncMs = Date.now() - t1;
      // What the second run wrote, from its checkpoints (a COUNT query scans every document on the emulator).
      out.resyncWritten = (await sync.runs.tenantRuns(second.runId)).reduce((n, d) => n + Object.values(d.resources).reduce((m, r) => m + r.written, 0), 0);
    }
    // What the sync asked of Cosmos (before the reads below that check what it stored).
    if (job.cosmosReadyFile !== undefined) out.cosmosOps = await cosmosCounts(job.cosmosPid, job.cosmosReadyFile);
    // What the first run counted and what is stored (a re-sync over unchanged data leaves it as it was).
    for (const t of status?.tenants ?? []) {
      out.perTenant[t.tenantId] = [await sync.inventory.count(t.tenantId, "device"), await sync.inventory.count(t.tenantId, "app"), t.devices, t.apps, t.state];
    }
  } else {
    // The naive way: one tenant after another, each resource through the SDK's paging, one upsert per item.
    const t0 = Date.now();
    out.tenantMs = {};
    for (const t of job.tenants) {
      const tStart = Date.now();
      const graph = createGraphClient(hosts, appTokenProvider(tokens, APP, t.tenantId, "graph"), { logger });
      let devices = 0;
      let apps = 0;
      for (const spec of INTUNE_RESOURCES) {
        for await (const page of graph.pages<unknown>(spec.path)) {
          for (const raw of page) {
            const item = toItem(spec, raw);
            if (!item) continue;
            await store.containers.inventory.items.upsert({ id: `${spec.kind}.${item.itemId}`, tenantId: t.tenantId, kind: spec.kind, data: item.data, hash: item.hash } as Record<string, unknown>);
            if (spec.kind === "device") devices++;
            if (spec.kind === "app") apps++;
          }
        }
      }
      out.perTenant[t.tenantId] = [devices, apps, devices, apps, "done"];
      out.tenantMs[t.tenantId] = Date.now() - tStart;
    }
    out.wallMs = Date.now() - t0;
    out.maxRssMb = peakRssMb();
  }
  // Items stored: the manifests' counts (point reads; a COUNT query would scan every document on the emulator).
  for (const t of job.tenants) for (const kind of ["organization", "sku", "device", "app"] as const) out.docs += await inventoryCount(store, t.tenantId, kind);
  // The Cosmos process keeps everything in memory: free it for the next phase.
  await store.database.delete();
  const cpu = process.cpuUsage();
  out.cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  disposeCosmosClient(client);
  await closeMicrosoftNetwork();
  // A large result on a pipe is written asynchronously: exit only once it is out.
  process.stdout.write(`${JSON.stringify(out)}\n`, () => process.exit(0));
}

// ---- orchestrator -------------------------------------------------------------------------------------------

/**
 * Each process runs compiled JavaScript, as production does (`node dist/src/index.js`), not through the tsx loader,
 * which adds ~70 MB of RSS (compiled sources and their source maps) and source-mapped stacks to every Error. The
 * entry is bundled with esbuild (packages left external, resolved from this repository's node_modules), once per run.
 */
const compiled = new Map<string, Promise<string>>();
function compile(entry: string): Promise<string> {
  let out = compiled.get(entry);
  if (!out) {
    const outfile = path.join(__dirname, "../node_modules/.cache/tenant-pilot-bench", `${path.basename(entry, ".ts")}.cjs`);
    out = build({ entryPoints: [entry], outfile, bundle: true, platform: "node", target: "node20", format: "cjs", packages: "external", logLevel: "warning" }).then(() => outfile);
    compiled.set(entry, out);
  }
  return out;
}

/**
 * The node flags production runs with: those of `npm run start:azure` (package.json), e.g. the heap budget
 * `--max-old-space-size`, so the sync is measured as deployed. Without it V8 sizes the heap from this machine's
 * memory and lets it grow to 4× what is live.
 */
function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, "../package.json"), "utf8")) as { scripts?: Record<string, string> };
  const words = (pkg.scripts?.["start:azure"] ?? "").split(/\s+/);
  return words.slice(words.indexOf("node") + 1).filter((w) => w.startsWith("--"));
}

async function runWorker(dir: string, name: string, job: WorkerJob): Promise<WorkerResult> {
  const jobFile = path.join(dir, `${name}.job.json`);
  writeFileSync(jobFile, JSON.stringify(job));
  const script = await compile(__filename);
  const flags = [...productionNodeFlags(), ...(process.env.BENCH_WORKER_ARGS ?? "").split(" ").filter(Boolean)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, script, "--worker", jobFile], { stdio: ["ignore", "pipe", "inherit"] });
    let text = "";
    child.stdout.on("data", (b: Buffer) => (text += b.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const last = text.trim().split("\n").pop() ?? "";
      try {
        resolve(JSON.parse(last) as WorkerResult);
      } catch {
        reject(new Error(`worker ${name} exited ${code} without a result`));
      }
    });
  });
}

/** The requests the embedded Cosmos process served since the last call, by container and operation. */
async function cosmosCounts(pid: number | undefined, readyFile: string): Promise<Record<string, number>> {
  if (pid === undefined) return {};
  const file = `${readyFile}.counts`;
  rmSync(file, { force: true });
  process.kill(pid, "SIGUSR2");
  const deadline = Date.now() + 10_000;
  while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, number>) : {};
}

/** The embedded Cosmos in its own process (bench/sync.cosmos.ts). */
async function startCosmos(dir: string): Promise<{ cosmos: CosmosReady; pid: number | undefined; readyFile: string; cpuMs: () => number | undefined; counts: () => Promise<Record<string, number>>; stop: () => Promise<void> }> {
  const readyFile = path.join(dir, "cosmos.json");
  const script = await compile(path.join(__dirname, "sync.cosmos.ts"));
  const child = spawn(process.execPath, [...(process.env.BENCH_COSMOS_ARGS ?? "").split(" ").filter(Boolean), script, readyFile], { stdio: ["ignore", "ignore", "inherit"] });
  await readyFileOf(child, readyFile, "the embedded Cosmos");
  return {
    cosmos: JSON.parse(readFileSync(readyFile, "utf8")) as CosmosReady,
    pid: child.pid,
    cpuMs: () => procCpuMs(child.pid),
    readyFile,
    counts: () => cosmosCounts(child.pid, readyFile),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** The simulator with the bench's scenario, compiled, in its own process; its CA in dir/ca.pem for the worker. */
async function startSim(dir: string): Promise<{ ready: Ready; caFile: string; stop: () => Promise<void> }> {
  const caFile = path.join(dir, "ca.pem");
  const sim = await startSimProcess<Ready>(dir, scenario(), { script: await compile(path.join(__dirname, "../sim/cli.ts")), args: ["--ca-file", caFile], nodeArgs: (process.env.BENCH_SIM_ARGS ?? "").split(" ").filter(Boolean) });
  writeFileSync(caFile, sim.ready.caPem);
  return { ready: sim.ready, caFile, stop: sim.stop };
}

interface CounterEntry {
  service: string;
  route: string;
  tenantId?: string;
  status: number;
  count: number;
}

async function control(ready: Ready, method: string, p: string, body?: unknown): Promise<unknown> {
  const dispatcher = new Agent({ connect: { ca: ready.caPem } });
  const res = await fetch(`${ready.urls.control}${p}`, { method, dispatcher, headers: { "content-type": "application/json" }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  await dispatcher.close();
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** CPU the simulator process spent so far (user + system, ms), from its control API. */
async function simulatorCpuMs(ready: Ready): Promise<number> {
  const c = ((await control(ready, "GET", "/health")) as { cpuMicros?: { user: number; system: number } }).cpuMicros;
  return Math.round(((c?.user ?? 0) + (c?.system ?? 0)) / 1000);
}

/** Requests by outcome (200, throttled 429, faults 5xx) and by service. */
function requestSummary(entries: CounterEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) {
    const k = `${e.service}.${e.status}`;
    out[k] = (out[k] ?? 0) + e.count;
  }
  return out;
}

/** The lower bound the counters give: the longest per-tenant chain of sequential pages × latency; requests ÷ rate per throttled scope. */
function lowerBound(entries: CounterEntry[]): { boundMs: number; chainMs: number; rateMs: number } {
  const pages = new Map<string, number>();
  const intunePerTenant = new Map<string, number>();
  let graph = 0;
  for (const e of entries) {
    if (e.service !== "graph" || e.status !== 200) continue;
    graph += e.count;
    const key = `${e.tenantId}|${e.route}`;
    pages.set(key, (pages.get(key) ?? 0) + e.count);
    if (e.route.includes("deviceManagement") && e.tenantId) intunePerTenant.set(e.tenantId, (intunePerTenant.get(e.tenantId) ?? 0) + e.count);
  }
  const chain = Math.max(0, ...pages.values());
  const chainMs = chain * LATENCY;
  const rateMs = Math.max((graph / 130_000) * 10_000, ...[...intunePerTenant.values()].map((n) => (n / 2_000) * 20_000));
  return { boundMs: Math.round(Math.max(chainMs, rateMs)), chainMs, rateMs: Math.round(rateMs) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tp-bench-sync-"));
  const sim = await startSim(dir);
  const db = await startCosmos(dir);
  try {
    const small = (n: number) => Array.from({ length: n }, (_, i) => ({ tenantId: generatedTenantId(SEED, i), displayName: `Customer ${i}` }));
    const big = BIG.map((_, i) => ({ tenantId: bigId(i), displayName: `Big ${i + 1}` }));
    const mainTenants = [...big, ...small(Math.max(0, TENANTS - big.length))];
    const expectedDevices = new Map<string, number>([...big.map((t, i) => [t.tenantId, BIG[i]] as const), ...small(GENERATED).map((t) => [t.tenantId, SMALL] as const)]);

    console.log(`worker: compiled, with production's node flags ${JSON.stringify(productionNodeFlags())} (npm run start:azure)${process.env.BENCH_WORKER_ARGS ? ` and ${process.env.BENCH_WORKER_ARGS}` : ""}`);
    console.log(`main: ${mainTenants.length} tenants (${BIG.join(", ")} devices in the big ones, ${SMALL} in the others), latency ${LATENCY}±${JITTER} ms, 2% 503s`);
    await control(sim.ready, "DELETE", "/counters");
    const job = { ready: sim.ready, caFile: sim.caFile, cosmos: db.cosmos };
    const cpu0 = { sim: await simulatorCpuMs(sim.ready), cosmos: db.cpuMs() ?? 0 };
    await db.counts();
    const m = await runWorker(dir, "main", { ...job, databaseId: "main", mode: "fast", tenants: mainTenants, resync: true, cosmosReadyFile: db.readyFile, ...(db.pid !== undefined ? { cosmosPid: db.pid } : {}) });
    const firstCpu = m.firstRunCpuMs;
    if (firstCpu) {
      const total = firstCpu.sync + firstCpu.cosmos + firstCpu.simulator;
      console.log(`main: CPU ms of the first run: sync ${firstCpu.sync} (${firstCpu.syncKernel} of it in the kernel), cosmos ${firstCpu.cosmos}, simulator ${firstCpu.simulator}; ${total} over ${os.cpus().length} cores is a floor of ${Math.round(total / os.cpus().length)} ms of wall time here (the sync alone, one thread: ${firstCpu.sync} ms)`);
    }
    const counters = { entries: m.counters ?? [] };
    const bound = lowerBound(counters.entries);
    const countsMatch = mainTenants.every((t) => {
      const r = m.perTenant[t.tenantId];
      return r !== undefined && r[4] === "done" && r[0] === expectedDevices.get(t.tenantId) && r[0] === r[2] && r[1] === r[3];
    });
    console.log(`main: ${m.wallMs} ms, ${m.docs} documents, bound ${bound.boundMs} ms (chain ${bound.chainMs}, rate ${bound.rateMs}); resync ${m.resyncMs} ms, ${m.resyncWritten} written`);
    console.log(`main: event loop delay during the first run ${JSON.stringify(m.loopDelayMs ?? {})} ms`);
    console.log(`main: where the time went ${JSON.stringify(m.diag)}; requests ${JSON.stringify(requestSummary(counters.entries))}`);
    const cosmosOps = m.cosmosOps ?? {};
    const opsTotal = Object.values(cosmosOps).reduce((a, b) => a + b, 0);
    console.log(`main: Cosmos requests of the sync (both runs) ${opsTotal}, ${Math.round(opsTotal / mainTenants.length)} per tenant: ${JSON.stringify(cosmosOps)}`);
    console.log(`main: CPU ms (both runs) sync ${m.cpuMs}, cosmos ${(db.cpuMs() ?? 0) - cpu0.cosmos}, simulator ${(await simulatorCpuMs(sim.ready)) - cpu0.sim}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} cores`);

    let naiveMs: number | undefined;
    if (!SKIP.has("naive")) {
      // A sample the naive way (the biggest tenant and 10 small ones), extrapolated to the whole workload by devices.
      const sample = [big[0], ...small(10)].filter((t) => t !== undefined);
      const n = await runWorker(dir, "naive", { ...job, databaseId: "naive", mode: "naive", tenants: sample, resync: false });
      // Extrapolated per kind of tenant: the big ones by devices (the sampled big tenant's ms per device: its upserts
      // dominate), the small ones by count (their mean: their sequential requests dominate).
      const ms = n.tenantMs ?? {};
      const bigSample = big[0];
      const bigMsPerDevice = bigSample ? (ms[bigSample.tenantId] ?? 0) / (expectedDevices.get(bigSample.tenantId) ?? 1) : 0;
      const smallSampled = sample.filter((t) => t !== bigSample).map((t) => ms[t.tenantId] ?? 0);
      const smallMean = smallSampled.reduce((a, b) => a + b, 0) / Math.max(1, smallSampled.length);
      const bigDevices = big.reduce((sum, t) => sum + (expectedDevices.get(t.tenantId) ?? 0), 0);
      const smallCount = mainTenants.length - big.length;
      naiveMs = Math.round(bigDevices * bigMsPerDevice + smallCount * smallMean);
      console.log(`naive: big tenant ${bigMsPerDevice.toFixed(2)} ms/device × ${bigDevices} devices + small tenant mean ${Math.round(smallMean)} ms × ${smallCount} tenants`);
      console.log(`naive: sample of ${sample.length} tenants in ${n.wallMs} ms, extrapolated to ${naiveMs} ms`);
    }
    const rss = async (n: number): Promise<number | undefined> => {
      if (SKIP.has(`rss${n}`)) return undefined;
      try {
        const r = await runWorker(dir, `rss${n}`, { ...job, databaseId: `rss${n}`, mode: "fast", tenants: small(n), resync: false });
        console.log(`rss${n}: ${r.maxRssMb} MB peak, ${r.wallMs} ms; at the peak ${JSON.stringify(r.memoryAtPeakMb ?? {})}`);
        return r.maxRssMb;
      } catch (e) {
        console.log(`rss${n}: failed (${e instanceof Error ? e.message : "?"})`);
        return undefined;
      }
    };
    const rssMb100 = await rss(100);
    const rssMb1000 = await rss(1000);
    const result = {
      wallMs: m.wallMs,
      boundMs: bound.boundMs,
      ratio: Math.round((m.wallMs / Math.max(1, bound.boundMs)) * 100) / 100,
      naiveMs: naiveMs ?? null,
      speedup: naiveMs !== undefined ? Math.round((naiveMs / m.wallMs) * 10) / 10 : null,
      rssMb100: rssMb100 ?? null,
      rssMb1000: rssMb1000 ?? null,
      resyncWritePct: Math.round(((m.resyncWritten ?? 0) / Math.max(1, m.docs)) * 10_000) / 100,
      countsMatch,
    };
    console.log(`details: ${JSON.stringify({ tenants: mainTenants.length, documents: m.docs, rssMbMain: m.maxRssMb, resyncMs: m.resyncMs ?? null, chainMs: bound.chainMs, rateMs: bound.rateMs, firstRunCpuMs: m.firstRunCpuMs ?? null })}`);
    console.log(JSON.stringify(result));
  } finally {
    await db.stop();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--worker") {
  worker(process.argv[3] ?? "").catch((e: unknown) => {
    console.error(e instanceof Error ? `${e.name}: ${e.stack?.split("\n").slice(0, 14).join(" | ") ?? ""}` : "worker failed");
    process.exit(1);
  });
} else {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : "bench failed");
      process.exit(1);
    },
  );
}
