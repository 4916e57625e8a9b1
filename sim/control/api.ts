/**
 * The control API (loopback only, its own port): counters, faults, clock, reset, Teams SSO user tokens for tests,
 * and the Teams deliveries the connector recorded. Plain (method, path, body) → response; the server does the I/O.
 */
import { z } from "zod/v4";
import type { Clock, SimResponse } from "../core/types";
import type { CounterStore } from "../core/counters";
import type { FaultEngine, FaultInput } from "../core/faults";
import { FaultSchema } from "../scenario/schema";
import { formatPath } from "../scenario/load";
import { AuthorizeCompleteBody, ClockAdvanceBody, ClockSetBody, RevokeBody, UserTokenBody, type AuthorizeCompleteInput, type RevokeInput, type UserTokenInput } from "./schemas";

export interface ControlDeps {
  counters: () => CounterStore;
  faults: () => FaultEngine;
  clock: Clock;
  reset: () => void;
  mintUserToken: (input: UserTokenInput) => { token: string; expiresOn: string } | { error: string };
  /** Signs a user in on an authorize request (no browser): the redirect with `code`, or the AADSTS error. */
  completeAuthorize: (input: AuthorizeCompleteInput) => { redirect: string; code: string; state?: string } | { error: string; code: number; description: string; redirect?: string };
  /** Revokes refresh tokens; the number revoked, or an error (unknown user). */
  revokeRefreshTokens: (input: RevokeInput) => { revoked: number } | { error: string };
  state: () => Map<string, unknown>;
  /** Block / unblock a Teams conversation (403 MessageWritesBlocked), through sim/teams/deliveries.ts's store. */
  blockConversation: (conversationId: string) => void;
  unblockConversation: (conversationId: string) => void;
  /** Every secret this run knows or issued: client secrets of the scenario, access tokens, codes, refresh tokens. */
  issuedSecrets: () => IssuedSecrets;
}

/** GET /secrets/issued: what must never appear in a product's logs (tests only: the control API is loopback only). */
export interface IssuedSecrets {
  clientSecrets: string[];
  accessTokens: string[];
  /** Older access tokens no longer listed (the list keeps the newest TokenService.MAX_ISSUED). */
  accessTokensDropped: number;
  authorizationCodes: string[];
  refreshTokens: string[];
}

function invalid(error: z.ZodError): SimResponse {
  return {
    status: 400,
    body: { error: { code: "BadRequest", message: "Invalid request body.", issues: error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) } },
  };
}

const notFound = (path: string): SimResponse => ({ status: 404, body: { error: { code: "NotFound", message: `No control endpoint ${path}.` } } });

export function handleControl(method: string, path: string, body: unknown, d: ControlDeps): SimResponse {
  const p = path.replace(/\/+$/, "") || "/";
  const key = `${method.toUpperCase()} ${p}`;
  switch (key) {
    case "GET /health": {
      const m = process.memoryUsage();
      const cpu = process.cpuUsage();
      return {
        status: 200,
        body: { ok: true, now: d.clock.now().toISOString(), memory: { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal }, cpuMicros: { user: cpu.user, system: cpu.system } },
      };
    }
    case "POST /gc": {
      // Benchmarks: memory after a full collection (only when the simulator runs with --expose-gc).
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc) gc();
      const m = process.memoryUsage();
      return { status: 200, body: { collected: Boolean(gc), memory: { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers } } };
    }
    case "GET /counters":
      return { status: 200, body: d.counters().snapshot() };
    case "DELETE /counters":
      d.counters().clear();
      return { status: 204 };
    case "GET /faults":
      return { status: 200, body: { faults: d.faults().list() } };
    case "POST /faults": {
      const r = FaultSchema.safeParse(body);
      if (!r.success) return invalid(r.error);
      try {
        new RegExp(r.data.path);
      } catch {
        return { status: 400, body: { error: { code: "BadRequest", message: "Invalid request body.", issues: [{ path: "path", message: "not a valid regular expression" }] } } };
      }
      if (r.data.kind === "status" && r.data.status === undefined) return { status: 400, body: { error: { code: "BadRequest", message: "Invalid request body.", issues: [{ path: "status", message: 'required when kind is "status"' }] } } };
      const fault = d.faults().add(body as FaultInput);
      return { status: 201, body: fault };
    }
    case "DELETE /faults":
      d.faults().clear();
      return { status: 204 };
    case "GET /clock":
      return { status: 200, body: { now: d.clock.now().toISOString() } };
    case "POST /clock/advance": {
      const r = ClockAdvanceBody.safeParse(body);
      if (!r.success) return invalid(r.error);
      const b = r.data;
      d.clock.advance((b.ms ?? 0) + (b.seconds ?? 0) * 1000 + (b.minutes ?? 0) * 60_000 + (b.hours ?? 0) * 3_600_000 + (b.days ?? 0) * 86_400_000);
      return { status: 200, body: { now: d.clock.now().toISOString() } };
    }
    case "POST /clock/set": {
      const r = ClockSetBody.safeParse(body);
      if (!r.success) return invalid(r.error);
      d.clock.set(new Date(r.data.now));
      return { status: 200, body: { now: d.clock.now().toISOString() } };
    }
    case "POST /reset":
      d.reset();
      return { status: 200, body: { ok: true, now: d.clock.now().toISOString() } };
    case "POST /tokens/user": {
      const r = UserTokenBody.safeParse(body);
      if (!r.success) return invalid(r.error);
      const out = d.mintUserToken(r.data);
      if ("error" in out) return { status: 400, body: { error: { code: "BadRequest", message: out.error } } };
      return { status: 200, body: out };
    }
    case "POST /authorize/complete": {
      const r = AuthorizeCompleteBody.safeParse(body);
      if (!r.success) return invalid(r.error);
      const out = d.completeAuthorize(r.data);
      if ("error" in out) {
        return { status: 400, body: { error: { code: "BadRequest", message: out.description, aadstsCode: out.code, oauthError: out.error, ...(out.redirect ? { redirect: out.redirect } : {}) } } };
      }
      return { status: 200, body: out };
    }
    case "POST /tokens/revoke": {
      const r = RevokeBody.safeParse(body);
      if (!r.success) return invalid(r.error);
      const out = d.revokeRefreshTokens(r.data);
      if ("error" in out) return { status: 400, body: { error: { code: "BadRequest", message: out.error } } };
      return { status: 200, body: out };
    }
    case "GET /secrets/issued":
      return { status: 200, body: d.issuedSecrets() };
    case "GET /teams/deliveries":
      return { status: 200, body: { deliveries: d.state().get("teams.deliveries") ?? [] } };
  }
  const bm = /^POST \/teams\/conversations\/([^/]+)\/(block|unblock)$/.exec(key);
  if (bm) {
    const id = decodeURIComponent(bm[1]);
    if (bm[2] === "block") d.blockConversation(id);
    else d.unblockConversation(id);
    return { status: 200, body: { conversationId: id, blocked: bm[2] === "block" } };
  }
  const fm = /^DELETE \/faults\/(.+)$/.exec(key);
  if (fm) return d.faults().remove(decodeURIComponent(fm[1])) ? { status: 204 } : notFound(p);
  return notFound(p);
}
