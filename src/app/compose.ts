/**
 * The composition root: everything the product is made of, built once, for both modes. `src/index.ts` (azure) and
 * `src/local/start.ts` (local) call `startApp` (./start.ts), which calls `compose` and serves the bot over HTTP.
 *
 * compose builds, in order: the logger, the clock (azure: real time; local: the caller's clock that follows the
 * simulator), the Cosmos store and its repositories, the Microsoft access and secret store (optional until they are
 * plugged in: see MicrosoftServices / SecretStore below), then the bot (teams-ai Application, adapter, routes).
 * Routes get what they need from `Services` through their route module's deps (src/bot/routes/index.ts).
 */
import { randomUUID } from "node:crypto";
import type { Clock } from "../clock";
import { systemClock } from "../clock";
import type { AppConfig } from "../config";
import { createTokenBroker, type TokenBroker } from "../graph/tokens";
import { closeMicrosoftNetwork } from "../graph/network";
import { createCheckJob } from "../jobs/checkJob";
import { createCosmosSecretStore } from "../secrets/cosmosSecretStore";
import { generateSecretKey, parseSecretKey } from "../secrets/secretKey";
import { createCheckResultsRepo, type CheckResultsRepo } from "../store/checkResultsRepo";
import { createSettingsRepo, type SettingsRepo } from "../store/settingsRepo";
import { applyRehearsal } from "./rehearsal";
import { botFeatures, userGraphTokenSource } from "./features";
import { createSetupFlow } from "../jobs/setupFlow";
import { createSetupVerify } from "../jobs/setupVerify";
import { createMemSetup } from "../jobs/setupMem";
import { createSetupProgressRepo } from "../store/setupProgressRepo";
import { createConnectService, type ConnectService } from "../jobs/connect";
import { createConnectStateRepo } from "../jobs/connectState";
import { createDelegatedAuth } from "../graph/delegated";
import type { Rehearsal } from "../local/rehearsal";
import { createLogger, type Logger } from "../log/logger";
import type { SecretStore } from "../secrets/secretStore";
import { createConversationRefRepository, type ConversationRefRepository } from "../store/conversationRefs";
import { createCosmosClient, disposeCosmosClient, ensureStore, pingCosmos, type CosmosConnection, type Store } from "../store/cosmos";
import { createStateStore, type CosmosStateStore } from "../store/stateStore";
import { VERSION } from "../version";
import { createBotRuntime, type BotRuntime } from "../bot/runtime";
import { createIntuneSync, type IntuneSync } from "../sync/createSync";
import { syncCredentialsFrom } from "../jobs/syncCredentials";
import { createAccess } from "../bot/access/access";
import { createAuditRepo } from "../store/auditRepo";
import { createKeyVaultSecretStore } from "../secrets/keyVaultSecretStore";
import { startTelemetry } from "../log/metrics";
import { DefaultAzureCredential } from "@azure/identity";
import { createScheduler, type SchedulerWithInfo } from "../schedule/scheduler";
import { createSyncSchedule, type SyncSchedule } from "../sync/syncSchedule";
import { createLeaseRepo } from "../store/leases";
import type { Outbox } from "../alerts/outboxTypes";
import { createAlertsFeature, type AlertsFeature } from "../alerts/feature";
import { createDispatcher, type Dispatcher } from "../alerts/dispatch/dispatcher";
import { DeliveryRefusedError, type DeliveryPort } from "../alerts/dispatch/port";
import { createOutboxRepo } from "../store/outboxRepo";
import { createDeliveryPort } from "../bot/delivery";

/** Microsoft access (src/graph), built once here and shared by checks, setup, sync and alerts. */
export interface MicrosoftServices {
  tokens: TokenBroker;
}

/** Local mode only: what the rehearsal needs from the simulator and the scenario (src/local builds it). */
export interface LocalContext {
  /** The scenario's `rehearsal` block, validated: to apply as if the setup wizards had been completed. */
  rehearsal?: Rehearsal;
  /** The scenario's partner tenant (where the rehearsal's choices are recorded). */
  partnerTenantId?: string;
  /** UPN of the partner user the Playground user is signed in as (rehearsal.signedInUser, --user, TP_LOCAL_USER or the default). */
  localUser?: string;
  /** The simulator's control API (loopback, HTTPS with its own CA): POST /tokens/user mints the user's SSO token. */
  simulator?: { controlUrl: string; caPem: string };
  /** The bot's own SSO app in the scenario (identifier URI api://botid-…, its first unexpired secret). */
  ssoApp?: { clientId: string; clientSecret: string; tenantId: string };
  /** Brings the product's clock up to the simulator's now (a `check` calls it first). */
  refreshClock?: () => Promise<void>;
}

