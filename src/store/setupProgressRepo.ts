/**
 * The setup wizards' progress per MSP (container `settings`, ids `setup.m365` / `setup.mem`, partition = the partner
 * tenant id), beside the setup choices. Every change goes through `transact`: the pure transition runs on the version
 * read and is written over exactly that version (etag); when someone else wrote first it is run again on the newer
 * version, so two admins pressing the same button get a clear answer (the second one's card is stale) and no state is
 * lost.
 */
import type { Container } from "@azure/cosmos";
import type { Transition } from "../dialogs/wizards/machine";
import { wizardProgressSchema, type WizardName, type WizardProgress } from "../dialogs/wizards/types";
import { sameJson } from "./canonicalJson";
import { DocConflictError, DocInvalidError, versionedDoc, type Versioned, type VersionedDoc } from "./versionedDoc";
import { partnerTenantIdSchema } from "./settingsRepo";

export const progressDocId = (wizard: WizardName): string => `setup.${wizard}`;

export interface Transacted {
  progress: Versioned<WizardProgress> | undefined;
  outcome: Transition["outcome"];
  /** How many times it was run again because someone else wrote first. */
  retries: number;
}

export interface SetupProgressRepo {
  get(partnerTenantId: string, wizard: WizardName): Promise<Versioned<WizardProgress> | undefined>;
  /** Applies `step` (pure: it may run several times) to the latest progress and writes the result conditionally. */
  transact(partnerTenantId: string, wizard: WizardName, step: (current: WizardProgress | undefined) => Transition, opts?: { maxAttempts?: number }): Promise<Transacted>;
  remove(partnerTenantId: string, wizard: WizardName): Promise<boolean>;
}

export function createSetupProgressRepo(container: Container): SetupProgressRepo {
  const doc = (partnerTenantId: string, wizard: WizardName): VersionedDoc<WizardProgress> => {
    if (!partnerTenantIdSchema.safeParse(partnerTenantId).success) throw new DocInvalidError(progressDocId(wizard), ["partnerTenantId"]);
    return versionedDoc(container, { id: progressDocId(wizard), partitionKeyField: "partnerTenantId", partitionKey: partnerTenantId, schema: wizardProgressSchema });
  };
  return {
    get: async (partnerTenantId, wizard) => doc(partnerTenantId, wizard).read(),
    remove: async (partnerTenantId, wizard) => doc(partnerTenantId, wizard).remove(),
    async transact(partnerTenantId, wizard, step, opts = {}) {
      const d = doc(partnerTenantId, wizard);
      const maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
      for (let attempt = 0; attempt < maxAttempts; attempt++) {
        const current = await d.read();
        const t = step(current?.value);
        if (t.next === undefined || (current !== undefined && sameJson(t.next, current.value))) return { progress: current, outcome: t.outcome, retries: attempt };
        try {
          const written = await d.write(t.next, current === undefined ? { absent: true } : { etag: current.etag });
          return { progress: written, outcome: t.outcome, retries: attempt };
        } catch (err) {
          if (!(err instanceof DocConflictError)) throw err;
        }
      }
      throw new DocConflictError(progressDocId(wizard), 412, maxAttempts);
    },
  };
}
