/**
 * `npm start` as a process: bad configuration and busy ports give a readable list and exit 1 (no stack);
 * SIGTERM stops every child it started.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import os from "node:os";
import net from "node:net";
import path from "node:path";
import readline from "node:readline";
import { getFreePort, isPortFree } from "../../src/local/ports";
import { SIM_PORT_COUNT } from "../../src/local/simulator";
import { Agent, request } from "undici";

const ROOT = path.resolve(__dirname, "..", "..");
const START = ["--disable-warning=DEP0111", "--import", "tsx", path.join(ROOT, "src", "local", "start.ts")];

/** A clean environment: only what node needs plus `vars` (no developer settings leak in). */
function envWith(vars: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...vars };
}

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(vars: Record<string, string>, timeoutMs = 30_000, args: string[] = []): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...START, ...args], { cwd: ROOT, env: envWith(vars), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`start.ts did not exit within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`));
    }, timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const STACK_LINE = /^\s+at\s/m;

describe("local start refuses to start, readably", () => {
  it("lists every configuration problem and exits 1", async () => {
    const r = await run({ PORT: "abc", PLAYGROUND_PORT: "99999", LOG_LEVEL: "loud" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Tenant Pilot cannot start: 3 configuration problems.");
    expect(r.stderr).toMatch(/^ {2}- PORT: /m);
    expect(r.stderr).toMatch(/^ {2}- PLAYGROUND_PORT: /m);
    expect(r.stderr).toMatch(/^ {2}- LOG_LEVEL: /m);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stdout).toBe("");
  });

  it("lists the missing azure settings when azure mode is selected", async () => {
    const r = await run({ TP_MODE: "azure" });
    expect(r.code).toBe(1);
    for (const v of ["MICROSOFT_APP_ID", "MICROSOFT_APP_TYPE", "MICROSOFT_APP_TENANT_ID", "COSMOS_ENDPOINT"]) {
      expect(r.stderr).toMatch(new RegExp(`^ {2}- ${v}: `, "m"));
    }
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it("names the variable to change when a port is taken", async () => {
    const blocker = net.createServer();
    await new Promise<void>((res) => blocker.listen(0, "127.0.0.1", res));
    const busy = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await run({ PORT: "0", PLAYGROUND_PORT: String(busy), SIM_PORT: "0" });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`PLAYGROUND_PORT: port ${busy} (the Agents Playground) is already in use`);
      expect(r.stderr).not.toMatch(STACK_LINE);
    } finally {
      await new Promise((res) => blocker.close(res));
    }
  });
});

describe("local start refuses bad arguments and scenarios, readably", () => {
  it.each<[string[], Record<string, string>, RegExp]>([
    [["--scenaro", "x.json"], {}, /^Tenant Pilot cannot start: unknown argument "--scenaro"\.\nUsage: npm start -- /],
    [["--scenario", "nope.json"], {}, /^Tenant Pilot cannot start: the scenario nope\.json is not usable\.\n {2}- .*nope\.json: no such file/],
    [["--user", "nobody@contosoitpartners.onmicrosoft.com"], {}, /--user nobody@contosoitpartners\.onmicrosoft\.com: no such partner user in the scenario/],
  ])("%j %j", async (args, vars, message) => {
    const r = await run(vars, 30_000, args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stdout).toBe("");
  });
});

/** Pids of every descendant of `pid` (from /proc). */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // process ended while we looked
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const [child, parent] of parentOf) {
      if (parent === p) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
  } catch {
    return false;
  }
}

/** Local addresses of every TCP socket in LISTEN state owned by one of `pids` (from /proc, Linux only). */
function listeningAddresses(pids: number[]): string[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // process ended
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]);
      } catch {
        // fd closed while we looked
      }
    }
  }
  const out: string[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== "0A" || !inodes.has(f[9])) continue;
      const [hex, portHex] = f[1].split(":");
      out.push(`${decodeProcAddress(hex)}:${parseInt(portHex, 16)}`);
    }
  }
  return out;
}

/** /proc/net/tcp{,6} address (little-endian 32-bit words) → dotted IPv4 or compact IPv6 text. */
function decodeProcAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => [w.slice(6, 8), w.slice(4, 6), w.slice(2, 4), w.slice(0, 2)].map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join(".");
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255) return `::ffff:${bytes.slice(12).join(".")}`;
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16));
  return groups.join(":").replace(/^(0:)+0$/, "::").replace(/^(0:)+1$/, "::1");
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+):\d+$/;

