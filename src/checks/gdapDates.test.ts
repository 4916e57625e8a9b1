import { autoExtendOff, checkGdapDates } from "./gdapDates";
import { ROLE } from "./roles";
import { NOW, codesOf, customer, inDays, partner, relationship } from "./testing/build";
import type { GdapRelationshipSnapshot } from "../domain/snapshot";

const GA = ROLE.globalAdministrator;
const AA = ROLE.applicationAdministrator;
const HOUR = 3_600_000;
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

function run(relationships: GdapRelationshipSnapshot[]): string[] {
  return codesOf(checkGdapDates(partner({ customers: [customer({ relationships })] }), NOW));
}

describe("autoExtendOff", () => {
  test.each([
    ["PT0S", true],
    ["P0D", true],
    ["", true],
    ["P180D", false],
    ["p180d", false],
  ])("%j -> %s", (d, off) => {
    expect(autoExtendOff(d)).toBe(off);
  });
});

describe("checkGdapDates", () => {
  test.each<[string, GdapRelationshipSnapshot[], string[]]>([
    ["ends in 5 days, auto-extend off (PT0S)", [relationship({ autoExtendDuration: "PT0S", endDateTime: inDays(5) })], ["gdap.ending"]],
    ["ends in 5 days, auto-extend off (P0D)", [relationship({ autoExtendDuration: "P0D", endDateTime: inDays(5) })], ["gdap.ending"]],
    ["ends in exactly 30 days, off", [relationship({ autoExtendDuration: "PT0S", endDateTime: inDays(30) })], ["gdap.ending"]],
    ["ends in 30 days and an hour, off: 31 days left", [relationship({ autoExtendDuration: "PT0S", endDateTime: at(30 * 24 * HOUR + HOUR) })], []],
    ["ends in 5 days, auto-extend on", [relationship({ autoExtendDuration: "P180D", endDateTime: inDays(5) })], []],
    ["ends in 200 days, off", [relationship({ autoExtendDuration: "PT0S", endDateTime: inDays(200) })], []],
    ["no end date yet", [relationship({ autoExtendDuration: "PT0S", endDateTime: null })], []],
    ["Global Administrator, ending far away", [relationship({ roles: [GA, AA], autoExtendDuration: "PT0S", endDateTime: inDays(500) })], ["gdap.globalAdmin"]],
    ["Global Administrator, ending soon: one finding", [relationship({ roles: [GA, AA], autoExtendDuration: "PT0S", endDateTime: inDays(3) })], ["gdap.globalAdmin"]],
    ["expired relationships are the chain's business", [relationship({ status: "expired", autoExtendDuration: "PT0S", endDateTime: inDays(-1) })], []],
    [
      "several relationships: each judged",
      [
        relationship({ id: "r1", autoExtendDuration: "PT0S", endDateTime: inDays(2) }),
        relationship({ id: "r2", roles: [GA], endDateTime: inDays(400) }),
        relationship({ id: "r3", endDateTime: inDays(2) }),
      ],
      ["gdap.ending", "gdap.globalAdmin"],
    ],
  ])("%s", (_name, relationships, expected) => {
    expect(run(relationships)).toEqual(expected);
  });

  test.each([
    [1, "ends in 1 day (2025-06-01)"],
    [24 * HOUR, "ends in 1 day (2025-06-02)"],
    [24 * HOUR + 1, "ends in 2 days (2025-06-02)"],
    [4 * 24 * HOUR + 1, "ends in 5 days (2025-06-05)"],
    [-HOUR, "ends today (2025-05-31)"],
  ])("days left are whole days rounded up (+%d ms)", (ms, text) => {
    const [f] = checkGdapDates(
      partner({ customers: [customer({ relationships: [relationship({ autoExtendDuration: "PT0S", endDateTime: at(ms) })] })] }),
      NOW,
    );
    expect(f?.message).toBe(`Fabrikam's GDAP relationship "Contoso-Lifecycle" ${text} and auto-extend is off.`);
  });

  it("Global Administrator: says auto-extend is impossible, on the customer", () => {
    const [f] = checkGdapDates(
      partner({ customers: [customer({ relationships: [relationship({ displayName: "Contoso-Full", roles: [GA], endDateTime: inDays(10) })] })] }),
      NOW,
    );
    expect(f).toMatchObject({ severity: "warning", tenantId: "c-1", subject: "Fabrikam" });
    expect(f?.message).toBe('Fabrikam\'s GDAP relationship "Contoso-Full" contains Global Administrator, so it cannot auto-extend and ends in 10 days (2025-06-11).');
    expect(f?.fix.url).toBe("https://partner.microsoft.com/dashboard/v2/customers/c-1/adminrelationships");
  });
});
