/** What a sync run may use, from the setup choices (embedded Cosmos) and the secret store: either integration, or both. */
import { useTestCosmos } from "../../test/helpers/cosmos";
import { createMemorySecretStore } from "../secrets/memorySecretStore";
import { SECRET_NAMES } from "../secrets/secretStore";
import { createSettingsRepo, type MspSettingsChoices, type SettingsRepo } from "../store/settingsRepo";
import type { ServiceAccountAccess } from "../sync/createSync";
import { syncCredentialsFrom, SyncNotSetUpError } from "./syncCredentials";

const APP = "ab000000-0000-4000-8000-000000000001";
const PC = "ab000000-0000-4000-8000-000000000003";
const SA: ServiceAccountAccess = { customerToken: () => Promise.resolve(undefined) };

const cosmos = useTestCosmos();
let settings: SettingsRepo;
let n = 0;
beforeAll(() => {
  settings = createSettingsRepo(cosmos.store.containers.settings);
});

type Case = [string, Partial<MspSettingsChoices> | undefined, { appKey?: boolean; pcKey?: boolean }, { lifecycle: boolean; serviceAccount: boolean; defender?: boolean; partnerCenter?: boolean } | string];

describe("sync credentials", () => {
  test.each<Case>([
    ["nothing set up", undefined, {}, "lifecycleApp"],
    ["the lifecycle app without its key, no service account", { lifecycleAppId: APP }, {}, "lifecycleAppKey"],
    ["the lifecycle app with its key", { lifecycleAppId: APP }, { appKey: true }, { lifecycle: true, serviceAccount: false }],
    ["the service account only", { m365Connected: true }, {}, { lifecycle: false, serviceAccount: true }],
    ["both, Defender on, Partner Center app with key", { lifecycleAppId: APP, m365Connected: true, defender: true, partnerCenterAppId: PC }, { appKey: true, pcKey: true }, { lifecycle: true, serviceAccount: true, defender: true, partnerCenter: true }],
    ["the service account with a keyless lifecycle app: M365 alone", { lifecycleAppId: APP, m365Connected: true, defender: true }, {}, { lifecycle: false, serviceAccount: true }],
  ])("%s", async (_name, choices, keys, want) => {
    const partner = `c0c0c0c0-0000-4000-8000-${String(++n).padStart(12, "0")}`;
    if (choices) await settings.save(partner, { source: "setup", ...choices }, { etag: undefined });
    const secrets = createMemorySecretStore();
    if (keys.appKey) await secrets.set(SECRET_NAMES.lifecycleAppClientSecret, "app-key");
    if (keys.pcKey) await secrets.set(SECRET_NAMES.partnerCenterAppClientSecret, "pc-key");
    const read = syncCredentialsFrom({ partnerTenantId: partner, settings, secrets, serviceAccount: SA });
    if (typeof want === "string") {
      await expect(read()).rejects.toEqual(new SyncNotSetUpError(want as SyncNotSetUpError["missing"]));
      return;
    }
    const c = await read();
    expect({
      lifecycle: c.lifecycleApp !== undefined,
      serviceAccount: c.serviceAccount === SA,
      ...(c.defender ? { defender: true } : {}),
      ...(c.partnerCenterApp ? { partnerCenter: true } : {}),
    }).toEqual(want);
    if (c.lifecycleApp) expect(c.lifecycleApp).toEqual({ clientId: APP, clientSecret: "app-key" });
  });

  test("no partner tenant: not set up", async () => {
    await expect(syncCredentialsFrom({ partnerTenantId: undefined, settings, secrets: createMemorySecretStore() })()).rejects.toEqual(new SyncNotSetUpError("partnerTenant"));
  });

  test("connected, but the product was built without the service account's access: the lifecycle app's reason", async () => {
    const partner = "c0c0c0c0-0000-4000-8000-0000000000ff";
    await settings.save(partner, { source: "setup", m365Connected: true }, { etag: undefined });
    await expect(syncCredentialsFrom({ partnerTenantId: partner, settings, secrets: createMemorySecretStore() })()).rejects.toEqual(new SyncNotSetUpError("lifecycleApp"));
  });
});
