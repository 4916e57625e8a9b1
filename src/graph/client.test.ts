/** Pure parts of the Graph client: chunking, sub-requests, sub-responses, the stale-token test. */
import { chunk, isInvalidAuthenticationToken, toBatchRequest, toBatchResult } from "./client";

test.each<[number, number[]]>([
  [0, []],
  [1, [1]],
  [20, [20]],
  [21, [20, 1]],
  [45, [20, 20, 5]],
])("chunk(%d items) → sizes %p", (n, sizes) => {
  const items = Array.from({ length: n }, (_, i) => i);
  const chunks = chunk(items);
  expect(chunks.map((c) => c.length)).toEqual(sizes);
  expect(chunks.flat()).toEqual(items);
});

test.each([
  [{ id: "1", method: "GET" as const, url: "/users" }, { id: "1", method: "GET", url: "/users" }],
  [{ id: "2", method: "GET" as const, url: "groups?$top=5" }, { id: "2", method: "GET", url: "/groups?$top=5" }],
  [
    { id: "3", method: "POST" as const, url: "/groups/g/checkMemberGroups", body: { groupIds: ["a"] } },
    { id: "3", method: "POST", url: "/groups/g/checkMemberGroups", body: { groupIds: ["a"] }, headers: { "Content-Type": "application/json" } },
  ],
])("toBatchRequest %#", (item, expected) => {
  expect(toBatchRequest(item)).toEqual(expected);
});

describe("toBatchResult", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  test.each<[string, Parameters<typeof toBatchResult>[1], number, string | undefined, number | undefined]>([
    ["200", { status: 200, body: { value: [] } }, 200, undefined, undefined],
    ["429 with its Retry-After", { status: 429, headers: { "Retry-After": "4" }, body: { error: { code: "TooManyRequests", message: "x" } } }, 429, "throttled", 4000],
    ["404", { status: 404, body: { error: { code: "Request_ResourceNotFound", message: "x" } } }, 404, "notFound", undefined],
    ["Intune not licensed", { status: 400, body: { error: { code: "BadRequest", message: "Request not applicable to target tenant." } } }, 400, "intuneNotLicensed", undefined],
    ["503 without headers", { status: 503, headers: null }, 503, "unavailable", undefined],
    ["no answer for the id", undefined, 500, "unavailable", undefined],
  ])("%s", (_n, raw, status, code, retryAfterMs) => {
    const { result, retryAfterMs: ra } = toBatchResult("x", raw, now);
    expect(result.id).toBe("x");
    expect(result.status).toBe(status);
    expect(result.error?.code).toBe(code);
    expect(ra).toBe(retryAfterMs);
  });
});

test.each<[number, unknown, boolean]>([
  [401, { error: { code: "InvalidAuthenticationToken", message: "expired" } }, true],
  [401, { error: { code: "Unauthorized", message: "x" } }, false],
  [403, { error: { code: "InvalidAuthenticationToken" } }, false],
  [401, "<html>", false],
  [401, null, false],
])("isInvalidAuthenticationToken(%d, %p) = %p", (status, body, expected) => {
  expect(isInvalidAuthenticationToken(status, body)).toBe(expected);
});
