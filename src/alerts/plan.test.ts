import { groupAlerts, planAlerts, shortHash, type SeriesState } from "./plan";
import { seriesKey, type AlertKind, type DetectedAlert } from "./types";

const NOW = new Date("2026-12-02T12:00:00Z");
const LATER = new Date("2026-12-20T12:00:00Z");
const secret = (threshold: string, rank: number, subject = "app:k1"): DetectedAlert => ({
  kind: "secret.expiring",
  subject,
  threshold,
  rank,
  severity: "warning",
  label: "Lifecycle",
  message: `in ${threshold}`,
  fix: { text: "fix", url: "https://x" },
});
const fail = (tenant: string, cause: string): DetectedAlert => ({
  kind: "sync.failed",
  subject: tenant,
  threshold: cause,
  rank: 1,
  severity: "error",
  tenant: { tenantId: tenant, displayName: `T ${tenant}` },
  label: `T ${tenant}`,
  message: `The Intune sync of T ${tenant} failed: ${cause} title.`,
  fix: { text: "f", url: "https://x" },
});
const ALL = new Set<AlertKind>(["secret.expiring", "sync.failed"]);
const state = (a: DetectedAlert, o: Partial<SeriesState> = {}): SeriesState => ({
  id: seriesKey(a),
  kind: a.kind,
  subject: a.subject,
  threshold: a.threshold,
  rank: a.rank,
  status: "open",
  openedAt: "2026-11-01T00:00:00Z",
  lastSentAt: "2026-11-01T00:00:00Z",
  alert: a,
  ...o,
});
const run = (detected: DetectedAlert[], states: SeriesState[], now = NOW, healthy: string[] = []) =>
  planAlerts({ detected, evaluated: ALL, states, healthySync: healthy.map((t) => ({ tenantId: t, displayName: `T ${t}` })), now });
const sent = (p: ReturnType<typeof run>) => p.send.map((s) => `${s.alert.kind}|${s.alert.threshold}`);

describe("planAlerts", () => {
  it.each<[string, DetectedAlert[], SeriesState[], string[]]>([
    ["new series: sent", [secret("30", 1)], [], ["secret.expiring|30"]],
    ["same threshold again: not sent", [secret("30", 1)], [state(secret("30", 1))], []],
    ["escalates 30 → 14: sent", [secret("14", 2)], [state(secret("30", 1))], ["secret.expiring|14"]],
    ["acknowledged, same threshold: not sent", [secret("14", 2)], [state(secret("14", 2), { ack: { by: "A", at: "x" } })], []],
    ["acknowledged, escalates: sent (a new alert)", [secret("7", 3)], [state(secret("14", 2), { ack: { by: "A", at: "x" } })], ["secret.expiring|7"]],
    ["snoozed, same threshold: not sent", [secret("14", 2)], [state(secret("14", 2), { snooze: { until: "2026-12-09T00:00:00Z", by: "B" } })], []],
    ["snoozed, escalates: recorded, not sent", [secret("7", 3)], [state(secret("14", 2), { snooze: { until: "2026-12-09T00:00:00Z", by: "B" } })], []],
    ["snooze ended: sent once more", [secret("14", 2)], [state(secret("14", 2), { snooze: { until: "2026-12-01T00:00:00Z", by: "B" } })], ["secret.expiring|14"]],
    ["lower rank (end date moved out): quiet", [secret("30", 1)], [state(secret("14", 2))], []],
    ["closed before, detected again: sent", [secret("30", 1)], [state(secret("30", 1), { status: "closed" })], ["secret.expiring|30"]],
    ["sync: new cause for the same tenant: sent", [fail("a", "throttled")], [state(fail("a", "notConsented"))], ["sync.failed|throttled"]],
    ["sync: same cause again: not sent", [fail("a", "throttled")], [state(fail("a", "throttled"))], []],
  ])("%s", (_n, detected, states, expected) => {
    expect(sent(run(detected, states))).toEqual(expected);
  });

  it("a snooze that ended re-sends with the previous send time, so it is a new message id", () => {
    const s = state(secret("14", 2), { snooze: { until: "2026-12-01T00:00:00Z", by: "B" }, lastSentAt: "2026-11-20T00:00:00Z" });
    const p = run([secret("14", 2)], [s]);
    expect(p.send[0].previousSentAt).toBe("2026-11-20T00:00:00Z");
    expect(p.states[0].snooze).toBeUndefined();
    expect(groupAlerts(p.send)[0].id).not.toBe(groupAlerts([{ alert: secret("14", 2) }])[0].id);
  });

  it("escalation while snoozed is sent when the snooze ends", () => {
    const first = run([secret("7", 3)], [state(secret("14", 2), { snooze: { until: "2026-12-09T00:00:00Z", by: "B" } })]);
    expect(first.states[0]).toMatchObject({ threshold: "7", snooze: { until: "2026-12-09T00:00:00Z" } });
    const after = run([secret("7", 3)], first.states, LATER);
    expect(sent(after)).toEqual(["secret.expiring|7"]);
  });

  it("failure until recovered, then one recovered message and the series closes", () => {
    const open = [state(fail("a", "throttled"))];
    expect(sent(run([], open, NOW, []))).toEqual([]); // tenant not in the latest run: still failed as far as we know
    const rec = run([], open, NOW, ["a"]);
    expect(sent(rec)).toEqual(["sync.recovered|recovered"]);
    expect(rec.states[0]).toMatchObject({ status: "closed" });
    expect(sent(run([], rec.states, NOW, ["a"]))).toEqual([]);
  });

  it("a series no longer detected closes quietly, only when its detector ran", () => {
    const open = [state(secret("14", 2))];
    const closed = run([], open);
    expect(closed.send).toEqual([]);
    expect(closed.states[0].status).toBe("closed");
    expect(planAlerts({ detected: [], evaluated: new Set(), states: open, healthySync: [], now: NOW }).states).toEqual([]);
  });
});

describe("groupAlerts", () => {
  it("same kind and cause across tenants: one group, soonest / by name; other causes apart; ids stable", () => {
    const items = [fail("b", "throttled"), fail("a", "throttled"), fail("c", "notConsented")].map((alert) => ({ alert }));
    const groups = groupAlerts(items);
    expect(groups.map((g) => [g.threshold, g.alerts.map((a) => a.subject)])).toEqual([
      ["throttled", ["a", "b"]],
      ["notConsented", ["c"]],
    ]);
    expect(groupAlerts([...items].reverse()).map((g) => g.id).sort()).toEqual(groups.map((g) => g.id).sort());
    expect(groups[0].id).toMatch(/^sync\.failed\.throttled\.[0-9a-f]{8}$/);
  });
  it("shortHash is stable", () => {
    expect(shortHash("abc")).toBe(shortHash("abc"));
    expect(shortHash("abc")).not.toBe(shortHash("abd"));
  });
});
