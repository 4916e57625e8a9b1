/** Defender machines against the simulator: $top/$skip paging, not onboarded, throttling (100 calls/min) with Retry-After. */
import path from "node:path";
import { readFileSync } from "node:fs";
import { createDefenderClient } from "./defender";
import { useSimHosts } from "./testdata/simSuite";
import { appTokenProvider } from "./tokens";

const SCENARIO = path.join(__dirname, "../../sim/scenarios/test/services.json");
const SYNC_APP = { clientId: "20000000-0000-4000-8000-0000000000c1", clientSecret: "sync-secret-value" };
const BIG = "30000000-0000-4000-8000-000000000001";
const UNLICENSED = "30000000-0000-4000-8000-000000000002";

const scenario = { ...(JSON.parse(readFileSync(SCENARIO, "utf8")) as Record<string, unknown>), throttling: { profile: "off", defenderPerMinute: 5, defenderPerHour: 1500 } };
const { h, broker, waits, sleep } = useSimHosts(scenario);
beforeEach(() => {
  h.sim.control.advanceClock(120_000);
});

const defender = (tenant: string) => createDefenderClient(h.hosts, appTokenProvider(broker, SYNC_APP, tenant, "defender"), { logger: h.logger, random: () => 0, sleep });

async function collect(gen: AsyncGenerator<unknown[]>): Promise<unknown[][]> {
  const pages: unknown[][] = [];
  for await (const p of gen) pages.push(p);
  return pages;
}

test("pages of $top follow the nextLinks; every machine once", async () => {
  const pages = await collect(defender(BIG).machines({ pageSize: 1000 }));
  expect(pages.map((p) => p.length)).toEqual([1000, 1000, 500]);
  const ids = new Set(pages.flat().map((m) => (m as { id: string }).id));
  expect(ids.size).toBe(2500);
});

test("a full page without its nextLink (truncatePage) continues at the next $skip", async () => {
  h.sim.control.addFault({ service: "defender", kind: "truncatePage", count: 1 });
  const pages = await collect(defender(BIG).machines({ pageSize: 1000 }));
  expect(pages.map((p) => p.length)).toEqual([1000, 1000, 500]);
});

test("throttled after 5 calls a minute: Retry-After is waited (on the simulator clock) and paging goes on", async () => {
  const pages = await collect(defender(BIG).machines({ pageSize: 400 }));
  expect(pages.flat()).toHaveLength(2500);
  expect(pages).toHaveLength(7);
  expect(waits.length).toBeGreaterThanOrEqual(1);
  for (const w of waits) expect(w).toBeGreaterThanOrEqual(1000);
});

test("a tenant without Defender for Endpoint: featureNotEnabled", async () => {
  await expect(collect(defender(UNLICENSED).machines())).rejects.toMatchObject({ code: "featureNotEnabled", service: "defender", status: 403, microsoftCode: "DisabledFeature" });
});
