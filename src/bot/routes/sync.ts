/**
 * `sync` in Teams: `sync` / `sync <tenant>` answer at once with the run's progress card, updated in place
 * (syncWatch.ts) until it becomes the summary; a run already going (anyone's, or the schedule's) is joined, not
 * doubled. `sync status`, `sync history`, `sync retry`, `sync exclude|include <tenant>`, `sync excluded`,
 * `sync schedule [<cron> [tz]]`. Card verbs: `sync.status` (Refresh), `sync.page` (failures' pages), `sync.retry`
 * (Retry failed). Mutating actions go through the ActionGuard. Users never see an error's message: a sync that is not
 * set up names the command to run, anything else gets the correlation id.
 */
import { TurnContext } from "botbuilder";
import { syncHistoryCard, syncProgressCard, syncSummaryCard } from "../../cards/syncCards";
import type { AdaptiveCardJson } from "../../cards/render";
import {
  excludedListText,
  excludedTenantText,
  excludedText,
  includedText,
  NO_SYNC_YET_TEXT,
  NOTHING_TO_RETRY_TEXT,
  RUN_GONE_TEXT,
  SCHEDULE_UNAVAILABLE_TEXT,
  SCHEDULE_OFF_TEXT,
  scheduleRefusedText,
  scheduleSetText,
  scheduleText,
  syncActionFailedText,
  syncFailedText,
  syncMicrosoftFailedText,
  syncNotSetUpText,
  tenantAmbiguousText,
  tenantNotFoundText,
} from "../../dialogs/sync/content";
import { parseSyncArgs, type SyncArgs } from "../../dialogs/sync/args";
import { buildSyncHistoryView, buildSyncProgressView, buildSyncSummaryView } from "../../dialogs/sync/view";
import { parseSyncVerb, SYNC_INVALID_ACTION_TEXT, type SyncVerb } from "../../dialogs/sync/verbs";
import { isGuid } from "../../dialogs/guid";
import { matchTenant, type TenantRef } from "../../dialogs/tenantMatch";
import { MicrosoftError } from "../../graph/errors";
import { SyncNotSetUpError } from "../../jobs/syncCredentials";
import type { Logger } from "../../log/logger";
import type { CronSchedule } from "../../schedule/types";
import type { StartResult, SyncService, SyncStatus, SyncTrigger } from "../../sync/service";
import { openGuard, type ActionGuard } from "../guard";
import type { CardSender } from "../proactive";
import type { RouteModule, Turn } from "../router";
import { correlationIdOf } from "../turnLog";
import { createSyncWatch, type IntervalTimers, type SyncWatch } from "./syncWatch";
import { actorName } from "./setup";

/** The `sync schedule` backend (src/sync/syncSchedule.ts, `services.schedules.sync`, fits as is). */
export interface SyncScheduleBackend {
  get(): Promise<CronSchedule & { enabled?: boolean }>;
  /** `error`: what is wrong, in words for people (shown as is). */
  set(s: { cron: string; timeZone?: string }, by?: string): Promise<{ ok: true } | { ok: false; error: string }>;
  /** `sync schedule off`; without it that form is answered as not available. */
  disable?(by?: string): Promise<unknown>;
  next(): Date | undefined;
}

export type SyncServiceApi = Pick<SyncService, "startSync" | "status" | "history" | "retryFailed" | "exclude" | "include" | "excluded" | "onProgress">;

export interface SyncRoutesDeps {
  service: SyncServiceApi;
  cards: CardSender;
  logger: Logger;
  /** The tenants a query can name (latest check's customers, tenants the sync knows). */
  tenants(): Promise<TenantRef[]>;
  guard?: ActionGuard;
  schedule?: SyncScheduleBackend;
  /** Cards are updated at most this often (default 3 s). */
  updateEveryMs?: number;
  timers?: IntervalTimers;
  /** Replaces the watcher built from the above (tests drive its ticks). */
  watch?: SyncWatch;
}

/** Pure: the card of a run as it stands: its progress while running, else its summary (page `page` of its failures). */
export function syncStatusCard(s: SyncStatus, opts: { joined?: boolean; page?: number } = {}): AdaptiveCardJson {
  return s.status === "finished" ? syncSummaryCard(buildSyncSummaryView(s, { page: opts.page ?? 0 })) : syncProgressCard(buildSyncProgressView(s, { joined: opts.joined === true }));
}

type Resolved = { ok: true; tenant: TenantRef } | { ok: false; text: string };

