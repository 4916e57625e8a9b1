/**
 * Refresh-token rotation against the real simulator and embedded Cosmos, with the real MSAL: Entra answers each
 * refresh-token grant with a new refresh token and the one stored at Connect lasts only 90 days from its issue
 * (learn.microsoft.com/entra/identity-platform/refresh-tokens). The stored token is replaced by the newest one MSAL
 * kept — at most once per check interval, not per token request — so the service account stays connected past the
 * first token's 90 days, which Entra (and the simulator) then refuse.
 */
import { startSimulator, type Simulator } from "../../sim/server";
import { startTestCosmos, type TestCosmos } from "../../test/helpers/cosmos";
import { manualClock } from "../clock";
import { createDelegatedAuth, type DelegatedAuth } from "../graph/delegated";
import { MicrosoftError } from "../graph/errors";
import { closeMicrosoftNetwork } from "../graph/network";
import { simDeps, type SimDeps } from "../graph/readers/testing/simDeps";
import { createCosmosSecretStore } from "../secrets/cosmosSecretStore";
import { generateSecretKey } from "../secrets/secretKey";
import { SECRET_NAMES, type SecretStore } from "../secrets/secretStore";
import { recordingRefreshTokenWrites } from "../secrets/testing/refreshTokenWrites";
import { createSettingsRepo } from "../store/settingsRepo";
import { createConnectService, type ConnectService } from "./connect";
import { createConnectStateRepo } from "./connectState";
import { connectRehearsalServiceAccount } from "./connectRehearsal";
import { connectScenario } from "./testing/connectScenario";

const PARTNER = "c0c0c0c0-0000-4000-8000-000000000000";
const BOT = { clientId: "ab000000-0000-4000-8000-000000000002", clientSecret: "demo-bot-secret-0001", tenantId: PARTNER };
const BASE = "https://tenantpilot.example";
const SVC = "svc-lifecycle@contosoitpartners.onmicrosoft.com";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let sim: Simulator;
let cosmos: TestCosmos;
let d: SimDeps;
let secrets: SecretStore;
let auth: DelegatedAuth;
let connect: ConnectService;
const writes: string[] = [];
const clock = manualClock(new Date());
/** Moves the product's clock and the simulator's together. */
const advance = (ms: number): void => {
  clock.advance(ms);
  sim.control.advanceClock(ms);
};

beforeAll(async () => {
  sim = await startSimulator({ scenario: connectScenario({ redirectUris: [`${BASE}/connect/callback`], rehearsal: "keep" }), port: 0 });
  cosmos = await startTestCosmos();
  d = simDeps(sim.urls, sim.caPem);
  clock.set(sim.clock.now());
  const inner = createCosmosSecretStore(cosmos.store.containers.secrets, { key: generateSecretKey(), clock });
  secrets = recordingRefreshTokenWrites(inner, writes);
  auth = createDelegatedAuth(d.hosts, BOT, { logger: d.logger, now: () => clock.now().getTime() });
  connect = createConnectService({
    auth,
    states: createConnectStateRepo(cosmos.store.containers.settings),
    secrets,
    canStore: true,
    settings: createSettingsRepo(cosmos.store.containers.settings, { clock }),
    clock,
    logger: d.logger,
    publicBaseUrl: BASE,
  });
  const out = await connectRehearsalServiceAccount(connect, { partnerTenantId: PARTNER, serviceAccount: SVC, controlUrl: sim.urls.control, caPem: sim.caPem, logger: d.logger });
  expect(out).toEqual({ kind: "connected", upn: SVC });
}, 60_000);

afterAll(async () => {
  d.cleanup();
  await sim.stop();
  await cosmos.close();
  await closeMicrosoftNetwork();
});

const stored = (): Promise<string | undefined> => secrets.get(SECRET_NAMES.m365RefreshToken);

async function tokenNow(tenantId: string, forceRefresh = true): Promise<string> {
  const p = await connect.customerToken(tenantId);
  if (!p) throw new Error("not connected");
  return p({ forceRefresh });
}

test("the stored refresh token changes after use, once per interval; past 90 days only the newest still works", async () => {
  const first = await stored();
  expect(first).toBeDefined();
  expect(writes).toHaveLength(1); // Connect's

  // The first grant rotates it: the newest is stored.
  await tokenNow(PARTNER);
  const second = await stored();
  expect(second).toBeDefined();
  expect(second).not.toBe(first);
  expect(writes).toHaveLength(2);

  // More grants within the hour rotate again at Entra, but nothing is written (no write per token request).
  for (let i = 0; i < 3; i++) await tokenNow(PARTNER);
  await tokenNow(PARTNER, false);
  expect(writes).toHaveLength(2);
  expect(await stored()).toBe(second);

  // An hour later the next grant's token is stored.
  advance(HOUR + 1);
  await tokenNow(PARTNER);
  const third = await stored();
  expect(third).not.toBe(second);
  expect(writes).toHaveLength(3);

  // 90 days after Connect: the first refresh token is refused (its lifetime is over), the stored one still works.
  advance(90 * DAY - HOUR);
  const refused = await auth.customerToken(first ?? "", PARTNER, { forceRefresh: true }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(refused).toBeInstanceOf(MicrosoftError);
  expect((refused as MicrosoftError).microsoftCode).toBe("AADSTS700082");
  await expect(tokenNow(PARTNER)).resolves.toMatch(/^ey/);
});

test("a Connect in between wins: a rotation of the previous token does not overwrite it", async () => {
  advance(2 * HOUR);
  const provider = await connect.customerToken(PARTNER); // bound to the token stored now
  if (!provider) throw new Error("not connected");
  const out = await connectRehearsalServiceAccount(connect, { partnerTenantId: PARTNER, serviceAccount: SVC, controlUrl: sim.urls.control, caPem: sim.caPem, logger: d.logger });
  expect(out.kind).toBe("connected");
  const reconnected = await stored();
  await provider({ forceRefresh: true });
  expect(await stored()).toBe(reconnected);
});
