import { links } from "../checks/links";
import { detectSync, recoveredAlert, SYNC_FIX_URL, syncFixUrl } from "./detectSync";

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

  // The words name the integration the cause belongs to, and "Open fix" opens where that cause is fixed.
  it.each([
    ["noGdap", "The Microsoft 365 sync of T a failed", links.customerAdminRelationships("a")],
    ["gdapRoleMissing", "The Microsoft 365 sync of T a failed", links.customerAdminRelationships("a")],
    ["serviceAccountSignedOut", "The Microsoft 365 sync of T a failed", links.users()],
    ["notConsented", "The Intune sync of T a failed", links.adminConsent("a", "app-1")],
    ["accessLost", "The sync of T a failed", links.adminConsent("a", "app-1")],
    ["secretExpired", "The Intune sync of T a failed", links.appCredentials("app-1")],
    ["secretInvalid", "The Intune sync of T a failed", links.appCredentials("app-1")],
    ["intuneNotLicensed", "The Intune sync of T a failed", links.customerSubscriptions("a")],
    ["throttled", "The sync of T a failed", SYNC_FIX_URL],
    ["unavailable", "The sync of T a failed", SYNC_FIX_URL],
    ["unknown", "The sync of T a failed", SYNC_FIX_URL],
  ])("%s: %s, fix at its page", (code, words, url) => {
    const [f] = detectSync({ finishedAt: "2026-12-02T02:00:00Z", tenants: [t("a", "failed", code)] }, "app-1").failures;
    expect(f.message).toBe(`${words}: ${code} title.`);
    expect(f.fix.url).toBe(url);
  });

  it("without the lifecycle app's id, consent and secret fixes open the lists they are found in", () => {
    expect(syncFixUrl("notConsented", "a", undefined)).toBe(links.enterpriseApps());
    expect(syncFixUrl("secretExpired", "a", undefined)).toBe(links.appRegistrations());
  });

  it("recovered message", () => {
    expect(recoveredAlert({ tenantId: "a", displayName: "A" }, "throttled title.")).toMatchObject({ kind: "sync.recovered", threshold: "recovered", severity: "info", message: "The sync of A works again (it had failed: throttled title.)." });
  });
});
