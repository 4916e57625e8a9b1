import { backoffMs, decideRetry, DEFAULT_RETRY, parseRetryAfter } from "./retry";

const half = () => 0.5;

describe("retry policy", () => {
  test.each([
    [{ status: 429, retryAfterMs: 3000 }, 1, { action: "retry", delayMs: 3000 }],
    [{ status: 429 }, 1, { action: "retry", delayMs: 750 }],
    [{ status: 412 }, 2, { action: "retry", delayMs: 1500 }],
    [{ status: 502 }, 3, { action: "retry", delayMs: 3000 }],
    [{ status: 503 }, 1, { action: "retry" }],
    [{ status: 504 }, 1, { action: "retry" }],
    [{}, 1, { action: "retry" }],
    [{ status: 403, subCode: "MessageWritesBlocked" }, 1, { action: "inactive" }],
    [{ status: 403, subCode: "ConversationBlockedByUser" }, 1, { action: "inactive" }],
    [{ status: 404 }, 1, { action: "inactive" }],
    [{ status: 403, subCode: "Forbidden" }, 1, { action: "fail" }],
    [{ status: 400 }, 1, { action: "fail" }],
    [{ status: 413 }, 1, { action: "fail" }],
    [{ status: 401 }, 1, { action: "fail" }],
    [{ status: 503 }, DEFAULT_RETRY.maxAttempts, { action: "fail" }],
    [{ status: 429, retryAfterMs: 10_000 }, DEFAULT_RETRY.maxAttempts, { action: "fail" }],
  ])("%j at attempt %i → %j", (failure, attempt, expected) => {
    expect(decideRetry(failure, attempt, half)).toMatchObject(expected);
  });

  test("backoff: exponential with equal jitter, capped", () => {
    expect(backoffMs(1, () => 0)).toBe(500);
    expect(backoffMs(1, () => 1)).toBe(1000);
    expect(backoffMs(4, () => 0)).toBe(4000);
    expect(backoffMs(20, () => 1)).toBe(DEFAULT_RETRY.capMs);
  });

  test.each([
    ["2", 2000],
    [" 0 ", 0],
    ["Wed, 02 Dec 2026 07:00:05 GMT", 5000],
    ["Wed, 02 Dec 2026 06:00:00 GMT", 0],
    ["soon", undefined],
    [undefined, undefined],
  ])("Retry-After %s → %s ms", (value, ms) => {
    expect(parseRetryAfter(value, Date.parse("2026-12-02T07:00:00Z"))).toBe(ms);
  });
});
