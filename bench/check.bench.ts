/**
 * Check benchmark (`npm run bench:check`, script added by the lead): readPartnerSnapshot — every read `check` needs —
 * over a generated partner with 500 customers (BENCH_CUSTOMERS) at 50 ms simulator latency (BENCH_LATENCY_MS) with
 * Microsoft's throttling on. The simulator runs in its own process (`sim/cli.ts`, as `npm run sim` does), the product's
 * real clients (src/graph tokens / client) in this one.
 *
 * Lower bound from the requests made (simulator counters):
 *  - chain: the longest run of requests that must follow one another = the partner-tenant token + relationship pages +
 *    the access-assignment $batch (2: the batch, then its sub-requests) + the containment check (1, or 2 when it needs
 *    a $batch); at least the partner side's 1 + 4 (token; groups → members → user → roles; apps → resource →
 *    principal → grants) and a probe's 1 + 1 + 2 (token, first page, customer token, Intune) — times the latency;
 *  - per throttled scope, requests ÷ rate: Graph per app (130,000 / 10 s), Intune per app per tenant (2,000 / 20 s),
 *    identity in the partner tenant (3,500 units / 10 s, 1 unit a request: a lower bound).
 * Also the floor a client with that concurrency can reach: requests × latency ÷ concurrency (`floorMs`; the latency alone,
 * with every slot always busy), and the CPU both processes spent during the read (`clientCpuMs`, `simCpuMs`: on a small
 * box they, not the network, are what the wall time is made of).
 * Goal: under 10 s and within 1.5× of the bound. The last line is one JSON object.
 * BENCH_CPU_PROF=file.cpuprofile writes a CPU profile of this process for the read only (node:inspector);
 * BENCH_SIM_CPU_PROF_DIR=dir one of the simulator's whole life (node --cpu-prof).
 */
import diagnostics from "node:diagnostics_channel";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import { Agent, request } from "undici";
import { closeMicrosoftNetwork } from "../src/graph/network";
import { readPartnerSnapshot } from "../src/graph/readers/snapshot";
import { GEN, GEN_CHOICES, generatedPartnerScenario } from "../src/graph/readers/testing/generatedPartner";
import { simDeps } from "../src/graph/readers/testing/simDeps";
import { startSimProcess } from "./lib/simProcess";

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 500);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const PARTNER_CHAIN = 1 + 4;
const CPU_PROF = process.env.BENCH_CPU_PROF;

