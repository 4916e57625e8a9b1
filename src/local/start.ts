/**
 * `npm start [-- --scenario <file>] [--ready-file <path>] [--user <upn>]`: local mode in one command.
 *
 * Starts, in one process tree: the embedded Cosmos server (in-process), the Microsoft simulator (child, when sim/cli.ts
 * exists), the bot on 127.0.0.1:PORT (in-process, authentication off) and the Microsoft 365 Agents Playground (child).
 * Waits for each by polling its real endpoint (bounded), then prints one line with the URL to open (and writes the
 * --ready-file). The product's clock follows the simulator's; the scenario's rehearsal block, the signed-in partner
 * user and the bot's SSO app go to the composition root as the LocalContext.
 * SIGINT / SIGTERM / SIGHUP stop everything (children by process group, SIGKILL after a grace period); if a child dies,
 * everything stops and the exit code is 1.
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { LocalContext } from "../app/compose";
import type * as StartModule from "../app/start";
import { formatConfigProblems, loadConfig, type LocalConfig } from "../config";
import { createLogger, type Logger } from "../log/logger";
import type * as EmbeddedCosmosModule from "../store/embeddedCosmos";
import { parseLocalArgs, USAGE } from "./args";
import { watchParent } from "./parentWatch";
import { startPlayground } from "./playground";
import { checkPorts, type PortRequest } from "./ports";
import { prepareLocal, type PreparedLocal } from "./prepare";
import { ssoAppOf } from "./rehearsal";
import { controlClockReader, startSimClock } from "./simClock";
import { findSimulator, SIM_PORT_COUNT, startSimulator, type SimReady } from "./simulator";
import { describeExit, groupAlive, Supervisor } from "./supervisor";
import { httpOk, waitFor } from "./waitFor";
import { createWorkDir, waitUntilSync, type WorkDir } from "./workDir";

/** Repository root (this file is src/local/start.ts). */
export const ROOT = path.resolve(__dirname, "..", "..");

export const TIMEOUTS = {
  simulator: 20_000,
  bot: 15_000,
  playground: 20_000,
  /** Children get this long after SIGTERM before SIGKILL. */
  graceMs: 5_000,
};

/** A problem the user can fix; its message is shown as is (no stack). */
export class LocalStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LocalStartError";
  }
}

/** Pure: the ports local mode will bind, each with the variable that moves it. */
export function portRequests(config: LocalConfig, withSimulator: boolean): PortRequest[] {
  const reqs: PortRequest[] = [
    { variable: "PORT", what: "the bot", port: config.port },
    { variable: "PLAYGROUND_PORT", what: "the Agents Playground", port: config.playgroundPort },
    { variable: "COSMOS_PORT", what: "the embedded Cosmos server", port: config.cosmosPort },
  ];
  if (withSimulator && config.simPort !== 0) {
    for (let i = 0; i < SIM_PORT_COUNT; i++) {
      reqs.push({ variable: "SIM_PORT", what: `the Microsoft simulator (SIM_PORT+${i})`, port: config.simPort + i });
    }
  }
  return reqs;
}

/** Pure: the one line printed when everything is up. */
export function openLine(playgroundUrl: string): string {
  return `Open ${playgroundUrl} in your browser to chat with Tenant Pilot (local mode; Ctrl-C stops everything).`;
}

/** What --ready-file receives once everything is up (the simulator part as `npm run sim --ready-file` writes it). */
export interface LocalReady {
  playground: string;
  bot: string;
  simulator?: SimReady;
}

/** Writes the ready file atomically (a reader never sees half of it). */
export function writeReadyFile(file: string, ready: LocalReady): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(ready, null, 2) + "\n", { mode: 0o600 });
  renameSync(tmp, file);
}

export interface LocalRun {
  playgroundUrl: string;
  botUrl: string;
  /** Resolves with a message if a child exits on its own after start-up. */
  childDied: Promise<string>;
  /** Stops children (SIGTERM, then SIGKILL after the grace period), the bot and Cosmos; removes the work dir. */
  stop(): Promise<void>;
  /** Synchronous last resort for process "exit": SIGKILL every child group, wait (bounded) until gone, remove the work dir. */
  killNow(): void;
  /** What the composition root got (tests). */
  local: LocalContext;
}

export interface LocalStartOptions {
  config: LocalConfig;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  root?: string;
  /** Aborted when the user presses Ctrl-C during start-up. */
  signal?: AbortSignal;
  /** The scenario and signed-in user (default: prepared from the demo scenario). */
  prepared?: PreparedLocal;
  /** Where to write the ready file once everything is up (removed again on stop). */
  readyFile?: string;
  /** The temporary folder (default: a new one); removed on stop. */
  workDir?: WorkDir;
}

/**
 * Starts everything and resolves once the Playground answers. On any failure everything already started is stopped
 * and a LocalStartError (a readable message) or the original error is thrown.
 */
