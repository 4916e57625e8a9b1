/**
 * Pure: one detection pass's decisions. Given what the detectors found and the stored state of every open series
 * (kind + subject), it decides what to send and which states to write:
 * - a series not open yet (or closed before) is sent;
 * - a higher rank than the one sent (30 → 14 days, a new sync cause) is sent again — unless snoozed, then it is
 *   recorded and sent when the snooze ends; a lower rank (an end date moved out) is recorded quietly;
 * - the same threshold is never sent twice, acknowledged or not; a snooze that ended sends it once more;
 * - an open series no longer detected by a detector that ran in this pass is closed; a failed sync whose tenant
 *   synced again is closed with one "recovered" message.
 * Alerts sent in the same pass with the same kind and threshold (cause) are grouped into one card (groupAlerts).
 */
import { alertKey, groupKeyOf, seriesKey, type AlertKind, type AlertTenant, type DetectedAlert } from "./types";
import { recoveredAlert } from "./detectSync";

export interface SeriesState {
  /** seriesKey: kind|subject. */
  id: string;
  kind: AlertKind;
  subject: string;
  threshold: string;
  rank: number;
  status: "open" | "closed";
  openedAt: string;
  lastSentAt?: string;
  closedAt?: string;
  ack?: { by: string; at: string };
  snooze?: { until: string; by: string; reason?: string };
  /** The group (card) it was last sent in. */
  groupId?: string;
  /** The latest detection (what the inbox shows). */
  alert: DetectedAlert;
}

export interface PlanInput {
  detected: readonly DetectedAlert[];
  /** Kinds whose detector ran in this pass: only their open series can close. */
  evaluated: ReadonlySet<AlertKind>;
  /** Stored series (open and closed). */
  states: readonly SeriesState[];
  /** Tenants the latest finished sync synced (recovered failures). */
  healthySync: readonly AlertTenant[];
  now: Date;
}

/** An alert to send, with when its series was last sent (so a re-send after a snooze is a new message id). */
export interface SendItem {
  alert: DetectedAlert;
  previousSentAt?: string;
}

export interface PlanOutput {
  send: SendItem[];
  /** States to write (changed ones only). */
  states: SeriesState[];
}

const snoozed = (s: SeriesState, now: Date): boolean => s.snooze !== undefined && Date.parse(s.snooze.until) > now.getTime();

export function planAlerts(input: PlanInput): PlanOutput {
  const nowIso = input.now.toISOString();
  const byId = new Map(input.states.map((s) => [s.id, s]));
  const send: SendItem[] = [];
  const prev = (s: SeriesState | undefined): { previousSentAt?: string } => (s?.lastSentAt !== undefined ? { previousSentAt: s.lastSentAt } : {});
  const out: SeriesState[] = [];
  const seen = new Set<string>();

  for (const d of input.detected) {
    const id = seriesKey(d);
    if (seen.has(id)) continue; // a detector reporting one series twice: the first one wins
    seen.add(id);
    const s = byId.get(id);
    if (!s || s.status === "closed") {
      send.push({ alert: d, ...prev(s) });
      out.push({ id, kind: d.kind, subject: d.subject, threshold: d.threshold, rank: d.rank, status: "open", openedAt: nowIso, lastSentAt: nowIso, alert: d });
      continue;
    }
    const isSnoozed = snoozed(s, input.now);
    if (d.threshold !== s.threshold && d.rank >= s.rank) {
      if (isSnoozed) {
        out.push({ ...s, threshold: d.threshold, rank: d.rank, alert: d });
        continue;
      }
      send.push({ alert: d, ...prev(s) });
      const { ack: _ack, snooze: _snooze, ...rest } = s;
      out.push({ ...rest, threshold: d.threshold, rank: d.rank, lastSentAt: nowIso, alert: d });
      continue;
    }
    if (d.threshold !== s.threshold) {
      out.push({ ...s, threshold: d.threshold, rank: d.rank, alert: d });
      continue;
    }
    if (s.snooze !== undefined && !isSnoozed) {
      // The snooze ended: once more, as it is now.
      send.push({ alert: d, ...prev(s) });
      const { snooze: _snooze, ack: _ack, ...rest } = s;
      out.push({ ...rest, lastSentAt: nowIso, alert: d });
      continue;
    }
    if (JSON.stringify(s.alert) !== JSON.stringify(d)) out.push({ ...s, alert: d }); // e.g. days left moved within a threshold
  }

  const healthy = new Map(input.healthySync.map((t) => [t.tenantId, t]));
  for (const s of input.states) {
    if (s.status !== "open" || seen.has(s.id) || !input.evaluated.has(s.kind)) continue;
    if (s.kind === "sync.failed") {
      const t = healthy.get(s.subject);
      if (!t) continue; // not in the latest run (excluded, or only others retried): still failed as far as we know
      send.push({ alert: recoveredAlert(t, s.alert.message.replace(/^.*failed: /, "")), ...prev(s) });
    }
    out.push({ ...s, status: "closed", closedAt: nowIso });
  }
  return { send, states: out };
}

export interface AlertGroup {
  /** Deterministic from its alerts' keys (a Cosmos id: letters, digits, `.`, `-`, `_`). */
  id: string;
  kind: AlertKind;
  threshold: string;
  /** Soonest first, then by tenant name. */
  alerts: DetectedAlert[];
}

/** FNV-1a 32-bit, hex: a short stable name for a set of keys. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

const idSafe = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 80);

export function groupAlerts(items: readonly SendItem[]): AlertGroup[] {
  const groups = new Map<string, SendItem[]>();
  for (const i of items) groups.set(groupKeyOf(i.alert), [...(groups.get(groupKeyOf(i.alert)) ?? []), i]);
  return [...groups.values()].map((list) => {
    const keys = list.map((i) => `${alertKey(i.alert)}@${i.previousSentAt ?? ""}`).sort().join("\n");
    const sorted = list.map((i) => i.alert).sort(
      (a, b) => (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity) || (a.tenant?.displayName ?? a.label).localeCompare(b.tenant?.displayName ?? b.label),
    );
    const first = sorted[0];
    return { id: `${idSafe(first.kind)}.${idSafe(first.threshold)}.${shortHash(keys)}`, kind: first.kind, threshold: first.threshold, alerts: sorted };
  });
}
