import type { CustomerResult, Finding } from "../../domain/findings";
import { customer, finding, report, tenantIdOf } from "../testing/reports";
import { CUSTOMERS_PAGE_SIZE, evaluateStep, NOT_CONNECTED_CODE } from "./evaluate";
import { M365_STEPS } from "./m365";
import { MEM_STEPS } from "./mem";
import type { StepDef } from "./types";

const step = (id: string): StepDef => {
  const s = [...M365_STEPS, ...MEM_STEPS].find((x) => x.id === id);
  if (!s) throw new Error(id);
  return s;
};
const chain = (i: number, code: string, severity: Finding["severity"] = "error"): CustomerResult => {
  const c = customer(i, severity === "error" ? "Broken" : "Warning", 0);
  return { ...c, findings: [finding({ code, tenantId: c.tenantId, subject: c.displayName }, severity)] };
};

describe("evaluateStep", () => {
  test.each<[string, string, Finding[], boolean, string[], string[]]>([
    ["service account fine", "serviceAccount", [], true, [], []],
    ["no MFA", "serviceAccount", [finding({ code: "serviceAccount.noMfa" })], false, ["serviceAccount.noMfa"], []],
    ["MFA unreadable counts as missing", "serviceAccount", [finding({ code: "serviceAccount.mfaUnreadable" }, "warning")], false, ["serviceAccount.mfaUnreadable"], []],
    ["other steps' findings do not count", "serviceAccount", [finding({ code: "lifecycleGroup.notFound" })], true, [], []],
    ["GA during setup is a note", "globalAdmin", [finding({ code: "serviceAccount.globalAdminDuringSetup" }, "info")], true, [], []],
    ["no setup role", "globalAdmin", [finding({ code: "serviceAccount.noSetupRole" }, "warning")], false, ["serviceAccount.noSetupRole"], []],
    ["not in AdminAgents", "adminAgents", [finding({ code: "serviceAccount.notInAdminAgents" })], false, ["serviceAccount.notInAdminAgents"], []],
    ["the lifecycle app outside AdminAgents is not the M365 step's business", "adminAgents", [finding({ code: "lifecycleApp.notInAdminAgents" })], true, [], []],
    ["group dynamic", "lifecycleGroup", [finding({ code: "lifecycleGroup.dynamic" })], false, ["lifecycleGroup.dynamic"], []],
    ["secret lifetime long is a note", "secret", [finding({ code: "secrets.longLifetime" }, "info")], true, [], ["secrets.longLifetime"]],
    ["secret expiring", "secret", [finding({ code: "secrets.expiring" }, "warning")], false, ["secrets.expiring"], []],
    ["pc app missing", "pcApp", [finding({ code: "pcApp.notFound" })], false, ["pcApp.notFound"], []],
  ])("%s", (_n, id, partnerFindings, ok, missing, notes) => {
    const r = evaluateStep(step(id), report([], { partnerFindings }), { connected: false });
    expect(r.ok).toBe(ok);
    expect(r.missing.map((f) => f.code)).toEqual(missing);
    expect(r.notes.map((f) => f.code).filter((c) => c.startsWith("secrets"))).toEqual(notes);
    expect(r.missingCount).toBe(missing.length);
  });

  test.each<[string, boolean, Finding[], boolean, string[]]>([
    ["not connected", false, [], false, [NOT_CONNECTED_CODE]],
    ["connected, still Global Administrator", true, [finding({ code: "serviceAccount.globalAdmin" }, "warning")], false, ["serviceAccount.globalAdmin"]],
    ["connected, least privilege", true, [], true, []],
    ["connected, no app admin role", true, [finding({ code: "serviceAccount.missingRole" })], false, ["serviceAccount.missingRole"]],
  ])("connect step: %s", (_n, connected, partnerFindings, ok, missing) => {
    const r = evaluateStep(step("connect"), report([], { partnerFindings }), { connected });
    expect(r.ok).toBe(ok);
    expect(r.missing.map((f) => f.code)).toEqual(missing);
  });

  it("step 5 lists the customers still missing the chain, paged, skipping dates and healthy ones", () => {
    const customers = [
      ...Array.from({ length: 10 }, (_, i) => chain(i + 1, "gdap.groupNotAssigned")),
      chain(11, "gdap.none"),
      chain(12, "gdap.ending", "warning"),
      customer(13, "Healthy"),
      chain(14, "gdap.assignmentPending", "warning"),
    ];
    const r0 = evaluateStep(step("customers"), report(customers), { connected: false, page: 0 });
    expect(r0.ok).toBe(false);
    expect(r0.customers).toMatchObject({ total: 12, page: 0, pageCount: 2 });
    expect(r0.customers?.items).toHaveLength(CUSTOMERS_PAGE_SIZE);
    expect(r0.customers?.items[0]).toMatchObject({ tenantId: tenantIdOf(1), partnerCenterUrl: `https://partner.microsoft.com/dashboard/v2/customers/${tenantIdOf(1)}/adminrelationships` });
    const r1 = evaluateStep(step("customers"), report(customers), { connected: false, page: 7 });
    expect(r1.customers?.page).toBe(1);
    expect(r1.customers?.items.map((c) => c.finding.code)).toEqual(["gdap.groupNotAssigned", "gdap.groupNotAssigned", "gdap.none", "gdap.assignmentPending"]);
    expect(r1.missingCount).toBe(12);
    // Fixed part-way: the list shrinks; all fixed: ✓.
    expect(evaluateStep(step("customers"), report(customers.slice(8)), { connected: false }).customers?.total).toBe(4);
    expect(evaluateStep(step("customers"), report([customer(1, "Healthy"), chain(2, "gdap.ending", "warning")]), { connected: false }).ok).toBe(true);
  });

  it("step 5 puts partner-side blockers first and shows a customer's own link before partner.blocking", () => {
    const c = customer(1, "Broken", 0);
    const own = finding({ code: "gdap.none", tenantId: c.tenantId });
    const blocking = finding({ code: "partner.blocking", tenantId: c.tenantId });
    const r = evaluateStep(
      step("customers"),
      report([{ ...c, findings: [blocking, own] }, { ...customer(2, "Broken", 0), findings: [finding({ code: "partner.blocking", tenantId: tenantIdOf(2) })] }], {
        partnerFindings: [finding({ code: "lifecycleGroup.notFound" }), finding({ code: "serviceAccount.globalAdminDuringSetup" }, "info")],
      }),
      { connected: false },
    );
    expect(r.missing.map((f) => f.code)).toEqual(["lifecycleGroup.notFound"]);
    expect(r.customers?.items.map((x) => x.finding.code)).toEqual(["gdap.none", "partner.blocking"]);
  });

  it("a step without checks passes", () => {
    expect(evaluateStep(step("defender"), report([]), { connected: false })).toEqual({ ok: true, missing: [], notes: [], missingCount: 0 });
  });
});
