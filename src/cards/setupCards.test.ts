import type { CustomerResult } from "../domain/findings";
import { customer, finding, report } from "../dialogs/testing/reports";
import { evaluateStep } from "../dialogs/wizards/evaluate";
import { FIELD_PROBLEMS } from "../dialogs/wizards/memForm";
import { stepsOf } from "../dialogs/wizards/steps";
import type { WizardName, WizardProgress } from "../dialogs/wizards/types";
import { parseSetupVerbAction } from "../dialogs/wizards/verbs";
import { buildMemDoneView, buildMemFormView, buildStatusView, buildStepView, withConnectLink } from "../dialogs/wizards/view";
import type { AdaptiveCardJson } from "./render";
import { setupMemDoneCard, setupMemFormCard, setupStatusCard, setupStepCard } from "./setupCards";
import { ofType, expectGoodCard as goodCard, type CardNode as Node } from "./testing/cardTree";


const expectGoodCard = (card: AdaptiveCardJson): void => {
  goodCard(card, { validData: (verb, data) => parseSetupVerbAction(verb, data).ok });
};

const T = "2025-06-01T10:00:00.000Z";
const progress = (wizard: WizardName, step: number, extra: Partial<WizardProgress> = {}): WizardProgress => ({
  wizard,
  runId: "run-0001",
  step,
  steps: {},
  startedAt: T,
  updatedAt: T,
  updatedBy: "Alice",
  ...extra,
});
const titles = (card: unknown): string[] => ofType(card, "Action.Execute").map((a) => String(a.title));

describe("setup step cards", () => {
  test.each(["m365", "mem"] as const)("every step of %s renders, with and without a Verify result", (wizard) => {
    const steps = stepsOf(wizard);
    steps.forEach((s, i) => {
      if (s.form) return;
      const p = progress(wizard, i);
      expectGoodCard(setupStepCard(buildStepView(wizard, p, {})));
      const failing = report([], { partnerFindings: (s.verify?.codes ?? []).slice(0, 3).map((code) => finding({ code })) });
      const result = evaluateStep(s, failing, { connected: false });
      const card = setupStepCard(buildStepView(wizard, p, { result }));
      expectGoodCard(card);
      if (s.verify) expect(titles(card)).toContain("Verify");
    });
  });

  it("first step has no Back, last has no Next; Defender step offers the choice", () => {
    expect(titles(setupStepCard(buildStepView("m365", progress("m365", 0), {})))).toEqual(["Verify", "Next"]);
    expect(titles(setupStepCard(buildStepView("m365", progress("m365", 5), {})))).toEqual(["Back", "Verify"]);
    expect(titles(setupStepCard(buildStepView("mem", progress("mem", 3), { defender: true })))).toEqual(["Back", "Track Defender ✓", "Don't track"]);
    const done = setupStepCard(buildStepView("m365", progress("m365", 5, { completedAt: T }), {}));
    expect(titles(done)).toEqual(["Back", "Verify", "Start over"]);
    expect(JSON.stringify(done)).toContain("✓ Setup complete.");
  });

  it("a verified step says ✓; a stale card says so; the last verification is shown", () => {
    const p = progress("m365", 1, { steps: { globalAdmin: { verifiedAt: T, verifiedBy: "Bob", ok: true, missing: 0 } } });
    const ok = setupStepCard(buildStepView("m365", p, { result: evaluateStep(stepsOf("m365")[1], report([]), { connected: false }) }));
    expectGoodCard(ok);
    expect(JSON.stringify(ok)).toContain("✓ Verified: nothing is missing for this step.");
    const stale = setupStepCard(buildStepView("m365", p, { outcome: { kind: "stale", reason: "stepLeft", by: "Bob", at: T } }));
    expect(JSON.stringify(stale)).toContain("That step was already left by Bob");
    expect(JSON.stringify(stale)).toContain("Last verified {{DATE(2025-06-01T10:00:00Z, SHORT)}}");
  });

  it("step 5 lists customers with their fix and Partner Center links, paged, under 28 KB with long texts", () => {
    const long = "x".repeat(2000);
    const customers: CustomerResult[] = Array.from({ length: 40 }, (_, i) => {
      const c = customer(i + 1, "Broken", 0, `Customer ${i + 1} ${long}`);
      return { ...c, findings: [finding({ code: "gdap.groupNotAssigned", tenantId: c.tenantId, message: long, fix: { text: long, url: "https://entra.microsoft.com/#view/x" } })] };
    });
    const step = stepsOf("m365")[4];
    const p = progress("m365", 4);
    for (const page of [0, 2, 4]) {
      const card = setupStepCard(buildStepView("m365", p, { result: evaluateStep(step, report(customers), { connected: false, page }) }));
      expectGoodCard(card);
      const pager = titles(card).filter((t) => t.includes("customers"));
      expect(pager).toEqual(page === 0 ? ["More customers"] : page === 4 ? ["Previous customers"] : ["Previous customers", "More customers"]);
      expect(ofType(card, "Action.OpenUrl").filter((a) => a.title === "Partner Center")).toHaveLength(8);
    }
  });

  it("tenant texts are TextRuns, never markdown", () => {
    const evil = "[click](https://evil.example) **bold**";
    const c = customer(1, "Broken", 0, evil);
    const r = report([{ ...c, findings: [finding({ code: "gdap.none", tenantId: c.tenantId, message: evil })] }]);
    const card = setupStepCard(buildStepView("m365", progress("m365", 4), { result: evaluateStep(stepsOf("m365")[4], r, { connected: false }) }));
    const blocks = ofType(card, "TextBlock").map((b) => String(b.text));
    expect(blocks.some((t) => t.includes("evil.example"))).toBe(false);
    expect(ofType(card, "TextRun").some((t) => String(t.text).includes("evil.example"))).toBe(true);
  });
});

