/**
 * The Microsoft 365 Agents Playground as a supervised child: acts as Teams and as the Bot Connector for the local bot.
 *
 * It runs in a temporary working directory (it writes ./devTools/*.log and reads ./.m365agentsplayground.yml there),
 * listens on 127.0.0.1 only (see loopback-only.cjs), stops itself if local mode's process disappears
 * (exit-with-parent.cjs) and gets a minimal environment.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Logger } from "../log/logger";
import { type ChildSpec, type SupervisedChild, type Supervisor, waitForLine } from "./supervisor";
import { httpOk, waitFor } from "./waitFor";

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages */
  botEndpoint: string;
  /** Port to listen on; must be a real port (the bot is told to answer on it). */
  port: number;
  /** Scratch directory for its logs (created by the caller). */
  workDir: string;
}

export interface PlaygroundPaths {
  nodePath: string;
  cliPath: string;
  /** Mock tenant, users, chats and team (names only differ from the built-in defaults). */
  configPath: string;
  /** Preloads (node --require): loopback-only.cjs, exit-with-parent.cjs. */
  preloads: readonly string[];
}

export function defaultPlaygroundPaths(): PlaygroundPaths {
  return {
    nodePath: process.execPath,
    cliPath: require.resolve("@microsoft/m365agentsplayground/cli.js"),
    configPath: path.join(__dirname, "playground.yml"),
    preloads: [path.join(__dirname, "loopback-only.cjs"), path.join(__dirname, "exit-with-parent.cjs")],
  };
}

/** Pure: the command line and environment of the Playground child. */
export function playgroundSpec(opts: PlaygroundOptions, paths: PlaygroundPaths, parentEnv: NodeJS.ProcessEnv = process.env): ChildSpec {
  if (!Number.isInteger(opts.port) || opts.port <= 0 || opts.port > 65535) {
    throw new Error(`the Playground needs a fixed port, got ${opts.port}`);
  }
  const env: NodeJS.ProcessEnv = {
    TEAMSAPPTESTER_BROWSER: "none",
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: paths.configPath,
    M365_AGENTS_PLAYGROUND_LOGFILE: path.join(opts.workDir, "devTools", "m365agentsplayground.log"),
    M365_AGENTS_PLAYGROUND_RECORDING_FILE: path.join(opts.workDir, "devTools", "events_recording.log"),
  };
  for (const k of ["PATH", "HOME", "LANG", "TMPDIR", "TZ"]) {
    const v = parentEnv[k];
    if (v !== undefined) env[k] = v;
  }
  return {
    name: "Agents Playground",
    command: paths.nodePath,
    args: [
      ...paths.preloads.flatMap((p) => ["--require", p]),
      paths.cliPath,
      "--app-endpoint",
      opts.botEndpoint,
      "--channel-id",
      "msteams",
      "--port",
      String(opts.port),
      "--service-url",
      `http://127.0.0.1:${opts.port}/_connector`,
      "--disable-telemetry",
    ],
    cwd: opts.workDir,
    env,
  };
}

const LISTENING_LINE = /^Listening on (\d{1,5})\s*$/;

/** Pure: the port from the Playground's "Listening on 56150" line. */
export function parseListeningPort(line: string): number | undefined {
  const m = LISTENING_LINE.exec(line);
  return m ? Number(m[1]) : undefined;
}

export interface RunningPlayground {
  child: SupervisedChild;
  port: number;
  /** The URL to open in a browser. */
  url: string;
}

/** Pure: the Playground's own error lines ("error ...") from its log file text: it prints them nowhere else. */
export function playgroundErrors(logText: string, max = 5): string[] {
  return logText
    .split("\n")
    .filter((l) => l.startsWith("error "))
    .slice(-max)
    .map((l) => l.slice("error ".length).trim());
}

/** Starts the Playground and resolves once it answers /_debug/ping on the requested port. */
export async function startPlayground(
  supervisor: Supervisor,
  opts: PlaygroundOptions,
  deps: { logger: Logger; timeoutMs: number; paths?: PlaygroundPaths },
): Promise<RunningPlayground> {
  const spec = playgroundSpec(opts, deps.paths ?? defaultPlaygroundPaths());
  const child = supervisor.start(spec);
  try {
    return await waitUntilServing(child, opts, deps);
  } catch (err) {
    let errors: string[] = [];
    try {
      errors = playgroundErrors(readFileSync(spec.env?.M365_AGENTS_PLAYGROUND_LOGFILE ?? "", "utf8"));
    } catch {
      // no log file yet
    }
    if (errors.length === 0) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`${why}; the Playground said: ${errors.join(" | ")}`);
  }
}

async function waitUntilServing(
  child: SupervisedChild,
  opts: PlaygroundOptions,
  deps: { logger: Logger; timeoutMs: number },
): Promise<RunningPlayground> {
  deps.logger.debug("child started", { child: child.name, pid: child.pid });
  child.onLine((line, stream) => deps.logger.debug("child output", { child: child.name, stream, line }));

  const started = Date.now();
  const m = await waitForLine(child, LISTENING_LINE, { what: "the Agents Playground to listen", timeoutMs: deps.timeoutMs });
  const port = Number(m[1]);
  if (port !== opts.port) {
    throw new Error(`port ${opts.port} was taken while starting; the Agents Playground moved to ${port}: set PLAYGROUND_PORT to a free port`);
  }
  const url = `http://127.0.0.1:${port}`;
  const exited = new AbortController();
  void child.exited.then(() => exited.abort(new Error("the Agents Playground exited")));
  await waitFor(async () => ((await httpOk(`${url}/_debug/ping`)) !== undefined ? true : undefined), {
    what: "the Agents Playground to answer",
    timeoutMs: Math.max(1000, deps.timeoutMs - (Date.now() - started)),
    signal: exited.signal,
  });
  return { child, port, url };
}
