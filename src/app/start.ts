/**
 * compose + HTTP: what both entry points run.
 *
 * The bot listens FIRST, then composes in the background: compose ensures the Cosmos store, which may not answer yet
 * (a cold account, a network blip, RBAC still propagating). Until compose succeeds, turns are answered by the
 * starting-up bot (src/bot/startingBot.ts: "starting up, try again in a minute"), /healthz says alive and /readyz
 * says not ready; compose is retried with capped exponential backoff. Once composed, the real bot takes over, the
 * routes that need the composition (Connect) are added, schedules and the outbox's dispatcher start, and unfinished
 * sync runs are resumed.
 *
 * `waitForStore` (default true: local mode and tests) resolves startApp once composed and fails the start on an
 * error that is not "Cosmos unavailable" (a bug or a wrong setting should stop local mode at once). Azure mode
 * (src/index.ts) passes false: startApp resolves once listening and every failure is retried (logged as errors
 * when they are not transient, e.g. 403 while a role assignment propagates).
 *
 * stop(): the server drains the turns in flight (src/bot/server.ts), then compose's dispose runs its stop hooks
 * (sync stops and releases its leases; schedules, telemetry… add theirs to dispose).
 */
import type { HealthReport, RunningBot } from "../bot/server";
import { startBot } from "../bot/server";
import { createStartingBot } from "../bot/startingBot";
import { registerAuthPages } from "../bot/sso/authPages";
import { SSO_GRAPH_SCOPES } from "../bot/sso/settings";
import { registerConnectRoutes } from "../bot/connect/connectRoutes";
import { connectRehearsalServiceAccount } from "../jobs/connectRehearsal";
import { createLogger } from "../log/logger";
import { isTransientCosmosError } from "../store/cosmosRetry";
import { VERSION } from "../version";
import { compose, type ComposeOptions, type Composition } from "./compose";
import { createReadiness } from "./readiness";
import { composeBackoffMs, DEFAULT_COMPOSE_BACKOFF, errorSummary, type ComposeBackoff } from "./startup";

export interface StartAppOptions extends ComposeOptions {
  /** Default true: resolve once composed (and fail on a non-transient error). false: resolve once listening. */
  waitForStore?: boolean;
  /** Delays between compose attempts while Cosmos does not answer. */
  composeBackoff?: ComposeBackoff;
  /** Longest wait for turns in flight on stop (default src/bot/server.ts DRAIN_TIMEOUT_MS). */
  drainTimeoutMs?: number;
}

export type StoreState = "starting" | "ready" | "stopped";

export interface RunningApp extends RunningBot {
  /** The composition; throws while the store is not ready yet (await `ready` first when waitForStore is false). */
  readonly composition: Composition;
  /** Resolves with the composition once the store is ready; rejects if the start was given up (stop, or a fatal error). */
  readonly ready: Promise<Composition>;
  storeState(): StoreState;
}

/** Thrown into `ready` when stop() came before the store was ready. */
export class StartAbandonedError extends Error {
  constructor() {
    super("stopped before the store was ready");
    this.name = "StartAbandonedError";
  }
}

/** After stop, how long to wait for a compose attempt in progress before leaving it to dispose itself. */
const ABANDON_WAIT_MS = 5_000;