describe("the Connect step's card", () => {
  const openUrls = (card: unknown): Node[] => ofType(card, "Action.OpenUrl").filter((a) => String(a.title).startsWith("Connect"));

  test.each<[string, string, boolean]>([
    ["https (azure mode)", "https://tenantpilot.example/connect/start?state=x", true],
    ["http on loopback (local mode)", "http://127.0.0.1:3978/connect/start?state=x", true],
    ["http elsewhere", "http://tenantpilot.example/connect/start?state=x", false],
    ["a quote", "https://tenantpilot.example/connect/start?state=\"x", false],
  ])("%s", (_n, url, shown) => {
    const card = setupStepCard(withConnectLink(buildStepView("m365", progress("m365", 5), {}), url));
    expectGoodCard(card);
    expect(openUrls(card).map((a) => a.url)).toEqual(shown ? [url] : []);
  });

  it("only step 6 of setup m365 gets the button", () => {
    const card = setupStepCard(withConnectLink(buildStepView("m365", progress("m365", 4), {}), "https://tenantpilot.example/connect/start?state=x"));
    expect(openUrls(card)).toEqual([]);
  });
});

describe("setup status, form and saved cards", () => {
  it("status shows both wizards, the rehearsal line, and open actions", () => {
    const card = setupStatusCard(buildStatusView({ m365: progress("m365", 2, { steps: { serviceAccount: { ok: true } } }), mem: progress("mem", 7, { completedAt: T }) }, { rehearsal: true }));
    expectGoodCard(card);
    const json = JSON.stringify(card);
    expect(json).toContain("Preconfigured from the scenario");
    expect(json).toContain("At step 3 of 6: The service account in AdminAgents; 1 verified.");
    expect(titles(card)).toEqual(["Continue", "Open"]);
    const empty = setupStatusCard(buildStatusView({}, { rehearsal: false }));
    expectGoodCard(empty);
    expect(titles(empty)).toEqual(["Start", "Start"]);
  });

  it("the form has five fields, keys as password inputs never filled, problems under their field", () => {
    const card = setupMemFormCard(
      buildMemFormView(progress("mem", 7), {
        values: { partnerTenantId: "c0c0c0c0-0000-4000-8000-000000000000", lifecycleAppKey: "must-not-appear" },
        problems: { lifecycleAppKey: FIELD_PROBLEMS.keyWrong, partnerCenterAppId: FIELD_PROBLEMS.notGuid },
        notice: { text: "Nothing was stored.", color: "attention" },
      }),
    );
    expectGoodCard(card);
    const inputs = ofType(card, "Input.Text");
    expect(inputs.map((i) => i.id)).toEqual(["partnerTenantId", "partnerCenterAppId", "partnerCenterAppKey", "lifecycleAppId", "lifecycleAppKey"]);
    expect(inputs.filter((i) => i.style === "password").map((i) => i.id)).toEqual(["partnerCenterAppKey", "lifecycleAppKey"]);
    expect(inputs.filter((i) => i.style === "password").every((i) => i.value === undefined)).toBe(true);
    expect(inputs[0].value).toBe("c0c0c0c0-0000-4000-8000-000000000000");
    const json = JSON.stringify(card);
    expect(json).not.toContain("must-not-appear");
    expect(json).toContain(FIELD_PROBLEMS.keyWrong);
    expect(titles(card)).toEqual(["Save and verify", "Back"]);
  });

  it("the saved card carries no key and says the first sync is queued", () => {
    const card = setupMemDoneCard(
      buildMemDoneView({
        partnerTenantId: "c0c0c0c0-0000-4000-8000-000000000000",
        partnerCenterApp: { appId: "ab000000-0000-4000-8000-000000000001", displayName: "Partner Center Web App" },
        lifecycleApp: { appId: "ab000000-0000-4000-8000-000000000001", displayName: "Lifecycle" },
        customerCheck: "The lifecycle app's key also works in Fabrikam.",
        at: T,
        by: "Alice",
      }),
    );
    expectGoodCard(card);
    expect(ofType(card, "Input.Text")).toHaveLength(0);
    expect(JSON.stringify(card)).toContain("The first full sync is queued");
  });
});
