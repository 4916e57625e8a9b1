/**
 * Connect against the real simulator and embedded Cosmos: the link → /connect/start's redirect → the simulator's
 * sign-in (control API) → the callback; the wrong account refused with nothing stored; a state used twice or after
 * 10 minutes refused; customer tokens through GDAP (Fabrikam read, Litware refused); the rehearsal's connect.
 */
import { startSimulator, type Simulator } from "../../sim/server";
import { startTestCosmos, type TestCosmos } from "../../test/helpers/cosmos";
import { manualClock } from "../clock";
import { createDelegatedAuth, readCustomerOrganization } from "../graph/delegated";
import { closeMicrosoftNetwork } from "../graph/network";
import { simDeps, type SimDeps } from "../graph/readers/testing/simDeps";
import { appTokenProvider } from "../graph/tokens";
import { createCosmosSecretStore } from "../secrets/cosmosSecretStore";
import { generateSecretKey } from "../secrets/secretKey";
import { SECRET_NAMES, type SecretStore } from "../secrets/secretStore";
import { createSettingsRepo, type SettingsRepo } from "../store/settingsRepo";
import { createConnectService, type ConnectService } from "./connect";
import { createConnectStateRepo } from "./connectState";
import { connectRehearsalServiceAccount } from "./connectRehearsal";
import { connectScenario } from "./testing/connectScenario";

const PARTNER = "c0c0c0c0-0000-4000-8000-000000000000";
const BOT = { clientId: "ab000000-0000-4000-8000-000000000002", clientSecret: "demo-bot-secret-0001", tenantId: PARTNER };
const BASE = "https://tenantpilot.example";
const SVC = "svc-lifecycle@contosoitpartners.onmicrosoft.com";
const ALICE = "alice@contosoitpartners.onmicrosoft.com";
const FABRIKAM = "cc000000-0000-4000-8000-000000000001";
const LITWARE = "cc000000-0000-4000-8000-000000000005";

let sim: Simulator;
let cosmos: TestCosmos;
let d: SimDeps;
let secrets: SecretStore;
let settings: SettingsRepo;
let connect: ConnectService;
const clock = manualClock(new Date());

beforeAll(async () => {
  sim = await startSimulator({ scenario: connectScenario({ redirectUris: [`${BASE}/connect/callback`], rehearsal: "withoutServiceAccount" }), port: 0 });
  cosmos = await startTestCosmos();
  d = simDeps(sim.urls, sim.caPem);
  clock.set(sim.clock.now());
  secrets = createCosmosSecretStore(cosmos.store.containers.secrets, { key: generateSecretKey(), clock });
  settings = createSettingsRepo(cosmos.store.containers.settings, { clock });
  connect = createConnectService({
    auth: createDelegatedAuth(d.hosts, BOT, { logger: d.logger }),
    states: createConnectStateRepo(cosmos.store.containers.settings),
    secrets,
    canStore: true,
    settings,
    clock,
    logger: d.logger,
    publicBaseUrl: BASE,
  });
}, 60_000);

afterAll(async () => {
  d.cleanup();
  await sim.stop();
  await cosmos.close();
  await closeMicrosoftNetwork();
});

/** The admin's partner Graph client (Tenant Pilot's app token, as the setup tests use). */
const adminGraph = () => d.graphFor(appTokenProvider(d.tokens, BOT, PARTNER, "graph"));

/** The Connect link → /connect/start → Microsoft's page signed in as `user` → the callback's query. */
async function signInThrough(user: string): Promise<{ state: string; code: string }> {
  const link = await connect.link(adminGraph(), { by: "Alice" });
  expect(link).toMatch(new RegExp(`^${BASE}/connect/start\\?state=`));
  const state = new URL(link ?? "").searchParams.get("state") ?? "";
  const started = await connect.start(state);
  if (!("redirect" in started)) throw new Error(`start refused: ${started.outcome.kind}`);
  const authorize = new URL(started.redirect);
  expect(authorize.origin).toBe(new URL(sim.urls.login).origin);
  expect(authorize.searchParams.get("prompt")).toBe("select_account");
  expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
  expect(authorize.searchParams.get("scope")?.split(" ")).toEqual(expect.arrayContaining(["User.Read", "User.Read.All", "LicenseAssignment.Read.All", "offline_access"]));
  const done = sim.control.completeAuthorize({ url: started.redirect, user });
  if ("error" in done) throw new Error(done.description);
  expect(done.state).toBe(state);
  return { state, code: done.code };
}

