/**
 * A wizard step's Verify: the checks of that step's scope over a fresh snapshot (the `check` job: readPartnerSnapshot
 * with the stored choices and keys, never saved as the latest report since a step's scope is never "all"), then the
 * pure evaluation of the step (src/dialogs/wizards/evaluate).
 */
import { evaluateStep, type StepResult } from "../dialogs/wizards/evaluate";
import { stepsOf } from "../dialogs/wizards/steps";
import type { WizardName } from "../dialogs/wizards/types";
import type { GraphClient } from "../graph/client";
import type { SettingsRepo } from "../store/settingsRepo";
import type { RunCheck } from "./checkJob";

export interface SetupVerifyDeps {
  runCheck: RunCheck;
  settings: SettingsRepo;
}

export interface SetupVerifyResult {
  partnerTenantId: string;
  result: StepResult;
}

export type SetupVerify = (partnerGraph: GraphClient, wizard: WizardName, step: number, opts?: { page?: number }) => Promise<SetupVerifyResult | undefined>;

/** Resolves undefined for a step without checks (nothing to verify). */
export function createSetupVerify(deps: SetupVerifyDeps): SetupVerify {
  return async (partnerGraph, wizard, step, opts = {}) => {
    const def = stepsOf(wizard)[step];
    if (def?.verify === undefined) return undefined;
    const { report } = await deps.runCheck(partnerGraph, { scope: def.verify.scope });
    const stored = await deps.settings.get(report.partner.tenantId);
    const result = evaluateStep(def, report, { connected: stored?.value.m365Connected === true, ...(opts.page !== undefined ? { page: opts.page } : {}) });
    return { partnerTenantId: report.partner.tenantId, result };
  };
}
