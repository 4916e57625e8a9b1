/**
 * The Microsoft cloud simulator (sim/, a separate program) as a supervised child of local mode.
 *
 * `node --import tsx sim/cli.ts --scenario sim/scenarios/demo.json --port <base> --ready-file <file>` writes, once it
 * listens, `{"urls": {login, graph, partnerCenter, defender, teams, control}, "caPem": "..."}` to the ready file.
 * The bot then gets those URLs as MS_LOGIN_URL etc. and the CA certificate as MS_CA_FILE.
 * src/ never imports sim/: the simulator is reached only over HTTP(S).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod/v4";
import type { Logger } from "../log/logger";
import { type ChildSpec, type SupervisedChild, type Supervisor } from "./supervisor";
import { waitFor } from "./waitFor";

const url = z.string().refine(
  (v) => {
    try {
      const u = new URL(v);
      return u.protocol === "https:" || u.protocol === "http:";
    } catch {
      return false;
    }
  },
  { error: "must be an http(s) URL" },
);

export const simReadySchema = z.object({
  urls: z.object({
    login: url,
    graph: url,
    partnerCenter: url,
    defender: url,
    teams: url,
    control: url,
  }),
  caPem: z.string().refine((v) => v.includes("-----BEGIN CERTIFICATE-----"), { error: "must be a PEM certificate" }),
});
export type SimReady = z.infer<typeof simReadySchema>;

/** Pure: parses the ready file; problems name the field. */
export function parseSimReady(text: string): { ok: true; ready: SimReady } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: "the ready file is not JSON" };
  }
  const r = simReadySchema.safeParse(json);
  if (r.success) return { ok: true, ready: r.data };
  return {
    ok: false,
    problem: r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; "),
  };
}

/** Maps simulator URLs to the bot's configuration variables; variables the user set explicitly win. */
export function simulatorEnv(ready: SimReady, caFile: string, userEnv: NodeJS.ProcessEnv): Record<string, string> {
  const wanted: Record<string, string> = {
    MS_LOGIN_URL: ready.urls.login,
    MS_GRAPH_URL: ready.urls.graph,
    MS_PARTNER_CENTER_URL: ready.urls.partnerCenter,
    MS_DEFENDER_URL: ready.urls.defender,
    MS_CA_FILE: caFile,
  };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(wanted)) {
    if ((userEnv[k] ?? "").trim() === "") out[k] = v;
  }
  return out;
}

/** The simulator listens on SIM_PORT and the next ports: login, graph, partnerCenter, defender, teams, control. */
export const SIM_PORT_COUNT = 6;

export interface SimulatorFiles {
  cli: string;
  scenario: string;
}

/** Where the simulator's entry point and the scenario (default: the demo) are, or why it cannot be started. */
export function findSimulator(root: string, scenarioFile?: string): { ok: true; files: SimulatorFiles } | { ok: false; reason: string } {
  const cli = path.join(root, "sim", "cli.ts");
  const scenario = scenarioFile ?? path.join(root, "sim", "scenarios", "demo.json");
  if (!existsSync(cli)) return { ok: false, reason: "sim/cli.ts does not exist yet" };
  if (!existsSync(scenario)) return { ok: false, reason: `${path.relative(root, scenario) || scenario} does not exist` };
  return { ok: true, files: { cli, scenario } };
}

/** Pure: the simulator's command line. */
export function simulatorSpec(
  files: SimulatorFiles,
  opts: { root: string; port: number; readyFile: string; caFile: string; nodePath?: string },
  parentEnv: NodeJS.ProcessEnv = process.env,
): ChildSpec {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ["PATH", "HOME", "LANG", "TMPDIR", "TZ", "LOG_LEVEL"]) {
    const v = parentEnv[k];
    if (v !== undefined) env[k] = v;
  }
  return {
    name: "Microsoft simulator",
    command: opts.nodePath ?? process.execPath,
    args: ["--require", path.join(__dirname, "exit-with-parent.cjs"), "--import", "tsx", files.cli, "--scenario", files.scenario, "--port", String(opts.port), "--ready-file", opts.readyFile, "--ca-file", opts.caFile],
    cwd: opts.root,
    env,
  };
}

export interface RunningSimulator {
  child: SupervisedChild;
  ready: SimReady;
  /** Variables to add to the bot's environment. */
  env: Record<string, string>;
}

/** Starts the simulator and resolves once its ready file is complete. */
export async function startSimulator(
  supervisor: Supervisor,
  files: SimulatorFiles,
  opts: { root: string; port: number; workDir: string; userEnv: NodeJS.ProcessEnv },
  deps: { logger: Logger; timeoutMs: number },
): Promise<RunningSimulator> {
  const readyFile = path.join(opts.workDir, "sim-ready.json");
  const caFile = path.join(opts.workDir, "sim-ca.pem");
  const spec = simulatorSpec(files, { root: opts.root, port: opts.port, readyFile, caFile });
  const child = supervisor.start(spec);
  deps.logger.debug("child started", { child: spec.name, pid: child.pid });
  child.onLine((line, stream) => deps.logger.debug("child output", { child: spec.name, stream, line }));

  const exited = new AbortController();
  void child.exited.then(() => exited.abort(new Error("the Microsoft simulator exited")));
  let lastProblem = "";
  const ready = await waitFor(
    () => {
      if (!existsSync(readyFile)) return Promise.resolve(undefined);
      const parsed = parseSimReady(readFileSync(readyFile, "utf8"));
      if (parsed.ok) return Promise.resolve(parsed.ready);
      lastProblem = parsed.problem;
      return Promise.reject(new Error(`ready file not valid yet: ${lastProblem}`));
    },
    { what: "the Microsoft simulator's ready file", timeoutMs: deps.timeoutMs, signal: exited.signal },
  );
  // The simulator writes --ca-file itself; the ready file is the authority, so make sure both agree.
  writeFileSync(caFile, ready.caPem, { mode: 0o600 });
  return { child, ready, env: simulatorEnv(ready, caFile, opts.userEnv) };
}
