/**
 * What a sync run needs to reach Microsoft, read when the run starts (so a rotated key or a finished wizard is picked
 * up without a restart): the partner tenant, the lifecycle app's id (setup choices) with its key (secret store), the
 * connected service account, and the Partner Center web app's when it is set up. Missing pieces are a
 * `SyncNotSetUpError` naming what to do.
 */
import type { SecretStore } from "../secrets/secretStore";
import { SECRET_NAMES } from "../secrets/secretStore";
import type { SettingsRepo } from "../store/settingsRepo";
import type { ServiceAccountAccess, SyncCredentials } from "../sync/createSync";

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
  /** The service account's delegated tokens (ConnectService.customerToken); absent: the M365 part is not offered. */
  serviceAccount?: ServiceAccountAccess;
}

/**
 * The credentials of the integrations that are set up: the lifecycle app (its id and key), the service account
 * (connected at M365 setup), or both. Throws SyncNotSetUpError only when neither is (naming the lifecycle app's
 * missing piece, the first thing the MEM wizard asks).
 */
export function syncCredentialsFrom(deps: SyncCredentialDeps): () => Promise<SyncCredentials> {
  return async () => {
    const partnerTenantId = deps.partnerTenantId;
    if (partnerTenantId === undefined) throw new SyncNotSetUpError("partnerTenant");
    const choices = (await deps.settings.get(partnerTenantId))?.value;
    let missing: "lifecycleApp" | "lifecycleAppKey" | undefined;
    const creds: SyncCredentials = { partnerTenantId };
    if (choices?.lifecycleAppId === undefined) missing = "lifecycleApp";
    else {
      const key = await deps.secrets.get(SECRET_NAMES.lifecycleAppClientSecret);
      if (key === undefined) missing = "lifecycleAppKey";
      else {
        creds.lifecycleApp = { clientId: choices.lifecycleAppId, clientSecret: key };
        if (choices.defender === true) creds.defender = true;
      }
    }
    if (deps.serviceAccount && choices?.m365Connected === true) creds.serviceAccount = deps.serviceAccount;
    if (!creds.lifecycleApp && !creds.serviceAccount) throw new SyncNotSetUpError(missing ?? "lifecycleApp");
    if (choices?.partnerCenterAppId !== undefined) {
      const pcKey = await deps.secrets.get(SECRET_NAMES.partnerCenterAppClientSecret);
      if (pcKey !== undefined) creds.partnerCenterApp = { clientId: choices.partnerCenterAppId, clientSecret: pcKey };
    }
    return creds;
  };
}
