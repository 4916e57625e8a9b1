/**
 * Local mode's rehearsal: the scenario's `rehearsal` block applied at start as if the setup wizards had been completed
 * (choices recorded with source "rehearsal", the apps' keys in the secret store).
 */
import type { Rehearsal } from "../local/rehearsal";
import { SECRET_NAMES, type SecretStore } from "../secrets/secretStore";
import type { MspSettingsChoices, SettingsRepo } from "../store/settingsRepo";

/** Pure: the setup choices a rehearsal block stands for. */
export function rehearsalChoices(r: Rehearsal): MspSettingsChoices {
  return {
    source: "rehearsal",
    ...(r.serviceAccount !== undefined ? { serviceAccountUpn: r.serviceAccount } : {}),
    ...(r.lifecycleGroup !== undefined ? { lifecycleGroupName: r.lifecycleGroup } : {}),
    ...(r.lifecycleApp !== undefined ? { lifecycleAppId: r.lifecycleApp.appId } : {}),
    ...(r.partnerCenterApp !== undefined ? { partnerCenterAppId: r.partnerCenterApp.appId } : {}),
    ...(r.defender !== undefined ? { defender: r.defender } : {}),
  };
}

export async function applyRehearsal(r: Rehearsal, partnerTenantId: string, deps: { settings: SettingsRepo; secrets: SecretStore }): Promise<void> {
  if (r.lifecycleApp) await deps.secrets.set(SECRET_NAMES.lifecycleAppClientSecret, r.lifecycleApp.secret);
  if (r.partnerCenterApp) await deps.secrets.set(SECRET_NAMES.partnerCenterAppClientSecret, r.partnerCenterApp.secret);
  await deps.settings.patch(partnerTenantId, () => rehearsalChoices(r), { by: "rehearsal" });
}