export async function startApp(opts: StartAppOptions): Promise<RunningApp> {
  const { config } = opts;
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  const waitForStore = opts.waitForStore ?? true;
  const backoff = opts.composeBackoff ?? DEFAULT_COMPOSE_BACKOFF;
  const info = { version: VERSION, mode: config.mode };

  let composition: Composition | undefined;
  let readiness: (() => Promise<HealthReport>) | undefined;
  let state: StoreState = "starting";
  let attempts = 0;
  let wake: (() => void) | undefined;
  const starting = createStartingBot(config, logger);

  const http = await startBot({
    host: config.mode === "local" ? "127.0.0.1" : config.host,
    port: config.port,
    bot: () => composition?.bot ?? starting,
    logger,
    info,
    alive: () => ({ storage: state }),
    health: async () => (readiness ? readiness() : { ok: false, fields: { cosmos: { reachable: false, state, attempts } } }),
    ...(opts.drainTimeoutMs !== undefined ? { drainTimeoutMs: opts.drainTimeoutMs } : {}),
    // Teams SSO's fallback sign-in pages (local mode: pages that only explain; the Playground has no SSO). No storage needed.
    extraRoutes: (server) =>
      registerAuthPages(
        server,
        config.mode === "azure"
          ? { mode: "azure", clientId: config.sso.clientId, tenantId: config.sso.tenantId, scopes: [...SSO_GRAPH_SCOPES] }
          : { mode: "local" },
      ),
  });

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done(): void {
        clearTimeout(t);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  /** What runs once the store is ready (routes needing the composition, local rehearsal, unfinished syncs). */
  const whenComposed = async (c: Composition): Promise<void> => {
    const { services } = c;
    // Local mode: browsers reach the bot where it listens; the rehearsal's service account connects at once.
    if (services.config.mode === "local") {
      services.connect.setPublicBaseUrl(http.url);
      const l = services.local;
      if (l?.rehearsal?.serviceAccount !== undefined && l.simulator && l.partnerTenantId !== undefined) {
        await connectRehearsalServiceAccount(services.connect, {
          partnerTenantId: l.partnerTenantId,
          serviceAccount: l.rehearsal.serviceAccount,
          controlUrl: l.simulator.controlUrl,
          caPem: l.simulator.caPem,
          logger: services.logger,
        });
      }
    }
    // Connect (M365 step 6): /connect/start and /connect/callback (last: added once, for the composition that serves).
    http.addRoutes((server) => registerConnectRoutes(server, services.connect, services.logger));
    // A run this or another instance left unfinished (a crash, a restart) is joined and finished.
    services.sync.service.resume().catch((e: unknown) => services.logger.warn("could not look for an unfinished sync run", { error: e instanceof Error ? e.name : "unknown" }));
    // Schedules (the sync's nightly default or `sync schedule`; alerts add theirs): each slot runs on one instance.
    await services.schedules.sync.start().catch((e: unknown) => services.logger.warn("could not load the sync schedule; the nightly default applies", { error: e instanceof Error ? e.name : "unknown" }));
    services.schedules.scheduler.start();
    // The outbox's dispatcher (alerts, digests): delivers what is open in the outbox, then whatever is enqueued.
    c.delivery.start();
  };

  const stopped = (): boolean => state === "stopped";
  const composeUntilReady = async (): Promise<Composition> => {
    for (;;) {
      if (stopped()) throw new StartAbandonedError();
      attempts++;
      let c: Composition | undefined;
      try {
        c = await compose({ ...opts, logger });
        if (stopped()) throw new StartAbandonedError();
        await whenComposed(c);
        return c;
      } catch (err) {
        if (c) await c.dispose();
        if (err instanceof StartAbandonedError) throw err;
        const transient = isTransientCosmosError(err);
        if (!transient && waitForStore) throw err;
        const delayMs = composeBackoffMs(attempts, backoff, Math.random());
        const fields = { attempt: attempts, retryInMs: delayMs, error: errorSummary(err) };
        if (transient) logger.warn("storage not ready yet: answering 'starting up' and retrying", fields);
        else logger.error("start-up failed: retrying", fields);
        await sleep(delayMs);
      }
    }
  };

  const ready = composeUntilReady().then((c) => {
    composition = c;
    const { secrets, config: cfg } = c.services;
    readiness = createReadiness({
      storage: () => c.health(),
      ...(secrets ? { secrets } : {}),
      secretsKind: cfg.mode === "azure" && cfg.keyVaultUrl !== undefined ? "key vault" : "cosmos",
    });
    state = "ready";
    if (attempts > 1) logger.info("storage ready: serving turns", { attempts });
    return c;
  });
  // `ready` is observed by stop() and by callers; this keeps an abandoned start from being an unhandled rejection.
  ready.catch(() => undefined);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const wasReady = state === "ready";
      state = "stopped";
      wake?.();
      await http.stop();
      if (!wasReady) {
        // A compose in progress: wait for it a little (it disposes itself when it sees the stop).
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([ready.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ABANDON_WAIT_MS)))]);
        clearTimeout(timer);
      }
      await composition?.dispose();
      logger.info("bot stopped");
    })();
    return stopping;
  };

  if (waitForStore) {
    try {
      await ready;
    } catch (err) {
      await stop();
      throw err;
    }
  }

  return {
    url: http.url,
    port: http.port,
    addRoutes: (register) => http.addRoutes(register),
    get inFlight() {
      return http.inFlight;
    },
    get composition(): Composition {
      if (!composition) throw new Error("the store is not ready yet: await `ready` first");
      return composition;
    },
    ready,
    storeState: () => state,
    stop,
  };
}