describe("connect", () => {
  it("someone else signing in is refused: nothing stored", async () => {
    const q = await signInThrough(ALICE);
    expect(await connect.callback(q)).toEqual({ kind: "wrongAccount", expectedUpn: SVC, signedInUpn: ALICE });
    expect(await secrets.has(SECRET_NAMES.m365RefreshToken)).toBe(false);
    expect((await settings.get(PARTNER))?.value.m365Connected).toBeUndefined();
  });

  it("Microsoft answering an error: denied, state consumed", async () => {
    const link = (await connect.link(adminGraph(), {})) ?? "";
    const state = new URL(link).searchParams.get("state") ?? "";
    expect(await connect.callback({ state, error: "access_denied" })).toEqual({ kind: "denied" });
    expect(await connect.start(state)).toEqual({ outcome: { kind: "stateInvalid", reason: "used" } });
  });

  it("a state that is not ours, or older than 10 minutes, is refused", async () => {
    expect(await connect.callback({ state: "nope", code: "x" })).toEqual({ kind: "stateInvalid", reason: "unknown" });
    expect(await connect.callback({ state: `${PARTNER}.${"a".repeat(43)}`, code: "x" })).toEqual({ kind: "stateInvalid", reason: "unknown" });
    const link = (await connect.link(adminGraph(), {})) ?? "";
    const state = new URL(link).searchParams.get("state") ?? "";
    clock.advance(10 * 60_000 + 1);
    expect(await connect.start(state)).toEqual({ outcome: { kind: "stateInvalid", reason: "expired" } });
    expect(await connect.callback({ state, code: "x" })).toEqual({ kind: "stateInvalid", reason: "expired" });
    clock.set(sim.clock.now());
  });

  it("the service account connects: refresh token stored encrypted, m365Connected; the state is single use", async () => {
    const q = await signInThrough(SVC);
    expect(await connect.callback(q)).toEqual({ kind: "connected", upn: SVC });
    expect(await secrets.has(SECRET_NAMES.m365RefreshToken)).toBe(true);
    const s = (await settings.get(PARTNER))?.value;
    expect(s).toMatchObject({ m365Connected: true, serviceAccountUpn: SVC, updatedBy: "Alice" });
    expect(await connect.callback(q)).toEqual({ kind: "stateInvalid", reason: "used" });
    // Nothing readable in Cosmos: no code, no refresh token, no verifier in plain text.
    const rt = (await secrets.get(SECRET_NAMES.m365RefreshToken)) ?? "";
    const { resources } = await cosmos.store.containers.settings.items.readAll().fetchAll();
    const { resources: secretDocs } = await cosmos.store.containers.secrets.items.readAll().fetchAll();
    const dump = JSON.stringify([resources, secretDocs]);
    expect(rt.length).toBeGreaterThan(10);
    expect(dump).not.toContain(rt);
    expect(dump).not.toContain(q.code);
    expect(d.lines.join("\n")).not.toContain(rt);
    expect(d.lines.join("\n")).not.toContain(q.code);
  });

  it("customer side through GDAP: Fabrikam's organization reads; Litware (relationship expired) is refused", async () => {
    const fab = await connect.customerToken(FABRIKAM);
    const lit = await connect.customerToken(LITWARE);
    if (!fab || !lit) throw new Error("not connected");
    expect(await readCustomerOrganization(d.hosts, fab, { logger: d.logger })).toEqual({ ok: true, value: { id: FABRIKAM } });
    const refused = await readCustomerOrganization(d.hosts, lit, { logger: d.logger });
    expect(refused.ok).toBe(false);
  });

  it("rehearsal: the scenario's service account connects through the simulator's sign-in, without a browser", async () => {
    await secrets.delete(SECRET_NAMES.m365RefreshToken);
    const out = await connectRehearsalServiceAccount(connect, { partnerTenantId: PARTNER, serviceAccount: SVC, controlUrl: sim.urls.control, caPem: sim.caPem, logger: d.logger });
    expect(out).toEqual({ kind: "connected", upn: SVC });
    expect(await secrets.has(SECRET_NAMES.m365RefreshToken)).toBe(true);
  });

  it("the rehearsal names someone who is not the service account of the sign-in: refused", async () => {
    const out = await connect.connectAs(PARTNER, SVC, (url) => {
      const done = sim.control.completeAuthorize({ url, user: ALICE });
      if ("error" in done) throw new Error(done.description);
      return Promise.resolve({ code: done.code });
    });
    expect(out).toMatchObject({ kind: "wrongAccount" });
  });
});
