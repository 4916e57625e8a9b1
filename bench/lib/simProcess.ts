/** The simulator in its own process for the benchmarks, as `npm run sim` starts it. */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface SimProcess<Ready> {
  /** What the simulator wrote to its ready file ({"urls", "caPem"}). */
  ready: Ready;
  pid: number | undefined;
  /** SIGTERM, then waits for the process to exit. */
  stop: () => Promise<void>;
}

/**
 * Writes `scenario` to dir/scenario.json, starts `sim/cli.ts` on it in its own process (`nodeArgs` before the script,
 * `args` after its --scenario and --ready-file) and waits (60 s at most) for its ready file in `dir`. `script`: a
 * compiled sim/cli.ts to run instead, without the tsx loader.
 */
export async function startSimProcess<Ready>(dir: string, scenario: unknown, opts: { nodeArgs?: readonly string[]; args?: readonly string[]; script?: string } = {}): Promise<SimProcess<Ready>> {
  const scenarioFile = path.join(dir, "scenario.json");
  const readyFile = path.join(dir, "ready.json");
  writeFileSync(scenarioFile, JSON.stringify(scenario));
  const entry = opts.script !== undefined ? [opts.script] : ["--import", "tsx", path.join(__dirname, "../../sim/cli.ts")];
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...entry, "--scenario", scenarioFile, "--ready-file", readyFile, ...(opts.args ?? [])], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await readyFileOf(child, readyFile, "the simulator");
  return {
    ready: JSON.parse(readFileSync(readyFile, "utf8")) as Ready,
    pid: child.pid,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Waits (60 s at most) for a benchmark process to write its ready file; throws "<what> did not start" if it exits first. */
export async function readyFileOf(child: ChildProcess, readyFile: string, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!existsSync(readyFile)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${what} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
