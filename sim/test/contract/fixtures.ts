/** Shared ids and scenario loading for the sim-services contract tests (scenario: sim/scenarios/test/services.json). */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Clock } from "../../core/types";
import { createManualClock } from "../../core/clock";

export const SERVICES_SCENARIO = path.join(__dirname, "../../scenarios/test/services.json");
export const PARTNER = "10000000-0000-4000-8000-000000000001";
export const ADMIN = "10000000-0000-4000-8000-0000000000a1";
export const OUTSIDER = "10000000-0000-4000-8000-0000000000a2";
export const SYNC_APP = { clientId: "20000000-0000-4000-8000-0000000000c1", clientSecret: "sync-secret-value" };
export const PC_APP = { clientId: "20000000-0000-4000-8000-0000000000c2", clientSecret: "pc-secret-value" };
export const BOT_APP = { clientId: "20000000-0000-4000-8000-0000000000c3", clientSecret: "bot-secret-value" };
export const BIG = "30000000-0000-4000-8000-000000000001";
export const UNLICENSED = "30000000-0000-4000-8000-000000000002";
export const BLOCKED_CONVERSATION = "19:blocked@thread.tacv2";

/** The services scenario as an object, with overrides (e.g. a throttling profile for one suite). */
export function servicesScenario(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base = JSON.parse(readFileSync(SERVICES_SCENARIO, "utf8")) as Record<string, unknown>;
  return { ...base, ...overrides };
}

/** A clock that stands still unless moved (so token buckets do not refill while a test counts requests). */
export const frozenClock = (at = new Date()): Clock => createManualClock(at);
