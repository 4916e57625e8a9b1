/**
 * Wires alerts for the composition root: the repository over `alerts`, detection (after each check through the check
 * job's `onChecked`, after each sync run through the sync's progress events, when a conversation subscribes, at start,
 * and hourly on the scheduler — local mode's scheduler looks at the simulator's clock every few seconds, so moving it
 * fires the time-based alerts within seconds), the service behind the commands and card verbs, and digests.
 *
 *   const alerts = createAlertsFeature({ ... });   // in compose
 *   await alerts.start();                          // loads digests, first detection
 *   ... onChecked: alerts.afterCheck ...           // the check job
 *   await alerts.stop();                           // in dispose
 */
import type { Container } from "@azure/cosmos";
import { alertCard } from "../cards/alertCards";
import { buildAlertView } from "../dialogs/alerts/alertView";
import type { Clock } from "../clock";
import type { Logger } from "../log/logger";
import type { Scheduler } from "../schedule/types";
import { createAlertsRepo, type AlertsRepo } from "../store/alertsRepo";
import type { CheckResultsRepo } from "../store/checkResultsRepo";
import { conversationDocId, type ConversationRefRepository } from "../store/conversationRefs";
import { createLeaseRepo } from "../store/leases";
import type { SettingsRepo } from "../store/settingsRepo";
import type { SyncRunsRepo } from "../store/syncRunsRepo";
import type { SyncService } from "../sync/service";
import type { PartnerSnapshot } from "../domain/snapshot";
import { createAlertDetection, type AlertDetection, type ConversationInfo, type DetectionOutcome } from "./detection";
import { createDigests, type DigestSyncSummary, type Digests } from "./digest";
import type { Outbox } from "./outboxTypes";
import { createAlertsService, type AlertsService } from "./service";

export interface AlertsFeatureDeps {
  containers: { alerts: Container; leases: Container };
  refs: ConversationRefRepository;
  results: CheckResultsRepo;
  settings: SettingsRepo;
  sync: { service: SyncService; runs: SyncRunsRepo };
  outbox: Outbox;
  scheduler: Pick<Scheduler, "set" | "remove">;
  clock: Clock;
  logger: Logger;
  partnerTenantId?: string;
  /** Cron of the time-based detection (default hourly). */
  detectCron?: string;
}

export interface AlertsFeature {
  repo: AlertsRepo;
  service: AlertsService;
  detection: AlertDetection;
  digests: Digests;
  /** The check job's `onChecked`. */
  afterCheck(snapshot: PartnerSnapshot): Promise<DetectionOutcome>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const DETECT_JOB_ID = "alerts.detect";

const CONVERSATION_TYPES = new Set(["personal", "groupChat", "channel"]);

export function createAlertsFeature(deps: AlertsFeatureDeps): AlertsFeature {
  const log = deps.logger.child({ component: "alerts" });
  const repo = createAlertsRepo(deps.containers.alerts);
  const leases = createLeaseRepo(deps.containers.leases, { now: () => deps.clock.now().getTime() });

  const conversations = async (): Promise<ConversationInfo[]> => {
    const out: ConversationInfo[] = [];
    let token: string | undefined;
    do {
      const page = await deps.refs.list({ pageSize: 500, ...(token !== undefined ? { continuationToken: token } : {}) });
      for (const ref of page.items) {
        const t = ref.conversation.conversationType ?? "personal";
        out.push({ conversationKey: conversationDocId(ref.channelId, ref.conversation.id), conversationType: (CONVERSATION_TYPES.has(t) ? t : "personal") as ConversationInfo["conversationType"] });
      }
      token = page.continuationToken;
    } while (token !== undefined);
    return out;
  };

  const latestFinishedRun = async () => {
    const last = (await deps.sync.service.history(10)).find((r) => r.status === "finished");
    if (!last) return undefined;
    const status = await deps.sync.service.status(last.runId);
    return status ? { last, status } : undefined;
  };

  const detection = createAlertDetection({
    repo,
    outbox: deps.outbox,
    conversations,
    latestSync: async () => {
      const r = await latestFinishedRun();
      return r ? { ...(r.status.finishedAt !== undefined ? { finishedAt: r.status.finishedAt } : {}), tenants: r.status.tenants } : undefined;
    },
    syncedTenants: async () => {
      const s = await deps.sync.runs.readSettings();
      return new Set(Object.entries(s?.doc.known ?? {}).filter(([, k]) => k.lastSuccessAt !== undefined).map(([id]) => id.toLowerCase()));
    },
    lifecycleAppId: async () => (deps.partnerTenantId ? (await deps.settings.get(deps.partnerTenantId))?.value.lifecycleAppId : undefined),
    card: (group, alerts) => alertCard(buildAlertView(group, alerts, { page: 0, now: deps.clock.now() })),
    clock: deps.clock,
    logger: deps.logger,
    leases,
  });
  const service = createAlertsService({
    repo,
    detection,
    clock: deps.clock,
    customers: async () => (await deps.results.latestReport())?.customers ?? [],
    installerKey: async () => (await conversations()).find((c) => c.conversationType === "personal")?.conversationKey,
  });

  const digests = createDigests({
    repo,
    outbox: deps.outbox,
    scheduler: deps.scheduler,
    clock: deps.clock,
    logger: deps.logger,
    syncSummary: async (): Promise<DigestSyncSummary | undefined> => {
      const r = await latestFinishedRun();
      if (!r) return undefined;
      const failing = r.status.tenants.filter((t) => t.state === "failed" || t.state === "parked").length;
      return {
        ...(r.status.finishedAt !== undefined ? { finishedAt: r.status.finishedAt } : {}),
        healthy: r.status.tenants.filter((t) => t.state === "done").length,
        failing,
        devices: r.last.summary?.devices ?? 0,
        apps: r.last.summary?.apps ?? 0,
        users: r.last.summary?.users ?? 0,
      };
    },
  });

  const inFlight = new Set<Promise<unknown>>();
  const background = (reason: string): void => {
    const p = detection.detect(reason).catch((error: unknown) => log.error("alert detection failed", { reason, error }));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  let unsubscribe: (() => void) | undefined;
  let stopped = false;

  return {
    repo,
    service,
    detection,
    digests,
    afterCheck: (snapshot) => detection.afterCheck(snapshot),
    async start() {
      deps.scheduler.set({
        id: DETECT_JOB_ID,
        schedule: { cron: deps.detectCron ?? "0 * * * *", timeZone: "UTC" },
        run: async () => {
          await detection.detect("schedule");
        },
      });
      unsubscribe = deps.sync.service.onProgress((p) => {
        if (p.finished && !stopped) background("sync");
      });
      const n = await digests.load();
      log.info("alerts started", { digests: n });
      background("start");
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      deps.scheduler.remove(DETECT_JOB_ID);
      await Promise.allSettled([...inFlight]);
    },
  };
}
