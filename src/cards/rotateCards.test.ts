import { failedView, NOT_PROVEN_IN_CUSTOMER_TEXT, notSetUpView, parseRotateArgs, RemovePayloadSchema, rotatedView, type RotationFacts } from "../dialogs/rotate";
import { rotateCard } from "./rotateCards";
import { validateCard } from "./validate";

const facts: RotationFacts = {
  appId: "ab000000-0000-4000-8000-000000000001",
  rotatedAt: "2026-12-02T07:30:00.000Z",
  newKeyId: "bb437c20-60b7-5286-80e7-e328250b7def",
  newEndDateTime: "2027-06-02T07:30:00Z",
  previous: [
    { keyId: "11111111-2222-4333-8444-555555555555", displayName: "Lifecycle key", endDateTime: "2027-01-01T00:00:00Z" },
    { keyId: "66666666-2222-4333-8444-555555555555" },
  ],
  removed: [],
  provenInCustomer: "cc000000-0000-4000-8000-000000000001",
};

describe("rotate secret card", () => {
  test.each([
    ["rotated", rotatedView(facts)],
    ["one removed", rotatedView({ ...facts, removed: ["11111111-2222-4333-8444-555555555555"] }, { justRemoved: "11111111-2222-4333-8444-555555555555" })],
    ["all removed", rotatedView({ ...facts, removed: facts.previous.map((p) => p.keyId), provenInCustomer: undefined })],
    ["failed, cleaned up", failedView("prove", "The key was refused.", true)],
    ["failed, not cleaned up", failedView("store", "x", false, "Tenant Pilot 2026-12-02")],
    ["not set up", notSetUpView("lifecycleAppKey")],
  ])("%s: a valid Adaptive Card 1.5", (_name, view) => {
    const card = rotateCard(view);
    expect(validateCard(card).problems).toEqual([]);
    expect(JSON.stringify(card).length).toBeLessThan(28 * 1024);
  });

  test("proven in the partner tenant only: says why (no customer known where the current secret works), not that none consented", () => {
    const facts2 = rotatedView({ ...facts, provenInCustomer: undefined }).facts;
    expect(facts2.find((x) => x.title === "Proven in")?.value).toBe(NOT_PROVEN_IN_CUSTOMER_TEXT);
    expect(rotatedView(facts).facts.find((x) => x.title === "Proven in")?.value).toBe(`the partner tenant and customer ${facts.provenInCustomer}`);
  });

  test("a Remove button per secret not yet removed, each with an Action.Submit fallback and a valid payload", () => {
    const card = rotateCard(rotatedView({ ...facts, removed: ["66666666-2222-4333-8444-555555555555"] })) as unknown as { actions: { type: string; verb: string; data: unknown; fallback: { type: string } }[] };
    expect(card.actions).toHaveLength(1);
    expect(card.actions[0]).toMatchObject({ type: "Action.Execute", verb: "rotate.removeOld", fallback: { type: "Action.Submit" } });
    expect(RemovePayloadSchema.safeParse(card.actions[0]?.data).success).toBe(true);
    expect(rotateCard(failedView("prove", "x", true)).actions).toBeUndefined();
  });

  test.each([
    ["secret", true],
    ["  SECRET ", true],
    ["", false],
    ["secrets", false],
    ["secret now", false],
  ])("rotate %j → ok %s", (args, ok) => {
    expect(parseRotateArgs(args).ok).toBe(ok);
  });

  test("the payload is validated (a GUID key id, the right verb)", () => {
    expect(RemovePayloadSchema.safeParse({ verb: "rotate.removeOld", keyId: "not-a-guid" }).success).toBe(false);
    expect(RemovePayloadSchema.safeParse({ verb: "other", keyId: facts.newKeyId }).success).toBe(false);
  });
});
