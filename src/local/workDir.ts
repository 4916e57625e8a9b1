/**
 * Local mode's temporary folder (`tenant-pilot-local-*`: the Playground's logs, the simulator's ready file and CA).
 * Removed on every exit path: a normal stop, a failed start, and synchronously from process "exit" (a second signal,
 * an uncaught error), after the children's process groups are gone so none of them writes into it again.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const WORK_DIR_PREFIX = "tenant-pilot-local-";

export interface WorkDir {
  readonly path: string;
  /** Removes it (idempotent, never throws). */
  remove(): void;
}

export function createWorkDir(base: string = os.tmpdir()): WorkDir {
  const dir = mkdtempSync(path.join(base, WORK_DIR_PREFIX));
  return {
    path: dir,
    remove: () => {
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        // best effort: a child may still be closing a file
      }
    },
  };
}

/** Blocks the thread for `ms` (only for the synchronous process "exit" path). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Synchronously waits (bounded) until `alive()` is false. */
export function waitUntilSync(done: () => boolean, timeoutMs: number, stepMs = 20): boolean {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() >= deadline) return false;
    sleepSync(stepMs);
  }
  return true;
}
