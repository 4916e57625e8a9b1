/**
 * Bounded polling of a real condition (an HTTP endpoint answering, a file appearing).
 * Not a sleep: it returns as soon as the probe succeeds and fails with a clear message at the deadline.
 */
export class WaitTimeoutError extends Error {
  constructor(what: string, timeoutMs: number, lastError?: string) {
    super(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError})` : ""}`);
    this.name = "WaitTimeoutError";
  }
}

export class WaitAbortedError extends Error {
  constructor(what: string, reason: string) {
    super(`stopped waiting for ${what}: ${reason}`);
    this.name = "WaitAbortedError";
  }
}

export interface WaitOptions {
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Gives up early (e.g. the child that should answer has exited). */
  signal?: AbortSignal;
  now?: () => number;
}

/** Calls `probe` until it returns a value other than undefined; probe errors count as "not yet". */
export async function waitFor<T>(probe: () => Promise<T | undefined>, opts: WaitOptions): Promise<T> {
  const now = opts.now ?? Date.now;
  const deadline = now() + opts.timeoutMs;
  const interval = opts.intervalMs ?? 100;
  let lastError: string | undefined;
  for (;;) {
    if (opts.signal?.aborted) throw new WaitAbortedError(opts.what, reasonText(opts.signal.reason));
    try {
      const v = await probe();
      if (v !== undefined) return v;
      lastError = undefined;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    const left = deadline - now();
    if (left <= 0) throw new WaitTimeoutError(opts.what, opts.timeoutMs, lastError);
    await pause(Math.min(interval, left), opts.signal);
  }
}

function reasonText(reason: unknown): string {
  return reason instanceof Error ? reason.message : typeof reason === "string" ? reason : "aborted";
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** GET `url` and return the body when the status is 2xx, else undefined (for waitFor). */
export async function httpOk(url: string, timeoutMs = 2000): Promise<string | undefined> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const body = await res.text();
  return res.ok ? body : undefined;
}