export interface ComposeOptions {
  config: AppConfig;
  /** How to reach Cosmos: azure mode `config.cosmos`; local mode the embedded server. */
  cosmos: CosmosConnection;
  logger?: Logger;
  /** Default: real time. Local mode passes the clock that follows the simulator's. */
  clock?: Clock;
  local?: LocalContext;
  /** Overrides for tests (otherwise built from the configuration once they are plugged in). */
  microsoft?: MicrosoftServices;
  secrets?: SecretStore;
}

export interface Services {
  config: AppConfig;
  logger: Logger;
  clock: Clock;
  info: { version: string; mode: "local" | "azure" };
  store: Store;
  refs: ConversationRefRepository;
  botState: CosmosStateStore;
  microsoft?: MicrosoftServices;
  secrets?: SecretStore;
  settings: SettingsRepo;
  results: CheckResultsRepo;
  local?: LocalContext;
  /** Connecting the service account (M365 step 6) and its delegated tokens in customers. */
  connect: ConnectService;
  /** Multi-tenant sync (src/sync): runs, progress, history, exclusions; inventory and run repositories. */
  sync: IntuneSync;
  /** Schedules (src/schedule: once per slot across instances, on the injected clock) and the sync's own (`sync schedule`). */
  schedules: { scheduler: SchedulerWithInfo; sync: SyncSchedule };
  /** Alerts and digests to Teams: enqueue in the outbox (Cosmos); the dispatcher delivers them within Teams' limits. */
  outbox: Outbox;
  /** Alerts (issue 9): detection, subscriptions, acknowledge / snooze, `expiring`, digests (src/alerts/feature.ts). */
  alerts: AlertsFeature;
  /** The MSP's own tenant when known without a signed-in user: azure mode the bot's tenant, local mode the scenario's partner. */
  partnerTenantId?: string;
}

export interface Composition {
  services: Services;
  bot: BotRuntime;
  /** The outbox's dispatcher: startApp starts it once the bot listens; dispose stops it. */
  delivery: Pick<Dispatcher, "start" | "stop" | "idle" | "stats">;
  /** /healthz: Cosmos reachable. */
  health(): Promise<{ ok: boolean; fields: Record<string, unknown> }>;
  /** Releases what compose built (Cosmos client and its sockets). Idempotent. */
  dispose(): Promise<void>;
}

/** Requests in flight at most for a check: 500 customers at ~50 ms per request need this many to take seconds. */
export const CHECK_CONCURRENCY = 64;

/** No key configured: nothing is stored, nothing is found (the checks say consent cannot be tested). */
const NO_SECRETS: SecretStore = {
  get: () => Promise.resolve(undefined),
  has: () => Promise.resolve(false),
  set: () => Promise.reject(new Error("TP_SECRET_KEY is not set: secrets cannot be stored")),
  delete: () => Promise.resolve(),
};

