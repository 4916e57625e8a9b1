import { handleControl, type ControlDeps } from "./api";
import { CounterStore } from "../core/counters";
import { FaultEngine } from "../core/faults";
import { createManualClock } from "../core/clock";

function deps(): ControlDeps & { resets: number; blocked: Set<string> } {
  const counters = new CounterStore();
  const faults = new FaultEngine([], 1);
  const state = new Map<string, unknown>([["teams.deliveries", [{ id: 1 }]]]);
  const d = {
    resets: 0,
    counters: () => counters,
    faults: () => faults,
    clock: createManualClock(new Date("2025-01-15T09:00:00Z")),
    reset: () => {
      d.resets++;
    },
    mintUserToken: (i: { user: string }) => (i.user === "nobody" ? { error: "No user nobody" } : { token: "t", expiresOn: "x" }),
    completeAuthorize: (i: { user: string }) => (i.user === "nobody" ? { error: "invalid_request", code: 50034, description: "AADSTS50034: no such user" } : { redirect: "https://app/cb?code=c", code: "c" }),
    revokeRefreshTokens: (i: { user?: string }) => (i.user === "nobody" ? { error: "No user nobody." } : { revoked: 2 }),
    state: () => state,
    blocked: new Set<string>(),
    blockConversation: (id: string) => {
      d.blocked.add(id);
    },
    unblockConversation: (id: string) => {
      d.blocked.delete(id);
    },
    issuedSecrets: () => ({ clientSecrets: ["s"], accessTokens: ["a"], accessTokensDropped: 0, authorizationCodes: [], refreshTokens: ["r"] }),
  };
  return d;
}

test.each([
  ["POST", "/clock/advance", { hours: 2 }, 200, { now: "2025-01-15T11:00:00.000Z" }],
  ["POST", "/clock/set", { now: "2026-01-01T00:00:00Z" }, 200, { now: "2026-01-01T00:00:00.000Z" }],
  ["POST", "/clock/advance", {}, 400, undefined],
  ["POST", "/clock/set", { now: "tomorrow" }, 400, undefined],
  ["POST", "/faults", { service: "graph", kind: "reset" }, 201, { id: "fault-1", kind: "reset" }],
  ["POST", "/faults", { service: "graph", kind: "explode" }, 400, undefined],
  ["POST", "/faults", { service: "graph", kind: "status" }, 400, undefined],
  ["GET", "/secrets/issued", undefined, 200, { clientSecrets: ["s"], accessTokens: ["a"], refreshTokens: ["r"] }],
  ["POST", "/tokens/user", { user: "admin@x", appId: "20000000-0000-4000-8000-0000000000c2" }, 200, { token: "t" }],
  ["POST", "/tokens/user", { user: "nobody", appId: "20000000-0000-4000-8000-0000000000c2" }, 400, undefined],
  ["POST", "/tokens/user", { user: "a" }, 400, undefined],
  ["POST", "/authorize/complete", { url: "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=x", user: "admin@x" }, 200, { code: "c" }],
  ["POST", "/authorize/complete", { url: "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize", user: "nobody" }, 400, { error: { aadstsCode: 50034 } }],
  ["POST", "/authorize/complete", { url: "not a url", user: "admin@x" }, 400, undefined],
  ["POST", "/tokens/revoke", { user: "admin@x" }, 200, { revoked: 2 }],
  ["POST", "/tokens/revoke", { user: "nobody" }, 400, undefined],
  ["POST", "/tokens/revoke", {}, 400, undefined],
  ["GET", "/teams/deliveries", undefined, 200, { deliveries: [{ id: 1 }] }],
  ["GET", "/nothing", undefined, 404, undefined],
])("%s %s", (method, path, body, status, expected) => {
  const r = handleControl(method, path, body, deps());
  expect(r.status).toBe(status);
  if (expected) expect(r.body).toMatchObject(expected);
  if (status === 400) expect(JSON.stringify(r.body)).toContain("BadRequest");
});

test("bad bodies list each field's path", () => {
  const r = handleControl("POST", "/faults", { service: "nowhere", kind: "status", probability: 2 }, deps());
  const issues = (r.body as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path).sort();
  expect(issues).toEqual(["probability", "service"]);
});

test("faults lifecycle, counters, reset", () => {
  const d = deps();
  handleControl("POST", "/faults", { id: "f", service: "graph", kind: "reset" }, d);
  expect((handleControl("GET", "/faults", undefined, d).body as { faults: unknown[] }).faults).toHaveLength(1);
  expect(handleControl("DELETE", "/faults/f", undefined, d).status).toBe(204);
  expect(handleControl("DELETE", "/faults/f", undefined, d).status).toBe(404);
  d.counters().record("graph", "/v1.0/x", "t", 200, false);
  expect(handleControl("GET", "/counters", undefined, d).body).toMatchObject({ total: 1, byStatus: { 200: 1 } });
  expect(handleControl("DELETE", "/counters", undefined, d).status).toBe(204);
  expect(handleControl("POST", "/reset", undefined, d).status).toBe(200);
  expect(d.resets).toBe(1);
});

test("POST /teams/conversations/{id}/block and /unblock call the store", () => {
  const d = deps();
  const id = "19:a/b@thread.tacv2";
  expect(handleControl("POST", `/teams/conversations/${encodeURIComponent(id)}/block`, undefined, d)).toMatchObject({ status: 200, body: { conversationId: id, blocked: true } });
  expect(d.blocked.has(id)).toBe(true);
  expect(handleControl("POST", `/teams/conversations/${encodeURIComponent(id)}/unblock`, undefined, d)).toMatchObject({ status: 200, body: { blocked: false } });
  expect(d.blocked.has(id)).toBe(false);
  expect(handleControl("GET", `/teams/conversations/x/block`, undefined, d).status).toBe(404);
});
