/**
 * Digests: one scheduled job per conversation with a digest (`digest.<conversationKey>`, node-cron in its IANA time
 * zone through src/schedule), which builds the digest card and enqueues it in the outbox with the id
 * `digest:<conversationKey>:<slot>` (a slot posts once, whatever the retries). Nothing to report → the "all quiet"
 * card, or nothing when the subscription says `quiet`. The totals are remembered for the next digest's change.
 */
import { digestCard } from "../cards/alertCards";
import type { Clock } from "../clock";
import { digestCron } from "../dialogs/alerts/args";
import { buildDigestView } from "../dialogs/alerts/digestView";
import { expiringItems } from "../dialogs/alerts/expiringView";
import type { Logger } from "../log/logger";
import type { Scheduler } from "../schedule/types";
import type { AlertsRepo } from "../store/alertsRepo";
import type { Outbox } from "./outboxTypes";

export interface DigestSyncSummary {
  finishedAt?: string;
  healthy: number;
  failing: number;
  devices: number;
  apps: number;
  users: number;
}

export interface DigestDeps {
  repo: AlertsRepo;
  outbox: Outbox;
  scheduler: Pick<Scheduler, "set" | "remove">;
  /** The latest finished sync run, summarized. */
  syncSummary: () => Promise<DigestSyncSummary | undefined>;
  clock: Clock;
  logger: Logger;
}

export interface Digests {
  /** Schedules every stored digest (at start). */
  load(): Promise<number>;
  /** Re-reads one conversation's digest and (re)schedules or removes it. */
  changed(conversationKey: string): Promise<void>;
  /** Builds and enqueues one conversation's digest for `slot`; false when nothing was posted. */
  post(conversationKey: string, slot: Date): Promise<boolean>;
}

export const digestJobId = (conversationKey: string): string => `digest.${conversationKey}`;

export function createDigests(deps: DigestDeps): Digests {
  const log = deps.logger.child({ component: "digest" });

  const post = async (conversationKey: string, slot: Date): Promise<boolean> => {
    const sub = await deps.repo.readSubscription(conversationKey);
    const d = sub?.digest;
    if (!sub || !d) return false;
    const now = deps.clock.now();
    const [facts, sync, series] = await Promise.all([deps.repo.readFacts(), deps.syncSummary(), deps.repo.listSeries()]);
    const input = {
      cadence: d.cadence,
      now,
      ...(sync ? { sync } : {}),
      ...(d.last ? { previous: d.last } : {}),
      expiring: facts ? expiringItems(facts, now, 30) : [],
      problems: series.filter((s) => s.status === "open" && s.alert.severity !== "info" && !s.ack).map((s) => s.alert),
    };
    const view = buildDigestView(input);
    if (view.quiet && d.skipQuiet) {
      log.info("digest skipped: all quiet", { conversationKey });
      return false;
    }
    await deps.outbox.enqueue([
      { id: `digest:${conversationKey}:${slot.toISOString()}`, conversationKey, kind: "digest", card: digestCard(view), subject: digestJobId(conversationKey), createdAt: now.toISOString() },
    ]);
    if (sync) await deps.repo.saveSubscription({ ...sub, digest: { ...d, last: { at: now.toISOString(), devices: sync.devices, apps: sync.apps, users: sync.users } } });
    log.info("digest enqueued", { conversationKey, slot: slot.toISOString(), quiet: view.quiet });
    return true;
  };

  const schedule = (conversationKey: string, d: { cadence: "daily" | "weekly"; time: string; timeZone: string } | undefined): void => {
    if (!d) {
      deps.scheduler.remove(digestJobId(conversationKey));
      return;
    }
    deps.scheduler.set({
      id: digestJobId(conversationKey),
      schedule: { cron: digestCron(d.cadence, d.time), timeZone: d.timeZone },
      run: async (slot) => {
        await post(conversationKey, slot);
      },
    });
  };

  return {
    post,
    async load() {
      const subs = await deps.repo.listSubscriptions();
      let n = 0;
      for (const s of subs) {
        if (!s.digest) continue;
        schedule(s.conversationKey, s.digest);
        n++;
      }
      return n;
    },
    async changed(conversationKey) {
      const s = await deps.repo.readSubscription(conversationKey);
      schedule(conversationKey, s?.digest);
    },
  };
}
