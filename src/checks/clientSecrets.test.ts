import { checkSecrets, secretLabel } from "./clientSecrets";
import { NOW, app, codesOf, inDays, partner, partnerCenterApp } from "./testing/build";
import type { PasswordCredentialInfo } from "../domain/snapshot";

const secret = (over: Partial<PasswordCredentialInfo> = {}): PasswordCredentialInfo => ({
  keyId: "k-x",
  displayName: "key",
  startDateTime: inDays(-30),
  endDateTime: inDays(150),
  hint: "abc",
  ...over,
});

function run(creds: PasswordCredentialInfo[]): string[] {
  return codesOf(checkSecrets(partner({ lifecycleApp: app({ passwordCredentials: creds }) }), NOW));
}

describe("checkSecrets", () => {
  test.each<[string, PasswordCredentialInfo[], string[]]>([
    ["one valid 180-day secret", [secret()], []],
    ["none", [], ["secrets.none"]],
    ["all expired", [secret({ endDateTime: inDays(-1) }), secret({ keyId: "k2", endDateTime: inDays(-40), startDateTime: inDays(-100) })], ["secrets.allExpired"]],
    ["newest has 30 days left", [secret({ endDateTime: inDays(30) })], ["secrets.expiring"]],
    ["newest has 31 days left", [secret({ endDateTime: inDays(31) })], []],
    ["an old one expiring, the newest fine", [secret({ endDateTime: inDays(3) }), secret({ keyId: "k2", endDateTime: inDays(120) })], []],
    ["expired ones listed beside a valid one", [secret({ endDateTime: inDays(-5), startDateTime: inDays(-100) }), secret({ keyId: "k2" })], ["secrets.expiredListed"]],
    ["lifetime of 12 months", [secret({ startDateTime: inDays(-300), endDateTime: inDays(65) })], ["secrets.longLifetime"]],
    ["lifetime of exactly 183 days", [secret({ startDateTime: inDays(-33), endDateTime: inDays(150) })], []],
    ["expired long-lived secrets are only listed as expired", [secret({ startDateTime: inDays(-400), endDateTime: inDays(-1) }), secret({ keyId: "k2" })], ["secrets.expiredListed"]],
    [
      "combined: expiring, an expired one listed, and a 24-month lifetime",
      [secret({ startDateTime: inDays(-690), endDateTime: inDays(12) }), secret({ keyId: "k2", endDateTime: inDays(-2), startDateTime: inDays(-60) })],
      ["secrets.expiring", "secrets.expiredListed", "secrets.longLifetime"],
    ],
  ])("%s", (_name, creds, expected) => {
    expect(run(creds)).toEqual(expected);
  });

  it("checks both apps, each as its own subject", () => {
    const s = partner({
      lifecycleApp: app({ passwordCredentials: [] }),
      partnerCenterApp: partnerCenterApp({ passwordCredentials: [secret({ endDateTime: inDays(-1) })] }),
    });
    expect(checkSecrets(s, NOW).map((f) => [f.subject, f.code])).toEqual([
      ["Asset Lifecycle Manager - Intune", "secrets.none"],
      ["Partner Center Web App", "secrets.allExpired"],
    ]);
  });

  it("skips an app that was not found", () => {
    expect(checkSecrets(partner({ lifecycleApp: null, partnerCenterApp: null }), NOW)).toEqual([]);
  });

  it("shows days left of the newest, its name and hint, never anything else", () => {
    const [f] = checkSecrets(partner({ lifecycleApp: app({ passwordCredentials: [secret({ displayName: "lifecycle-2025", endDateTime: inDays(12) })] }) }), NOW);
    expect(f?.message).toBe('The newest client secret of "Asset Lifecycle Manager - Intune", "lifecycle-2025" (abc…), expires in 12 days (2025-06-13).');
    expect(f?.fix.url).toBe("https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Credentials/appId/app-lcm");
  });

  it("lists expired ones with their dates", () => {
    const [f] = checkSecrets(
      partner({ lifecycleApp: app({ passwordCredentials: [secret({ displayName: "old", endDateTime: inDays(-1) }), secret({ displayName: null, keyId: "0e000000-1111", hint: null, endDateTime: inDays(-3) })] }) }),
      NOW,
    );
    expect(f?.message).toBe('Every client secret of "Asset Lifecycle Manager - Intune" has expired: "old" (abc…) on 2025-05-31 and secret 0e000000 on 2025-05-29.');
  });

  test.each([
    [secret({ displayName: "a", hint: "xyz" }), '"a" (xyz…)'],
    [secret({ displayName: null, hint: null, keyId: "12345678-aaaa" }), "secret 12345678"],
  ])("secretLabel %#", (p, label) => {
    expect(secretLabel(p)).toBe(label);
  });
});
