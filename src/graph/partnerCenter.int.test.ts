/** Partner Center customers against the simulator: continuation, app-only and app+user tokens, mapped errors, Retry-After. */
import path from "node:path";
import { createPartnerCenterClient } from "./partnerCenter";
import { microsoftFailure as failure, useSimHosts } from "./testdata/simSuite";
import { appTokenProvider, onBehalfOfProvider, type TokenProvider } from "./tokens";

const SCENARIO = path.join(__dirname, "../../sim/scenarios/test/services.json");
const PARTNER = "10000000-0000-4000-8000-000000000001";
const PC_APP = { clientId: "20000000-0000-4000-8000-0000000000c2", clientSecret: "pc-secret-value" };
const BOT_APP = { clientId: "20000000-0000-4000-8000-0000000000c3", clientSecret: "bot-secret-value" };
const PC_SCOPE = ["https://api.partnercenter.microsoft.com/user_impersonation"];

const { h, broker, waits } = useSimHosts(SCENARIO);

const pc = (token: TokenProvider, pageSize = 2) =>
  createPartnerCenterClient(h.hosts, token, { logger: h.logger, pageSize, random: () => 0, sleep: (ms) => { waits.push(ms); return Promise.resolve(); } });
const appOnly = () => appTokenProvider(broker, PC_APP, PARTNER, "partnerCenter");
const asUser = (user: string) => onBehalfOfProvider(broker, BOT_APP, PARTNER, h.sim.control.mintUserToken({ user, appId: BOT_APP.clientId }), PC_SCOPE);

test("app-only: every customer across continuation pages (MS-ContinuationToken), 'none' relationships left out", async () => {
  const customers = await pc(appOnly()).customers();
  expect(customers.map((c) => c.tenantId)).toEqual([
    "30000000-0000-4000-8000-000000000001",
    "30000000-0000-4000-8000-000000000002",
    "30000000-0000-4000-8000-000000000004",
    "30000000-0000-4000-8000-000000000005",
    "30000000-0000-4000-8000-000000000006",
  ]);
  expect(customers[0]).toEqual({ tenantId: "30000000-0000-4000-8000-000000000001", companyName: "Big Intune Customer", domain: "big.onmicrosoft.com", relationshipToPartner: "reseller" });
  expect(customers.find((c) => c.tenantId.endsWith("05"))?.relationshipToPartner).toBe("advisor");
  const pages = h.sim.control.counters().entries.filter((e) => e.service === "partnerCenter" && e.status === 200).reduce((n, e) => n + e.count, 0);
  expect(pages).toBe(3);
});

test("app+user (on-behalf-of): an admin agent reads the customers in one page", async () => {
  const customers = await pc(asUser("admin@testpartner.onmicrosoft.com"), 500).customers();
  expect(customers).toHaveLength(5);
});

test("a user outside AdminAgents: forbidden, with the AdminAgents sentence", async () => {
  const e = await failure(pc(asUser("outsider@testpartner.onmicrosoft.com")).customers());
  expect(e).toMatchObject({ code: "forbidden", service: "partnerCenter", status: 403, microsoftCode: "2032" });
  expect(e.adminMessage).toContain("AdminAgents");
});

test("429 and 503 are retried; a truncated page (no links.next) just ends the list", async () => {
  h.sim.control.addFault({ service: "partnerCenter", kind: "status", status: 429, count: 1 });
  h.sim.control.addFault({ service: "partnerCenter", kind: "status", status: 503, count: 1 });
  await expect(pc(appOnly()).customers()).resolves.toHaveLength(5);
  expect(waits).toEqual([500, 1000]);
  h.sim.control.clearFaults();
  h.sim.control.addFault({ service: "partnerCenter", kind: "truncatePage", count: 1 });
  await expect(pc(appOnly()).customers()).resolves.toHaveLength(2);
});

test("a lasting outage: unavailable", async () => {
  h.sim.control.addFault({ service: "partnerCenter", kind: "status", status: 503 });
  await expect(pc(appOnly()).customers()).rejects.toMatchObject({ code: "unavailable", service: "partnerCenter" });
});

test("a stale token (401) gets one fresh token", async () => {
  const calls: boolean[] = [];
  const token: TokenProvider = (o) => {
    calls.push(o.forceRefresh);
    return o.forceRefresh ? broker.appToken(PC_APP, PARTNER, "partnerCenter", o) : Promise.resolve("stale");
  };
  await expect(pc(token, 500).customers()).resolves.toHaveLength(5);
  expect(calls).toEqual([false, true]);
});
