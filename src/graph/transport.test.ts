/**
 * The transport's guards that need no network (the service's origin, a token never goes to another host), and one
 * exchange against a local plain-HTTP server: what the SDK and the clients read from its Response.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { createLogger } from "../log/logger";
import { createTransport, exchange, serviceOrigin } from "./transport";

const hosts = { loginUrl: "https://127.0.0.1:7000", graphUrl: "https://127.0.0.1:7001", partnerCenterUrl: "https://127.0.0.1:7002/", defenderUrl: "https://api.security.microsoft.com" };

test.each([
  ["graph", "https://127.0.0.1:7001"],
  ["partnerCenter", "https://127.0.0.1:7002"],
  ["defender", "https://api.security.microsoft.com"],
] as const)("serviceOrigin(%s)", (service, origin) => {
  expect(serviceOrigin(hosts, service)).toBe(origin);
});

test.each([
  ["another host", "https://example.com/v1.0/users", "unknown"],
  ["another port of the same host", "https://127.0.0.1:7002/v1.0/users", "unknown"],
  ["plain http", "http://127.0.0.1:7001/v1.0/users", "unknown"],
  ["not a URL", "/v1.0/users", "badRequest"],
])("refuses %s before asking for a token", async (_n, url, code) => {
  const token = jest.fn(() => Promise.resolve("t"));
  const send = createTransport({ service: "graph", hosts, token, logger: createLogger({ sink: () => undefined }), isStaleToken: () => false });
  await expect(send({ url, method: "GET" })).rejects.toMatchObject({ code, service: "graph" });
  expect(token).not.toHaveBeenCalled();
});

describe("exchange: one request answered as a fetch Response with the whole body", () => {
  let server: http.Server;
  let base: string;
  const agent = new Agent();
  beforeAll(async () => {
    // No chaining on writeHead: restify (loaded by other suites in the same jest worker) patches it to return nothing.
    server = http.createServer((req, res) => {
      if (req.url === "/empty") {
        res.writeHead(204);
        res.end();
      } else if (req.url === "/slow") {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"a":'); // never ends: the timeout covers the body
      } else {
        res.setHeader("set-cookie", ["a=1", "b=2"]);
        res.writeHead(429, { "content-type": "application/json", "retry-after": "7" });
        res.end(JSON.stringify({ method: req.method }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await agent.close();
  });
  const send = (p: string, method = "GET", timeoutMs = 5_000) => exchange(new URL(`${base}${p}`), { method, headers: {}, body: null, dispatcher: agent, timeoutMs });

  test("status, headers (repeated ones too) and a body read more than once through clone()", async () => {
    const res = await send("/x");
    expect(res.status).toBe(429);
    expect(res.ok).toBe(false);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    await expect(res.clone().text()).resolves.toBe('{"method":"GET"}');
    await expect(res.json()).resolves.toEqual({ method: "GET" });
  });

  test.each([
    ["204", "/empty", "GET"],
    ["HEAD", "/x", "HEAD"],
  ])("no body: %s", async (_n, p, method) => {
    const res = await send(p, method);
    await expect(res.text()).resolves.toBe("");
  });

  test("the timeout covers the body", async () => {
    await expect(send("/slow", "GET", 50)).rejects.toMatchObject({ name: "TimeoutError" });
  });
});
