/**
 * TEST-ONLY (sync integration tests and the benchmark's worker): the simulator on free ports with a scenario, an
 * embedded Cosmos with a fresh database per `store()`, and sync services built the way the product builds them.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { systemClock, type Clock } from "../../clock";
import type { MicrosoftHosts } from "../../config";
import { createTokenBroker, type AppCredentials, type TokenBroker } from "../../graph/tokens";
import { createLogger, type Logger } from "../../log/logger";
import { ensureStore, type Store } from "../../store/cosmos";
import { startTestCosmos, type TestCosmos } from "../../../test/helpers/cosmos";
import { startSimHosts, type SimHosts } from "../../graph/testdata/harness";
import { createIntuneSync, type IntuneSync, type IntuneSyncOptions, type ServiceAccountAccess, type SyncCredentials } from "../createSync";
import type { PlannedTenant } from "../plan";
import { PARTNER, PERMS, partnerWithLifecycleApp } from "./scenarioParts";

export { PARTNER };
export const APP: AppCredentials = { clientId: "b1000000-0000-4000-8000-000000000001", clientSecret: "sync-test-secret-0001" };
export const customerId = (i: number): string => `c0000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
export const deviceId = (i: number): string => `d0000000-0000-4000-8000-${String(i).padStart(12, "0")}`;



/** A small scenario: a partner with the lifecycle app, and customers given as (devices | explicit device ids). */
export function smallScenario(customers: { devices: number | number[]; licensed?: boolean; consented?: boolean }[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "sync test",
    seed: 5,
    partner: partnerWithLifecycleApp("Sync Partner", "syncpartner.onmicrosoft.com", APP),
    customers: customers.map((c, i) => ({
      tenantId: customerId(i + 1),
      displayName: `Customer ${i + 1}`,
      domain: `customer${i + 1}.onmicrosoft.com`,
      consentedApps: c.consented === false ? [] : [{ appId: APP.clientId, applicationPermissions: PERMS }],
      intune: { licensed: c.licensed ?? true },
      subscribedSkus: [{ skuPartNumber: "SPE_E3" }],
      inventory: Array.isArray(c.devices)
        ? { devices: c.devices.map((d) => ({ id: deviceId(d), deviceName: `PC-${d}`, operatingSystem: "Windows", apps: [{ displayName: "Edge", version: "1" }] })) }
        : { generate: { devices: c.devices, appsPerDevice: 5, appCatalogSize: 20, seed: 100 + i } },
    })),
    throttling: { profile: "microsoft" },
    latency: { fixedMs: 0, jitterMs: 0 },
    ...extra,
  };
}

/** How a test's sync is built: the product's createIntuneSync with these credentials (default: the lifecycle app only). */
export type SyncTestOptions = Partial<IntuneSyncOptions> & {
  tenants?: PlannedTenant[];
  app?: AppCredentials;
  partnerTenantId?: string;
  /** The M365 part: the connected service account. */
  serviceAccount?: ServiceAccountAccess;
  /** No lifecycle app (the M365 part alone). */
  withoutLifecycleApp?: boolean;
  /** Defender tracking on. */
  defender?: boolean;
};

export interface SyncHarness {
  sim: SimHosts;
  cosmos: TestCosmos;
  hosts: MicrosoftHosts;
  tokens: TokenBroker;
  logger: Logger;
  /** Path of the scenario file (rewrite it, then sim.sim.control.reset()). */
  scenarioFile: string;
  writeScenario(s: unknown): void;
  /** A fresh database with every container. */
  store(): Promise<Store>;
  sync(store: Store, opts?: SyncTestOptions): IntuneSync;
  stop(): Promise<void>;
}

export async function startSyncHarness(scenario: unknown, opts: { clock?: Clock } = {}): Promise<SyncHarness> {
  const dir = mkdtempSync(path.join(tmpdir(), "tp-sync-"));
  const scenarioFile = path.join(dir, "scenario.json");
  const writeScenario = (s: unknown): void => writeFileSync(scenarioFile, JSON.stringify(s));
  writeScenario(scenario);
  const sim = await startSimHosts({ scenario: scenarioFile, port: 0 }, "warn");
  const cosmos = await startTestCosmos();
  const logger: Logger = process.env.SYNC_TEST_LOG ? createLogger({ level: "debug" }) : createLogger({ level: "warn", sink: () => undefined });
  const tokens = createTokenBroker(sim.hosts, { logger });
  const clock = opts.clock ?? systemClock;
  return {
    sim,
    cosmos,
    hosts: sim.hosts,
    tokens,
    logger,
    scenarioFile,
    writeScenario,
    store: () => ensureStore(cosmos.client, `sync-${randomUUID().slice(0, 8)}`),
    sync: (store, o = {}) => {
      const { tenants, app, partnerTenantId, serviceAccount, withoutLifecycleApp, defender, ...rest } = o;
      const creds: SyncCredentials = { partnerTenantId: partnerTenantId ?? PARTNER, partnerCenterApp: app ?? APP };
      if (withoutLifecycleApp !== true) creds.lifecycleApp = app ?? APP;
      if (serviceAccount) creds.serviceAccount = serviceAccount;
      if (defender === true) creds.defender = true;
      return createIntuneSync({
        hosts: sim.hosts,
        tokens,
        containers: store.containers,
        clock,
        logger,
        credentials: () => Promise.resolve(creds),
        pollMs: 20,
        leaseTtlMs: 15_000,
        progressIntervalMs: 0,
        ...(tenants ? { discover: () => Promise.resolve(tenants) } : {}),
        ...rest,
      });
    },
    stop: async () => {
      await cosmos.close();
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
