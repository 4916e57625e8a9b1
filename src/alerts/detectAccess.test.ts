import { detectAccess } from "./detectAccess";
import type { AccessFact } from "./types";

const a = (o: Partial<AccessFact>): AccessFact => ({
  tenantId: "22222222-2222-4222-8222-222222222222",
  tenantName: "Litware",
  consent: true,
  lifecycleGroupInGdap: true,
  consentSeen: true,
  groupSeen: true,
  ...o,
});
const SYNCED = new Set(["22222222-2222-4222-8222-222222222222"]);

describe("detectAccess", () => {
  it.each([
    ["all working, synced", a({}), SYNCED, []],
    ["consent removed after it worked", a({ consent: false }), SYNCED, ["access.lost|consent"]],
    ["never consented: not 'lost' (the check reports it)", a({ consent: false, consentSeen: false }), SYNCED, []],
    ["consent unknown (no key)", a({ consent: null }), SYNCED, []],
    ["lifecycle group gone from GDAP", a({ lifecycleGroupInGdap: false }), SYNCED, ["access.lost|gdapGroup"]],
    ["group unreadable", a({ lifecycleGroupInGdap: null }), SYNCED, []],
    ["newly reachable and never synced", a({ newlyReachable: true }), new Set<string>(), ["tenant.new|once"]],
    ["newly reachable, already synced", a({ newlyReachable: true }), SYNCED, []],
    ["reachable since before (first check), never synced: not new", a({}), new Set<string>(), []],
  ])("%s", (_n, fact, synced, expected) => {
    expect(detectAccess({ access: [fact], partnerTenantId: "p" }, "app", synced).map((x) => `${x.kind}|${x.threshold}`)).toEqual(expected);
  });

  it("the consent fix is the admin-consent link of the lifecycle app in that customer", () => {
    const [x] = detectAccess({ access: [a({ consent: false })], partnerTenantId: "p" }, "ab000000-0000-4000-8000-000000000001", SYNCED);
    expect(x.fix.url).toBe("https://login.microsoftonline.com/22222222-2222-4222-8222-222222222222/adminconsent?client_id=ab000000-0000-4000-8000-000000000001");
  });
});
