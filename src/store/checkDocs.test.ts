import type { CheckReport, CustomerResult, Finding } from "../domain/findings";
import {
  buildCheckDocs,
  CheckDocTooLargeError,
  diffCheckDocs,
  INDEX_TEXT_MAX_BYTES,
  InvalidCheckReportError,
  jsonBytes,
  MAX_ITEM_BYTES,
  truncateUtf8,
} from "./checkDocs";

const finding = (code: string, tenantId?: string): Finding => ({
  severity: "error",
  code,
  ...(tenantId !== undefined ? { tenantId } : {}),
  subject: "Litware Inc.",
  message: "The GDAP relationship expired on 1 March.",
  fix: { text: "Request a new relationship with Application Administrator.", url: "https://partner.microsoft.com/dashboard/v2/customers" },
});

const tenant = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;

function customer(i: number, over: Partial<CustomerResult> = {}): CustomerResult {
  return { tenantId: tenant(i), displayName: `Customer ${i}`, domain: `c${i}.example`, verdict: "Healthy", findings: [], ...over };
}

function report(customers: CustomerResult[], over: Partial<CheckReport> = {}): CheckReport {
  return {
    checkedAt: "2025-06-01T09:00:00.000Z",
    partner: { tenantId: "11111111-2222-3333-4444-555555555555", displayName: "Contoso IT Partners" },
    partnerFindings: [finding("serviceAccount.globalAdmin")],
    customers,
    assumptions: ['Assumed the security group named "GDAP Lifecycle Manager".'],
    ...over,
  };
}

describe("truncateUtf8", () => {
  test.each([
    ["short ASCII unchanged", "Contoso", 96, "Contoso"],
    ["ASCII cut", "abcdef", 4, "abcd"],
    ["never splits a 3-byte character", "日本語", 7, "日本"],
    ["never splits a surrogate pair", "a😀b", 4, "a"],
    ["keeps the pair when it fits", "a😀b", 5, "a😀"],
    ["empty", "", 10, ""],
  ])("%s", (_label, text, max, expected) => {
    expect(truncateUtf8(text, max)).toBe(expected);
    expect(Buffer.byteLength(truncateUtf8(text, max))).toBeLessThanOrEqual(max);
  });
});

describe("buildCheckDocs", () => {
  it("builds one document per customer and a partner document with counts and an index", () => {
    const r = report([customer(1, { verdict: "Broken", findings: [finding("gdap.expired", tenant(1))] }), customer(2, { verdict: "Warning" }), customer(3)]);
    const { partner, customers } = buildCheckDocs(r);
    expect(customers[0]).toMatchObject({ id: tenant(1), tenantId: tenant(1), kind: "customer", verdict: "Broken", checkedAt: r.checkedAt, domain: "c1.example" });
    expect(customers[0].findings).toEqual(r.customers[0].findings);
    expect(partner).toMatchObject({
      id: "latest",
      tenantId: "_partner",
      checkedAt: r.checkedAt,
      counts: { Healthy: 1, Warning: 1, Broken: 1 },
      partnerFindings: r.partnerFindings,
      assumptions: r.assumptions,
    });
    expect(partner.customers.map((e) => [e.tenantId, e.verdict, e.hash])).toEqual(customers.map((d) => [d.tenantId, d.verdict, d.hash]));
  });

  it("hashes content, not the time of the check", () => {
    const a = buildCheckDocs(report([customer(1)]));
    const later = buildCheckDocs(report([customer(1)], { checkedAt: "2025-06-02T09:00:00.000Z" }));
    const changed = buildCheckDocs(report([customer(1, { verdict: "Warning" })]));
    expect(later.customers[0].hash).toBe(a.customers[0].hash);
    expect(changed.customers[0].hash).not.toBe(a.customers[0].hash);
  });

  test.each([
    ["a repeated tenant id", [customer(1), customer(1)]],
    ["a tenant id with a slash", [customer(1, { tenantId: "a/b" })]],
    ["an empty tenant id", [customer(1, { tenantId: "" })]],
    ["the reserved partner partition", [customer(1, { tenantId: "_partner" })]],
  ])("refuses %s", (_label, customers) => {
    expect(() => buildCheckDocs(report(customers))).toThrow(InvalidCheckReportError);
  });

  it("keeps the partner document of 5,000 customers with the longest names under Cosmos' 2 MB limit", () => {
    // Entra allows 256-character names and 253-character domains; CJK names take 3 bytes a character.
    const customers = Array.from({ length: 5000 }, (_, i) =>
      customer(i, {
        displayName: `${"顧客".repeat(100)}${i}`.slice(0, 256),
        domain: `${"d".repeat(240)}${i}.example`.slice(0, 253),
        verdict: i % 3 === 0 ? "Broken" : i % 3 === 1 ? "Warning" : "Healthy",
      }),
    );
    const partnerFindings = Array.from({ length: 30 }, (_, i) => finding(`partner.${i}`));
    const { partner } = buildCheckDocs(report(customers, { partnerFindings }));
    const bytes = jsonBytes(partner);
    expect(bytes).toBeLessThan(MAX_ITEM_BYTES - 1024);
    expect(partner.customers).toHaveLength(5000);
    for (const e of partner.customers.slice(0, 10)) {
      expect(Buffer.byteLength(e.displayName)).toBeLessThanOrEqual(INDEX_TEXT_MAX_BYTES);
      expect(Buffer.byteLength(e.domain ?? "")).toBeLessThanOrEqual(INDEX_TEXT_MAX_BYTES);
    }
    // A realistic partner (names of ~30 characters) is far below it.
    expect(jsonBytes(buildCheckDocs(report(Array.from({ length: 5000 }, (_, i) => customer(i)))).partner)).toBeLessThan(1024 * 1024);
  });

  it("refuses a document over the limit before sending it", () => {
    const huge = customer(1, { findings: Array.from({ length: 3000 }, () => ({ ...finding("x"), message: "m".repeat(800) })) });
    expect(() => buildCheckDocs(report([huge]))).toThrow(CheckDocTooLargeError);
  });
});

describe("diffCheckDocs", () => {
  const base = buildCheckDocs(report([customer(1), customer(2), customer(3)]));
  test.each([
    ["first save: every customer is new", undefined, [customer(1), customer(2)], [tenant(1), tenant(2)], [], 0],
    ["same content: nothing to write", base.partner, [customer(1), customer(2), customer(3)], [], [], 3],
    ["one changed, one gone, one new", base.partner, [customer(1), customer(2, { verdict: "Broken" }), customer(4)], [tenant(2), tenant(4)], [tenant(3)], 1],
    ["renamed customer is changed", base.partner, [customer(1, { displayName: "Renamed" }), customer(2), customer(3)], [tenant(1)], [], 2],
  ])("%s", (_label, previous, customers, changed, removed, unchanged) => {
    const diff = diffCheckDocs(previous, buildCheckDocs(report(customers, { checkedAt: "2025-06-02T00:00:00.000Z" })));
    expect(diff.changed.map((d) => d.tenantId)).toEqual(changed);
    expect(diff.removed).toEqual(removed);
    expect(diff.unchanged).toBe(unchanged);
  });
});
