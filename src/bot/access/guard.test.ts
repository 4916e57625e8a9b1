/** The guard over a stand-in membership (the code right below it) and an in-memory audit: decisions, cache, audit. */
import type { TurnContext } from "botbuilder";
import { manualClock } from "../../clock";
import { MicrosoftError } from "../../graph/errors";
import { createLogger } from "../../log/logger";
import type { Turn } from "../router";
import { SignInRequiredError } from "../sso/userGraphToken";
import { auditActor, createAccessGuard, type AdminPolicy } from "./guard";
import type { AdminMembership } from "./membership";
import { MEMBERSHIP_TTL_MS } from "./membershipCache";
import { memoryAudit } from "./testing/memoryAudit";

const GROUP = "06000000-0000-4000-8000-000000000001";
const log = createLogger({ level: "error", sink: () => undefined });

function turnOf(from: { id: string; name?: string; aadObjectId?: string }): Turn {
  const state = new Map<unknown, unknown>();
  const ctx = { activity: { type: "message", from, conversation: { id: "c" } }, turnState: state } as unknown as TurnContext;
  return { ctx, state: {} as Turn["state"], log, say: () => Promise.resolve(), sendCard: () => Promise.resolve() };
}
const alice = () => turnOf({ id: "29:alice", name: "Alice", aadObjectId: "a1" });
const bob = () => turnOf({ id: "29:bob", name: "Bob", aadObjectId: "b1" });

function membership(members: Set<string>, fail?: () => Error): AdminMembership & { calls: number } {
  const m = {
    groupId: GROUP,
    calls: 0,
    isMember: (turn: Turn) => {
      m.calls++;
      const e = fail?.();
      if (e) return Promise.reject(e);
      return Promise.resolve(members.has(turn.ctx.activity.from.aadObjectId ?? ""));
    },
    groupName: () => Promise.resolve("Tenant Pilot Admins"),
  };
  return m;
}

describe("access guard", () => {
  it("admins act (audited done); others are refused naming the group (audited refused, nothing run)", async () => {
    const clock = manualClock("2026-12-02T08:00:00Z");
    const audit = memoryAudit(() => clock.now());
    const guard = createAccessGuard({ policy: { kind: "group", membership: membership(new Set(["a1"])) }, audit, clock });
    let ran = 0;
    const act = () => Promise.resolve(++ran);
    expect(await guard.mutate(alice(), { action: "setup.next", target: "m365", details: { step: 2 } }, act)).toEqual({ ok: true, value: 1 });
    const refused = await guard.mutate(bob(), { action: "setup.next", target: "m365" }, act);
    expect(refused).toEqual({ ok: false, message: expect.stringContaining(`**Tenant Pilot Admins** (${GROUP})`) as string });
    expect(ran).toBe(1);
    expect(audit.entries).toEqual([
      expect.objectContaining({ who: { userId: "29:alice", name: "Alice", aadObjectId: "a1" }, action: "setup.next", target: "m365", details: { step: 2 }, outcome: "done", at: "2026-12-02T08:00:00.000Z" }),
      expect.objectContaining({ who: { userId: "29:bob", name: "Bob", aadObjectId: "b1" }, action: "setup.next", outcome: "refused", reason: "notAdmin" }),
    ]);
    expect(audit.entries.every((e) => typeof e.correlationId === "string" && e.correlationId.length > 0)).toBe(true);
  });

  it("a failing action is audited failed and its error passes through", async () => {
    const audit = memoryAudit();
    const guard = createAccessGuard({ policy: { kind: "everyone" }, audit, clock: manualClock("2026-12-02T08:00:00Z") });
    await expect(guard.mutate(alice(), { action: "setup.verify" }, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(audit.entries.map((e) => [e.outcome, e.reason])).toEqual([["failed", "error"]]);
  });

  it("remembers membership for the TTL, asks Graph again after it (a removed admin is refused then)", async () => {
    const clock = manualClock("2026-12-02T08:00:00Z");
    const members = new Set(["a1"]);
    const m = membership(members);
    const guard = createAccessGuard({ policy: { kind: "group", membership: m }, audit: memoryAudit(), clock });
    const act = () => Promise.resolve("x");
    await guard.mutate(alice(), { action: "sync.start" }, act);
    expect(await guard.isAdmin(alice())).toBe(true);
    members.delete("a1");
    clock.advance(MEMBERSHIP_TTL_MS - 1);
    expect((await guard.mutate(alice(), { action: "sync.start" }, act)).ok).toBe(true);
    expect(m.calls).toBe(1);
    clock.advance(1);
    expect((await guard.mutate(alice(), { action: "sync.start" }, act)).ok).toBe(false);
    expect(m.calls).toBe(2);
  });

  it.each<[string, AdminPolicy | (() => Error), string, string]>([
    ["no admin group (azure mode default)", { kind: "nobody" }, "noAdminGroup", "ADMIN_GROUP_ID"],
    ["not signed in", () => new SignInRequiredError(), "signInRequired", "sign in"],
    ["Graph failing", () => new MicrosoftError({ service: "graph", code: "unavailable", status: 503 }), "membershipUnknown", "Reference:"],
  ])("%s: refused, audited with its reason, failures not cached", async (_name, p, reason, text) => {
    const audit = memoryAudit();
    const m = typeof p === "function" ? membership(new Set(["a1"]), p) : undefined;
    const policy: AdminPolicy = m ? { kind: "group", membership: m } : (p as AdminPolicy);
    const guard = createAccessGuard({ policy, audit, clock: manualClock("2026-12-02T08:00:00Z") });
    const r = await guard.mutate(alice(), { action: "alerts.ack" }, () => Promise.resolve(1));
    expect(r).toEqual({ ok: false, message: expect.stringContaining(text) as string });
    expect(audit.entries.map((e) => [e.outcome, e.reason])).toEqual([["refused", reason]]);
    if (m) {
      await guard.mutate(alice(), { action: "alerts.ack" }, () => Promise.resolve(1));
      expect(m.calls).toBe(2);
    }
    expect(await guard.isAdmin(alice())).toBe(false);
  });

  it("an audit store failure does not undo or block the action (logged instead)", async () => {
    const audit = memoryAudit();
    audit.fail = true;
    const guard = createAccessGuard({ policy: { kind: "everyone" }, audit, clock: manualClock("2026-12-02T08:00:00Z") });
    expect(await guard.mutate(alice(), { action: "setup.next" }, () => Promise.resolve(7))).toEqual({ ok: true, value: 7 });
  });

  it("auditActor keeps ids and the display name only, bounded", () => {
    expect(auditActor({ from: { id: "29:x", name: `  ${"n".repeat(300)}` } })).toEqual({ userId: "29:x", name: "n".repeat(256) });
    expect(auditActor({})).toEqual({ userId: "" });
  });
});
