/** The alert cards' Action.Execute verbs and the zod schemas of their data (validated at the edge). Pure. */
import { z } from "zod/v4";

const page = z.preprocess((v) => (typeof v === "string" && /^\d{1,4}$/.test(v) ? Number(v) : v), z.number().int().min(0).max(10_000)).default(0);
const groupId = z.string().regex(/^[A-Za-z0-9._-]{1,200}$/);
const snoozeDays = z.preprocess((v) => (typeof v === "string" && /^\d{1,2}$/.test(v) ? Number(v) : v), z.number().int().min(1).max(30));

export const ALERT_VERB_SCHEMAS = {
  "alert.ack": z.object({ groupId, page }),
  "alert.snooze": z.object({ groupId, page, snoozeDays, snoozeReason: z.string().trim().max(300).optional() }),
  "alert.page": z.object({ groupId, page }),
  "alert.refresh": z.object({ groupId, page }),
  "alerts.inbox": z.object({ page, history: z.boolean().default(false) }),
  "expiring.page": z.object({ page, days: z.preprocess((v) => (typeof v === "string" && /^\d{1,3}$/.test(v) ? Number(v) : v), z.number().int().min(1).max(365)) }),
} as const;
export type AlertVerb = keyof typeof ALERT_VERB_SCHEMAS;
export const ALERT_VERBS = Object.keys(ALERT_VERB_SCHEMAS) as AlertVerb[];
export type AlertVerbData<V extends AlertVerb> = z.output<(typeof ALERT_VERB_SCHEMAS)[V]>;

export function parseAlertVerb<V extends AlertVerb>(verb: V, data: unknown): { ok: true; data: AlertVerbData<V> } | { ok: false; issues: string[] } {
  const r = ALERT_VERB_SCHEMAS[verb].safeParse(data ?? {});
  if (!r.success) return { ok: false, issues: r.error.issues.map((i) => `${i.path.join(".") || "data"}: ${i.message}`) };
  return { ok: true, data: r.data as AlertVerbData<V> };
}
