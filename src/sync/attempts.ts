/**
 * What to do after a tenant's attempt failed (pure): a transient cause is tried again after a jittered, growing
 * delay; a tenant that keeps failing is parked for the rest of the run; any other cause fails the tenant at once.
 */
import type { SyncCause } from "./causes";

export interface AttemptPolicy {
  /** Attempts in all before a transiently failing tenant is parked. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_ATTEMPT_POLICY: AttemptPolicy = { maxAttempts: 3, baseDelayMs: 5_000, maxDelayMs: 60_000 };

export type AttemptDecision = { kind: "retry"; delayMs: number } | { kind: "failed" } | { kind: "parked" };

/** `attempts`: attempts made so far, the failed one included (1 after the first). */
export function afterFailure(attempts: number, cause: SyncCause, random: () => number, policy: AttemptPolicy = DEFAULT_ATTEMPT_POLICY): AttemptDecision {
  if (!cause.transient) return { kind: "failed" };
  if (attempts >= policy.maxAttempts) return { kind: "parked" };
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return { kind: "retry", delayMs: Math.round(step * (0.5 + r / 2)) };
}
