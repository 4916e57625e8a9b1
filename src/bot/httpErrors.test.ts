import { httpStatusOf, isAuthFailure, publicHttpError } from "./httpErrors";

describe("publicHttpError", () => {
  it.each<[number, object]>([
    [400, { error: "invalid request: the body must be a JSON Bot Framework activity" }],
    [404, { error: "not found" }],
    [405, { error: "method not allowed" }],
    [413, { error: "request body too large", maxBytes: 1024 }],
    [415, { error: "unsupported media type: send application/json" }],
    [429, { error: "request refused" }],
    [500, { error: "internal error", correlationId: "abc123" }],
    [503, { error: "internal error", correlationId: "abc123" }],
  ])("%i -> %j", (status, body) => {
    expect(publicHttpError(status, { correlationId: "abc123", maxBodyBytes: 1024 })).toEqual(body);
  });

  it("never includes a correlation id for client errors, and works without options", () => {
    expect(publicHttpError(400, { correlationId: "x" })).not.toHaveProperty("correlationId");
    expect(publicHttpError(413)).toEqual({ error: "request body too large" });
    expect(publicHttpError(500)).toEqual({ error: "internal error" });
  });
});

describe("httpStatusOf", () => {
  it.each<[unknown, number]>([
    [{ statusCode: 413 }, 413],
    [{ statusCode: 400 }, 400],
    [{ statusCode: 200 }, 500],
    [{ statusCode: "400" }, 500],
    [new Error("boom"), 500],
    [undefined, 500],
    ["text", 500],
  ])("%p -> %i", (err, status) => {
    expect(httpStatusOf(err)).toBe(status);
  });
});

describe("isAuthFailure", () => {
  const named = (name: string, extra: object = {}) => Object.assign(new Error("x"), { name }, extra);
  it.each<[string, unknown, boolean]>([
    ["botbuilder 401", Object.assign(new Error("Unauthorized"), { statusCode: 401 }), true],
    ["botbuilder 403", Object.assign(new Error("Forbidden"), { statusCode: 403 }), true],
    ["jsonwebtoken: bad signature", named("JsonWebTokenError"), true],
    ["jsonwebtoken: not before", named("NotBeforeError"), true],
    ["jsonwebtoken: expired", named("TokenExpiredError"), true],
    ["a Cosmos 500", Object.assign(new Error("boom"), { statusCode: 500 }), false],
    ["a plain error", new Error("boom"), false],
    ["not an error", "JsonWebTokenError", false],
    ["nothing", undefined, false],
  ])("%s -> %p", (_what, err, expected) => {
    expect(isAuthFailure(err)).toBe(expected);
  });
});
