/**
 * What a sync run needs to reach Microsoft, read when the run starts (so a rotated key or a finished wizard is picked
 * up without a restart): the partner tenant, the lifecycle app's id (setup choices) with its key (secret store), and
 * the Partner Center web app's when it is set up. Missing pieces are a `SyncNotSetUpError` naming what to do.
 */
import type { SecretStore } from "../secrets/secretStore";
import { SECRET_NAMES } from "../secrets/secretStore";
import type { SettingsRepo } from "../store/settingsRepo";
import type { SyncCredentials } from "../sync/createSync";

/** Why a sync cannot start; `missing` says what the admin must set up first. */
export class SyncNotSetUpError extends Error {
  constructor(readonly missing: "partnerTenant" | "lifecycleApp" | "lifecycleAppKey") {
    super(`sync is not set up: ${missing}`);
    this.name = "SyncNotSetUpError";
  }
}

export interface SyncCredentialDeps {
  /** The MSP's own tenant: azure mode the bot's tenant (MICROSOFT_APP_TENANT_ID), local mode the scenario's partner. */
  partnerTenantId: string | undefined;
  settings: SettingsRepo;
  secrets: SecretStore;
}

export function syncCredentialsFrom(deps: SyncCredentialDeps): () => Promise<SyncCredentials> {
  return async () => {
    const partnerTenantId = deps.partnerTenantId;
    if (partnerTenantId === undefined) throw new SyncNotSetUpError("partnerTenant");
    const choices = (await deps.settings.get(partnerTenantId))?.value;
    if (choices?.lifecycleAppId === undefined) throw new SyncNotSetUpError("lifecycleApp");
    const key = await deps.secrets.get(SECRET_NAMES.lifecycleAppClientSecret);
    if (key === undefined) throw new SyncNotSetUpError("lifecycleAppKey");
    const creds: SyncCredentials = { partnerTenantId, lifecycleApp: { clientId: choices.lifecycleAppId, clientSecret: key } };
    if (choices.partnerCenterAppId !== undefined) {
      const pcKey = await deps.secrets.get(SECRET_NAMES.partnerCenterAppClientSecret);
      if (pcKey !== undefined) creds.partnerCenterApp = { clientId: choices.partnerCenterAppId, clientSecret: pcKey };
    }
    return creds;
  };
}
