import { detectSync, recoveredAlert } from "./detectSync";

const t = (tenantId: string, state: "pending" | "running" | "done" | "failed" | "parked", code?: string) => ({
  tenantId,
  displayName: `T ${tenantId}`,
  state,
  ...(code ? { cause: { code, title: `${code} title.`, fix: `${code} fix.` } } : {}),
});

describe("detectSync", () => {
  it("only terminal failures of a finished run, one per tenant and cause; done tenants are healthy", () => {
    const r = detectSync({ finishedAt: "2026-12-02T02:00:00Z", tenants: [t("a", "failed", "notConsented"), t("b", "parked", "throttled"), t("c", "done"), t("d", "pending", "throttled")] });
    expect(r.failures.map((f) => [f.subject, f.threshold])).toEqual([
      ["a", "notConsented"],
      ["b", "throttled"],
    ]);
    expect(r.healthy.map((h) => h.tenantId)).toEqual(["c"]);
    expect(r.failures[0].fix.text).toBe("notConsented fix.");
  });

  it.each([
    ["no run", undefined],
    ["a run still going (retries pending)", { tenants: [t("a", "failed", "x")] }],
  ])("%s: nothing", (_n, run) => {
    expect(detectSync(run)).toEqual({ failures: [], healthy: [] });
  });

  it("recovered message", () => {
    expect(recoveredAlert({ tenantId: "a", displayName: "A" }, "throttled title.")).toMatchObject({ kind: "sync.recovered", threshold: "recovered", severity: "info" });
  });
});
