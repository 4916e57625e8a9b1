import { Router } from "./router";
import type { RouteDef } from "./types";

const h: RouteDef["handler"] = () => ({ status: 200 });
const r = (method: RouteDef["method"], path: string): RouteDef => ({ service: "graph", method, path, handler: h });
const router = new Router([
  r("GET", "/v1.0/users/{id}"),
  r("GET", "/v1.0/users/delta"),
  r("GET", "/v1.0/applications(appId='{appId}')"),
  r("GET", "/v1.0/applications/{id}"),
  r("POST", "/v1.0/applications/{id}/addPassword"),
  r("GET", "/v1.0/groups/{id}/members"),
]);

test.each([
  ["GET", "/v1.0/users/delta", "/v1.0/users/delta", {}],
  ["GET", "/v1.0/users/abc", "/v1.0/users/{id}", { id: "abc" }],
  ["GET", "/V1.0/Users/abc/", "/v1.0/users/{id}", { id: "abc" }],
  ["GET", "/v1.0/applications(appId='1234-5678')", "/v1.0/applications(appId='{appId}')", { appId: "1234-5678" }],
  ["GET", "/v1.0/applications/xyz", "/v1.0/applications/{id}", { id: "xyz" }],
  ["POST", "/v1.0/applications/xyz/addPassword", "/v1.0/applications/{id}/addPassword", { id: "xyz" }],
  ["GET", "/v1.0/groups/g1/members", "/v1.0/groups/{id}/members", { id: "g1" }],
])("%s %s → %s", (method, path, pattern, params) => {
  const m = router.match("graph", method, path);
  expect(m.kind).toBe("match");
  if (m.kind === "match") {
    expect(m.route.path).toBe(pattern);
    expect(m.params).toEqual(params);
  }
});

test("method not allowed and unknown paths", () => {
  expect(router.match("graph", "DELETE", "/v1.0/users/abc").kind).toBe("methodNotAllowed");
  expect(router.match("graph", "GET", "/v1.0/nothing").kind).toBe("none");
  expect(router.match("graph", "GET", "/v1.0/users/a/b").kind).toBe("none");
  expect(router.match("defender", "GET", "/v1.0/users/abc").kind).toBe("none");
});
