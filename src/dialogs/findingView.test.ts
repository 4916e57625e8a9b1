import type { Finding } from "../domain/findings";
import { bySeverity, findingView, fitFindings, jsonBytes, literalText, moreFindingsText, safeUrl, truncate } from "./findingView";

const f = (code: string, severity: Finding["severity"] = "error", url = "https://entra.microsoft.com/#view/x"): Finding => ({
  severity,
  code,
  subject: "S",
  message: "M",
  fix: { text: "F", url },
});

describe("truncate", () => {
  it.each([
    ["short", 10, "short"],
    ["exactly10!", 10, "exactly10!"],
    ["a longer text here", 10, "a longer…"],
    ["😀😀😀😀", 3, "😀😀…"],
  ])("%j, %d", (s, n, expected) => {
    expect(truncate(s, n)).toBe(expected);
  });
});

describe("jsonBytes is an upper bound of the JSON-encoded UTF-8 size", () => {
  it.each(["plain", 'quote " and \\ backslash', "line\nbreak\ttab\u0001", "Ünïcödé", "日本語", "🚀 rocket", "lone \ud800 surrogate", ""])("%j", (s) => {
    const exact = Buffer.byteLength(JSON.stringify(s)) - 2;
    expect(jsonBytes(s)).toBeGreaterThanOrEqual(exact);
    const escaped = Array.from(s).some((ch) => ch.charCodeAt(0) < 0x20 || (ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff));
    if (!escaped) expect(jsonBytes(s)).toBe(exact);
  });
});

describe("safeUrl", () => {
  it.each<[string, boolean]>([
    ["https://partner.microsoft.com/dashboard/v2/customers/x/adminrelationships", true],
    ["https://entra.microsoft.com/#view/Microsoft_AAD_IAM/GroupDetailsMenuBlade/~/Members/groupId/1", true],
    ["https://login.microsoftonline.com/common/adminconsent?client_id=1&redirect_uri=https%3A%2F%2Fx", true],
    ["https://127.0.0.1:8443/x", true],
    ["http://partner.microsoft.com/", false],
    ["javascript:alert(1)", false],
    ["https://", false],
    ["https://exa mple.com/", false],
    ['https://example.com/"onmouseover', false],
    ["/relative/path", false],
    [`https://example.com/${"a".repeat(3000)}`, false],
  ])("%j -> %j", (url, ok) => {
    expect(safeUrl(url) !== null).toBe(ok);
  });
});

describe("findingView", () => {
  it("labels, colours and link", () => {
    expect(findingView(f("gdap.expired"))).toEqual({
      severity: "error",
      severityLabel: "Broken",
      severityColor: "attention",
      code: "gdap.expired",
      subject: "S",
      message: "M",
      fixText: "F",
      fixUrl: "https://entra.microsoft.com/#view/x",
      hasFixUrl: true,
    });
    expect(findingView(f("x", "info", "not a url"))).toMatchObject({ severityLabel: "Info", fixUrl: null, hasFixUrl: false });
    expect(findingView(f("x", "warning"))).toMatchObject({ severityLabel: "Warning", severityColor: "warning" });
  });
});

describe("bySeverity / fitFindings", () => {
  const list = [f("i1", "info"), f("e1"), f("w1", "warning"), f("e2")];
  it("most severe first, stable within a severity", () => {
    expect(bySeverity(list).map((x) => x.code)).toEqual(["e1", "e2", "w1", "i1"]);
  });
  it.each<[number, number, string[]]>([
    [10, 1e6, ["e1", "e2", "w1", "i1"]],
    [2, 1e6, ["e1", "e2"]],
    [10, 1, ["e1"]],
  ])("maxCount %d, maxBytes %d", (maxCount, maxBytes, codes) => {
    const r = fitFindings(list, { maxCount, maxBytes });
    expect(r.shown.map((x) => x.code)).toEqual(codes);
    expect(r.more).toBe(list.length - codes.length);
  });
  it("moreFindingsText", () => {
    expect(moreFindingsText(0, "")).toBeNull();
    expect(moreFindingsText(1, "")).toBe("…and 1 more finding.");
    expect(moreFindingsText(4, " on the partner side")).toBe("…and 4 more findings on the partner side.");
  });
});

describe("literalText (for TextRuns, which show markdown as typed)", () => {
  it.each([
    ["Type **sync** to sync it now.", 'Type "sync" to sync it now.'],
    ["(**setup m365**, step 5) or `sync retry`", '("setup m365", step 5) or "sync retry"'],
    ["no marks * here ` at all", "no marks * here ` at all"],
    ["", ""],
  ])("%s", (input, out) => {
    expect(literalText(input)).toBe(out);
  });
});
