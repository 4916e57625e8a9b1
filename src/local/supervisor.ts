/**
 * Child process supervision for local mode.
 *
 * Every child runs in its own process group (detached), so stopping it also stops whatever it spawned:
 * SIGTERM to the group, then SIGKILL after a grace period. Output is split into lines, handed to listeners
 * and the last lines are kept for error messages. A child that exits while nobody asked it to is reported.
 */
import { spawn } from "node:child_process";
import readline from "node:readline";

export interface ChildSpec {
  /** Short name for messages and logs, e.g. "playground". */
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  spawnError?: string;
}

export type OutputListener = (line: string, stream: "stdout" | "stderr") => void;

export interface SupervisedChild {
  readonly name: string;
  /** Process id, also the process group id. Undefined only if spawning failed. */
  readonly pid: number | undefined;
  /** Resolves when the child has exited (never rejects). */
  readonly exited: Promise<ExitInfo>;
  hasExited(): boolean;
  onLine(listener: OutputListener): void;
  /** The last lines the child printed (stdout and stderr interleaved). */
  tail(): string[];
  /** SIGTERM to the process group, SIGKILL after `graceMs`; resolves once the group is gone (or after a bounded wait). */
  stop(graceMs?: number): Promise<ExitInfo>;
  /** SIGKILL to the whole group, synchronously (last resort when the parent is exiting). */
  killNow(): void;
}

const TAIL_LINES = 30;
export const DEFAULT_GRACE_MS = 5000;

/** Pure: describes how a child ended, for the one-line message shown when it dies unexpectedly. */
export function describeExit(info: ExitInfo): string {
  if (info.spawnError !== undefined) return `could not be started (${info.spawnError})`;
  if (info.signal !== null) return `was killed by ${info.signal}`;
  return `exited with code ${info.code ?? "unknown"}`;
}

/** True while any process of the group `pgid` exists. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // group already gone
  }
}

async function waitGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

export function spawnSupervised(spec: ChildSpec): SupervisedChild {
  const child = spawn(spec.command, [...spec.args], {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  const lines: string[] = [];
  const listeners: OutputListener[] = [];
  let exitInfo: ExitInfo | undefined;

  const exited = new Promise<ExitInfo>((resolve) => {
    child.once("exit", (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
    child.once("error", (err) => {
      if (pid === undefined && exitInfo === undefined) {
        exitInfo = { code: null, signal: null, spawnError: err.message };
        resolve(exitInfo);
      }
    });
  });

  const pipe = (stream: NodeJS.ReadableStream | null, name: "stdout" | "stderr"): void => {
    if (stream === null) return;
    const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
    rl.on("line", (line) => {
      lines.push(line);
      if (lines.length > TAIL_LINES) lines.shift();
      for (const l of listeners) l(line, name);
    });
  };
  pipe(child.stdout, "stdout");
  pipe(child.stderr, "stderr");

  let stopping: Promise<ExitInfo> | undefined;
  const stop = (graceMs = DEFAULT_GRACE_MS): Promise<ExitInfo> => {
    stopping ??= (async () => {
      if (pid === undefined) return exited;
      signalGroup(pid, "SIGTERM");
      if (!(await waitGroupGone(pid, graceMs))) {
        signalGroup(pid, "SIGKILL");
        await waitGroupGone(pid, 2000);
      }
      return exited;
    })();
    return stopping;
  };

  return {
    name: spec.name,
    pid,
    exited,
    hasExited: () => exitInfo !== undefined,
    onLine: (l) => {
      listeners.push(l);
    },
    tail: () => [...lines],
    stop,
    killNow: () => {
      if (pid !== undefined) signalGroup(pid, "SIGKILL");
    },
  };
}

/**
 * Resolves with the first line (already printed or still to come) matching `re`; rejects when the child exits first
 * or after `timeoutMs`.
 */
export function waitForLine(child: SupervisedChild, re: RegExp, opts: { what: string; timeoutMs: number }): Promise<RegExpExecArray> {
  for (const line of child.tail()) {
    const m = re.exec(line);
    if (m) return Promise.resolve(m);
  }
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (fn: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what}`))),
      opts.timeoutMs,
    );
    child.onLine((line) => {
      const m = re.exec(line);
      if (m) finish(() => resolve(m));
    });
    void child.exited.then((info) => finish(() => reject(new Error(`${child.name} ${describeExit(info)} before ${opts.what}`))));
  });
}

/**
 * Keeps the children of one local run. If one exits before `stopAll` was called, `onUnexpectedExit` fires once.
 */
export class Supervisor {
  private readonly children: SupervisedChild[] = [];
  private stopping = false;
  private unexpected: ((child: SupervisedChild, info: ExitInfo) => void) | undefined;

  start(spec: ChildSpec): SupervisedChild {
    if (this.stopping) throw new Error(`not starting ${spec.name}: shutting down`);
    const child = spawnSupervised(spec);
    this.children.push(child);
    void child.exited.then((info) => {
      if (!this.stopping) this.unexpected?.(child, info);
    });
    return child;
  }

  onUnexpectedExit(listener: (child: SupervisedChild, info: ExitInfo) => void): void {
    this.unexpected = listener;
  }

  pids(): number[] {
    return this.children.flatMap((c) => (c.pid === undefined ? [] : [c.pid]));
  }

  /** Stops every child (in parallel), escalating to SIGKILL after `graceMs`. */
  async stopAll(graceMs = DEFAULT_GRACE_MS): Promise<void> {
    this.stopping = true;
    await Promise.all(this.children.map((c) => c.stop(graceMs)));
  }

  /** Synchronous last resort (process "exit" handler): SIGKILL every group. */
  killAllNow(): void {
    this.stopping = true;
    for (const c of this.children) c.killNow();
  }
}
