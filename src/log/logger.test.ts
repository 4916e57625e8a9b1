import { createLogger, isSecretKey, newCorrelationId, redact, redactString, REDACTED, type LogLevel } from "./logger";

const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJib3QifQ.c2lnbmF0dXJlLXBhcnQ";

function capture(level: LogLevel = "debug") {
  const lines: Array<{ level: LogLevel; obj: Record<string, unknown> }> = [];
  const logger = createLogger({
    level,
    now: () => new Date(Date.UTC(2025, 0, 2, 3, 4, 5)),
    sink: (l, line) => lines.push({ level: l, obj: JSON.parse(line) as Record<string, unknown> }),
  });
  return { logger, lines };
}

describe("logger", () => {
  it("writes one JSON object per line with time, level, msg and fields", () => {
    const { logger, lines } = capture();
    logger.info("hello", { a: 1 });
    expect(lines).toEqual([{ level: "info", obj: { time: "2025-01-02T03:04:05.000Z", level: "info", msg: "hello", a: 1 } }]);
  });

  it("drops lines below the level", () => {
    const { logger, lines } = capture("warn");
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(lines.map((l) => l.level)).toEqual(["warn", "error"]);
  });

  it("child loggers add their bindings (e.g. correlationId)", () => {
    const { logger, lines } = capture();
    logger.child({ correlationId: "abc" }).child({ step: 2 }).info("x", { y: true });
    expect(lines[0].obj).toMatchObject({ correlationId: "abc", step: 2, y: true });
  });

  it.each([
    ["password", true],
    ["MICROSOFT_APP_PASSWORD", true],
    ["clientSecret", true],
    ["access_token", true],
    ["Authorization", true],
    ["cosmosKey", true],
    ["key", true],
    ["client_assertion", true],
    ["partitionKey", false],
    ["tokenCount", false],
    ["name", false],
    ["monkeyBusiness", false],
  ])("isSecretKey(%j) = %s", (key, secret) => {
    expect(isSecretKey(key)).toBe(secret);
  });

  it("redacts secret keys at any depth, JWTs, bearer tokens and key=value secrets in strings", () => {
    const out = redact({
      user: "ada",
      nested: { password: "p@ss", list: [{ token: "t" }, `header ${JWT}`] },
      headers: { authorization: `Bearer ${JWT}` },
      text: "connect with AccountKey=abc123==;Endpoint=x and client_secret=s3cr3t&x=1",
      emptySecret: "",
    });
    expect(out).toEqual({
      user: "ada",
      nested: { password: REDACTED, list: [{ token: REDACTED }, `header ${REDACTED}`] },
      headers: { authorization: REDACTED },
      text: `connect with AccountKey=${REDACTED};Endpoint=x and client_secret=${REDACTED}&x=1`,
      emptySecret: "",
    });
    expect(redactString(`Authorization: Bearer abcdefghijklmnop`)).toBe(`Authorization: Bearer ${REDACTED}`);
  });

  it("serializes errors (name, message, stack, code) with secrets redacted, and survives cycles", () => {
    const { logger, lines } = capture();
    const err = Object.assign(new Error(`bad token ${JWT}`), { code: 412 });
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    logger.error("failed", { error: err, cyclic });
    const e = lines[0].obj.error as Record<string, unknown>;
    expect(e).toMatchObject({ name: "Error", message: `bad token ${REDACTED}`, code: 412 });
    expect(String(e.stack)).not.toContain(JWT);
    expect(lines[0].obj.cyclic).toEqual({ a: 1, self: "[Circular]" });
  });

  it("redacts the message itself", () => {
    const { logger, lines } = capture();
    logger.warn(`got ${JWT}`);
    expect(lines[0].obj.msg).toBe(`got ${REDACTED}`);
  });

  it("newCorrelationId gives short distinct ids", () => {
    const ids = new Set(Array.from({ length: 100 }, () => newCorrelationId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{12}$/);
  });
});