export async function compose(opts: ComposeOptions): Promise<Composition> {
  const { config } = opts;
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  const clock = opts.clock ?? systemClock;
  if (config.mode === "azure" && opts.local !== undefined) throw new Error("the local-mode context exists only in local mode");

  const client = createCosmosClient(opts.cosmos);
  let store: Store;
  try {
    store = await ensureStore(client, config.cosmosDatabase);
  } catch (err) {
    disposeCosmosClient(client);
    throw err;
  }
  const refs = createConversationRefRepository(store.containers.conversations, () => clock.now());
  const botState = createStateStore(store.containers.botstate, {
    now: () => clock.now(),
    onConflict: (info) => logger.warn("state save conflicted with another instance; merged and retried", info),
  });

  const microsoft: MicrosoftServices = opts.microsoft ?? { tokens: createTokenBroker(config.microsoft, { logger }) };
  // Local mode: a fresh key per run (the embedded Cosmos keeps nothing after it). Azure mode: TP_SECRET_KEY.
  const secretKey = config.mode === "local" ? generateSecretKey() : config.secretKey !== undefined ? parseSecretKey(config.secretKey) : undefined;
  // Azure mode with KEY_VAULT_URL: the secrets live in Key Vault (managed identity); otherwise sealed in Cosmos.
  const keyVault =
    config.mode === "azure" && config.keyVaultUrl !== undefined && opts.secrets === undefined
      ? createKeyVaultSecretStore({ vaultUrl: config.keyVaultUrl, credential: new DefaultAzureCredential() })
      : undefined;
  if (secretKey === undefined && opts.secrets === undefined && keyVault === undefined) logger.warn("TP_SECRET_KEY is not set: the apps' keys cannot be stored, so consent in customers cannot be tested");
  const secrets = opts.secrets ?? keyVault ?? (secretKey ? createCosmosSecretStore(store.containers.secrets, { key: secretKey, clock }) : undefined);
  const settings = createSettingsRepo(store.containers.settings, { clock });
  const results = createCheckResultsRepo(store.containers.checks);
  if (opts.local?.rehearsal && opts.local.partnerTenantId && secrets) {
    await applyRehearsal(opts.local.rehearsal, opts.local.partnerTenantId, { settings, secrets });
    logger.info("setup preconfigured from the scenario's rehearsal block", { partnerTenantId: opts.local.partnerTenantId });
  }

  // Connect signs the service account in to Tenant Pilot's own app: azure mode SSO_APP_ID / SSO_CLIENT_SECRET,
  // local mode the scenario's SSO app. Browsers come back to BOT_PUBLIC_URL (local: the bot's URL, set once it listens).
  const connectApp =
    config.mode === "azure"
      ? config.sso.clientSecret !== undefined
        ? { clientId: config.sso.clientId, clientSecret: config.sso.clientSecret, tenantId: config.sso.tenantId }
        : undefined
      : opts.local?.ssoApp;
  const connect = createConnectService({
    auth: connectApp ? createDelegatedAuth(config.microsoft, connectApp, { logger }) : undefined,
    states: createConnectStateRepo(store.containers.settings),
    secrets: secrets ?? NO_SECRETS,
    canStore: secrets !== undefined,
    settings,
    clock,
    logger,
    ...(config.mode === "azure" && config.sso.publicBaseUrl !== undefined ? { publicBaseUrl: config.sso.publicBaseUrl } : {}),
  });

  const partnerTenantId = config.mode === "azure" ? config.bot.tenantId : opts.local?.partnerTenantId;
  const sync = createIntuneSync({
    hosts: config.microsoft,
    tokens: microsoft.tokens,
    containers: store.containers,
    clock,
    logger,
    // The M365 part reads users as the service account through GDAP once it is connected (settings m365Connected).
    credentials: syncCredentialsFrom({
      partnerTenantId,
      settings,
      secrets: secrets ?? NO_SECRETS,
      serviceAccount: { customerToken: (tenantId) => connect.customerToken(tenantId), ...(connectApp ? { appId: connectApp.clientId } : {}) },
    }),
  });

  // Schedules: started by startApp once composed, stopped by dispose. Local mode looks at the (simulator's) clock often.
  const scheduler = createScheduler({
    clock,
    leases: createLeaseRepo(store.containers.leases, { now: () => clock.now().getTime() }),
    logger,
    instanceId: `instance-${randomUUID().slice(0, 8)}`,
    maxSleepMs: config.mode === "local" ? 5_000 : 60_000,
  });
  const schedules = { scheduler, sync: createSyncSchedule({ container: store.containers.settings, scheduler, sync: sync.service, clock, logger }) };

  // Delivery (issue 9): the outbox in Cosmos and its dispatcher; the port is bound to the bot's adapter once built.
  // startApp starts it after listening; dispose stops it.
  const delivery: { port?: DeliveryPort & { close(): void } } = {};
  const dispatcher: Dispatcher = createDispatcher({
    repo: createOutboxRepo(store.containers.outbox, { now: () => clock.now().getTime() }),
    refs,
    port: { send: (ref, card, o) => (delivery.port ? delivery.port.send(ref, card, o) : Promise.reject(new DeliveryRefusedError({}))) },
    clock,
    logger,
    owner: `instance-${randomUUID().slice(0, 8)}`,
  });

  // Alerts (issue 9, src/alerts/feature.ts): detection after checks, syncs, subscriptions, at start and hourly; digests.
  const alerts = createAlertsFeature({
    containers: store.containers,
    refs,
    results,
    settings,
    sync,
    outbox: { enqueue: (messages) => dispatcher.enqueue(messages) },
    scheduler,
    clock,
    logger,
    ...(partnerTenantId !== undefined ? { partnerTenantId } : {}),
    // Local mode: every minute of the simulator's clock, so a moved clock fires the time-based alerts within seconds.
    ...(config.mode === "local" ? { detectCron: "* * * * *" } : {}),
  });

  const services: Services = {
    config,
    logger,
    clock,
    info: { version: VERSION, mode: config.mode },
    store,
    refs,
    botState,
    microsoft,
    ...(secrets ? { secrets } : {}),
    settings,
    results,
    ...(opts.local ? { local: opts.local } : {}),
    connect,
    sync,
    schedules,
    outbox: { enqueue: (messages) => dispatcher.enqueue(messages) },
    alerts,
    ...(partnerTenantId !== undefined ? { partnerTenantId } : {}),
  };

  const graphToken = userGraphTokenSource(services);
  // Application Insights (OpenTelemetry) when APPLICATIONINSIGHTS_CONNECTION_STRING is set: src/log/metrics' `metrics`
  // record from then on (sync duration, throttling, alerts sent / failed); without it they are dropped.
  const telemetry = startTelemetry(config.appInsightsConnectionString !== undefined ? { connectionString: config.appInsightsConnectionString } : {});
  if (telemetry.enabled) logger.info("telemetry to Application Insights (OpenTelemetry) is on");
  // Who may do what (src/bot/access): the admin group through Graph as the signed-in user, every attempt audited.
  const adminGroupId = config.adminGroupId ?? opts.local?.rehearsal?.adminGroupId;
  const access = createAccess({
    mode: config.mode,
    ...(adminGroupId !== undefined ? { adminGroupId } : {}),
    hosts: config.microsoft,
    graphToken: graphToken.source,
    audit: createAuditRepo(store.containers.audit, { clock }),
    clock,
    logger,
  });
  const runCheck = createCheckJob({
    customerSideToken: (tenantId) => connect.customerToken(tenantId),
    hosts: config.microsoft,
    tokens: microsoft.tokens,
    settings,
    secrets: secrets ?? NO_SECRETS,
    results,
    clock,
    logger,
    concurrency: CHECK_CONCURRENCY,
    onChecked: (snapshot) => alerts.afterCheck(snapshot),
  });
  const setupFlow = createSetupFlow({
    progress: createSetupProgressRepo(store.containers.settings),
    settings,
    verify: createSetupVerify({ runCheck, settings }),
    saveMem: createMemSetup({ tokens: microsoft.tokens, settings, secrets: secrets ?? NO_SECRETS, logger }),
    clock,
    logger,
  });
  const bot = createBotRuntime({
    config,
    clock,
    logger,
    storage: botState,
    refs,
    info: services.info,
    ...botFeatures(services, { runCheck, setupFlow, graphToken: graphToken.source, connect, access }),
  });
  delivery.port = createDeliveryPort(bot.adapter, config.mode === "azure" ? config.bot.appId : undefined);
  await alerts.start().catch((e: unknown) => logger.warn("could not start alerts (digests, first detection); hourly detection still runs", { error: e instanceof Error ? e.name : "unknown" }));

  let disposed: Promise<void> | undefined;
  return {
    services,
    bot,
    delivery: dispatcher,
    health: async () => {
      const reachable = await pingCosmos(store.database);
      return { ok: reachable, fields: { cosmos: { reachable } } };
    },
    dispose: () => {
      disposed ??= (async () => {
        await alerts.stop();
        await dispatcher.stop();
        delivery.port?.close();
        schedules.sync.stop();
        await scheduler.stop();
        await sync.service.stop();
        await graphToken.close();
        await closeMicrosoftNetwork();
        await telemetry.shutdown();
        disposeCosmosClient(client);
      })();
      return disposed;
    },
  };
}
