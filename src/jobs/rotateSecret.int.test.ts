/**
 * `rotate secret` against the simulator (demo scenario: the lifecycle app holds Application.ReadWrite.OwnedBy and owns
 * its registration) and the embedded Cosmos with the encrypted secret store.
 */
import { startSimulator, type Simulator } from "../../sim/server";
import { startTestCosmos, type TestCosmos } from "../../test/helpers/cosmos";
import { manualClock } from "../clock";
import { MicrosoftError } from "../graph/errors";
import { closeMicrosoftNetwork } from "../graph/network";
import { simDeps, type SimDeps } from "../graph/readers/testing/simDeps";
import { createCosmosSecretStore } from "../secrets/cosmosSecretStore";
import { generateSecretKey } from "../secrets/secretKey";
import { SECRET_NAMES, type SecretStore } from "../secrets/secretStore";
import { createSettingsRepo, type SettingsRepo } from "../store/settingsRepo";
import { createSecretRotation, ROTATED_SECRET_DAYS, STAGING_SECRET_NAME, type RotateSecretDeps } from "./rotateSecret";
import { syncCredentialsFrom } from "./syncCredentials";
import { DEMO, LIFECYCLE, PARTNER } from "./testing/setupWorld";

const FABRIKAM = "cc000000-0000-4000-8000-000000000001";

