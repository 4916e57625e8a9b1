import { detectServiceAccount } from "./detectServiceAccount";

const NOW = new Date("2026-12-10T00:00:00Z");

describe("detectServiceAccount", () => {
  it.each([
    ["not connected", { serviceAccountGlobalAdmin: true }, 0],
    ["connected 3 days ago", { serviceAccountGlobalAdmin: true, m365ConnectedSince: "2026-12-07T00:00:00Z" }, 0],
    ["connected 7 days ago, still GA", { serviceAccountGlobalAdmin: true, m365ConnectedSince: "2026-12-03T00:00:00Z", serviceAccountUpn: "svc@x" }, 1],
    ["connected long ago, GA removed", { serviceAccountGlobalAdmin: false, m365ConnectedSince: "2026-01-01T00:00:00Z" }, 0],
    ["roles unreadable", { serviceAccountGlobalAdmin: null, m365ConnectedSince: "2026-01-01T00:00:00Z" }, 0],
  ])("%s", (_n, facts, count) => {
    const r = detectServiceAccount(facts, NOW);
    expect(r).toHaveLength(count);
    if (count) expect(r[0].message).toContain("svc@x still holds Global Administrator 7 days after");
  });
});
