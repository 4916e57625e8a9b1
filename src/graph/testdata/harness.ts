/**
 * TEST-ONLY helper (imported by src/graph/*.int.test.ts, never by product code): starts the simulator on free ports,
 * writes its CA to a temporary MS_CA_FILE and gives the MicrosoftHosts that point the product at it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { MicrosoftHosts } from "../../config";
import { createLogger, type Logger, type LogLevel } from "../../log/logger";
import { startSimulator, type Simulator, type StartOptions } from "../../../sim/server";
import { closeMicrosoftNetwork } from "../network";

export const DEMO_SCENARIO = path.join(__dirname, "../../../sim/scenarios/demo.json");
export const DEMO = {
  partner: "c0c0c0c0-0000-4000-8000-000000000000",
  lifecycleApp: { clientId: "ab000000-0000-4000-8000-000000000001", clientSecret: "demo-lifecycle-secret-0001" },
  botApp: { clientId: "ab000000-0000-4000-8000-000000000002", clientSecret: "demo-bot-secret-0001" },
  fabrikam: "cc000000-0000-4000-8000-000000000001",
  northwind: "cc000000-0000-4000-8000-000000000002",
  relecloud: "cc000000-0000-4000-8000-000000000012",
  contosoPharma: "cc000000-0000-4000-8000-000000000013",
  alice: "alice@contosoitpartners.onmicrosoft.com",
  bob: "bob@contosoitpartners.onmicrosoft.com",
} as const;

export interface SimHosts {
  sim: Simulator;
  hosts: MicrosoftHosts;
  /** Log lines the product wrote (to check that no token or secret is logged). */
  lines: string[];
  logger: Logger;
  stop(): Promise<void>;
}

export async function startSimHosts(opts: StartOptions, level: LogLevel = "debug"): Promise<SimHosts> {
  const sim = await startSimulator(opts);
  const dir = mkdtempSync(path.join(tmpdir(), "tp-graph-"));
  const caFile = path.join(dir, "ca.pem");
  writeFileSync(caFile, sim.caPem);
  const lines: string[] = [];
  const logger = createLogger({ level, sink: (_l, line) => lines.push(line) });
  return {
    sim,
    lines,
    logger,
    hosts: { loginUrl: sim.urls.login, graphUrl: sim.urls.graph, partnerCenterUrl: sim.urls.partnerCenter, defenderUrl: sim.urls.defender, caFile },
    stop: async () => {
      await closeMicrosoftNetwork();
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A sleep that records the waits and returns at once. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: (ms) => { waits.push(ms); return Promise.resolve(); } };
}
