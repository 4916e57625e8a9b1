/**
 * The MSP's setup choices (container `settings`, id `choices`, partition = the partner tenant id): which service
 * account, lifecycle group and apps the checks and syncs use, whether Defender tracking is on and the Microsoft 365
 * integration is connected, and where the choices came from (the setup wizards or the scenario's rehearsal block).
 *
 * Reads carry the etag; `save` writes over exactly the version read (DocConflictError otherwise: two admins pressing
 * the same button, a stale card); `patch` re-reads and re-applies a pure update on conflict.
 */
import type { Container } from "@azure/cosmos";
import { z } from "zod/v4";
import { systemClock, type Clock } from "../clock";
import { sameJson } from "./canonicalJson";
import { DocInvalidError, versionedDoc, type Versioned, type VersionedDoc } from "./versionedDoc";

export const SETTINGS_CHOICES_ID = "choices";

export const mspSettingsSchema = z.object({
  serviceAccountUpn: z.string().max(256).regex(/^[^@\s]+@[^@\s]+$/).optional(),
  lifecycleGroupName: z.string().min(1).max(256).optional(),
  lifecycleAppId: z.guid().optional(),
  partnerCenterAppId: z.guid().optional(),
  /** Defender tracking (WindowsDefenderATP Machine.Read.All becomes required). */
  defender: z.boolean().optional(),
  /** The service account authorized Tenant Pilot (its refresh token is in the secret store). */
  m365Connected: z.boolean().optional(),
  source: z.enum(["setup", "rehearsal"]),
  /** ISO time of the last write (set by the repository). */
  updatedAt: z.iso.datetime(),
  /** Who made the last change (UPN or AAD object id), when known. */
  updatedBy: z.string().min(1).max(256).optional(),
});

export type MspSettings = z.infer<typeof mspSettingsSchema>;
/** What callers write: the repository stamps updatedAt / updatedBy. */
export type MspSettingsChoices = Omit<MspSettings, "updatedAt" | "updatedBy">;

export const partnerTenantIdSchema = z.guid();

export interface WriteOptions {
  /** UPN or AAD object id of the admin who made the change. */
  by?: string;
}

export interface SettingsRepo {
  get(partnerTenantId: string): Promise<Versioned<MspSettings> | undefined>;
  /**
   * Writes the choices over the version `etag` (from `get`), or creates them when `etag` is undefined.
   * Throws DocConflictError when someone else wrote first, DocInvalidError when a field is not valid.
   */
  save(partnerTenantId: string, choices: MspSettingsChoices, opts: WriteOptions & { etag: string | undefined }): Promise<Versioned<MspSettings>>;
  /** Re-reads and re-applies `update` (pure) until the write goes through (bounded); see VersionedDoc.update. */
  patch(
    partnerTenantId: string,
    update: (current: MspSettings | undefined) => MspSettingsChoices,
    opts?: WriteOptions & { maxAttempts?: number },
  ): Promise<Versioned<MspSettings>>;
}

function stamp(choices: MspSettingsChoices, at: string, by: string | undefined): MspSettings {
  const { updatedAt: _a, updatedBy: _b, ...rest } = choices as MspSettings;
  return { ...rest, updatedAt: at, ...(by !== undefined ? { updatedBy: by } : {}) };
}

function checkPartnerTenantId(partnerTenantId: string): string {
  if (!partnerTenantIdSchema.safeParse(partnerTenantId).success) throw new DocInvalidError(SETTINGS_CHOICES_ID, ["partnerTenantId"]);
  return partnerTenantId;
}

export function createSettingsRepo(container: Container, opts: { clock?: Clock } = {}): SettingsRepo {
  const clock = opts.clock ?? systemClock;
  const doc = (partnerTenantId: string): VersionedDoc<MspSettings> =>
    versionedDoc(container, {
      id: SETTINGS_CHOICES_ID,
      partitionKeyField: "partnerTenantId",
      partitionKey: checkPartnerTenantId(partnerTenantId),
      schema: mspSettingsSchema,
    });

  return {
    get: async (partnerTenantId) => doc(partnerTenantId).read(),
    save: async (partnerTenantId, choices, o) =>
      doc(partnerTenantId).write(stamp(choices, clock.now().toISOString(), o.by), o.etag === undefined ? { absent: true } : { etag: o.etag }),
    patch: async (partnerTenantId, update, o = {}) => {
      const d = doc(partnerTenantId);
      let at: string | undefined;
      return d.update(
        (current) => {
          const next = update(current);
          // Unchanged choices keep the stored stamp, so a no-op patch writes nothing.
          if (current !== undefined && sameJson(stamp(next, current.updatedAt, current.updatedBy), current)) {
            return current;
          }
          at ??= clock.now().toISOString();
          return stamp(next, at, o.by);
        },
        o.maxAttempts !== undefined ? { maxAttempts: o.maxAttempts } : {},
      );
    },
  };
}
