import type { CustomerSnapshot } from "../domain/snapshot";
import type { TokenProvider } from "../graph/tokens";
import { choicesFrom, confirmCustomerSide } from "./checkJob";

const customer = (tenantId: string): CustomerSnapshot => ({
  tenantId,
  displayName: tenantId,
  domain: null,
  sources: ["gdap"],
  relationshipToPartner: null,
  relationships: [],
});

describe("confirmCustomerSide", () => {
  test("one read per customer, failures recorded as they came, at most `concurrency` at once", async () => {
    const cs = ["a", "b", "c", "d", "e"].map(customer);
    let inFlight = 0;
    let most = 0;
    const token: TokenProvider = () => Promise.resolve("t");
    await confirmCustomerSide(
      cs,
      () => Promise.resolve(token),
      async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await Promise.resolve();
        inFlight--;
        return { ok: true, value: { id: "x" } };
      },
      2,
    );
    expect(cs.map((c) => c.customerSide)).toEqual(cs.map(() => ({ ok: true, value: true })));
    expect(most).toBeLessThanOrEqual(2);
    const failed = [customer("f")];
    await confirmCustomerSide(failed, () => Promise.resolve(token), () => Promise.resolve({ ok: false, error: { code: "forbidden", message: "refused" } }));
    expect(failed[0].customerSide).toEqual({ ok: false, error: { code: "forbidden", message: "refused" } });
  });

  test("not connected (no token): nothing is read or recorded", async () => {
    const cs = [customer("a")];
    const read = jest.fn();
    await confirmCustomerSide(cs, () => Promise.resolve(undefined), read);
    expect(read).not.toHaveBeenCalled();
    expect(cs[0].customerSide).toBeUndefined();
  });
});

describe("choicesFrom", () => {
  test.each([
    ["nothing set up: discovery", undefined, {}, { source: "discovered" }],
    [
      "rehearsal with keys",
      { source: "rehearsal" as const, lifecycleAppId: "11111111-1111-4111-8111-111111111111", m365Connected: true, updatedAt: "2026-01-01T00:00:00.000Z" },
      { lifecycle: "k" },
      { source: "rehearsal", lifecycleApp: { appId: "11111111-1111-4111-8111-111111111111", secret: "k" }, m365Connected: true },
    ],
  ])("%s", (_n, settings, keys, expected) => {
    expect(choicesFrom(settings, keys)).toEqual(expected);
  });
});
