import { describeExit, groupAlive, spawnSupervised, Supervisor, type ExitInfo } from "./supervisor";

const node = process.execPath;

/** A child that prints "ready" (and, optionally, the pid of a grandchild it spawned) and then runs until killed. */
function script(opts: { ignoreTerm?: boolean; grandchild?: boolean } = {}): string[] {
  const code = [
    opts.ignoreTerm ? "process.on('SIGTERM', () => {});" : "",
    opts.grandchild
      ? "const g = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {stdio: 'ignore'}); console.log('grandchild ' + g.pid);"
      : "",
    "console.log('ready'); setInterval(() => {}, 1000);",
  ].join("\n");
  return ["-e", code];
}

function waitLine(child: ReturnType<typeof spawnSupervised>, re: RegExp): Promise<RegExpMatchArray> {
  const seen = child.tail().map((l) => re.exec(l)).find((m) => m !== null);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no line matching ${String(re)}; tail: ${child.tail().join(" | ")}`)), 10000);
    child.onLine((line) => {
      const m = re.exec(line);
      if (m) {
        clearTimeout(t);
        resolve(m);
      }
    });
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("describeExit", () => {
  it.each<[ExitInfo, string]>([
    [{ code: 1, signal: null }, "exited with code 1"],
    [{ code: null, signal: "SIGKILL" }, "was killed by SIGKILL"],
    [{ code: null, signal: null, spawnError: "spawn nope ENOENT" }, "could not be started (spawn nope ENOENT)"],
  ])("%j", (info, text) => {
    expect(describeExit(info)).toBe(text);
  });
});

describe("spawnSupervised", () => {
  const started: ReturnType<typeof spawnSupervised>[] = [];
  const spawnT = (spec: Parameters<typeof spawnSupervised>[0]) => {
    const c = spawnSupervised(spec);
    started.push(c);
    return c;
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((c) => c.stop(500)));
  });

  it("stops the child and its grandchild with SIGTERM", async () => {
    const child = spawnT({ name: "t", command: node, args: script({ grandchild: true }) });
    const [, gpid] = await waitLine(child, /^grandchild (\d+)$/);
    await waitLine(child, /^ready$/);
    const info = await child.stop(5000);
    expect(info.signal).toBe("SIGTERM");
    expect(groupAlive(child.pid!)).toBe(false);
    expect(pidAlive(Number(gpid))).toBe(false);
  });

  it("escalates to SIGKILL when SIGTERM is ignored", async () => {
    const child = spawnT({ name: "stubborn", command: node, args: script({ ignoreTerm: true }) });
    await waitLine(child, /^ready$/);
    const info = await child.stop(300);
    expect(info.signal).toBe("SIGKILL");
    expect(groupAlive(child.pid!)).toBe(false);
  });

  it("reports a command that cannot be started", async () => {
    const child = spawnT({ name: "missing", command: "/nonexistent/tp-command", args: [] });
    const info = await child.exited;
    expect(info.spawnError).toMatch(/ENOENT/);
    await child.stop(100);
  });
});

describe("Supervisor", () => {
  it("reports a child that dies on its own, not one that was stopped", async () => {
    const sup = new Supervisor();
    const seen: string[] = [];
    sup.onUnexpectedExit((c, info) => seen.push(`${c.name} ${describeExit(info)}`));
    const dying = sup.start({ name: "dying", command: node, args: ["-e", "process.exit(3)"] });
    const staying = sup.start({ name: "staying", command: node, args: script() });
    try {
      await dying.exited;
      await waitLine(staying, /^ready$/);
    } finally {
      await sup.stopAll(2000);
    }
    await staying.exited;
    expect(seen).toEqual(["dying exited with code 3"]);
    expect(sup.pids().some((p) => groupAlive(p))).toBe(false);
  });
});
