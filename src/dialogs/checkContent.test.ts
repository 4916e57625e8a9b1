import { cardTimeText, checkErrorContent, checkProgressContent, checkUsageText, customers } from "./checkContent";

describe("cardTimeText", () => {
  it.each([
    ["2025-06-01T10:00:00.123Z", "{{DATE(2025-06-01T10:00:00Z, SHORT)}} at {{TIME(2025-06-01T10:00:00Z)}}"],
    ["2025-06-01T12:00:00+02:00", "{{DATE(2025-06-01T10:00:00Z, SHORT)}} at {{TIME(2025-06-01T10:00:00Z)}}"],
    ["yesterday", "at an unknown time"],
  ])("%j", (iso, expected) => {
    expect(cardTimeText(iso)).toBe(expected);
  });
});

describe("usage and counts", () => {
  it.each([
    [undefined, "I can run **check** (everything), **check gdap**, **check adminagents** or **check apps**."],
    ["gdap" as const, "I can run **check** (everything), **check gdap**, **check adminagents** or **check apps**. Did you mean **check gdap**?"],
    ["all" as const, "I can run **check** (everything), **check gdap**, **check adminagents** or **check apps**. Did you mean **check**?"],
  ])("checkUsageText(%j)", (s, expected) => {
    expect(checkUsageText(s)).toBe(expected);
  });
  it.each([
    [0, "0 customers"],
    [1, "1 customer"],
    [2, "2 customers"],
  ])("customers(%d)", (n, expected) => {
    expect(customers(n)).toBe(expected);
  });
});

describe("checkProgressContent", () => {
  it.each([
    [{ customers: 3 }, { title: "Checking 3 customers…", subtitle: "Full check", progressText: null }],
    [{ customers: 3, done: 5, scope: "apps" as const }, { title: "Checking 3 customers…", subtitle: "App check", progressText: "3 of 3 done. This card updates itself." }],
    [{ customers: null, done: 5, partnerName: "Contoso" }, { title: "Checking your customers…", subtitle: "Contoso: full check", progressText: null }],
  ])("%j", (input, expected) => {
    expect(checkProgressContent(input)).toEqual(expected);
  });
});

describe("checkErrorContent", () => {
  it("keeps the reference to a safe shape and offers a retry of the same scope", () => {
    const c = checkErrorContent({ reason: "internal", correlationId: "ab12<script>", scope: "gdap" });
    expect(c.referenceText).toBe("Reference: ab12script");
    expect(c.retry).toEqual({ title: "Try again", verb: "check.run", data: { verb: "check.run", scope: "gdap" }, isEnabled: true });
    expect(checkErrorContent({ reason: "throttled", correlationId: "" }).referenceText).toBe("Reference: none");
  });
});
