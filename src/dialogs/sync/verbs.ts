/**
 * The sync cards' Action.Execute verbs and the zod schemas of their data (validated at the edge, as
 * src/dialogs/verbs.ts does for the check's). Pure.
 *
 *   sync.status {runId}          Refresh: the run's card now (progress, or its summary once finished)
 *   sync.page   {runId, page}    another page of a summary's failures
 *   sync.retry  {runId}          Retry failed: a new run over the failed and parked tenants of the last run
 */
import { z } from "zod/v4";
import { MAX_PAGE } from "../verbs";

const runId = z.string().trim().regex(/^[0-9A-Za-z-]{1,64}$/, { error: "must be a run id" });
const page = z.preprocess((v) => (typeof v === "string" && /^\d{1,6}$/.test(v) ? Number(v) : v), z.number().int().min(0).max(MAX_PAGE));

export const SYNC_VERB_SCHEMAS = {
  "sync.status": z.object({ runId }),
  "sync.page": z.object({ runId, page }),
  "sync.retry": z.object({ runId }),
} as const;

export type SyncVerb = keyof typeof SYNC_VERB_SCHEMAS;
export const SYNC_VERBS = Object.keys(SYNC_VERB_SCHEMAS) as SyncVerb[];
export type SyncVerbData<V extends SyncVerb> = z.output<(typeof SYNC_VERB_SCHEMAS)[V]>;

export type SyncVerbParse<V extends SyncVerb> = { ok: true; data: SyncVerbData<V> } | { ok: false; issues: string[] };

/** Validates a card action's data for `verb` (unknown keys such as the fallback's `verb` are dropped). */
export function parseSyncVerb<V extends SyncVerb>(verb: V, data: unknown): SyncVerbParse<V> {
  const r = (SYNC_VERB_SCHEMAS[verb] as z.ZodType).safeParse(data ?? {});
  if (!r.success) return { ok: false, issues: r.error.issues.map((i) => `${i.path.join(".") || "data"}: ${i.message}`) };
  return { ok: true, data: r.data as SyncVerbData<V> };
}

/** What a card carries for an action: the verb itself (for the Action.Submit fallback) plus its data. */
export interface SyncActionView<V extends SyncVerb = SyncVerb> {
  title: string;
  verb: V;
  data: { verb: V } & SyncVerbData<V>;
}

export function syncAction<V extends SyncVerb>(title: string, verb: V, data: SyncVerbData<V>): SyncActionView<V> {
  return { title, verb, data: { verb, ...data } };
}

export const SYNC_INVALID_ACTION_TEXT = "That button's data is not valid any more. Type **sync status** to see the latest sync.";
