import { FIELD_PROBLEMS, refillValues, validateMemForm, type MemField } from "./memForm";

const G = "C0C0C0C0-0000-4000-8000-000000000000";
const APP = "ab000000-0000-4000-8000-000000000001";
const good = { partnerTenantId: ` ${G} `, partnerCenterAppId: APP, partnerCenterAppKey: "k1\n", lifecycleAppId: APP, lifecycleAppKey: "k2" };

describe("the setup mem form", () => {
  it("normalises ids and trims keys", () => {
    expect(validateMemForm(good)).toEqual({
      ok: true,
      values: { partnerTenantId: G.toLowerCase(), partnerCenterAppId: APP, partnerCenterAppKey: "k1", lifecycleAppId: APP, lifecycleAppKey: "k2" },
    });
  });

  test.each<[string, Partial<Record<MemField, string>>, Partial<Record<MemField, string>>]>([
    ["a non-GUID tenant", { partnerTenantId: "contoso.onmicrosoft.com" }, { partnerTenantId: FIELD_PROBLEMS.notGuid }],
    ["a GUID in braces", { lifecycleAppId: `{${APP}}` }, { lifecycleAppId: FIELD_PROBLEMS.notGuid }],
    ["a missing key", { lifecycleAppKey: "   " }, { lifecycleAppKey: FIELD_PROBLEMS.required }],
    ["a key too long", { partnerCenterAppKey: "x".repeat(513) }, { partnerCenterAppKey: FIELD_PROBLEMS.keyTooLong }],
    ["everything missing", { partnerTenantId: "", partnerCenterAppId: undefined, partnerCenterAppKey: "", lifecycleAppId: "", lifecycleAppKey: "" }, {
      partnerTenantId: FIELD_PROBLEMS.required, partnerCenterAppId: FIELD_PROBLEMS.required, partnerCenterAppKey: FIELD_PROBLEMS.required,
      lifecycleAppId: FIELD_PROBLEMS.required, lifecycleAppKey: FIELD_PROBLEMS.required,
    }],
  ])("refuses %s", (_n, change, problems) => {
    const r = validateMemForm({ ...good, ...change });
    expect(r).toEqual({ ok: false, problems });
  });

  it("never quotes what was typed, and refills only valid ids", () => {
    const secretish = "s3cr3t-pasted-into-the-id-field";
    const r = validateMemForm({ ...good, partnerCenterAppId: secretish });
    expect(JSON.stringify(r)).not.toContain(secretish);
    expect(refillValues({ ...good, partnerCenterAppId: secretish })).toEqual({ partnerTenantId: G.toLowerCase(), lifecycleAppId: APP });
  });
});
