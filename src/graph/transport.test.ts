/** The transport's guards that need no network: the service's origin, and that a token never goes to another host. */
import { createLogger } from "../log/logger";
import { serviceOrigin, createTransport } from "./transport";

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
