/** Back-off and retry decisions (pure). */
import { DEFAULT_RETRY_POLICY, isRetryableStatus, longestRetryAfter, retryDelayMs } from "./backoff";

describe("retryDelayMs", () => {
  const policy = { maxRetries: 5, baseDelayMs: 1000, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };
  test.each<[string, number, number | undefined, number, number | undefined]>([
    ["first retry, no Retry-After, random 0: half the base", 0, undefined, 0, 500],
    ["first retry, random 1: the full base", 0, undefined, 1, 1000],
    ["third retry doubles twice", 2, undefined, 0.5, 3000],
    ["capped at maxDelayMs", 4, undefined, 1, 8000],
    ["Retry-After honoured exactly with random 0", 0, 7000, 0, 7000],
    ["Retry-After plus at most 10% jitter (≤ 1 s)", 0, 7000, 1, 7700],
    ["long Retry-After: jitter capped at 1 s", 1, 30_000, 1, 31_000],
    ["Retry-After 0 means now", 0, 0, 1, 0],
    ["a Retry-After beyond maxRetryAfterMs is not waited for", 0, 61_000, 0, undefined],
    ["no retry after maxRetries", 5, undefined, 0, undefined],
    ["no retry after maxRetries even with Retry-After", 5, 1000, 0, undefined],
  ])("%s", (_n, retry, retryAfter, random, expected) => {
    expect(retryDelayMs(retry, retryAfter, () => random, policy)).toBe(expected);
  });

  test("the default policy: 5 retries, 1 s base", () => {
    expect(DEFAULT_RETRY_POLICY.maxRetries).toBe(5);
    expect(retryDelayMs(0, undefined, () => 0)).toBe(500);
  });
});

test.each<[number, boolean, boolean]>([
  [429, false, true],
  [503, false, true],
  [504, false, true],
  [500, true, true],
  [502, true, true],
  [500, false, false],
  [502, false, false],
  [400, true, false],
  [401, true, false],
  [404, true, false],
  [501, true, false],
])("isRetryableStatus(%d, idempotent %p) = %p", (status, idempotent, expected) => {
  expect(isRetryableStatus(status, idempotent)).toBe(expected);
});

test.each<[(number | undefined)[], number | undefined]>([
  [[1000, 5000, 2000], 5000],
  [[undefined, 3000], 3000],
  [[undefined, undefined], undefined],
  [[], undefined],
])("longestRetryAfter(%p)", (values, expected) => {
  expect(longestRetryAfter(values)).toBe(expected);
});
