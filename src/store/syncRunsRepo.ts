/**
 * Sync runs in the `syncRuns` container (partition key `/tenantId`):
 * - the run document, `{ id: <runId>, tenantId: "_runs", type: "run", trigger, startedAt, finishedAt?, status, tenants }`,
 *   in the reserved partition `_runs` (like `checks`' `_partner`), listed by `history`;
 * - the active-run pointer `{ id: "active", tenantId: "_runs", runId }`, created only if absent: at most one run
 *   goes on at a time across every instance;
 * - one tenant-run document per tenant and run, `{ id: "run.<runId>", tenantId: <customer>, type: "tenantRun", ... }`,
 *   in the customer's partition: its state, attempts, timings, counts, per-resource checkpoints and cause, written
 *   only conditionally (IfMatch) by the holder of the tenant's lease, with the lease's fence;
 * - the sync settings `{ id: "settings", tenantId: "_sync", excluded, known }` (exclusions; tenants seen before with
 *   their size and last successful sync).
 * Everything read back is validated with zod.
 */
import type { Container } from "@azure/cosmos";
import { z } from "zod/v4";
import { cosmosStatus } from "./cosmos";
import { DocConflictError } from "./versionedDoc";

export const RUNS_PARTITION = "_runs";
export const SYNC_SETTINGS_PARTITION = "_sync";
const ACTIVE_ID = "active";
const SETTINGS_ID = "settings";

const Trigger = z.object({
  kind: z.enum(["manual", "schedule", "retry", "wizard"]),
  /** Who asked (display name or UPN), or the schedule slot. */
  by: z.string().max(256).optional(),
});
export type SyncTrigger = z.infer<typeof Trigger>;

export const runDocSchema = z.object({
  id: z.string(),
  tenantId: z.literal(RUNS_PARTITION),
  type: z.literal("run"),
  trigger: Trigger,
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  status: z.enum(["running", "finished"]),
  tenants: z.array(z.object({ tenantId: z.string(), displayName: z.string(), weight: z.number().optional() })),
  /** Tenants seen for the first time by this run's discovery (the alerts announce them). */
  newTenants: z.array(z.string()).optional(),
  /** Filled in when the run finishes (summary for history). */
  summary: z
    .object({ done: z.number(), failed: z.number(), devices: z.number(), apps: z.number(), users: z.number(), durationMs: z.number(), causes: z.record(z.string(), z.number()) })
    .optional(),
});
export type RunDoc = z.infer<typeof runDocSchema>;

const ResourceCheckpoint = z.object({
  end: z.enum(["complete", "truncated"]),
  count: z.number(),
  written: z.number(),
  removed: z.number(),
});
export type ResourceCheckpoint = z.infer<typeof ResourceCheckpoint>;

const Cause = z.object({ code: z.string(), title: z.string(), fix: z.string(), transient: z.boolean(), microsoftCode: z.string().optional() });

export const tenantRunDocSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  type: z.literal("tenantRun"),
  runId: z.string(),
  displayName: z.string(),
  state: z.enum(["pending", "running", "done", "failed", "parked"]),
  attempts: z.number().int(),
  /** Epoch ms before which a retry is not started. */
  notBefore: z.number().optional(),
  fence: z.number().int(),
  owner: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  durationMs: z.number().optional(),
  resources: z.record(z.string(), ResourceCheckpoint),
  cause: Cause.optional(),
  warnings: z.array(z.string()),
});
export type TenantRunDoc = z.infer<typeof tenantRunDocSchema>;

export const syncSettingsSchema = z.object({
  excluded: z.array(z.string()),
  known: z.record(
    z.string(),
    z.object({ displayName: z.string(), firstSeen: z.string(), items: z.number().optional(), lastSuccessAt: z.string().optional(), lastDurationMs: z.number().optional() }),
  ),
});
export type SyncSettings = z.infer<typeof syncSettingsSchema>;

export interface Stored<T> {
  doc: T;
  etag: string;
}

