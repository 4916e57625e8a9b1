import http from "node:http";
import type { AddressInfo } from "node:net";
import { httpOk, waitFor, WaitAbortedError, WaitTimeoutError } from "./waitFor";

describe("waitFor", () => {
  it("returns the first defined value", async () => {
    let calls = 0;
    const v = await waitFor(() => Promise.resolve(++calls >= 3 ? "ready" : undefined), { what: "x", timeoutMs: 5000, intervalMs: 1 });
    expect(v).toBe("ready");
    expect(calls).toBe(3);
  });

  it("times out with the last probe error, using the injected clock", async () => {
    let t = 0;
    const p = waitFor(
      () => {
        t += 600;
        return Promise.reject(new Error("connection refused"));
      },
      { what: "the bot", timeoutMs: 1000, intervalMs: 1, now: () => t },
    );
    await expect(p).rejects.toThrow(WaitTimeoutError);
    await expect(p).rejects.toThrow(/the bot.*connection refused/);
  });

  it("stops when aborted", async () => {
    const ac = new AbortController();
    const p = waitFor(() => Promise.resolve(undefined), { what: "y", timeoutMs: 60000, intervalMs: 10000, signal: ac.signal });
    ac.abort(new Error("child exited"));
    await expect(p).rejects.toThrow(WaitAbortedError);
    await expect(p).rejects.toThrow(/child exited/);
  });
});

describe("httpOk", () => {
  it("gives the body on 2xx and undefined otherwise", async () => {
    const server = http.createServer((req, res) => {
      res.statusCode = req.url === "/ok" ? 200 : 503;
      res.end(req.url === "/ok" ? "pong" : "no");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await httpOk(`${base}/ok`)).toBe("pong");
      expect(await httpOk(`${base}/down`)).toBeUndefined();
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
