import { auditCard } from "../cards/auditCards";
import { MAX_CARD_BYTES, validateCard } from "../cards/validate";
import { AUDIT_DEFAULT_COUNT, AUDIT_MAX_COUNT, AUDIT_USAGE_TEXT, auditTime, auditView, parseAuditArgs, type AuditEntryInput } from "./auditView";

describe("parseAuditArgs", () => {
  it.each([
    ["", { ok: true, count: AUDIT_DEFAULT_COUNT }],
    ["  ", { ok: true, count: AUDIT_DEFAULT_COUNT }],
    ["5", { ok: true, count: 5 }],
    ["last 10", { ok: true, count: 10 }],
    [String(AUDIT_MAX_COUNT), { ok: true, count: AUDIT_MAX_COUNT }],
    [String(AUDIT_MAX_COUNT + 1), { ok: false, text: AUDIT_USAGE_TEXT }],
    ["0", { ok: false, text: AUDIT_USAGE_TEXT }],
    ["-3", { ok: false, text: AUDIT_USAGE_TEXT }],
    ["everything", { ok: false, text: AUDIT_USAGE_TEXT }],
    ["1e3", { ok: false, text: AUDIT_USAGE_TEXT }],
  ])("%j", (args, expected) => expect(parseAuditArgs(args)).toEqual(expected));
});

const entry = (i: number, over: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  at: new Date(Date.UTC(2026, 11, 2, 7, i)).toISOString(),
  who: { name: `User *${i}*`, aadObjectId: "0a000000-0000-4000-8000-000000000002", userId: "29:u" },
  action: "setup.verify",
  target: "m365",
  details: { step: i % 7 },
  outcome: (["done", "failed", "refused"] as const)[i % 3],
  ...(i % 3 === 2 ? { reason: "notAdmin" } : {}),
  correlationId: `corr${i}`,
  ...over,
});

describe("auditView and its card", () => {
  it("an empty trail says so", () => {
    const v = auditView([], 20);
    expect(v).toMatchObject({ empty: true, rows: [], subtitle: "No changes recorded yet." });
    expect(validateCard(auditCard(v)).problems).toEqual([]);
  });

  it("rows name when, who, what and the outcome; user-named text is markdown-inert", () => {
    const v = auditView([entry(2), entry(0, { who: { userId: "29:x" }, target: undefined, details: undefined })], 20);
    expect(v.rows[0]).toEqual({ headline: "REFUSED · setup.verify m365 · by User 2", facts: "2026-12-02 07:02 UTC · reason: notAdmin · step: 2 · ref corr2", color: "Warning" });
    expect(v.rows[1]).toEqual({ headline: "DONE · setup.verify · by 29:x", facts: "2026-12-02 07:00 UTC · ref corr0", color: "Good" });
    expect(v.subtitle).toBe("All 2 changes recorded so far, newest first.");
    expect(auditView([entry(1)], 20).subtitle).toBe("The only change recorded so far.");
    expect(auditView([entry(2), entry(1)], 2).subtitle).toBe("The last 2 changes, newest first.");
    expect(auditTime("not a date")).toBe("not a date");
  });

  it("the largest card (AUDIT_MAX_COUNT long entries) is valid 1.5 and under 28 KB", () => {
    const long = "x".repeat(256);
    const entries = Array.from({ length: AUDIT_MAX_COUNT }, (_, i) => entry(i, { target: long.slice(0, 60), who: { name: "N".repeat(60), userId: "29:u" } }));
    const card = auditCard(auditView(entries, AUDIT_MAX_COUNT));
    const v = validateCard(card);
    expect(v.problems).toEqual([]);
    expect(v.sizeBytes).toBeLessThan(MAX_CARD_BYTES);
  });
});
