/**
 * `rotate secret` (issue 9, "Beyond"): a new client secret for the lifecycle app without downtime.
 *
 * Identity: the lifecycle app itself, app-only in the partner tenant with its current key, through
 * `Application.ReadWrite.OwnedBy` — the least privileged application permission for `addPassword` /
 * `removePassword` (learn.microsoft.com/graph/api/application-addpassword, "Permissions"), which reaches only the
 * registrations it owns: the guide makes its service principal an owner of its own registration. Tenant Pilot's
 * signed-in admin needs no write permission for it (its delegated scopes stay read-only).
 *
 * Steps: addPassword (6 months) → the new value kept under a staging secret name → proven by client-credentials
 * tokens with it in the partner tenant and one customer where the current key works (new secrets can take a little
 * while to replicate: a few attempts with a pause) → switched: the sync reads its key from the secret store per run
 * (src/jobs/syncCredentials.ts), so storing it under the lifecycle app's name is the switch (and under the Partner
 * Center app's when it is the same app) → a rotation record lists the previous secrets, which the admin may then
 * remove (removePassword, with the new key). If storing or proving fails, the new secret is removed again (with the
 * current key) and nothing changes. Secret values are never returned to a caller's view, logged or shown.
 */
import { z } from "zod/v4";
import type { Clock } from "../clock";
import type { MicrosoftHosts } from "../config";
import { createGraphClient } from "../graph/client";
import { MicrosoftError } from "../graph/errors";
import type { TokenBroker } from "../graph/tokens";
import type { Logger } from "../log/logger";
import { SECRET_NAMES, type SecretStore } from "../secrets/secretStore";
import type { SettingsRepo } from "../store/settingsRepo";
import { versionedDoc } from "../store/versionedDoc";
import type { Container } from "@azure/cosmos";

/** Microsoft's recommended lifetime for client secrets (the MEM guide: 6 months). */
export const ROTATED_SECRET_DAYS = 182;
const DAY_MS = 86_400_000;
export const STAGING_SECRET_NAME = "lifecycleApp.clientSecret.next";
export const ROTATION_DOC_ID = "rotation";

const PasswordCredential = z.object({
  keyId: z.string(),
  displayName: z.string().nullish(),
  hint: z.string().nullish(),
  startDateTime: z.string().nullish(),
  endDateTime: z.string().nullish(),
});
const AppWithPasswords = z.object({ id: z.string(), passwordCredentials: z.array(PasswordCredential).default([]) });
const AddedPassword = PasswordCredential.extend({ secretText: z.string().min(1) });

/** A secret as the admin sees it: never its value, only what the portal shows. */
export interface SecretSummary {
  keyId: string;
  displayName?: string;
  hint?: string;
  endDateTime?: string;
}

const SecretSummarySchema = z.object({ keyId: z.string(), displayName: z.string().optional(), hint: z.string().optional(), endDateTime: z.string().optional() });
export const RotationRecordSchema = z.object({
  rotatedAt: z.string(),
  by: z.string().optional(),
  appId: z.string(),
  newKeyId: z.string(),
  newEndDateTime: z.string().optional(),
  /** The secrets the registration had before, that may be removed now. */
  previous: z.array(SecretSummarySchema),
  removed: z.array(z.string()).default([]),
});
export type RotationRecord = z.infer<typeof RotationRecordSchema>;

export type RotateOutcome =
  | { kind: "rotated"; record: RotationRecord; provenIn: { partner: true; customer?: string } }
  | { kind: "notSetUp"; missing: "partnerTenant" | "lifecycleApp" | "lifecycleAppKey" }
  /** Nothing changed (the new secret, if one was made, was removed again). `step` says where it stopped. */
  | { kind: "failed"; step: "currentKey" | "addPassword" | "prove" | "store"; adminMessage: string; cleanedUp: boolean };

export type RemoveOutcome =
  | { kind: "removed"; keyId: string; record: RotationRecord }
  | { kind: "notOffered" }
  | { kind: "failed"; adminMessage: string };

export interface RotateSecretDeps {
  hosts: MicrosoftHosts;
  tokens: TokenBroker;
  settings: SettingsRepo;
  secrets: SecretStore;
  /** The `settings` container: the rotation record lives beside the setup choices (partition = partner tenant). */
  settingsContainer: Container;
  partnerTenantId: string | undefined;
  /** Customer tenants to prove the new key in, best candidates first (e.g. healthy ones of the latest check). */
  customerCandidates: () => Promise<string[]>;
  clock: Clock;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
  /** Attempts to prove a brand-new secret (Entra replicates it within seconds to minutes). */
  proveAttempts?: number;
  proveDelayMs?: number;
}