export interface SyncRunsRepo {
  createRun(doc: RunDoc): Promise<void>;
  readRun(runId: string): Promise<Stored<RunDoc> | undefined>;
  /** Replaces the run document if it is still the version read. False on conflict. */
  replaceRun(doc: RunDoc, etag: string): Promise<boolean>;
  /** Creates the active pointer; the id of the run already active when there is one. */
  claimActive(runId: string): Promise<{ ok: true } | { ok: false; runId: string }>;
  activeRunId(): Promise<string | undefined>;
  /** Removes the pointer if it still points at `runId`. */
  clearActive(runId: string): Promise<void>;
  readTenantRun(runId: string, tenantId: string): Promise<Stored<TenantRunDoc> | undefined>;
  /** Conditional write: throws DocConflictError (412/409) when someone else wrote in between. */
  writeTenantRun(doc: TenantRunDoc, expected: { etag: string } | { absent: true }): Promise<Stored<TenantRunDoc>>;
  /** Every tenant-run document of a run (a cross-partition query, paged). */
  tenantRuns(runId: string): Promise<TenantRunDoc[]>;
  /** The tenant's latest finished tenant-run (done, failed or parked), any run: one query in its partition. */
  lastFinishedTenantRun(tenantId: string): Promise<TenantRunDoc | undefined>;
  /** Runs, newest first. */
  history(limit: number): Promise<RunDoc[]>;
  deleteRun(runId: string): Promise<void>;
  readSettings(): Promise<Stored<SyncSettings> | undefined>;
  /** Applies `fn` and writes conditionally, re-reading on conflict (bounded). */
  updateSettings(fn: (current: SyncSettings) => SyncSettings): Promise<SyncSettings>;
}

const runDocId = (runId: string): string => `run.${runId}`;

