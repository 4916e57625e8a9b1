import { inspect } from "node:util";
import { generateSecretKey, parseSecretKey, SecretKey, SecretKeyFormatError } from "./secretKey";

const raw = Buffer.alloc(32, 7);
const b64 = raw.toString("base64");

describe("parseSecretKey", () => {
  test.each([
    ["standard base64", b64],
    ["without padding", b64.replace(/=+$/, "")],
    ["URL-safe alphabet", Buffer.alloc(32, 0xfb).toString("base64url")],
    ["surrounding whitespace", `  ${b64}\n`],
  ])("accepts %s", (_label, text) => {
    expect(parseSecretKey(text)).toBeInstanceOf(SecretKey);
  });

  test.each([
    ["empty", "", /empty/],
    ["not base64", "not a key!!", /not base64/],
    ["too short", Buffer.alloc(16, 1).toString("base64"), /16 bytes/],
    ["too long", Buffer.alloc(33, 1).toString("base64"), /33 bytes/],
    ["non-canonical trailing bits", `${b64.slice(0, 42)}B`, /not valid base64/],
    ["a lone trailing character", `${b64.replace(/=+$/, "")}AA`, /not valid base64|bytes/],
  ])("refuses %s with a clear message that does not echo the value", (_label, text, why) => {
    let err: unknown;
    try {
      parseSecretKey(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SecretKeyFormatError);
    const message = (err as Error).message;
    expect(message).toMatch(/TP_SECRET_KEY must be 32 random bytes in base64/);
    expect(message).toMatch(why);
    if (text.trim().length > 4) expect(message).not.toContain(text.trim());
  });

  it("gives the same id for the same key and a different one for another key", () => {
    expect(parseSecretKey(b64).id).toBe(new SecretKey(raw).id);
    expect(parseSecretKey(b64).id).toMatch(/^[0-9a-f]{16}$/);
    expect(generateSecretKey().id).not.toBe(generateSecretKey().id);
  });
});

describe("SecretKey", () => {
  it("never shows its bytes in JSON, strings or inspection", () => {
    const key = new SecretKey(raw);
    const shown = [JSON.stringify({ key }), String(key), inspect(key), inspect({ nested: { key } })];
    for (const text of shown) {
      expect(text).toContain(key.id);
      expect(text).not.toContain(b64);
      expect(text).not.toContain(raw.toString("hex"));
    }
  });

  it("hands out a copy of its bytes", () => {
    const key = new SecretKey(raw);
    key.keyBytes().fill(0);
    expect(key.keyBytes()).toEqual(raw);
  });
});
