/**
 * Simulator benchmark (`npm run bench:sim`): with zero latency and throttling off, measures
 *  - authenticated `GET /v1.0/organization` requests per second from one client (keep-alive, concurrency 32),
 *  - generated devices per second served by `GET /v1.0/deviceManagement/managedDevices` in pages of 1000,
 *  - memory (RSS / heap) of a 1,000-tenant × 1,000-device generated scenario after paging a sample.
 * The simulator runs as its own process (`sim/cli.ts`, as `npm run sim` does), the client in this one; memory is the
 * simulator process's, read from the control API after the sample has been paged.
 * Targets (issue 3): ≥ 2,000 req/s, ≥ 100,000 devices/s, < 300 MB.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Agent, request } from "undici";
import type { ScenarioInput } from "../sim/scenario/schema";
import { generatedTenantId } from "../sim/scenario/generate";

const PARTNER = "b0000000-0000-4000-8000-000000000000";
const APP = "b1000000-0000-4000-8000-000000000001";
const SECRET = "bench-secret-value-0001";
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 5) * 1000;
/** Which phases to run (profiling one phase at a time): org, full, select. */
const PHASES = new Set((process.env.BENCH_PHASES ?? "org,full,select").split(","));
const CONCURRENCY = 32;

const scenario: ScenarioInput = {
  name: "bench: 1,000 tenants × 1,000 devices",
  seed: 11,
  partner: {
    tenantId: PARTNER,
    displayName: "Bench Partner",
    domain: "benchpartner.onmicrosoft.com",
    groups: [{ id: "b2000000-0000-4000-8000-000000000001", displayName: "GDAP Lifecycle Manager" }],
    applications: [
      {
        id: "b3000000-0000-4000-8000-000000000001",
        appId: APP,
        displayName: "Bench App",
        signInAudience: "AzureADMultipleOrgs",
        servicePrincipalId: "b4000000-0000-4000-8000-000000000001",
        passwordCredentials: [{ keyId: "b5000000-0000-4000-8000-000000000001", secretText: SECRET, startDateTime: "-1d", endDateTime: "+300d" }],
        grantedApplicationPermissions: { graph: ["Organization.Read.All", "DeviceManagementManagedDevices.Read.All"] },
      },
    ],
  },
  generatedCustomers: {
    count: 1000,
    accessGroupIds: ["b2000000-0000-4000-8000-000000000001"],
    consentedApps: [{ appId: APP, applicationPermissions: { graph: ["Organization.Read.All", "DeviceManagementManagedDevices.Read.All"] } }],
    inventory: { devices: 1000, appsPerDevice: 20, appCatalogSize: 300 },
  },
  throttling: { profile: "off" },
  latency: { fixedMs: 0, jitterMs: 0 },
};

const NEXT_LINK_KEY = Buffer.from('"@odata.nextLink":"');
const DEVICE_KEY = Buffer.from('"deviceName":');

