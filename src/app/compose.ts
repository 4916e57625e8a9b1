/**
 * The composition root: everything the product is made of, built once, for both modes. `src/index.ts` (azure) and
 * `src/local/start.ts` (local) call `startApp` (./start.ts), which calls `compose` and serves the bot over HTTP.
 *
 * compose builds, in order: the logger, the clock (azure: real time; local: the caller's clock that follows the
 * simulator), the Cosmos store and its repositories, the Microsoft access and secret store (optional until they are
 * plugged in: see MicrosoftServices / SecretStore below), then the bot (teams-ai Application, adapter, routes).
 * Routes get what they need from `Services` through their route module's deps (src/bot/routes/index.ts).
 */
import type { Clock } from "../clock";
import { systemClock } from "../clock";
import type { AppConfig } from "../config";
import type { TokenBroker } from "../graph/tokens";
import type { Rehearsal } from "../local/rehearsal";
import { createLogger, type Logger } from "../log/logger";
import type { SecretStore } from "../secrets/secretStore";
import { createConversationRefRepository, type ConversationRefRepository } from "../store/conversationRefs";
import { createCosmosClient, disposeCosmosClient, ensureStore, pingCosmos, type CosmosConnection, type Store } from "../store/cosmos";
import { createStateStore, type CosmosStateStore } from "../store/stateStore";
import { VERSION } from "../version";
import { createBotRuntime, type BotRuntime } from "../bot/runtime";

/** Microsoft access (src/graph), built once here and shared by checks, setup, sync and alerts. */
export interface MicrosoftServices {
  tokens: TokenBroker;
}

/** Local mode only: what the rehearsal needs from the simulator and the scenario (src/local builds it). */
export interface LocalContext {
  /** The scenario's `rehearsal` block, validated: to apply as if the setup wizards had been completed. */
  rehearsal?: Rehearsal;
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
  local?: LocalContext;
}

export interface Composition {
  services: Services;
  bot: BotRuntime;
  /** /healthz: Cosmos reachable. */
  health(): Promise<{ ok: boolean; fields: Record<string, unknown> }>;
  /** Releases what compose built (Cosmos client and its sockets). Idempotent. */
  dispose(): Promise<void>;
}

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

  // Plug in here (a few lines each), e.g.:
  //   const microsoft = opts.microsoft ?? { tokens: createTokenBroker(config.microsoft, { logger }) };
  //   const secrets = opts.secrets ?? (config.mode === "local" ? createMemorySecretStore() : createCosmosSecretStore(store.containers.secrets, {...}));
  //   if (opts.local?.rehearsal) await applyRehearsal(opts.local.rehearsal, { settings, secrets });
  const microsoft = opts.microsoft;
  const secrets = opts.secrets;

  const services: Services = {
    config,
    logger,
    clock,
    info: { version: VERSION, mode: config.mode },
    store,
    refs,
    botState,
    ...(microsoft ? { microsoft } : {}),
    ...(secrets ? { secrets } : {}),
    ...(opts.local ? { local: opts.local } : {}),
  };

  const bot = createBotRuntime({ config, clock, logger, storage: botState, refs, info: services.info });

  let disposed: Promise<void> | undefined;
  return {
    services,
    bot,
    health: async () => {
      const reachable = await pingCosmos(store.database);
      return { ok: reachable, fields: { cosmos: { reachable } } };
    },
    dispose: () => {
      disposed ??= Promise.resolve().then(() => disposeCosmosClient(client));
      return disposed;
    },
  };
}
