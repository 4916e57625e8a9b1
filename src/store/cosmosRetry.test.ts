import { isTransientCosmosError, retryAfterMs, retryDelay, withCosmosRetry, type CosmosRetryPolicy } from "./cosmosRetry";

const cosmosError = (code: number | string, extra: Record<string, unknown> = {}) => Object.assign(new Error("x"), { code, ...extra });
const policy: CosmosRetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

describe("isTransientCosmosError", () => {
  it.each<[string, unknown, boolean]>([
    ["429 throttled", cosmosError(429), true],
    ["503 unavailable", cosmosError(503), true],
    ["408 timeout", cosmosError(408), true],
    ["449 retry with", cosmosError(449), true],
    ["statusCode instead of code", Object.assign(new Error("x"), { statusCode: 503 }), true],
    ["connection refused", cosmosError("ECONNREFUSED"), true],
    ["connection reset in the cause", Object.assign(new Error("fetch failed"), { cause: cosmosError("ECONNRESET") }), true],
    ["SDK send error", cosmosError("REQUEST_SEND_ERROR"), true],
    ["an abort by our own deadline", Object.assign(new Error("t"), { name: "TimeoutError" }), true],
    ["412 etag conflict (merged by its owner)", cosmosError(412), false],
    ["409 conflict", cosmosError(409), false],
    ["404 not found", cosmosError(404), false],
    ["401 wrong key", cosmosError(401), false],
    ["400 bad request", cosmosError(400), false],
    ["a programming error", new TypeError("x is undefined"), false],
    ["not an error", "boom", false],
    ["null", null, false],
  ])("%s → %s", (_what, err, expected) => {
    expect(isTransientCosmosError(err)).toBe(expected);
  });
});

describe("retryAfterMs", () => {
  it.each<[string, unknown, number | undefined]>([
    ["retryAfterInMs", cosmosError(429, { retryAfterInMs: 250 }), 250],
    ["header as string", cosmosError(429, { headers: { "x-ms-retry-after-ms": "40" } }), 40],
    ["header as number", cosmosError(429, { headers: { "x-ms-retry-after-ms": 7 } }), 7],
    ["garbage header", cosmosError(429, { headers: { "x-ms-retry-after-ms": "soon" } }), undefined],
    ["none", cosmosError(503), undefined],
  ])("%s", (_what, err, expected) => {
    expect(retryAfterMs(err)).toBe(expected);
  });
});

describe("retryDelay", () => {
  it.each<[string, unknown, number, number, number | undefined]>([
    ["first retry, no jitter", cosmosError(503), 1, 0, 50],
    ["first retry, full jitter", cosmosError(503), 1, 0.999, 100],
    ["third retry grows", cosmosError(503), 3, 0, 200],
    ["Cosmos' hint wins when larger", cosmosError(429, { retryAfterInMs: 700 }), 1, 0, 700],
    ["the hint is capped too", cosmosError(429, { retryAfterInMs: 60_000 }), 1, 0, 1000],
    ["out of attempts", cosmosError(503), 4, 0, undefined],
    ["not transient", cosmosError(412), 1, 0, undefined],
  ])("%s", (_what, err, attempt, random, expected) => {
    expect(retryDelay(err, attempt, policy, random)).toBe(expected);
  });

  it("never exceeds maxDelayMs however many attempts are allowed", () => {
    const long = { ...policy, maxAttempts: 50 };
    for (let a = 1; a < 50; a++) expect(retryDelay(cosmosError(503), a, long, 0.99)).toBeLessThanOrEqual(1000);
  });
});

describe("withCosmosRetry", () => {
  const noSleep = { sleep: () => Promise.resolve(), random: () => 0 };

  it("retries transient failures and returns the first success", async () => {
    const errs = [cosmosError(503), cosmosError("ECONNRESET")];
    const retries: unknown[] = [];
    let calls = 0;
    const v = await withCosmosRetry(
      () => {
        calls++;
        const e = errs.shift();
        return e ? Promise.reject(e) : Promise.resolve("ok");
      },
      policy,
      { ...noSleep, onRetry: (i) => retries.push(i) },
    );
    expect(v).toBe("ok");
    expect(calls).toBe(3);
    expect(retries).toEqual([
      { attempt: 1, delayMs: 50, status: 503 },
      { attempt: 2, delayMs: 100 },
    ]);
  });

  it("gives up after maxAttempts with the last error, unchanged", async () => {
    let calls = 0;
    const last = cosmosError(503);
    await expect(withCosmosRetry(() => (++calls, Promise.reject(last)), policy, noSleep)).rejects.toBe(last);
    expect(calls).toBe(4);
  });

  it("does not retry a conflict or a programming error", async () => {
    let calls = 0;
    await expect(withCosmosRetry(() => (++calls, Promise.reject(cosmosError(412))), policy, noSleep)).rejects.toMatchObject({ code: 412 });
    await expect(withCosmosRetry(() => (++calls, Promise.reject(new TypeError("bug"))), policy, noSleep)).rejects.toThrow(TypeError);
    expect(calls).toBe(2);
  });
});