/** Occurrences of `needle` in the raw bytes (no decoding: keeps the client's own cost out of the figure). */
function countOccurrences(bytes: Buffer, needle: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(needle); i >= 0; i = bytes.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** The page's @odata.nextLink (written last, so searched from the end), unescaped. */
function nextLinkOf(bytes: Buffer): string | undefined {
  const at = bytes.lastIndexOf(NEXT_LINK_KEY);
  if (at < 0) return undefined;
  const start = at + NEXT_LINK_KEY.length;
  return bytes.toString("utf8", start, bytes.indexOf(0x22, start)).replace(/\\\//g, "/");
}

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

interface Ready {
  urls: Record<"login" | "graph" | "control", string>;
  caPem: string;
}

/** Starts `sim/cli.ts` in its own process and waits (bounded) for its ready file. */
async function startSimProcess(dir: string): Promise<{ ready: Ready; stop: () => Promise<void> }> {
  const scenarioFile = path.join(dir, "scenario.json");
  const readyFile = path.join(dir, "ready.json");
  writeFileSync(scenarioFile, JSON.stringify(scenario));
  const child = spawn(process.execPath, [...(process.env.SIM_NODE_ARGS ?? "--expose-gc").split(" ").filter(Boolean), "--import", "tsx", path.join(__dirname, "../sim/cli.ts"), "--scenario", scenarioFile, "--ready-file", readyFile, "--ca-file", path.join(dir, "ca.pem")], { stdio: ["ignore", "ignore", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!existsSync(readyFile)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("the simulator did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  const ready = JSON.parse(readFileSync(readyFile, "utf8")) as Ready;
  return {
    ready,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sim-bench-"));
  const { ready, stop } = await startSimProcess(dir);
  const sim = { urls: ready.urls, caPem: ready.caPem };
  const dispatcher = new Agent({ connect: { ca: sim.caPem }, connections: CONCURRENCY, pipelining: 1, keepAliveTimeout: 30_000 });

  const memory = async (gc: boolean): Promise<{ rss: number; heapUsed: number }> => {
    const r = gc ? await request(`${sim.urls.control}/gc`, { method: "POST", dispatcher }) : await request(`${sim.urls.control}/health`, { dispatcher });
    return ((await r.body.json()) as { memory: { rss: number; heapUsed: number } }).memory;
  };

  const token = async (tenant: string): Promise<string> => {
    const body = new URLSearchParams({ grant_type: "client_credentials", client_id: APP, client_secret: SECRET, scope: "https://graph.microsoft.com/.default" }).toString();
    const r = await request(`${sim.urls.login}/${tenant}/oauth2/v2.0/token`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" }, dispatcher });
    const j = (await r.body.json()) as { access_token?: string };
    if (!j.access_token) throw new Error(`no token for ${tenant} (${r.statusCode})`);
    return j.access_token;
  };

  // 1. GET /v1.0/organization, concurrency 32, keep-alive.
  const partnerToken = await token(PARTNER);
  const orgUrl = `${sim.urls.graph}/v1.0/organization`;
  const headers = { authorization: `Bearer ${partnerToken}` };
  let done = 0;
  let failed = 0;
  const warmEnd = Date.now() + 500;
  const worker = async (until: number, count: boolean) => {
    while (Date.now() < until) {
      const r = await request(orgUrl, { headers, dispatcher });
      await r.body.dump();
      if (!count) continue;
      if (r.statusCode === 200) done++;
      else failed++;
    }
  };
  const memAtStart = await memory(false);
  let reqPerSec = 0;
  if (PHASES.has("org")) {
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(warmEnd, false)));
    const t0 = Date.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(t0 + DURATION_MS, true)));
    reqPerSec = done / ((Date.now() - t0) / 1000);
  }

  // 2. Devices in pages of 1000 across a sample of tenants (one token per tenant, pages followed by nextLink).
  const tenants = Array.from({ length: 1000 }, (_, i) => generatedTenantId(11, i));
  const SAMPLE = Number(process.env.BENCH_TENANTS ?? 400);
  const sample = Array.from({ length: SAMPLE }, (_, i) => tenants[Math.floor((i * tenants.length) / SAMPLE)]);
  const tokens = await Promise.all(sample.map((t) => token(t)));
  const simCpu = async (): Promise<number> => {
    const r = await request(`${sim.urls.control}/health`, { dispatcher });
    const c = ((await r.body.json()) as { cpuMicros: { user: number; system: number } }).cpuMicros;
    return (c.user + c.system) / 1e6;
  };
  const SELECT = "id,deviceName,operatingSystem,osVersion,complianceState,lastSyncDateTime,enrolledDateTime,serialNumber,manufacturer,model,userPrincipalName,isEncrypted";
  const pageAll = async (indices: number[], query: string) => {
    let devices = 0;
    let pages = 0;
    let next = 0;
    if (indices.length === 0) return { devices: 0, pages: 0, perSecond: 0, perSimCpuSecond: 0, simCpuShare: 0 };
    const cpu0 = await simCpu();
    const d0 = Date.now();
    const pager = async () => {
      while (next < indices.length) {
        const i = indices[next++];
        let url: string | undefined = `${sim.urls.graph}/v1.0/deviceManagement/managedDevices${query}`;
        while (url) {
          const r: Awaited<ReturnType<typeof request>> = await request(url, { headers: { authorization: `Bearer ${tokens[i]}` }, dispatcher });
          // The client only needs the count and the nextLink: scanning bytes keeps its own cost out of the figure.
          const bytes = Buffer.from(await r.body.arrayBuffer());
          if (r.statusCode !== 200) throw new Error(`managedDevices ${r.statusCode}`);
          devices += countOccurrences(bytes, DEVICE_KEY);
          pages++;
          url = nextLinkOf(bytes);
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, () => pager()));
    const seconds = (Date.now() - d0) / 1000;
    const cpuSeconds = (await simCpu()) - cpu0;
    return { devices, pages, perSecond: devices / seconds, perSimCpuSecond: devices / cpuSeconds, simCpuShare: cpuSeconds / seconds };
  };
  const half = Math.floor(sample.length / 2);
  const full = await pageAll(PHASES.has("full") ? Array.from({ length: half }, (_, k) => k) : [], "");
  const selected = await pageAll(PHASES.has("select") ? Array.from({ length: sample.length - half }, (_, k) => half + k) : [], `?$select=${SELECT}`);
  const devPerSec = full.perSecond;

  // 3. Memory of the simulator process holding the 1,000 × 1,000 scenario, after the sample (and after a forced GC
  // when the simulator runs with --expose-gc, the default here).
  const mem = await memory(false);
  const memAfterGc = await memory(true);

  await dispatcher.close();
  await stop();
  rmSync(dir, { recursive: true, force: true });

  const ok = (b: boolean) => (b ? "ok" : "BELOW TARGET");
  console.log(
    JSON.stringify(
      {
        organizationRequestsPerSecond: Math.round(reqPerSec),
        organizationRequests: done,
        organizationFailures: failed,
        devicesPerSecond: Math.round(full.perSecond),
        devicesServed: full.devices,
        devicePages: full.pages,
        devicesPerSimulatorCpuSecond: Math.round(full.perSimCpuSecond),
        simulatorCpuShareWhilePaging: `${Math.round(full.simCpuShare * 100)}%`,
        devicesPerSecondWithSelect: Math.round(selected.perSecond),
        devicesServedWithSelect: selected.devices,
        devicesPerSimulatorCpuSecondWithSelect: Math.round(selected.perSimCpuSecond),
        tenantsPaged: SAMPLE,
        rssAtStart: mb(memAtStart.rss),
        rss: mb(mem.rss),
        heapUsed: mb(mem.heapUsed),
        rssAfterGc: mb(memAfterGc.rss),
        heapUsedAfterGc: mb(memAfterGc.heapUsed),
        clientProcess: "this one (the simulator runs in its own process; devices/simulator-CPU-second is the one-core figure)",
      },
      null,
      2,
    ),
  );
  console.log(`requests/s  ${Math.round(reqPerSec)} (target ≥ 2,000): ${ok(reqPerSec >= 2000)}`);
  console.log(`devices/s   ${Math.round(devPerSec)} full entities, ${Math.round(selected.perSecond)} with $select of 12 fields (target ≥ 100,000): ${ok(devPerSec >= 100_000)} / ${ok(selected.perSecond >= 100_000)}`);
  console.log(`            ${Math.round(full.perSimCpuSecond)} / ${Math.round(selected.perSimCpuSecond)} per simulator CPU-second (one core)`);
  console.log(`memory      RSS ${mb(mem.rss)} (after GC ${mb(memAfterGc.rss)}), heap ${mb(mem.heapUsed)} (target < 300 MB): ${ok(mem.rss < 300 * 1024 * 1024)}`);
}

main().catch((e: unknown) => {
  console.error("bench failed:", e instanceof Error ? e.message : e);
  process.exit(1);
});