describe("rotate secret", () => {
  let sim: Simulator;
  let cosmos: TestCosmos;
  let d: SimDeps;
  let settings: SettingsRepo;
  let secrets: SecretStore;
  const clock = manualClock(new Date());
  const created: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ scenario: DEMO, port: 0 });
    clock.set(sim.clock.now());
    cosmos = await startTestCosmos();
    d = simDeps(sim.urls, sim.caPem);
    settings = createSettingsRepo(cosmos.store.containers.settings, { clock });
    secrets = createCosmosSecretStore(cosmos.store.containers.secrets, { key: generateSecretKey(), clock });
  });
  afterAll(async () => {
    await closeMicrosoftNetwork();
    await sim.stop();
    await cosmos.close();
    d.cleanup();
  });
  beforeEach(async () => {
    sim.control.reset();
    sim.control.clearFaults();
    await settings.patch(PARTNER, () => ({ source: "setup", lifecycleAppId: LIFECYCLE.clientId, partnerCenterAppId: LIFECYCLE.clientId }));
    await secrets.set(SECRET_NAMES.lifecycleAppClientSecret, LIFECYCLE.clientSecret);
    await secrets.set(SECRET_NAMES.partnerCenterAppClientSecret, LIFECYCLE.clientSecret);
  });

  const rotation = (over: Partial<RotateSecretDeps> = {}) =>
    createSecretRotation({
      hosts: d.hosts,
      tokens: d.tokens,
      settings,
      secrets,
      settingsContainer: cosmos.store.containers.settings,
      partnerTenantId: PARTNER,
      customerCandidates: () => Promise.resolve(["cc000000-0000-4000-8000-0000000000ff", FABRIKAM]),
      clock,
      logger: d.logger,
      sleep: () => Promise.resolve(),
      ...over,
    });
  /** The registration's secrets as Graph lists them (ids and hints only), read with `secret`. */
  const keyIds = async (secret: string): Promise<string[]> => {
    const g = d.graphFor(({ forceRefresh }) => d.tokens.appToken({ clientId: LIFECYCLE.clientId, clientSecret: secret }, PARTNER, "graph", { forceRefresh }));
    const app = await g.get<{ passwordCredentials: { keyId: string }[] }>(`/applications(appId='${LIFECYCLE.clientId}')?$select=passwordCredentials`);
    return app.passwordCredentials.map((p) => p.keyId);
  };
  const tokenWith = (secret: string, tenant = PARTNER) => d.tokens.appToken({ clientId: LIFECYCLE.clientId, clientSecret: secret }, tenant, "graph", { forceRefresh: true });

  test("adds a 6-month secret, proves it in the partner and a customer, switches the sync; then the old one is removed", async () => {
    const before = await keyIds(LIFECYCLE.clientSecret);
    const r = rotation();
    const out = await r.rotate("alice@contosoitpartners.onmicrosoft.com");
    if (out.kind !== "rotated") throw new Error(`expected rotated, got ${JSON.stringify(out)}`);
    expect(out.provenIn).toEqual({ partner: true, customer: FABRIKAM });
    const newKey = await secrets.get(SECRET_NAMES.lifecycleAppClientSecret);
    expect(newKey).toBeDefined();
    expect(newKey).not.toBe(LIFECYCLE.clientSecret);
    created.push(newKey ?? "");
    expect(await secrets.get(SECRET_NAMES.partnerCenterAppClientSecret)).toBe(newKey); // the same app serves Partner Center
    expect(await secrets.has(STAGING_SECRET_NAME)).toBe(false);
    const days = (Date.parse(out.record.newEndDateTime ?? "") - clock.now().getTime()) / 86_400_000;
    expect(days).toBeCloseTo(ROTATED_SECRET_DAYS, 0);
    expect(out.record.previous.map((p) => p.keyId).sort()).toEqual([...before].sort());
    // The sync reads its key per run: the next run uses the new one.
    const creds = await syncCredentialsFrom({ partnerTenantId: PARTNER, settings, secrets })();
    expect(creds.lifecycleApp?.clientSecret).toBe(newKey);
    // No downtime: the old one still works until it is removed.
    await expect(tokenWith(LIFECYCLE.clientSecret)).resolves.toEqual(expect.any(String));

    expect(await r.removeOld(out.record.newKeyId)).toEqual({ kind: "notOffered" });
    expect(await r.removeOld("00000000-0000-4000-8000-000000000000")).toEqual({ kind: "notOffered" });
    const old = out.record.previous.find((p) => p.hint === LIFECYCLE.clientSecret.slice(0, 3));
    if (!old) throw new Error("the current secret is not among the previous ones");
    const removed = await r.removeOld(old.keyId);
    expect(removed).toMatchObject({ kind: "removed", keyId: old.keyId, record: { removed: [old.keyId] } });
    expect(await r.removeOld(old.keyId)).toMatchObject({ kind: "removed" }); // idempotent (a second press)
    const after = await keyIds(newKey ?? "");
    expect(after).toContain(out.record.newKeyId);
    expect(after).not.toContain(old.keyId);
    await expect(tokenWith(LIFECYCLE.clientSecret)).rejects.toBeInstanceOf(MicrosoftError);
    await expect(tokenWith(newKey ?? "", FABRIKAM)).resolves.toEqual(expect.any(String));
    expect((await r.latest())?.removed).toEqual([old.keyId]);
  });

  test("proving fails: the new secret is removed again and nothing changes", async () => {
    const before = await keyIds(LIFECYCLE.clientSecret); // also caches the current key's partner token
    sim.control.addFault({ service: "login", kind: "status", status: 400, tenantId: PARTNER, path: "/oauth2/v2.0/token", probability: 1, after: 0, count: 1 });
    const out = await rotation().rotate();
    expect(out).toMatchObject({ kind: "failed", step: "prove", cleanedUp: true });
    sim.control.clearFaults();
    expect(await secrets.get(SECRET_NAMES.lifecycleAppClientSecret)).toBe(LIFECYCLE.clientSecret);
    expect(await secrets.has(STAGING_SECRET_NAME)).toBe(false);
    expect((await keyIds(LIFECYCLE.clientSecret)).sort()).toEqual([...before].sort());
  });

  test("storing fails: the new secret is removed again and nothing changes", async () => {
    const before = await keyIds(LIFECYCLE.clientSecret);
    const failing: SecretStore = { ...secrets, set: (name, value) => (name === STAGING_SECRET_NAME ? Promise.reject(new Error("store down")) : secrets.set(name, value)) };
    const out = await rotation({ secrets: failing }).rotate();
    expect(out).toMatchObject({ kind: "failed", step: "store", cleanedUp: true });
    expect(await secrets.get(SECRET_NAMES.lifecycleAppClientSecret)).toBe(LIFECYCLE.clientSecret);
    expect((await keyIds(LIFECYCLE.clientSecret)).sort()).toEqual([...before].sort());
  });

  test("not set up: says what is missing and touches nothing", async () => {
    await secrets.delete(SECRET_NAMES.lifecycleAppClientSecret);
    expect(await rotation().rotate()).toEqual({ kind: "notSetUp", missing: "lifecycleAppKey" });
    expect(await rotation({ partnerTenantId: undefined }).rotate()).toEqual({ kind: "notSetUp", missing: "partnerTenant" });
  });

  test("no secret value reaches the log", () => {
    const log = d.lines.join("\n");
    expect(log).not.toContain(LIFECYCLE.clientSecret);
    for (const s of created) if (s) expect(log).not.toContain(s);
  });
});
