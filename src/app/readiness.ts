/**
 * /readyz's report: ready when Cosmos DB answers (compose's health); the secret store (Key Vault in azure mode) is
 * probed too and shown in the details, but never makes the bot unready: without it the bot still answers (only
 * storing or reading the apps' keys fails, with a clear message). The probe is a `has` of a known secret name (no
 * value is read), bounded by a timeout and cached, so load balancer pings stay cheap.
 */
import type { HealthReport } from "../bot/server";
import { SECRET_NAMES, type SecretStore } from "../secrets/secretStore";

export interface ReadinessDeps {
  /** Cosmos DB (compose's health): decides readiness. */
  storage: () => Promise<HealthReport>;
  secrets?: SecretStore;
  /** What the secret store is, for the details ("key vault", "cosmos", …). */
  secretsKind: string;
  now?: () => number;
  cacheMs?: number;
  timeoutMs?: number;
}

export type ProbeResult = { reachable: boolean; checkedAt: string };

/** Pure: resolves false after `ms` unless `work` settles first (true when it resolves, false when it rejects). */
export function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export function createReadiness(deps: ReadinessDeps): () => Promise<HealthReport> {
  const now = deps.now ?? Date.now;
  const cacheMs = deps.cacheMs ?? 30_000;
  const timeoutMs = deps.timeoutMs ?? 2_000;
  let cached: { at: number; result: ProbeResult } | undefined;
  let inFlight: Promise<ProbeResult> | undefined;
  const probeSecrets = (): Promise<ProbeResult> => {
    const store = deps.secrets;
    if (!store) return Promise.resolve({ reachable: false, checkedAt: new Date(now()).toISOString() });
    if (cached && now() - cached.at < cacheMs) return Promise.resolve(cached.result);
    inFlight ??= within(store.has(SECRET_NAMES.lifecycleAppClientSecret), timeoutMs)
      .then((reachable) => {
        const result = { reachable, checkedAt: new Date(now()).toISOString() };
        cached = { at: now(), result };
        return result;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  return async () => {
    const [storage, secrets] = await Promise.all([deps.storage(), probeSecrets()]);
    return {
      ok: storage.ok,
      fields: { ...storage.fields, secrets: deps.secrets ? { store: deps.secretsKind, ...secrets } : { store: "none" } },
    };
  };
}
