import { detectGdap } from "./detectGdap";
import type { GdapFact } from "./types";

const NOW = new Date("2026-12-02T12:00:00Z");
const at = (days: number): string => new Date(NOW.getTime() + days * 86_400_000).toISOString();
const rel = (days: number, o: Partial<GdapFact> = {}): GdapFact => ({
  tenantId: "11111111-1111-4111-8111-111111111111",
  tenantName: "Fabrikam",
  relationshipId: "rel-1",
  relationshipName: "Fabrikam GDAP",
  endDateTime: at(days),
  autoExtendOff: true,
  globalAdmin: false,
  ...o,
});

describe("detectGdap", () => {
  it.each([
    [40, undefined],
    [30, "30"],
    [8, "30"],
    [7, "7"],
    [2, "7"],
    [1, "1"],
    [0, undefined],
  ])("auto-extend off, %d days → %s", (days, threshold) => {
    expect(detectGdap({ gdap: [rel(days)] }, NOW)[0]?.threshold).toBe(threshold);
  });

  it("auto-extend on: nothing", () => {
    expect(detectGdap({ gdap: [rel(3, { autoExtendOff: false })] }, NOW)).toEqual([]);
  });

  it("Global Administrator (cannot auto-extend): alerts even with auto-extend on, its own cause and fix", () => {
    const [a] = detectGdap({ gdap: [rel(6, { autoExtendOff: false, globalAdmin: true })] }, NOW);
    expect(a).toMatchObject({ threshold: "7.globalAdmin", rank: 2, tenant: { displayName: "Fabrikam" }, subject: "11111111-1111-4111-8111-111111111111:rel-1" });
    expect(a.message).toContain("cannot auto-extend");
    expect(a.fix.text).toContain("without Global Administrator");
  });
});
