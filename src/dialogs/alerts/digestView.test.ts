import { digestCard } from "../../cards/alertCards";
import { validateCard } from "../../cards/validate";
import type { DetectedAlert } from "../../alerts/types";
import { buildDigestView, isQuiet } from "./digestView";

const NOW = new Date("2026-12-02T08:00:00Z");
const problem = (severity: DetectedAlert["severity"], name: string): DetectedAlert => ({
  kind: "sync.failed",
  subject: name,
  threshold: "x",
  rank: 1,
  severity,
  tenant: { tenantId: name, displayName: name },
  label: name,
  message: `${name} failed.`,
  fix: { text: "Fix it.", url: "https://x.example" },
});

describe("digest view", () => {
  it("sync health, counts with the change since the last digest, expiring, top problems (errors first, 5 at most)", () => {
    const v = buildDigestView({
      cadence: "daily",
      now: NOW,
      sync: { finishedAt: "2026-12-02T02:00:00Z", healthy: 12, failing: 2, devices: 1040, apps: 300, users: 80 },
      previous: { at: "2026-12-01T08:00:00Z", devices: 1000, apps: 300, users: 82 },
      expiring: [{ endsAt: "2026-12-10T00:00:00Z", daysLeft: 8, title: "GDAP · Fabrikam", detail: "ends" }],
      problems: [problem("warning", "W"), ...Array.from({ length: 6 }, (_, i) => problem("error", `E${i}`))],
    });
    expect(v.quiet).toBe(false);
    expect(v.facts).toEqual([
      { title: "Sync", value: "12 healthy, 2 failing · last run 2026-12-02 02:00 UTC" },
      { title: "Devices", value: "1040 (+40)" },
      { title: "Apps", value: "300 (no change)" },
      { title: "Users", value: "80 (-2)" },
    ]);
    expect(v.problems.map((p) => p.title)).toEqual(["E0", "E1", "E2", "E3", "E4"]);
    expect(v.problemsTitle).toBe("Top problems (7 open)");
    expect(validateCard(digestCard(v)).problems).toEqual([]);
  });

  it("nothing to report: all quiet", () => {
    const input = { cadence: "weekly" as const, now: NOW, sync: { healthy: 3, failing: 0, devices: 1, apps: 1, users: 1 }, expiring: [], problems: [] };
    expect(isQuiet(input)).toBe(true);
    const v = buildDigestView(input);
    expect(v.quietText).toMatch(/All quiet/);
    expect(v.title).toBe("Tenant Pilot weekly digest");
    expect(validateCard(digestCard(v)).problems).toEqual([]);
    expect(validateCard(digestCard(buildDigestView({ ...input, sync: undefined }))).problems).toEqual([]);
  });
});
