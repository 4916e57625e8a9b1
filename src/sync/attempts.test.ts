/** attempts and parking (pure), table-tested. */
import { afterFailure } from "./attempts";
import { toSyncCause } from "./causes";

describe("attempts and parking", () => {
  const throttled = toSyncCause({ code: "throttled", service: "graph" });
  const unlicensed = toSyncCause({ code: "intuneNotLicensed", service: "graph" });
  const policy = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 3000 };
  test.each([
    [1, throttled, { kind: "retry", delayMs: 1000 }],
    [2, throttled, { kind: "retry", delayMs: 2000 }],
    [3, throttled, { kind: "parked" }],
    [1, unlicensed, { kind: "failed" }],
  ] as const)("after attempt %i of %j", (attempts, cause, decision) => {
    expect(afterFailure(attempts, cause, () => 1, policy)).toEqual(decision);
  });
});
