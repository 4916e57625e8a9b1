/** The first connection to a host handshakes alone; the others wait for its TLS session (or its failure / close / the timer). */
import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import type { buildConnector } from "undici";
import { resumeAfterFirst } from "./tlsGate";

interface Pending {
  host: string;
  finish: (err?: Error) => EventEmitter;
}

function setup() {
  const started: Pending[] = [];
  const connected: string[] = [];
  const timers: (() => void)[] = [];
  const inner: buildConnector.connector = (opts, cb) => {
    started.push({
      host: opts.hostname,
      finish: (err) => {
        const socket = new EventEmitter();
        if (err) cb(err, null);
        else cb(null, socket as unknown as Socket);
        return socket;
      },
    });
  };
  const connect = resumeAfterFirst(inner, {
    key: (o) => `${o.hostname}:${o.port}`,
    setTimer: (fn) => {
      timers.push(fn);
      return () => {
        const i = timers.indexOf(fn);
        if (i >= 0) timers.splice(i, 1);
      };
    },
  });
  const open = (host: string): void =>
    connect({ hostname: host, port: "443", protocol: "https:" }, (...args: Parameters<buildConnector.Callback>) => {
      connected.push(args[0] ? `${host} failed` : host);
    });
  return { started, connected, timers, open };
}

test.each([
  ["its session arrives", (s: EventEmitter) => s.emit("session", Buffer.from("s"))],
  ["it closes without one", (s: EventEmitter) => s.emit("close")],
])("the others wait for the first connection until %s", (_n, end) => {
  const t = setup();
  t.open("a");
  t.open("a");
  t.open("a");
  expect(t.started).toHaveLength(1);
  const socket = t.started[0].finish();
  expect(t.connected).toEqual(["a"]);
  expect(t.started).toHaveLength(1); // connected, but no session yet
  end(socket);
  expect(t.started).toHaveLength(3);
  expect(t.timers).toHaveLength(0); // the fallback timer is cleared
  t.open("a");
  expect(t.started).toHaveLength(4); // from then on: at once
});

test("the fallback timer lets the others go when no session comes", () => {
  const t = setup();
  t.open("a");
  t.open("a");
  t.started[0].finish();
  expect(t.timers).toHaveLength(1);
  t.timers[0]();
  expect(t.started).toHaveLength(2);
});

test("after a failed first connection the waiters go at once, and the next connection leads again", () => {
  const t = setup();
  t.open("a");
  t.open("a");
  t.open("a");
  t.started[0].finish(new Error("refused"));
  expect(t.connected).toEqual(["a failed"]);
  expect(t.started).toHaveLength(3);
  t.open("a");
  t.open("a");
  expect(t.started).toHaveLength(4);
  t.started[3].finish().emit("session", Buffer.from("s"));
  expect(t.started).toHaveLength(5);
});

test("hosts are gated separately", () => {
  const t = setup();
  t.open("a");
  t.open("b");
  t.open("a");
  expect(t.started.map((p) => p.host)).toEqual(["a", "b"]);
});
