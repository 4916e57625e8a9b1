import { groupAlerts } from "./plan";
import { routeGroups, type Subscription } from "./route";
import type { DetectedAlert } from "./types";

const a = (kind: DetectedAlert["kind"], tenant?: string): DetectedAlert => ({
  kind,
  subject: tenant ?? "partner",
  threshold: "30",
  rank: 1,
  severity: "warning",
  ...(tenant ? { tenant: { tenantId: tenant, displayName: tenant } } : {}),
  label: "x",
  message: "m",
  fix: { text: "f", url: "https://x" },
});
const groups = groupAlerts([a("gdap.ending", "t1"), a("gdap.ending", "t2"), a("secret.expiring")].map((alert) => ({ alert })));
const sub = (key: string, o: Partial<Subscription> = {}): Subscription => ({ conversationKey: key, conversationType: "groupChat", off: false, filters: [{ kinds: [], tenants: [] }], ...o });
const summary = (d: ReturnType<typeof routeGroups>) => d.map((x) => `${x.conversationKey}:${x.group.kind}:${x.alerts.map((y) => y.subject).join("+")}${x.newThread ? ":thread" : ""}`);

describe("routeGroups", () => {
  it("installer's chat gets everything by default", () => {
    expect(summary(routeGroups(groups, [], sub("me", { conversationType: "personal" })))).toEqual(["me:gdap.ending:t1+t2", "me:secret.expiring:partner"]);
  });
  it("alerts off in the installer's chat stops the default", () => {
    expect(routeGroups(groups, [sub("me", { off: true, conversationType: "personal" })], sub("me", { conversationType: "personal" }))).toEqual([]);
  });
  it("a digest alone in the installer's chat (no filters, not off) keeps the default: it still gets everything", () => {
    const digestOnly = sub("me", { conversationType: "personal", filters: [] });
    expect(summary(routeGroups(groups, [digestOnly], sub("me", { conversationType: "personal" })))).toEqual(["me:gdap.ending:t1+t2", "me:secret.expiring:partner"]);
    // Elsewhere a digest alone brings no alerts.
    expect(routeGroups(groups, [sub("desk", { filters: [] })], undefined)).toEqual([]);
  });
  it("filters: kinds, tenants (partner-side alerts only without tenants); several matching filters = once; channel = new thread", () => {
    const subs = [
      sub("ops", { conversationType: "channel", filters: [{ kinds: ["gdap.ending"], tenants: [] }, { kinds: [], tenants: ["t1"] }] }),
      sub("desk", { filters: [{ kinds: [], tenants: ["t2"] }] }),
    ];
    expect(summary(routeGroups(groups, subs, undefined))).toEqual(["desk:gdap.ending:t2", "ops:gdap.ending:t1+t2:thread"]);
  });
  it("sync.recovered follows subscriptions to sync failures", () => {
    const g = groupAlerts([{ alert: a("sync.recovered", "t1") }]);
    expect(routeGroups(g, [sub("s", { filters: [{ kinds: ["sync.failed"], tenants: [] }] })], undefined)).toHaveLength(1);
  });
});
