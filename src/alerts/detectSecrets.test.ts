import { detectSecrets, thresholdFor } from "./detectSecrets";
import { SECRET_THRESHOLDS, type SecretFact } from "./types";

const NOW = new Date("2026-12-02T12:00:00Z");
const at = (days: number, hours = 0): string => new Date(NOW.getTime() + days * 86_400_000 + hours * 3_600_000).toISOString();
const secret = (endDays: number, o: Partial<SecretFact> = {}): SecretFact => ({
  app: "lifecycle",
  appId: "ab000000-0000-4000-8000-000000000001",
  appName: "Lifecycle Manager",
  keyId: `k${endDays}`,
  label: '"lifecycle" (abc…)',
  startDateTime: at(endDays - 180),
  endDateTime: at(endDays),
  ...o,
});

describe("thresholdFor (days left rounded up)", () => {
  it.each([
    [45, undefined],
    [31, undefined],
    [30, "30"],
    [15, "30"],
    [14, "14"],
    [8, "14"],
    [7, "7"],
    [2, "7"],
    [1, "1"],
    [0, "expired"],
    [-3, "expired"],
  ])("%d days → %s", (left, expected) => {
    expect(thresholdFor(left, SECRET_THRESHOLDS)?.threshold).toBe(expected);
  });
  it("ranks grow with severity", () => {
    expect([30, 14, 7, 1, 0].map((d) => thresholdFor(d, SECRET_THRESHOLDS)?.rank)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("detectSecrets", () => {
  it.each([
    ["15 days (and a bit) reads 15 days, threshold 30", [secret(14, { endDateTime: at(14, 1) })], "30", 15],
    ["exactly 14 days", [secret(14)], "14", 14],
    ["6 days", [secret(6)], "7", 6],
    ["12 hours", [secret(0, { endDateTime: at(0, 12) })], "1", 1],
    ["expired", [secret(-2)], "expired", 0],
  ])("%s", (_name, secrets, threshold, daysLeft) => {
    const [a] = detectSecrets({ secrets }, NOW).filter((x) => x.kind === "secret.expiring");
    expect(a).toMatchObject({ threshold, daysLeft, subject: `ab000000-0000-4000-8000-000000000001:${secrets[0].keyId}` });
    expect(a.message).not.toMatch(/demo-lifecycle-secret/);
  });

  it("judges the newest secret per app: an old one expiring beside a fresh one is no alert", () => {
    expect(detectSecrets({ secrets: [secret(3), secret(170)] }, NOW).filter((a) => a.kind === "secret.expiring")).toEqual([]);
  });

  it("each app on its own", () => {
    const alerts = detectSecrets({ secrets: [secret(10), secret(20, { app: "partnerCenter", appId: "pc", appName: "Partner Center app", keyId: "p" })] }, NOW);
    expect(alerts.filter((a) => a.kind === "secret.expiring").map((a) => [a.label, a.threshold])).toEqual([
      ["Lifecycle Manager", "14"],
      ["Partner Center app", "30"],
    ]);
  });

  it("lifetime over 6 months: info once, only while valid", () => {
    const long = secret(100, { startDateTime: at(-300) });
    expect(detectSecrets({ secrets: [long] }, NOW)).toEqual([expect.objectContaining({ kind: "secret.longLifetime", threshold: "once", severity: "info" })]);
    expect(detectSecrets({ secrets: [secret(100)] }, NOW)).toEqual([]);
    expect(detectSecrets({ secrets: [secret(-1, { startDateTime: at(-400) })] }, NOW).map((a) => a.kind)).toEqual(["secret.expiring"]);
  });
});
