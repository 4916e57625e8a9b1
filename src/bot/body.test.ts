import { decoderFor, isJsonContentType, parseJsonBody } from "./body";

describe("body helpers", () => {
  test.each<[string | undefined, boolean]>([
    ["application/json", true],
    ["application/json; charset=utf-8", true],
    ["Application/JSON", true],
    ["application/vnd.api+json", true],
    ["text/plain", false],
    [undefined, false],
  ])("isJsonContentType(%j) = %p", (h, expected) => expect(isJsonContentType(h)).toBe(expected));

  test.each<[string | undefined, string | undefined]>([
    [undefined, "identity"],
    ["identity", "identity"],
    ["gzip", "gzip"],
    ["x-gzip", "gzip"],
    [" GZIP ", "gzip"],
    ["deflate", "deflate"],
    ["br", undefined],
    ["gzip, br", undefined],
  ])("decoderFor(%j) = %p", (h, expected) => expect(decoderFor(h)).toBe(expected));

  test.each<[string, string | undefined, unknown]>([
    ['{"type":"message"}', "application/json", { ok: true, value: { type: "message" } }],
    ["[1]", "application/json", { ok: true, value: [1] }],
    ["{oops", "application/json", { ok: false, status: 400, reason: "body is not JSON" }],
    ["  ", "application/json", { ok: false, status: 400, reason: "empty body" }],
    ["help", "text/plain", { ok: false, status: 400, reason: "content type is not application/json" }],
  ])("parseJsonBody(%j, %j)", (text, type, expected) => expect(parseJsonBody(text, type)).toEqual(expected));
});
