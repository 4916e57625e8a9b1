/**
 * The `state` of a Connect sign-in: a random, single-use value bound to the MSP (partner tenant), the admin who was
 * shown the Connect button, and the service account that must sign in, valid 10 minutes. Stored in the `settings`
 * container (partition = the partner tenant, id `connect.<sha256 of the random part>`, so the value itself is not
 * stored), consumed with an etag-conditional write: two callbacks with the same state, only one goes through.
 * The PKCE verifier of the sign-in is kept in the secret store (encrypted) under a name derived from the same hash,
 * and removed when the state is consumed. Expiry is checked in code (the emulator never expires by TTL).
 */
import { createHash, randomBytes } from "node:crypto";
import type { Container } from "@azure/cosmos";
import { z } from "zod/v4";
import { DocConflictError, versionedDoc, type VersionedDoc } from "../store/versionedDoc";
import { GUID_PATTERN } from "../domain/guid";

export const CONNECT_STATE_TTL_MS = 10 * 60_000;

const STATE = /^([0-9a-fA-F-]{36})\.([A-Za-z0-9_-]{43})$/;

export const connectStateSchema = z.object({
  partnerTenantId: z.string().regex(GUID_PATTERN),
  /** The admin who was shown the button (Teams AAD object id / name), for "by whom". */
  requestedBy: z.string().min(1).max(256).optional(),
  /** Who must sign in: the service account chosen in setup (UPN; object id when known). */
  serviceAccount: z.object({ upn: z.string().min(3).max(256), id: z.string().regex(GUID_PATTERN).optional() }),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  usedAt: z.iso.datetime().optional(),
});
export type ConnectStateRecord = z.infer<typeof connectStateSchema>;

/** Pure: a state value's parts, or undefined when it is not one of ours. */
export function parseConnectState(state: unknown): { partnerTenantId: string; nonce: string } | undefined {
  if (typeof state !== "string") return undefined;
  const m = STATE.exec(state);
  if (!m || !GUID_PATTERN.test(m[1])) return undefined;
  return { partnerTenantId: m[1].toLowerCase(), nonce: m[2] };
}

const hashOf = (nonce: string): string => createHash("sha256").update(nonce, "ascii").digest("hex").slice(0, 40);

/** Document id of a state (the hash of its random part). */
export const connectStateDocId = (nonce: string): string => `connect.${hashOf(nonce)}`;
/** Secret-store name of the PKCE verifier of a state. */
export const connectVerifierSecretName = (nonce: string): string => `connectPkce.${hashOf(nonce)}`;

export function newConnectState(partnerTenantId: string): string {
  return `${partnerTenantId.toLowerCase()}.${randomBytes(32).toString("base64url")}`;
}

export type ConsumeResult = { ok: true; record: ConnectStateRecord } | { ok: false; reason: "unknown" | "expired" | "used" };

export interface ConnectStateRepo {
  create(state: string, record: ConnectStateRecord): Promise<void>;
  /** The record while it is valid (not used, not expired), without consuming it. */
  peek(state: string, now: Date): Promise<ConsumeResult>;
  /** Marks the state used (exactly once); refused when unknown, expired or already used. */
  consume(state: string, now: Date): Promise<ConsumeResult>;
}

export function createConnectStateRepo(container: Container): ConnectStateRepo {
  const doc = (state: string): VersionedDoc<ConnectStateRecord> | undefined => {
    const p = parseConnectState(state);
    if (!p) return undefined;
    return versionedDoc(container, { id: connectStateDocId(p.nonce), partitionKeyField: "partnerTenantId", partitionKey: p.partnerTenantId, schema: connectStateSchema });
  };
  const judge = (r: ConnectStateRecord | undefined, now: Date): ConsumeResult => {
    if (!r) return { ok: false, reason: "unknown" };
    if (r.usedAt !== undefined) return { ok: false, reason: "used" };
    if (Date.parse(r.expiresAt) <= now.getTime()) return { ok: false, reason: "expired" };
    return { ok: true, record: r };
  };
  return {
    async create(state, record) {
      const d = doc(state);
      if (!d) throw new Error("not a connect state");
      await d.write(record, { absent: true });
    },
    async peek(state, now) {
      const d = doc(state);
      if (!d) return { ok: false, reason: "unknown" };
      return judge((await d.read())?.value, now);
    },
    async consume(state, now) {
      const d = doc(state);
      if (!d) return { ok: false, reason: "unknown" };
      const cur = await d.read();
      const j = judge(cur?.value, now);
      if (!j.ok || !cur) return j;
      try {
        await d.write({ ...cur.value, usedAt: now.toISOString() }, { etag: cur.etag });
      } catch (err) {
        if (err instanceof DocConflictError) return { ok: false, reason: "used" };
        throw err;
      }
      return j;
    },
  };
}
