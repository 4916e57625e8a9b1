/** The network layer's pure parts, and the dispatcher's refusal of hosts that are not Microsoft's configured ones. */
import { fetch } from "undici";
import { closeMicrosoftNetwork, microsoftDispatcher, microsoftOrigins, parseLoginBody, routeLoginUrl } from "./network";

const hosts = { loginUrl: "https://127.0.0.1:7000", graphUrl: "https://127.0.0.1:7001", partnerCenterUrl: "https://127.0.0.1:7002", defenderUrl: "https://127.0.0.1:7003" };

afterAll(async () => {
  await closeMicrosoftNetwork();
});

test.each<[string, string, string]>([
  ["https://login.microsoftonline.com/tid/oauth2/v2.0/token", "https://127.0.0.1:7000", "https://127.0.0.1:7000/tid/oauth2/v2.0/token"],
  ["https://login.microsoftonline.com/common/discovery/instance?api-version=1.1", "https://127.0.0.1:7000", "https://127.0.0.1:7000/common/discovery/instance?api-version=1.1"],
  ["https://LOGIN.microsoftonline.com/tid/oauth2/v2.0/token", "https://login.microsoftonline.com", "https://login.microsoftonline.com/tid/oauth2/v2.0/token"],
  ["https://127.0.0.1:7000/tid/oauth2/v2.0/token", "https://127.0.0.1:7000", "https://127.0.0.1:7000/tid/oauth2/v2.0/token"],
  ["https://login.microsoftonline.com/tid/oauth2/v2.0/token", "https://proxy.example.com/entra", "https://proxy.example.com/entra/tid/oauth2/v2.0/token"],
])("routeLoginUrl(%s → %s)", (url, login, expected) => {
  expect(routeLoginUrl(url, login)).toBe(expected);
});

test("routeLoginUrl refuses other hosts", () => {
  expect(() => routeLoginUrl("https://evil.example.com/token", "https://127.0.0.1:7000")).toThrow(/refused/);
});

test.each<[number, string, Record<string, unknown>]>([
  [200, '{"access_token":"x","expires_in":3599}', { access_token: "x", expires_in: 3599 }],
  [400, '{"error":"invalid_client"}', { error: "invalid_client" }],
  [502, "<html><body>Bad gateway</body></html>", { error: "server_error", error_description: "HTTP 502 with a body that is not JSON" }],
  [404, "Not Found", { error: "client_error", error_description: "HTTP 404 with a body that is not JSON" }],
  [503, "", { error: "server_error", error_description: "HTTP 503 with an empty body" }],
  [200, "", {}],
  [200, "[1,2]", { error: "unknown_error", error_description: "HTTP 200 with a body that is not JSON" }],
])("parseLoginBody(%d, %p)", (status, text, expected) => {
  expect(parseLoginBody(status, text)).toEqual(expected);
});

test("microsoftOrigins", () => {
  expect([...microsoftOrigins(hosts)]).toEqual(["https://127.0.0.1:7000", "https://127.0.0.1:7001", "https://127.0.0.1:7002", "https://127.0.0.1:7003"]);
});

test("one dispatcher per configuration; it refuses hosts that are not configured (no connection is made)", async () => {
  const d = microsoftDispatcher(hosts);
  expect(microsoftDispatcher({ ...hosts })).toBe(d);
  await expect(fetch("https://example.com/", { dispatcher: d })).rejects.toMatchObject({ cause: { message: expect.stringMatching(/not one of the configured Microsoft hosts/) } });
  await expect(fetch("https://127.0.0.1:7009/", { dispatcher: d })).rejects.toMatchObject({ cause: { message: expect.stringMatching(/not one of the configured/) } });
});

test("an unreadable CA file is a clear error", () => {
  expect(() => microsoftDispatcher({ ...hosts, caFile: "/nonexistent/ca.pem" })).toThrow(/MS_CA_FILE/);
});
