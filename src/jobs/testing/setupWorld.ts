/**
 * Test helper (tests only): the simulator on a copy of a scenario file (so a test can change the scenario and
 * `reset`), embedded Cosmos, and the setup flow wired as the composition root would wire it, with the signed-in
 * admin's partner Graph client played by Tenant Pilot's own app (client credentials, as the readers' demo test does).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startSimulator, type Simulator } from "../../../sim/server";
import { startTestCosmos, type TestCosmos } from "../../../test/helpers/cosmos";
import { manualClock } from "../../clock";
import type { GraphClient } from "../../graph/client";
import { closeMicrosoftNetwork } from "../../graph/network";
import { simDeps, type SimDeps } from "../../graph/readers/testing/simDeps";
import { appTokenProvider } from "../../graph/tokens";
import { createCosmosSecretStore } from "../../secrets/cosmosSecretStore";
import { generateSecretKey } from "../../secrets/secretKey";
import type { SecretStore } from "../../secrets/secretStore";
import { createCheckResultsRepo } from "../../store/checkResultsRepo";
import { createSettingsRepo, type SettingsRepo } from "../../store/settingsRepo";
import { createSetupProgressRepo, type SetupProgressRepo } from "../../store/setupProgressRepo";
import { createCheckJob } from "../checkJob";
import { createSetupFlow, type SetupFlow } from "../setupFlow";
import { createMemSetup } from "../setupMem";
import { createSetupVerify } from "../setupVerify";

export const DEMO = path.join(__dirname, "../../../sim/scenarios/demo.json");
export const PARTNER = "c0c0c0c0-0000-4000-8000-000000000000";
export const BOT = { clientId: "ab000000-0000-4000-8000-000000000002", clientSecret: "demo-bot-secret-0001" };
export const LIFECYCLE = { clientId: "ab000000-0000-4000-8000-000000000001", clientSecret: "demo-lifecycle-secret-0001" };

export type Json = Record<string, unknown>;

export interface SetupWorld {
  sim: Simulator;
  cosmos: TestCosmos;
  d: SimDeps;
  settings: SettingsRepo;
  progress: SetupProgressRepo;
  secrets: SecretStore;
  flow: SetupFlow;
  /** The admin's partner-tenant Graph client. */
  graph: GraphClient;
  /** Rewrites the scenario file and reloads the simulator (a fresh world; Cosmos keeps its state). */
  changeScenario(edit: (s: Json) => void): void;
  stop(): Promise<void>;
}

let runs = 0;

export async function startSetupWorld(): Promise<SetupWorld> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tp-setup-"));
  const file = path.join(dir, "scenario.json");
  writeFileSync(file, readFileSync(DEMO, "utf8"));
  const sim = await startSimulator({ scenario: file, port: 0 });
  const cosmos = await startTestCosmos();
  const d = simDeps(sim.urls, sim.caPem);
  const clock = manualClock(sim.clock.now().toISOString());
  const settings = createSettingsRepo(cosmos.store.containers.settings, { clock });
  const progress = createSetupProgressRepo(cosmos.store.containers.settings);
  const secrets = createCosmosSecretStore(cosmos.store.containers.secrets, { key: generateSecretKey(), clock });
  const runCheck = createCheckJob({
    hosts: d.hosts,
    tokens: d.tokens,
    settings,
    secrets,
    results: createCheckResultsRepo(cosmos.store.containers.checks),
    clock,
    logger: d.logger,
  });
  const flow = createSetupFlow({
    progress,
    settings,
    verify: createSetupVerify({ runCheck, settings }),
    saveMem: createMemSetup({ tokens: d.tokens, settings, secrets, logger: d.logger }),
    clock,
    logger: d.logger,
    newRunId: () => `run-${String(++runs).padStart(4, "0")}`,
  });
  const graph = d.graphFor(appTokenProvider(d.tokens, BOT, PARTNER, "graph"));
  return {
    sim,
    cosmos,
    d,
    settings,
    progress,
    secrets,
    flow,
    graph,
    changeScenario: (edit) => {
      const s = JSON.parse(readFileSync(file, "utf8")) as Json;
      edit(s);
      writeFileSync(file, JSON.stringify(s));
      sim.control.reset();
    },
    stop: async () => {
      d.cleanup();
      await sim.stop();
      await cosmos.close();
      await closeMicrosoftNetwork();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