interface Ready {
  urls: Record<"login" | "graph" | "partnerCenter" | "defender" | "control", string>;
  caPem: string;
}
interface Counters {
  total: number;
  throttled: number;
  entries: { service: string; route: string; tenantId: string | null; count: number }[];
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); undefined elsewhere. */
function procCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "").split(" ");
    const ticksPerSecond = 100; // USER_HZ on Linux
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** Starts a CPU profile of this process when BENCH_CPU_PROF is set; the returned function writes it. */
async function startProfile(): Promise<() => Promise<void>> {
  if (!CPU_PROF) return () => Promise.resolve();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(CPU_PROF, JSON.stringify(profile));
    session.disconnect();
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "check-bench-"));
  const simProf = process.env.BENCH_SIM_CPU_PROF_DIR;
  const { ready, pid, stop } = await startSimProcess<Ready>(dir, generatedPartnerScenario(CUSTOMERS, { latencyMs: LATENCY_MS, throttling: "microsoft" }), {
    nodeArgs: simProf ? ["--cpu-prof", `--cpu-prof-dir=${simProf}`] : [],
    args: ["--ca-file", path.join(dir, "ca.pem")],
  });
  let summary: string | undefined;
  const control = new Agent({ connect: { ca: ready.caPem } });
  const counters = async (method: "GET" | "DELETE"): Promise<Counters | undefined> => {
    const r = await request(`${ready.urls.control}/counters`, { method, dispatcher: control });
    return method === "GET" ? ((await r.body.json()) as Counters) : void (await r.body.dump());
  };
  const deps = simDeps(ready.urls, ready.caPem);
  try {
    await counters("DELETE");
    let connections = 0;
    let resumed = 0;
    const onConnected = (m: unknown): void => {
      connections++;
      const socket = (m as { socket?: { isSessionReused?: () => boolean } }).socket;
      if (socket?.isSessionReused?.()) resumed++;
    };
    diagnostics.subscribe("undici:client:connected", onConnected);
    const linesBefore = deps.lines.length;
    const stopProfile = await startProfile();
    const sim0 = procCpuMs(pid);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const snap = await readPartnerSnapshot(deps.snapshotDeps(GEN.readerApp, GEN.partner, { concurrency: CONCURRENCY }), GEN_CHOICES, new Date());
    const wallMs = Math.round(performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    const clientCpuMs = Math.round((cpu.user + cpu.system) / 1000);
    const sim1 = procCpuMs(pid);
    const simCpuMs = sim0 !== undefined && sim1 !== undefined ? Math.round(sim1 - sim0) : null;
    await stopProfile();
    diagnostics.unsubscribe("undici:client:connected", onConnected);
    const logLines = deps.lines.length - linesBefore;
    const c = (await counters("GET")) as Counters;

    const sum = (f: (e: Counters["entries"][number]) => boolean): number => c.entries.filter(f).reduce((n, e) => n + e.count, 0);
    const relationshipPages = sum((e) => /delegatedAdminRelationships$/.test(e.route));
    // More than one containment call (more than 20 unique access containers) means they went through a $batch.
    const containmentBatched = sum((e) => /\/groups\/[^/]+\/checkMemberGroups$/.test(e.route)) > 1;
    const chain = Math.max(1 + relationshipPages + 2 + (containmentBatched ? 2 : 1), PARTNER_CHAIN, 1 + 1 + 2);
    const graphRequests = sum((e) => e.service === "graph");
    const intunePerTenant = Math.max(0, ...c.entries.filter((e) => /managedDevices/.test(e.route)).map((e) => e.count));
    const partnerIdentity = sum((e) => e.service === "graph" && e.tenantId === GEN.partner && !/delegatedAdmin|\$batch/.test(e.route));
    const scopes = {
      chainMs: chain * LATENCY_MS,
      graphPerAppMs: (graphRequests / 130_000) * 10_000,
      intunePerAppPerTenantMs: (intunePerTenant / 2_000) * 20_000,
      identityPartnerMs: (partnerIdentity / 3_500) * 10_000,
    };
    const boundMs = Math.round(Math.max(...Object.values(scopes)));
    const floorMs = Math.round(Math.max(boundMs, (c.total * LATENCY_MS) / CONCURRENCY));
    const probed = snap.customers.filter((x) => x.lifecycleApp?.intune?.ok).length;
    console.log(`customers ${snap.customers.length} (probed ok ${probed}), concurrency ${CONCURRENCY}, latency ${LATENCY_MS} ms`);
    console.log(`requests ${c.total} (throttled ${c.throttled}); chain ${chain}; bounds ${JSON.stringify(Object.fromEntries(Object.entries(scopes).map(([k, v]) => [k, Math.round(v)])))}; floor ${floorMs} ms`);
    console.log(`cpu during the read: client ${clientCpuMs} ms, simulator ${simCpuMs ?? "?"} ms; new connections ${connections} (TLS sessions resumed ${resumed}); log lines ${logLines}; load ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
    summary = JSON.stringify({
        wallMs,
        boundMs,
        ratio: Number((wallMs / boundMs).toFixed(2)),
        floorMs,
        floorRatio: Number((wallMs / floorMs).toFixed(2)),
        customers: snap.customers.length,
        requests: c.total,
        throttled: c.throttled,
        chain,
        concurrency: CONCURRENCY,
        clientCpuMs,
        simCpuMs,
        connections,
        resumed,
      });
  } finally {
    deps.cleanup();
    await closeMicrosoftNetwork();
    await control.close();
    await stop();
    rmSync(dir, { recursive: true, force: true });
  }
  // Last, after the simulator has said goodbye on stderr: the one JSON object of the figures.
  if (summary !== undefined) console.log(summary);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
