/**
 * TLS session resumption from the first connection on: while a host has no TLS session to resume yet, one connection
 * to it handshakes and the others wait until it has one (its `session` event), failed, closed, or `waitMs` passed —
 * then they resume that session instead of each doing a full handshake (certificate chain, key exchange and, on the
 * server, a signature each). A burst of requests to a new host otherwise opens every connection at once, before any
 * session exists. Costs one handshake's time, once per host.
 */
import type { buildConnector } from "undici";

export interface GateOptions {
  /** The host a connection is for (one gate per key). */
  key: (opts: buildConnector.Options) => string;
  /** Longest wait for the first connection's session (default 1 s). */
  waitMs?: number;
  /** Timer (tests inject one); the default is unref'd setTimeout. */
  setTimer?: (fn: () => void, ms: number) => () => void;
}

type Waiter = [buildConnector.Options, buildConnector.Callback];
type Gate = { open: true } | { open: false; waiting: Waiter[] };

const realTimer = (fn: () => void, ms: number): (() => void) => {
  const t = setTimeout(fn, ms);
  t.unref();
  return () => clearTimeout(t);
};

/** Wraps a connector so that, per key, the first connection's TLS session exists before the others connect. */
export function resumeAfterFirst(connect: buildConnector.connector, o: GateOptions): buildConnector.connector {
  const gates = new Map<string, Gate>();
  const waitMs = o.waitMs ?? 1_000;
  const setTimer = o.setTimer ?? realTimer;

  const release = (key: string, keepOpen: boolean): void => {
    const gate = gates.get(key);
    if (!gate || gate.open) return;
    // After a failed first connection the waiters all go at once (a host that is down fails them together, not one
    // timeout after another) and the next connection to come leads again.
    if (keepOpen) gates.set(key, { open: true });
    else gates.delete(key);
    for (const [opts, cb] of gate.waiting) connect(opts, cb);
  };

  return (opts, cb) => {
    const key = o.key(opts);
    const gate = gates.get(key);
    if (gate?.open) {
      connect(opts, cb);
      return;
    }
    if (gate) {
      gate.waiting.push([opts, cb]);
      return;
    }
    gates.set(key, { open: false, waiting: [] });
    connect(opts, (...args: Parameters<buildConnector.Callback>) => {
      const [err, socket] = args;
      if (err !== null || socket === null) {
        release(key, false);
      } else {
        // Whatever ends the wait, the others go ahead: a host that gives no session is not waited for twice.
        let done = false;
        let cancel = (): void => undefined;
        const finish = (): void => {
          if (done) return;
          done = true;
          cancel();
          release(key, true);
        };
        socket.once("session", finish);
        socket.once("close", finish);
        if (!done) cancel = setTimer(finish, waitMs);
      }
      cb(...args);
    });
  };
}