/** Pure: the one tenant `query` names among `tenants`, or what to say. */
export function resolveTenant(query: string, tenants: readonly TenantRef[], suggestion?: string): Resolved {
  const m = matchTenant(query, tenants);
  if (m.kind === "one") return { ok: true, tenant: m.match };
  if (m.kind === "several") return { ok: false, text: tenantAmbiguousText(query, m.candidates) };
  if (isGuid(query.trim())) return { ok: true, tenant: { tenantId: query.trim().toLowerCase(), displayName: query.trim().toLowerCase(), domain: null } };
  return { ok: false, text: tenantNotFoundText(query, m.closest, suggestion) };
}

export interface SyncFeature {
  routes: RouteModule;
  /**
   * The MEM wizard's last step: starts the first full sync (trigger "wizard") in the background and posts its
   * progress card in that conversation (proactively: the wizard's turn is answered at once), updated in place.
   * Never rejects (failures are logged); callers do not wait for it (`void`).
   */
  startFromWizard(turn: Turn): Promise<void>;
}

export function syncRoutes(deps: SyncRoutesDeps): RouteModule {
  return createSyncFeature(deps).routes;
}

export function createSyncFeature(deps: SyncRoutesDeps): SyncFeature {
  const guard = deps.guard ?? openGuard;
  const watch =
    deps.watch ??
    createSyncWatch({
      status: (id) => deps.service.status(id),
      onProgress: (l) => deps.service.onProgress(l),
      cards: deps.cards,
      logger: deps.logger,
      render: (s, v) => syncStatusCard(s, v),
      ...(deps.updateEveryMs !== undefined ? { everyMs: deps.updateEveryMs } : {}),
      ...(deps.timers ? { timers: deps.timers } : {}),
    });

  const triggerOf = (turn: Turn, kind: SyncTrigger["kind"]): SyncTrigger => {
    const by = actorName(turn.ctx.activity);
    return { kind, ...(by !== undefined ? { by } : {}) };
  };

  /** What to say when something threw: never its message. */
  const failureText = (turn: Turn, err: unknown, what: string): string => {
    if (err instanceof SyncNotSetUpError) {
      turn.log.warn("sync is not set up", { missing: err.missing });
      return syncNotSetUpText(err.missing);
    }
    const correlationId = correlationIdOf(turn.ctx, turn.log);
    if (err instanceof MicrosoftError) {
      turn.log.warn(`sync: could not ${what}`, { code: err.code, service: err.service, correlationId });
      return syncMicrosoftFailedText(err.code, correlationId);
    }
    turn.log.error(`sync: could not ${what}`, { error: err, correlationId });
    return what === "start the sync" ? syncFailedText(correlationId) : syncActionFailedText(what, correlationId);
  };

  const say = (turn: Turn, card: AdaptiveCardJson | string): Promise<void> => (typeof card === "string" ? turn.say(card) : turn.sendCard(card));

  /** Posts the run's card here and keeps it updated while the run goes on. */
  const postWatched = async (turn: Turn, started: StartResult): Promise<void> => {
    const status = await deps.service.status(started.runId);
    if (!status) {
      await turn.say(NO_SYNC_YET_TEXT);
      return;
    }
    const card = syncStatusCard(status, { joined: started.alreadyRunning });
    const sent = await turn.ctx.sendActivity({ type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: card }] });
    if (status.status === "running" && sent?.id !== undefined) {
      watch.watch(status.runId, { ref: TurnContext.getConversationReference(turn.ctx.activity), activityId: sent.id, joined: started.alreadyRunning });
    }
  };

  /** The clicked card (Action.Execute) is replaced by the run's card, and kept updated. */
  const replaceWatched = (turn: Turn, status: SyncStatus, opts: { joined?: boolean; page?: number } = {}): AdaptiveCardJson => {
    const replyToId = turn.ctx.activity.replyToId;
    if (status.status === "running" && replyToId !== undefined) {
      watch.watch(status.runId, { ref: TurnContext.getConversationReference(turn.ctx.activity), activityId: replyToId, ...(opts.joined !== undefined ? { joined: opts.joined } : {}) });
    }
    return syncStatusCard(status, opts);
  };

  const withTenant = async (query: string, suggestion?: string): Promise<Resolved> => resolveTenant(query, await deps.tenants(), suggestion);

  const start = async (turn: Turn, tenant: string | null, suggestion?: string): Promise<void> => {
    let tenantIds: string[] | undefined;
    let target: string | undefined;
    if (tenant !== null) {
      const r = await withTenant(tenant, suggestion);
      if (!r.ok) return turn.say(r.text);
      if ((await deps.service.excluded()).includes(r.tenant.tenantId.toLowerCase())) return turn.say(excludedTenantText(r.tenant));
      tenantIds = [r.tenant.tenantId];
      target = r.tenant.tenantId;
    }
    const g = await guard.mutate(turn, { action: "sync.start", ...(target !== undefined ? { target } : {}) }, () =>
      deps.service.startSync({ trigger: triggerOf(turn, "manual"), ...(tenantIds ? { tenantIds } : {}) }),
    );
    if (!g.ok) return turn.say(g.message);
    await postWatched(turn, g.value);
  };

  const retry = async (turn: Turn): Promise<StartResult | string | undefined> => {
    const g = await guard.mutate(turn, { action: "sync.retry" }, () => deps.service.retryFailed(triggerOf(turn, "retry")));
    if (!g.ok) return g.message;
    return g.value;
  };

  const exclusion = async (turn: Turn, kind: "exclude" | "include", query: string): Promise<string> => {
    const r = await withTenant(query);
    if (!r.ok) return r.text;
    const id = r.tenant.tenantId;
    const g = await guard.mutate(turn, { action: `sync.${kind}`, target: id }, () => (kind === "exclude" ? deps.service.exclude(id) : deps.service.include(id)));
    if (!g.ok) return g.message;
    return kind === "exclude" ? excludedText(r.tenant) : includedText(r.tenant);
  };

  const schedule = async (turn: Turn, s: CronSchedule | null | "off"): Promise<string> => {
    const backend = deps.schedule;
    if (!backend) return SCHEDULE_UNAVAILABLE_TEXT;
    if (s === null) return scheduleText(await backend.get(), backend.next());
    const by = actorName(turn.ctx.activity);
    if (s === "off") {
      const disable = backend.disable?.bind(backend);
      if (!disable) return SCHEDULE_UNAVAILABLE_TEXT;
      const g = await guard.mutate(turn, { action: "sync.schedule", details: { enabled: false } }, () => disable(by));
      return g.ok ? SCHEDULE_OFF_TEXT : g.message;
    }
    const g = await guard.mutate(turn, { action: "sync.schedule", details: { cron: s.cron, timeZone: s.timeZone } }, () => backend.set(s, by));
    if (!g.ok) return g.message;
    if (!g.value.ok) return scheduleRefusedText(g.value.error);
    return scheduleSetText(s, backend.next());
  };

  const run = async (turn: Turn, args: SyncArgs): Promise<void> => {
    switch (args.kind) {
      case "start":
        return start(turn, args.tenant, args.suggestion);
      case "status": {
        const s = await deps.service.status();
        if (!s) return turn.say(NO_SYNC_YET_TEXT);
        return postWatched(turn, { runId: s.runId, alreadyRunning: false });
      }
      case "history":
        return turn.sendCard(syncHistoryCard(buildSyncHistoryView(await deps.service.history(10))));
      case "retry": {
        const r = await retry(turn);
        if (r === undefined) return turn.say(NOTHING_TO_RETRY_TEXT);
        if (typeof r === "string") return turn.say(r);
        return postWatched(turn, r);
      }
      case "exclude":
      case "include":
        return turn.say(await exclusion(turn, args.kind, args.tenant));
      case "excluded": {
        const [ids, known] = await Promise.all([deps.service.excluded(), deps.tenants()]);
        const names = new Map(known.map((t) => [t.tenantId.toLowerCase(), t.displayName]));
        return turn.say(excludedListText(ids.map((id) => ({ tenantId: id, ...(names.has(id) ? { displayName: names.get(id) } : {}) }))));
      }
      case "schedule":
        return turn.say(await schedule(turn, args.schedule));
    }
  };

  const WHAT: Record<SyncArgs["kind"], string> = {
    start: "start the sync",
    status: "read the sync's status",
    history: "read the sync history",
    retry: "retry the failed tenants",
    exclude: "exclude that tenant",
    include: "include that tenant",
    excluded: "read the exclusion list",
    schedule: "read or change the sync schedule",
  };

  const verbData = <V extends SyncVerb>(turn: Turn, verb: V, data: Record<string, unknown>) => {
    const p = parseSyncVerb(verb, data);
    if (!p.ok) turn.log.warn(`invalid ${verb} data`, { issues: p.issues });
    return p.ok ? p.data : undefined;
  };

  /** Action.Execute: the card that replaces the clicked one (or a short message). */
  const executeVerb = async (turn: Turn, verb: SyncVerb, data: Record<string, unknown>): Promise<AdaptiveCardJson | string> => {
    try {
      switch (verb) {
        case "sync.status":
        case "sync.page": {
          const d = verbData(turn, verb, data);
          if (!d) return SYNC_INVALID_ACTION_TEXT;
          const s = await deps.service.status(d.runId);
          if (!s) return RUN_GONE_TEXT;
          return replaceWatched(turn, s, { page: "page" in d ? d.page : 0 });
        }
        case "sync.retry": {
          const d = verbData(turn, verb, data);
          if (!d) return SYNC_INVALID_ACTION_TEXT;
          const r = await retry(turn);
          if (r === undefined) return NOTHING_TO_RETRY_TEXT;
          if (typeof r === "string") return r;
          const s = await deps.service.status(r.runId);
          if (!s) return RUN_GONE_TEXT;
          return replaceWatched(turn, s, { joined: r.alreadyRunning });
        }
      }
    } catch (err) {
      return failureText(turn, err, verb === "sync.retry" ? "retry the failed tenants" : "read the sync's status");
    }
  };

  const startFromWizard = (turn: Turn): Promise<void> => {
    const ref = TurnContext.getConversationReference(turn.ctx.activity);
    const log = turn.log;
    const trigger = triggerOf(turn, "wizard");
    return (async () => {
      try {
        const g = await guard.mutate(turn, { action: "sync.start", details: { trigger: "wizard" } }, () => deps.service.startSync({ trigger }));
        if (!g.ok) return;
        const status = await deps.service.status(g.value.runId);
        if (!status) return;
        const id = await deps.cards.sendCard(ref, syncStatusCard(status, { joined: g.value.alreadyRunning }));
        if (status.status === "running" && id !== undefined) watch.watch(status.runId, { ref, activityId: id, joined: g.value.alreadyRunning });
        log.info("first sync started after the MEM setup", { runId: g.value.runId, alreadyRunning: g.value.alreadyRunning });
      } catch (err) {
        if (err instanceof SyncNotSetUpError) log.warn("the first sync after the MEM setup could not start: not set up", { missing: err.missing });
        else if (err instanceof MicrosoftError) log.warn("the first sync after the MEM setup could not start", { code: err.code, service: err.service });
        else log.error("the first sync after the MEM setup could not start", { error: err });
      }
    })();
  };

  const routes: RouteModule = (r) => {
    r.command("sync", async (turn, command) => {
      const parsed = parseSyncArgs(command.args, typeof turn.ctx.activity.text === "string" ? turn.ctx.activity.text : undefined);
      if (!parsed.ok) return turn.say(parsed.usage);
      try {
        await run(turn, parsed.args);
      } catch (err) {
        await turn.say(failureText(turn, err, WHAT[parsed.args.kind]));
      }
    });
    for (const verb of ["sync.status", "sync.page", "sync.retry"] as const) {
      r.execute(verb, (turn, data) => executeVerb(turn, verb, data));
    }
    // Action.Submit fallbacks (clients without Action.Execute): the card is posted, not replaced.
    r.submit("sync.status", async (turn, data) => {
      const d = verbData(turn, "sync.status", data);
      if (!d) return turn.say(SYNC_INVALID_ACTION_TEXT);
      try {
        await postWatched(turn, { runId: d.runId, alreadyRunning: false });
      } catch (err) {
        await turn.say(failureText(turn, err, "read the sync's status"));
      }
    });
    r.submit("sync.page", async (turn, data) => {
      const d = verbData(turn, "sync.page", data);
      if (!d) return turn.say(SYNC_INVALID_ACTION_TEXT);
      try {
        const s = await deps.service.status(d.runId);
        if (!s) return turn.say(RUN_GONE_TEXT);
        if (s.status === "running") return postWatched(turn, { runId: s.runId, alreadyRunning: false });
        await say(turn, syncStatusCard(s, { page: d.page }));
      } catch (err) {
        await turn.say(failureText(turn, err, "read the sync's status"));
      }
    });
    r.submit("sync.retry", async (turn, data) => {
      if (!verbData(turn, "sync.retry", data)) return turn.say(SYNC_INVALID_ACTION_TEXT);
      try {
        const res = await retry(turn);
        if (res === undefined) return turn.say(NOTHING_TO_RETRY_TEXT);
        if (typeof res === "string") return turn.say(res);
        await postWatched(turn, res);
      } catch (err) {
        await turn.say(failureText(turn, err, "retry the failed tenants"));
      }
    });
  };
  return { routes, startFromWizard };
}

/** The tenants `sync <query>` can name: the latest check's customers, then those the sync has seen (by tenant id). */
export function syncTenantsFrom(
  results: { latestReport(): Promise<{ customers: readonly TenantRef[] } | undefined> },
  runs: { readSettings(): Promise<{ doc: { known: Record<string, { displayName: string }> } } | undefined> },
): () => Promise<TenantRef[]> {
  return async () => {
    const [report, settings] = await Promise.all([results.latestReport(), runs.readSettings()]);
    const byId = new Map<string, TenantRef>();
    for (const c of report?.customers ?? []) byId.set(c.tenantId.toLowerCase(), { tenantId: c.tenantId.toLowerCase(), displayName: c.displayName, domain: c.domain });
    for (const [id, k] of Object.entries(settings?.doc.known ?? {})) {
      if (!byId.has(id.toLowerCase())) byId.set(id.toLowerCase(), { tenantId: id.toLowerCase(), displayName: k.displayName, domain: null });
    }
    return [...byId.values()];
  };
}
