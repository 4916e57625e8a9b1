/**
 * `setup mem` through its form against the real simulator (demo scenario) and embedded Cosmos with the encrypted
 * secret store: every bad input is refused on the card with nothing stored, then the right keys are stored. The secret
 * scanner: no log line, card or Cosmos document holds a secret of the scenario, a submitted key, or a token.
 */
import { setupMemDoneCard, setupMemFormCard, setupStatusCard, setupStepCard } from "../cards/setupCards";
import type { AdaptiveCardJson } from "../cards/render";
import { validateCard } from "../cards/validate";
import { FIELD_PROBLEMS } from "../dialogs/wizards/memForm";
import type { MemFormView } from "../dialogs/wizards/view";
import { SECRET_NAMES } from "../secrets/secretStore";
import { CONTAINER_NAMES } from "../store/containers";
import type { SetupScreen } from "./setupFlow";
import { BOT, LIFECYCLE, PARTNER, startSetupWorld, type SetupWorld } from "./testing/setupWorld";

let w: SetupWorld;
const cards: AdaptiveCardJson[] = [];
const card = (s: SetupScreen): AdaptiveCardJson => {
  const c =
    s.kind === "step" ? setupStepCard(s.view) : s.kind === "form" ? setupMemFormCard(s.view) : s.kind === "done" ? setupMemDoneCard(s.view) : setupStatusCard(s.view);
  expect(validateCard(c).problems).toEqual([]);
  cards.push(c);
  return c;
};
const ADMIN = { get graph() { return w.graph; }, by: "Alice" };
const WRONG_KEY = "wrong-key-typed-by-alice-0001";

beforeAll(async () => {
  w = await startSetupWorld();
}, 60_000);
afterAll(async () => {
  await w.stop();
});

const form = (s: SetupScreen): MemFormView => {
  card(s);
  if (s.kind !== "form") throw new Error(`expected the form, got ${s.kind}`);
  return s.view;
};
const problems = (v: MemFormView) => Object.fromEntries(v.fields.filter((f) => f.problem !== null).map((f) => [f.id, f.problem]));