export function createSyncRunsRepo(container: Container): SyncRunsRepo {
  const readItem = async <T>(id: string, pk: string, schema: z.ZodType<T>): Promise<Stored<T> | undefined> => {
    try {
      const { resource } = await container.item(id, pk).read<Record<string, unknown>>();
      if (resource === undefined) return undefined;
      const r = schema.safeParse(resource);
      if (!r.success) return undefined;
      return { doc: r.data, etag: typeof resource._etag === "string" ? resource._etag : "" };
    } catch (err) {
      if (cosmosStatus(err) === 404) return undefined;
      throw err;
    }
  };
  const query = async <T>(q: string, params: { name: string; value: string }[], schema: z.ZodType<T>, partitionKey?: string): Promise<T[]> => {
    const iterator = container.items.query<unknown>({ query: q, parameters: params }, { maxItemCount: 500, ...(partitionKey !== undefined ? { partitionKey } : {}) });
    const out: T[] = [];
    while (iterator.hasMoreResults()) {
      const { resources } = await iterator.fetchNext();
      for (const raw of resources ?? []) {
        const r = schema.safeParse(raw);
        if (r.success) out.push(r.data);
      }
    }
    return out;
  };
  const ActiveSchema = z.object({ id: z.literal(ACTIVE_ID), runId: z.string() });
  const SettingsDoc = z.object({ id: z.literal(SETTINGS_ID), data: syncSettingsSchema });

  return {
    async createRun(doc) {
      await container.items.create({ ...runDocSchema.parse(doc) });
    },
    readRun: (runId) => readItem(runId, RUNS_PARTITION, runDocSchema),
    async replaceRun(doc, etag) {
      try {
        await container.item(doc.id, RUNS_PARTITION).replace({ ...runDocSchema.parse(doc) }, { accessCondition: { type: "IfMatch", condition: etag } });
        return true;
      } catch (err) {
        const s = cosmosStatus(err);
        if (s === 412 || s === 404) return false;
        throw err;
      }
    },
    async claimActive(runId) {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await container.items.create({ id: ACTIVE_ID, tenantId: RUNS_PARTITION, runId });
          return { ok: true };
        } catch (err) {
          if (cosmosStatus(err) !== 409) throw err;
        }
        const current = await readItem(ACTIVE_ID, RUNS_PARTITION, ActiveSchema);
        if (current !== undefined) return { ok: false, runId: current.doc.runId };
      }
      throw new DocConflictError(ACTIVE_ID, 409, 3);
    },
    async activeRunId() {
      return (await readItem(ACTIVE_ID, RUNS_PARTITION, ActiveSchema))?.doc.runId;
    },
    async clearActive(runId) {
      const current = await readItem(ACTIVE_ID, RUNS_PARTITION, ActiveSchema);
      if (current === undefined || current.doc.runId !== runId) return;
      try {
        await container.item(ACTIVE_ID, RUNS_PARTITION).delete({ accessCondition: { type: "IfMatch", condition: current.etag } });
      } catch (err) {
        const s = cosmosStatus(err);
        if (s !== 404 && s !== 412) throw err;
      }
    },
    readTenantRun: (runId, tenantId) => readItem(runDocId(runId), tenantId, tenantRunDocSchema),
    async writeTenantRun(doc, expected) {
      const body = { ...tenantRunDocSchema.parse({ ...doc, id: runDocId(doc.runId) }) };
      try {
        const { resource } =
          "etag" in expected
            ? await container.item(body.id, doc.tenantId).replace(body, { accessCondition: { type: "IfMatch", condition: expected.etag } })
            : await container.items.create(body);
        const etag = typeof resource?._etag === "string" ? resource._etag : "";
        return { doc: body, etag };
      } catch (err) {
        const s = cosmosStatus(err);
        if (s === 412 || s === 409) throw new DocConflictError(body.id, s);
        if (s === 404 && "etag" in expected) throw new DocConflictError(body.id, 412);
        throw err;
      }
    },
    tenantRuns: (runId) => query("SELECT * FROM c WHERE c.type = 'tenantRun' AND c.runId = @r", [{ name: "@r", value: runId }], tenantRunDocSchema),
    async lastFinishedTenantRun(tenantId) {
      const [latest] = await query(
        // The partition filter is in the query too: the embedded server does not scope queries by the partition key option.
        "SELECT TOP 1 * FROM c WHERE c.tenantId = @t AND c.type = 'tenantRun' AND IS_DEFINED(c.finishedAt) ORDER BY c.finishedAt DESC",
        [{ name: "@t", value: tenantId }],
        tenantRunDocSchema,
        tenantId,
      );
      return latest;
    },
    async history(limit) {
      const runs = await query("SELECT * FROM c WHERE c.tenantId = @p AND c.type = 'run'", [{ name: "@p", value: RUNS_PARTITION }], runDocSchema, RUNS_PARTITION);
      return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, limit);
    },
    async deleteRun(runId) {
      const tenants = await query("SELECT c.id, c.tenantId FROM c WHERE c.type = 'tenantRun' AND c.runId = @r", [{ name: "@r", value: runId }], z.object({ id: z.string(), tenantId: z.string() }));
      for (const t of tenants) await container.item(t.id, t.tenantId).delete().catch(() => undefined);
      await container.item(runId, RUNS_PARTITION).delete().catch(() => undefined);
    },
    async readSettings() {
      const s = await readItem(SETTINGS_ID, SYNC_SETTINGS_PARTITION, SettingsDoc);
      return s === undefined ? undefined : { doc: s.doc.data, etag: s.etag };
    },
    async updateSettings(fn) {
      for (let attempt = 0; attempt < 8; attempt++) {
        const current = await this.readSettings();
        const next = syncSettingsSchema.parse(fn(current?.doc ?? { excluded: [], known: {} }));
        const body = { id: SETTINGS_ID, tenantId: SYNC_SETTINGS_PARTITION, data: next };
        try {
          if (current === undefined) await container.items.create(body);
          else await container.item(SETTINGS_ID, SYNC_SETTINGS_PARTITION).replace(body, { accessCondition: { type: "IfMatch", condition: current.etag } });
          return next;
        } catch (err) {
          const s = cosmosStatus(err);
          if (s !== 412 && s !== 409 && s !== 404) throw err;
        }
      }
      throw new DocConflictError(SETTINGS_ID, 412, 8);
    },
  };
}