/** A base port with SIM_PORT_COUNT free ports after it. */
async function freeRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = await getFreePort();
    if (base + count > 65535) continue;
    const free = await Promise.all(Array.from({ length: count }, (_, i) => isPortFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error("no free port range");
}

describe("SIGTERM", () => {
  let child: ChildProcess | undefined;
  let tmp: string | undefined;
  afterEach(() => {
    if (child?.pid !== undefined && child.exitCode === null) child.kill("SIGKILL");
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("--scenario + --ready-file: the ready file once up; SIGTERM (twice, as npm forwards it) stops every child, removes the temporary folder, exits 0", async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), "tp-localstart-"));
    const readyFile = path.join(tmp, "ready.json");
    const vars = {
      PORT: String(await getFreePort()),
      PLAYGROUND_PORT: String(await getFreePort()),
      SIM_PORT: String(await freeRange(SIM_PORT_COUNT)),
      LOG_LEVEL: "warn",
      TMPDIR: tmp,
    };
    const c = spawn(process.execPath, [...START, "--scenario", "sim/scenarios/demo.json", "--ready-file", readyFile], { cwd: ROOT, env: envWith(vars), stdio: ["ignore", "pipe", "pipe"] });
    child = c;
    let stderr = "";
    c.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => c.once("exit", (code, signal) => res({ code, signal })));

    const openLine = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "Open" line within 45 s; stderr: ${stderr}`)), 45_000);
      readline.createInterface({ input: c.stdout }).on("line", (line) => {
        if (line.startsWith("Open ")) {
          clearTimeout(timer);
          resolve(line);
        }
      });
      void exited.then((e) => reject(new Error(`start.ts exited early (${JSON.stringify(e)}); stderr: ${stderr}`)));
    });
    expect(openLine).toBe(
      `Open http://127.0.0.1:${vars.PLAYGROUND_PORT} in your browser to chat with Tenant Pilot (local mode; Ctrl-C stops everything).`,
    );
    const playground = await fetch(`http://127.0.0.1:${vars.PLAYGROUND_PORT}/_debug/ping`);
    expect(await playground.text()).toBe("pong");

    // The ready file: written before the "Open" line, in the shape of the simulator's plus playground and bot.
    const ready = JSON.parse(readFileSync(readyFile, "utf8")) as { playground: string; bot: string; simulator: { urls: Record<string, string>; caPem: string } };
    expect(ready.playground).toBe(`http://127.0.0.1:${vars.PLAYGROUND_PORT}`);
    expect(ready.bot).toBe(`http://127.0.0.1:${vars.PORT}`);
    expect(Object.keys(ready.simulator.urls).sort()).toEqual(["control", "defender", "graph", "login", "partnerCenter", "teams"]);
    expect(ready.simulator.caPem).toContain("-----BEGIN CERTIFICATE-----");
    expect((await fetch(`${ready.bot}/healthz`)).status).toBe(200);
    const dispatcher = new Agent({ connect: { ca: ready.simulator.caPem } });
    try {
      const clock = await request(`${ready.simulator.urls.control}/clock`, { dispatcher });
      expect(clock.statusCode).toBe(200);
      expect(await clock.body.json()).toEqual({ now: expect.any(String) as unknown });
    } finally {
      await dispatcher.close();
    }
    expect(readdirSync(tmp).filter((f) => f.startsWith("tenant-pilot-local-"))).toHaveLength(1);

    const kids = descendants(c.pid!);
    expect(kids.length).toBeGreaterThanOrEqual(1);
    // Authentication is off in local mode: nothing in the tree may listen beyond loopback.
    const listening = listeningAddresses([c.pid!, ...kids]);
    expect(listening).toEqual(expect.arrayContaining([`127.0.0.1:${vars.PORT}`, `127.0.0.1:${vars.PLAYGROUND_PORT}`]));
    expect(listening.filter((a) => !LOOPBACK.test(a))).toEqual([]);
    c.kill("SIGTERM");
    c.kill("SIGTERM");
    const e = await exited;
    expect(e).toEqual({ code: 0, signal: null });
    expect(kids.filter(alive)).toEqual([]);
    expect(await isPortFree(Number(vars.PLAYGROUND_PORT))).toBe(true);
    expect(await isPortFree(Number(vars.PORT))).toBe(true);
    expect(readdirSync(tmp).filter((f) => f.startsWith("tenant-pilot-local-"))).toEqual([]);
    expect(existsSync(readyFile)).toBe(false);
  }, 90_000);
});