describe("setup mem", () => {
  let runId = "";
  const at = () => ({ wizard: "mem" as const, runId, step: 7 });
  const good = { partnerTenantId: PARTNER.toUpperCase(), partnerCenterAppId: LIFECYCLE.clientId, partnerCenterAppKey: LIFECYCLE.clientSecret, lifecycleAppId: LIFECYCLE.clientId, lifecycleAppKey: ` ${LIFECYCLE.clientSecret}\n` };
  const expectNothingStored = async () => {
    expect(await w.secrets.has(SECRET_NAMES.lifecycleAppClientSecret)).toBe(false);
    expect(await w.secrets.has(SECRET_NAMES.partnerCenterAppClientSecret)).toBe(false);
    expect((await w.settings.get(PARTNER))?.value.lifecycleAppId).toBeUndefined();
    expect((await w.progress.get(PARTNER, "mem"))?.value.completedAt).toBeUndefined();
  };

  it("walks to the form, choosing no Defender tracking on the way", async () => {
    card(await w.flow.open(ADMIN, "mem"));
    runId = (await w.progress.get(PARTNER, "mem"))?.value.runId ?? "";
    for (let n = 0; n < 7; n++) {
      const s = n === 3
        ? await w.flow.act(ADMIN, { verb: "setup.defender", data: { wizard: "mem", runId, step: 3, on: false } })
        : await w.flow.act(ADMIN, { verb: "setup.next", data: { wizard: "mem", runId, step: n } });
      if (n < 6) card(s);
      else expect(form(s).stepTitle).toBe("Step 8 of 8: Save the integration");
    }
    expect((await w.settings.get(PARTNER))?.value.defender).toBe(false);
  });

  test.each<[string, Record<string, string>, Record<string, string>]>([
    ["a wrong lifecycle key", { lifecycleAppKey: WRONG_KEY }, { lifecycleAppKey: FIELD_PROBLEMS.keyWrong }],
    ["a wrong Partner Center key", { partnerCenterAppKey: WRONG_KEY }, { partnerCenterAppKey: FIELD_PROBLEMS.keyWrong }],
    ["a non-GUID app id", { lifecycleAppId: "lifecycle-app" }, { lifecycleAppId: FIELD_PROBLEMS.notGuid }],
    ["an unknown app id", { partnerCenterAppId: "0f000000-0000-4000-8000-000000000099" }, { partnerCenterAppId: FIELD_PROBLEMS.appNotFound }],
    ["another tenant", { partnerTenantId: "cc000000-0000-4000-8000-000000000001" }, { partnerTenantId: FIELD_PROBLEMS.notPartnerTenant }],
    ["a missing key", { lifecycleAppKey: "" }, { lifecycleAppKey: FIELD_PROBLEMS.required }],
  ])("refuses %s on the card and stores nothing", async (_n, change, expected) => {
    const v = form(await w.flow.act(ADMIN, { verb: "setup.mem.save", data: { ...at(), ...good, ...change } }));
    expect(problems(v)).toEqual(expected);
    expect(v.notice?.text).toContain("Nothing was stored");
    expect(v.fields.filter((f) => f.isKey).every((f) => f.value === "")).toBe(true);
    await expectNothingStored();
  });

  it("an expired key is named as such", async () => {
    w.sim.control.addFault({ service: "login", kind: "secretExpired", count: 1 });
    const v = form(await w.flow.act(ADMIN, { verb: "setup.mem.save", data: { ...at(), ...good } }));
    expect(Object.values(problems(v))).toContain(FIELD_PROBLEMS.keyExpired);
    await expectNothingStored();
  });

  it("the right keys are stored, the card carries none, and the wizard is complete", async () => {
    const s = await w.flow.act(ADMIN, { verb: "setup.mem.save", data: { ...at(), ...good } });
    const c = card(s);
    expect(s.kind).toBe("done");
    const json = JSON.stringify(c);
    expect(json).toContain("Asset Lifecycle Manager - Intune");
    expect(json).toContain("The first full sync is queued");
    expect(json).toMatch(/also works in your customer|not consented yet in/);
    expect(await w.secrets.get(SECRET_NAMES.lifecycleAppClientSecret)).toBe(LIFECYCLE.clientSecret);
    expect(await w.secrets.get(SECRET_NAMES.partnerCenterAppClientSecret)).toBe(LIFECYCLE.clientSecret);
    expect((await w.settings.get(PARTNER))?.value).toMatchObject({ source: "setup", lifecycleAppId: LIFECYCLE.clientId, partnerCenterAppId: LIFECYCLE.clientId, defender: false, updatedBy: "Alice" });
    expect((await w.progress.get(PARTNER, "mem"))?.value.completedAt).toBeDefined();
    // The same form sent again with a wrong key (another admin, an old copy of the card) changes nothing stored.
    const again = form(await w.flow.act(ADMIN, { verb: "setup.mem.save", data: { ...at(), ...good, lifecycleAppKey: WRONG_KEY } }));
    expect(problems(again)).toEqual({ lifecycleAppKey: FIELD_PROBLEMS.keyWrong });
    expect(await w.secrets.get(SECRET_NAMES.lifecycleAppClientSecret)).toBe(LIFECYCLE.clientSecret);
    card(await w.flow.status(ADMIN));
  });

  it("secret scanner: no secret, key or token in any log line, card or Cosmos document", async () => {
    const docs: string[] = [];
    for (const name of CONTAINER_NAMES) {
      const { resources } = await w.cosmos.store.containers[name].items.query("SELECT * FROM c").fetchAll();
      docs.push(...resources.map((r) => JSON.stringify(r)));
    }
    expect(docs.some((d) => d.includes('"setup.mem"'))).toBe(true);
    expect(docs.some((d) => d.includes("lifecycleApp.clientSecret"))).toBe(true);
    const haystacks = { logs: w.d.lines, cards: cards.map((c) => JSON.stringify(c)), cosmos: docs };
    const needles = [LIFECYCLE.clientSecret, BOT.clientSecret, WRONG_KEY];
    for (const [where, texts] of Object.entries(haystacks)) {
      expect(texts.length).toBeGreaterThan(0);
      for (const t of texts) {
        for (const n of needles) if (t.includes(n)) throw new Error(`${where} holds a secret: ${t.slice(0, 200)}`);
        // A JWT (access token, id token) anywhere.
        expect({ where, jwt: /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./.test(t) }).toEqual({ where, jwt: false });
      }
    }
  });
});
