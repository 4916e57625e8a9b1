import { fromCoreDispatch, runBatch, subRequestTarget, validateBatch, type BatchSubRequest } from "./batch";
import { stubContext, stubRequest, stubWorld } from "./intune/stubWorld";
import type { SimResponse } from "../core/types";

const ctx = stubContext(stubWorld());

function batchReq(body: unknown, path = "/v1.0/$batch", auth = "Bearer x") {
  return stubRequest({ url: path, method: "POST", body, headers: auth ? { authorization: auth } : {} });
}

interface Out {
  responses: { id: string; status: number; headers: Record<string, string>; body?: unknown }[];
}

describe("validateBatch", () => {
  const r = (id: string, extra: object = {}) => ({ id, method: "GET", url: "/organization", ...extra });
  it.each([
    [{}, false],
    [{ requests: [] }, false],
    [{ requests: Array.from({ length: 20 }, (_, i) => r(String(i))) }, true],
    [{ requests: Array.from({ length: 21 }, (_, i) => r(String(i))) }, false],
    [{ requests: [r("a"), r("A")] }, false],
    [{ requests: [r("1"), r("2", { dependsOn: ["1"] })] }, true],
    [{ requests: [r("1", { dependsOn: ["3"] })] }, false],
    [{ requests: [r("1", { dependsOn: ["2"] }), r("2", { dependsOn: ["1"] })] }, false],
  ])("%j → %s", (body, ok) => {
    expect(validateBatch(body).ok).toBe(ok);
  });
});

describe("subRequestTarget", () => {
  it.each([
    ["/users?$top=1", { ok: true, path: "/v1.0/users", query: "$top=1" }],
    ["users", { ok: true, path: "/v1.0/users", query: "" }],
    ["/deviceManagement/managedDevices/abc%20d", { ok: true, path: "/v1.0/deviceManagement/managedDevices/abc d", query: "" }],
    ["https://graph.microsoft.com/v1.0/users", { ok: false }],
    ["/v1.0/users", { ok: false }],
  ])("%s", (url, expected) => {
    expect(subRequestTarget("v1.0", url)).toMatchObject(expected);
  });
});

describe("runBatch", () => {
  it("dispatches each sub-request with the batch's token and keeps request order", async () => {
    const seen: BatchSubRequest[] = [];
    const dispatch = (sub: BatchSubRequest): Promise<SimResponse> => {
      seen.push(sub);
      if (sub.id === "2") return Promise.resolve({ status: 429, headers: { "Retry-After": "1" }, body: { error: { code: "TooManyRequests", message: "x" } } });
      return Promise.resolve({ status: 200, body: { value: [sub.path] } });
    };
    const res = await runBatch(
      batchReq({ requests: [
        { id: "1", method: "GET", url: "/deviceManagement/managedDevices?$top=1" },
        { id: "2", method: "get", url: "organization" },
        { id: "3", method: "POST", url: "/groups/g/checkMemberGroups", body: { groupIds: [] }, headers: { "Content-Type": "application/json" } },
      ] }, "/beta/$batch"),
      ctx,
      dispatch,
    );
    expect(res.status).toBe(200);
    const out = res.body as Out;
    expect(out.responses.map((r) => [r.id, r.status])).toEqual([["1", 200], ["2", 429], ["3", 200]]);
    expect(out.responses[1]?.headers["Retry-After"]).toBe("1");
    expect(out.responses[0]?.headers["Content-Type"]).toBe("application/json");
    expect(seen.map((s) => [s.path, s.query, s.headers.authorization])).toEqual([
      ["/beta/deviceManagement/managedDevices", "$top=1", "Bearer x"],
      ["/beta/organization", "", "Bearer x"],
      ["/beta/groups/g/checkMemberGroups", "", "Bearer x"],
    ]);
    expect(seen[2]?.body).toEqual({ groupIds: [] });
  });

  it("runs dependents after their dependency and answers 424 when it failed", async () => {
    const order: string[] = [];
    const dispatch = async (sub: BatchSubRequest): Promise<SimResponse> => {
      await new Promise((r) => setImmediate(r));
      order.push(sub.id);
      return { status: sub.id === "a" ? 404 : 200, body: {} };
    };
    const res = await runBatch(
      batchReq({ requests: [
        { id: "b", method: "GET", url: "/x", dependsOn: ["c"] },
        { id: "a", method: "GET", url: "/y" },
        { id: "c", method: "GET", url: "/z" },
        { id: "d", method: "GET", url: "/w", dependsOn: ["a"] },
      ] }),
      ctx,
      dispatch,
    );
    const out = res.body as Out;
    expect(out.responses.map((r) => [r.id, r.status])).toEqual([["b", 200], ["a", 404], ["c", 200], ["d", 424]]);
    expect(order.indexOf("c")).toBeLessThan(order.indexOf("b"));
    expect(order).not.toContain("d");
  });

  it.each([
    [{ requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: "GET", url: "/me" })) }, 400],
    [{ requests: [{ id: "1", method: "GET", url: "/me" }, { id: "1", method: "GET", url: "/me" }] }, 400],
    ["not json", 400],
  ])("refuses a bad payload as a whole (%#)", async (body, status) => {
    const res = await runBatch(batchReq(body), ctx, () => Promise.resolve({ status: 200 }));
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ error: { code: "BadRequest" } });
  });

  it("401s a batch without a token; per-item 400 for absolute urls and a body without Content-Type", async () => {
    expect((await runBatch(batchReq({ requests: [] }, "/v1.0/$batch", ""), ctx, () => Promise.resolve({ status: 200 }))).status).toBe(401);
    const res = await runBatch(
      batchReq({ requests: [
        { id: "1", method: "GET", url: "https://graph.microsoft.com/v1.0/me" },
        { id: "2", method: "POST", url: "/x", body: { a: 1 } },
        { id: "3", method: "FETCH", url: "/x" },
      ] }),
      ctx,
      () => Promise.resolve({ status: 200 }),
    );
    expect((res.body as Out).responses.map((r) => r.status)).toEqual([400, 400, 400]);
  });
});

describe("fromCoreDispatch", () => {
  it("hands the core a url with the path re-encoded and the raw query", async () => {
    const seen: string[] = [];
    const d = fromCoreDispatch((sub) => {
      seen.push(`${sub.method} ${sub.url} ${sub.headers.authorization}`);
      return Promise.resolve({ status: 204 });
    });
    const parent = stubRequest({ url: "/v1.0/$batch" });
    await d({ id: "1", method: "GET", path: "/v1.0/applications(appId='a b')", query: "$select=id", headers: { authorization: "Bearer t" }, body: undefined, parent });
    expect(seen).toEqual(["GET /v1.0/applications(appId%3D'a%20b')?$select=id Bearer t"]);
  });
});