export async function startLocal(opts: LocalStartOptions): Promise<LocalRun> {
  const { logger, env } = opts;
  const root = opts.root ?? ROOT;
  let config = opts.config;
  let prepared = opts.prepared;
  if (prepared === undefined) {
    const p = prepareLocal({}, config, root);
    if (!p.ok) throw new LocalStartError(p.message);
    prepared = p.prepared;
  }
  const sim = findSimulator(root, prepared.scenario.file);

  const portProblems = await checkPorts(portRequests(config, sim.ok));
  if (portProblems.length > 0) {
    throw new LocalStartError(
      [`Tenant Pilot cannot start: ${portProblems.length === 1 ? "a port is" : "ports are"} not available.`, ...portProblems.map((p) => `  - ${p}`)].join("\n"),
    );
  }

  const supervisor = new Supervisor();
  let reportDeath: (message: string) => void = () => undefined;
  const childDied = new Promise<string>((resolve) => {
    reportDeath = resolve;
  });
  supervisor.onUnexpectedExit((child, info) => {
    const tail = child.tail().slice(-10);
    reportDeath(`${child.name} ${describeExit(info)}.${tail.length > 0 ? `\nIts last output:\n  ${tail.join("\n  ")}` : ""}`);
  });

  const workDir = opts.workDir ?? createWorkDir();
  const removeReadyFile = (): void => {
    if (opts.readyFile !== undefined) rmSync(opts.readyFile, { force: true });
  };
  const cleanups: (() => Promise<void>)[] = [];
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      try {
        await supervisor.stopAll(TIMEOUTS.graceMs);
        for (const c of cleanups.reverse()) {
          try {
            await c();
          } catch (err) {
            logger.warn("cleanup failed", { error: err });
          }
        }
      } finally {
        removeReadyFile();
        workDir.remove();
      }
    })();
    return stopped;
  };
  const killNow = (): void => {
    supervisor.killAllNow();
    waitUntilSync(() => !supervisor.pids().some(groupAlive), 1000);
    removeReadyFile();
    workDir.remove();
  };
  // Ctrl-C during start-up: stop the children now, so whatever waits on them gives up at once.
  opts.signal?.addEventListener("abort", () => void supervisor.stopAll(TIMEOUTS.graceMs), { once: true });
  const checkAborted = (): void => {
    if (opts.signal?.aborted) throw new LocalStartError("Start-up interrupted.");
  };

  try {
    // Loaded only now, so a configuration or port error prints nothing but its message.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startEmbeddedCosmos } = require("../store/embeddedCosmos") as typeof EmbeddedCosmosModule;
    const cosmosP = startEmbeddedCosmos({ port: config.cosmosPort });
    const simP = sim.ok
      ? startSimulator(supervisor, sim.files, { root, port: config.simPort, workDir: workDir.path, userEnv: env }, { logger, timeoutMs: TIMEOUTS.simulator })
      : undefined;
    if (!sim.ok) logger.info("Microsoft simulator not started: Microsoft hosts keep their configured values", { reason: sim.reason });
    const [cosmosR, simR] = await Promise.allSettled([cosmosP, simP]);
    if (cosmosR.status === "fulfilled") cleanups.push(() => cosmosR.value.stop());
    if (cosmosR.status === "rejected") throw cosmosR.reason;
    if (simR.status === "rejected") throw simR.reason;
    const cosmos = cosmosR.value;
    checkAborted();

    const local: LocalContext = {
      localUser: prepared.localUser,
      partnerTenantId: prepared.scenario.scenario.partner.tenantId,
      ...(prepared.scenario.rehearsal ? { rehearsal: prepared.scenario.rehearsal } : {}),
    };
    let clock;
    const simReady = simR.value?.ready;
    if (simR.value !== undefined && simReady !== undefined) {
      const withSim = loadConfig({ ...env, ...simR.value.env });
      if (!withSim.ok || withSim.config.mode !== "local") {
        throw new LocalStartError(
          `The Microsoft simulator gave settings the bot refuses:\n${withSim.ok ? "  - not local mode" : withSim.problems.map((p) => `  - ${p}`).join("\n")}`,
        );
      }
      config = withSim.config;
      logger.info("Microsoft simulator ready", { urls: simReady.urls, scenario: prepared.scenario.file, signedInAs: prepared.localUser });
      const reader = controlClockReader(simReady.urls.control, simReady.caPem);
      const simClock = await startSimClock({ read: reader.read, close: reader.close, logger });
      cleanups.push(() => simClock.stop());
      clock = simClock.clock;
      local.simulator = { controlUrl: simReady.urls.control, caPem: simReady.caPem };
      local.refreshClock = simClock.refresh;
      const ssoApp = ssoAppOf(prepared.scenario.scenario, simClock.clock.now());
      if (ssoApp) local.ssoApp = ssoApp;
      else logger.warn("the scenario has no bot SSO app (an application with an api://botid-… identifier URI and an unexpired secret): sign-in will not work");
    }

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startApp } = require("../app/start") as typeof StartModule;
    const bot = await startApp({ config, cosmos: { endpoint: cosmos.endpoint, key: cosmos.key, ca: cosmos.ca }, logger, local, ...(clock ? { clock } : {}) });
    cleanups.push(() => bot.stop());
    await waitFor(async () => ((await httpOk(`${bot.url}/healthz`)) !== undefined ? true : undefined), {
      what: "the bot's /healthz",
      timeoutMs: TIMEOUTS.bot,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    checkAborted();

    const playground = await startPlayground(
      supervisor,
      { botEndpoint: `${bot.url}/api/messages`, port: config.playgroundPort, workDir: workDir.path },
      { logger, timeoutMs: TIMEOUTS.playground },
    );
    checkAborted();
    if (opts.readyFile !== undefined) {
      writeReadyFile(opts.readyFile, { playground: playground.url, bot: bot.url, ...(simReady ? { simulator: simReady } : {}) });
    }
    return {
      playgroundUrl: playground.url,
      botUrl: bot.url,
      childDied,
      stop,
      killNow,
      local,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Pure: the message for a start-up failure that is not a LocalStartError (details go to the log). */
export function startFailureMessage(err: unknown): string {
  if (err instanceof LocalStartError) return err.message;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EADDRINUSE") return "Tenant Pilot cannot start: a port is already in use (see PORT, PLAYGROUND_PORT, SIM_PORT, COSMOS_PORT).";
  const what = err instanceof Error ? err.message.split("\n")[0] : "";
  const ours = what.startsWith("timed out") || what.startsWith("stopped waiting") || what.includes(" before ");
  return `Tenant Pilot could not start${ours ? `: ${what}` : ""}. Details are in the log above.`;
}

/** A signal repeated within this window is the same request (npm forwards the group's SIGTERM to us once more). */
export const DUPLICATE_SIGNAL_MS = 1000;

export async function main(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const parsedArgs = parseLocalArgs(argv);
  if (!parsedArgs.ok) {
    process.stderr.write(`Tenant Pilot cannot start: ${parsedArgs.problem}.\n${USAGE}\n`);
    return 1;
  }
  if (parsedArgs.args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const result = loadConfig(env);
  if (!result.ok) {
    process.stderr.write(formatConfigProblems(result.problems) + "\n");
    return 1;
  }
  if (result.config.mode !== "local") {
    process.stderr.write(
      "`npm start` runs local mode, but the configuration selects azure mode (TP_MODE=azure or MICROSOFT_APP_ID is set).\n" +
        "Unset them for local mode, or run `npm run build && npm run start:azure` for azure mode.\n",
    );
    return 1;
  }
  const config = result.config;
  const prepared = prepareLocal(parsedArgs.args, config, ROOT);
  if (!prepared.ok) {
    process.stderr.write(prepared.message + "\n");
    return 1;
  }
  const logger = createLogger({ level: config.logLevel });
  const readyFile = parsedArgs.args.readyFile !== undefined ? path.resolve(parsedArgs.args.readyFile) : undefined;
  const workDir = createWorkDir();

  const interrupted = new AbortController();
  let run: LocalRun | undefined;
  let exitCode: number | undefined;
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });

  let firstSignalAt: number | undefined;
  const onSignal = (signal: string): void => {
    const now = Date.now();
    if (firstSignalAt !== undefined) {
      if (now - firstSignalAt < DUPLICATE_SIGNAL_MS) return;
      process.stderr.write(`${signal} again: killing every child now.\n`);
      process.exit(1); // the "exit" handler kills the children and removes the temporary folder
    }
    firstSignalAt = now;
    process.stderr.write(`${signal}: stopping Tenant Pilot...\n`);
    exitCode ??= 0;
    interrupted.abort(new Error(signal));
    if (run) void run.stop().then(() => finish(exitCode ?? 0));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);
  process.on("exit", () => {
    run?.killNow();
    if (readyFile !== undefined && run === undefined) rmSync(readyFile, { force: true });
    workDir.remove();
  });
  watchParent(() => onSignal("The process that started Tenant Pilot went away"));

  try {
    run = await startLocal({ config, env, logger, signal: interrupted.signal, prepared: prepared.prepared, workDir, ...(readyFile ? { readyFile } : {}) });
  } catch (err) {
    if (interrupted.signal.aborted) return exitCode ?? 0;
    if (!(err instanceof LocalStartError)) logger.error("local start failed", { error: err });
    process.stderr.write(startFailureMessage(err) + "\n");
    return 1;
  }
  if (interrupted.signal.aborted) {
    await run.stop();
    return exitCode ?? 0;
  }
  process.stdout.write(openLine(run.playgroundUrl) + "\n");

  const running = run;
  void running.childDied.then(async (message) => {
    if (exitCode !== undefined) return;
    exitCode = 1;
    process.stderr.write(`${message}\nStopping everything.\n`);
    await running.stop();
    finish(1);
  });
  return finished;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      createLogger().error("local start failed", { error: err });
      process.stderr.write("Tenant Pilot stopped after an unexpected error. Details are in the log above.\n");
      process.exit(1);
    },
  );
}
