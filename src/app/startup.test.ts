import { composeBackoffMs, errorSummary } from "./startup";

describe("composeBackoffMs", () => {
  const b = { baseDelayMs: 1000, maxDelayMs: 30_000 };
  it.each<[number, number, number]>([
    [1, 0, 500],
    [1, 0.999, 1000],
    [2, 0, 1000],
    [3, 0.5, 3000],
    [6, 0, 15_000],
    [7, 0.999, 29_985],
    [100, 0, 15_000],
  ])("attempt %i, random %f → %i ms", (attempt, random, expected) => {
    expect(composeBackoffMs(attempt, b, random)).toBe(expected);
  });
});

describe("errorSummary", () => {
  it.each<[string, unknown, Record<string, unknown>]>([
    ["a Cosmos error: name, code, no message", Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:443 key=abc"), { name: "RestError", code: "ECONNREFUSED" }), { name: "RestError", code: "ECONNREFUSED" }],
    ["a status and substatus", Object.assign(new Error("forbidden"), { code: 403, substatus: 5301 }), { name: "Error", code: 403, substatus: 5301 }],
    ["a wrapped cause", Object.assign(new Error("fetch failed"), { name: "TypeError", cause: { code: "ENOTFOUND" } }), { name: "TypeError", causeCode: "ENOTFOUND" }],
    ["a string", "boom", { name: "string" }],
  ])("%s", (_what, err, expected) => {
    expect(errorSummary(err)).toEqual(expected);
    expect(JSON.stringify(errorSummary(err))).not.toMatch(/10\.0\.0\.1|key=/);
  });
});