export interface SecretRotation {
  rotate(by?: string): Promise<RotateOutcome>;
  removeOld(keyId: string): Promise<RemoveOutcome>;
  latest(): Promise<RotationRecord | undefined>;
}

function messageOf(err: unknown, fallback: string): string {
  return err instanceof MicrosoftError ? err.adminMessage : fallback;
}

export function createSecretRotation(deps: RotateSecretDeps): SecretRotation {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const proveAttempts = deps.proveAttempts ?? 5;
  const proveDelayMs = deps.proveDelayMs ?? 3_000;
  const records = (partner: string) => versionedDoc(deps.settingsContainer, { id: ROTATION_DOC_ID, partitionKeyField: "partnerTenantId", partitionKey: partner, schema: RotationRecordSchema });

  const graphAs = (clientId: string, clientSecret: string, partner: string) =>
    createGraphClient(deps.hosts, ({ forceRefresh }) => deps.tokens.appToken({ clientId, clientSecret }, partner, "graph", { forceRefresh }), { logger: deps.logger, now: () => deps.clock.now().getTime() });

  const current = async (): Promise<{ partner: string; appId: string; key: string; sameAsPartnerCenter: boolean } | { missing: "partnerTenant" | "lifecycleApp" | "lifecycleAppKey" }> => {
    const partner = deps.partnerTenantId;
    if (partner === undefined) return { missing: "partnerTenant" };
    const choices = (await deps.settings.get(partner))?.value;
    if (choices?.lifecycleAppId === undefined) return { missing: "lifecycleApp" };
    const key = await deps.secrets.get(SECRET_NAMES.lifecycleAppClientSecret);
    if (key === undefined) return { missing: "lifecycleAppKey" };
    return { partner, appId: choices.lifecycleAppId, key, sameAsPartnerCenter: choices.partnerCenterAppId?.toLowerCase() === choices.lifecycleAppId.toLowerCase() };
  };

  /** A fresh token (no cache) with `secret`, retried while a new secret replicates. */
  const prove = async (appId: string, secret: string, tenant: string, attempts: number): Promise<void> => {
    for (let i = 1; ; i++) {
      try {
        await deps.tokens.appToken({ clientId: appId, clientSecret: secret }, tenant, "graph", { forceRefresh: true });
        return;
      } catch (err) {
        const retryable = err instanceof MicrosoftError && (err.code === "secretInvalid" || err.status === undefined || err.status >= 500);
        if (!retryable || i >= attempts) throw err;
        await sleep(proveDelayMs);
      }
    }
  };

  return {
    async rotate(by) {
      const cur = await current();
      if ("missing" in cur) return { kind: "notSetUp", missing: cur.missing };
      const { partner, appId, key } = cur;
      const log = deps.logger.child({ job: "rotateSecret", appId });
      const oldGraph = graphAs(appId, key, partner);
      const appPath = `/applications(appId='${appId}')`;

      let before: z.infer<typeof AppWithPasswords>;
      try {
        before = AppWithPasswords.parse(await oldGraph.get<unknown>(`${appPath}?$select=id,passwordCredentials`));
      } catch (err) {
        log.warn("rotate: the lifecycle app's registration could not be read with its current key", { error: err instanceof Error ? err.name : "unknown" });
        return { kind: "failed", step: "currentKey", adminMessage: messageOf(err, "The lifecycle app's registration could not be read with its current key."), cleanedUp: true };
      }

      const now = deps.clock.now();
      const end = new Date(now.getTime() + ROTATED_SECRET_DAYS * DAY_MS);
      let added: z.infer<typeof AddedPassword>;
      try {
        added = AddedPassword.parse(
          await oldGraph.post<unknown>(`${appPath}/addPassword`, {
            passwordCredential: { displayName: `Tenant Pilot ${now.toISOString().slice(0, 10)}`, endDateTime: end.toISOString() },
          }),
        );
      } catch (err) {
        log.warn("rotate: addPassword refused", { error: err instanceof Error ? err.name : "unknown", code: err instanceof MicrosoftError ? err.microsoftCode : undefined });
        return { kind: "failed", step: "addPassword", adminMessage: messageOf(err, "Microsoft refused to add a secret to the lifecycle app."), cleanedUp: true };
      }
      log.info("rotate: new secret added", { keyId: added.keyId, endDateTime: added.endDateTime });

      const undo = async (): Promise<boolean> => {
        try {
          await deps.secrets.delete(STAGING_SECRET_NAME);
        } catch {
          // best effort: the staging value is unused
        }
        try {
          await oldGraph.post(`${appPath}/removePassword`, { keyId: added.keyId });
          log.info("rotate: new secret removed again; nothing changed", { keyId: added.keyId });
          return true;
        } catch (err) {
          log.error("rotate: the new secret could not be removed again", { keyId: added.keyId, error: err instanceof Error ? err.name : "unknown" });
          return false;
        }
      };

      try {
        await deps.secrets.set(STAGING_SECRET_NAME, added.secretText);
      } catch (err) {
        log.warn("rotate: the new secret could not be stored", { error: err instanceof Error ? err.name : "unknown" });
        return { kind: "failed", step: "store", adminMessage: "The new secret could not be stored in the secret store.", cleanedUp: await undo() };
      }

      // A customer where the current key works: the new one must work there too.
      let customer: string | undefined;
      for (const candidate of (await deps.customerCandidates().catch(() => [])).slice(0, 5)) {
        try {
          await deps.tokens.appToken({ clientId: appId, clientSecret: key }, candidate, "graph");
          customer = candidate;
          break;
        } catch {
          // not consented there, try the next one
        }
      }
      try {
        await prove(appId, added.secretText, partner, proveAttempts);
        if (customer !== undefined) await prove(appId, added.secretText, customer, proveAttempts);
      } catch (err) {
        log.warn("rotate: the new secret did not prove itself", { error: err instanceof Error ? err.name : "unknown", code: err instanceof MicrosoftError ? err.microsoftCode : undefined });
        return { kind: "failed", step: "prove", adminMessage: messageOf(err, "The new secret could not get a token."), cleanedUp: await undo() };
      }

      const record: RotationRecord = {
        rotatedAt: now.toISOString(),
        ...(by !== undefined ? { by } : {}),
        appId,
        newKeyId: added.keyId,
        ...(added.endDateTime ? { newEndDateTime: added.endDateTime } : {}),
        previous: before.passwordCredentials.map((p) => ({
          keyId: p.keyId,
          ...(p.displayName ? { displayName: p.displayName } : {}),
          ...(p.hint ? { hint: p.hint } : {}),
          ...(p.endDateTime ? { endDateTime: p.endDateTime } : {}),
        })),
        removed: [],
      };
      try {
        await deps.secrets.set(SECRET_NAMES.lifecycleAppClientSecret, added.secretText);
        if (cur.sameAsPartnerCenter) await deps.secrets.set(SECRET_NAMES.partnerCenterAppClientSecret, added.secretText);
      } catch (err) {
        log.warn("rotate: the switch to the new secret failed", { error: err instanceof Error ? err.name : "unknown" });
        // Put the current key back where it was, then remove the new secret.
        await deps.secrets.set(SECRET_NAMES.lifecycleAppClientSecret, key).catch(() => undefined);
        return { kind: "failed", step: "store", adminMessage: "The new secret could not be stored in the secret store.", cleanedUp: await undo() };
      }
      await deps.secrets.delete(STAGING_SECRET_NAME).catch(() => undefined);
      await records(partner).update(() => record);
      log.info("rotate: switched to the new secret", { keyId: added.keyId, provenInCustomer: customer !== undefined });
      return { kind: "rotated", record, provenIn: { partner: true, ...(customer !== undefined ? { customer } : {}) } };
    },

    async removeOld(keyId) {
      const cur = await current();
      if ("missing" in cur) return { kind: "notOffered" };
      const doc = records(cur.partner);
      const rec = (await doc.read())?.value;
      const offered = rec?.previous.some((p) => p.keyId === keyId) === true && rec.appId === cur.appId && keyId !== rec.newKeyId;
      if (!rec || !offered) return { kind: "notOffered" };
      if (rec.removed.includes(keyId)) return { kind: "removed", keyId, record: rec };
      try {
        await graphAs(cur.appId, cur.key, cur.partner).post(`/applications(appId='${cur.appId}')/removePassword`, { keyId });
      } catch (err) {
        // Already gone (removed in the portal): the same outcome for the admin.
        if (!(err instanceof MicrosoftError && err.status === 400)) {
          deps.logger.warn("rotate: removePassword refused", { keyId, error: err instanceof Error ? err.name : "unknown" });
          return { kind: "failed", adminMessage: messageOf(err, "Microsoft refused to remove the old secret.") };
        }
      }
      const updated = await doc.update((r) => (r ? { ...r, removed: [...new Set([...r.removed, keyId])] } : rec));
      deps.logger.info("rotate: old secret removed", { keyId });
      return { kind: "removed", keyId, record: updated.value };
    },

    async latest() {
      const partner = deps.partnerTenantId;
      return partner === undefined ? undefined : (await records(partner).read())?.value;
    },
  };
}
