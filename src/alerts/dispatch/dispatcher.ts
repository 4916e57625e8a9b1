/**
 * The outbox dispatcher: delivers the outbox's messages (src/store/outboxRepo.ts) to their Teams conversations
 * through a DeliveryPort (src/bot/delivery.ts), within Teams' limits.
 *
 * - Work is found by listing the open messages of each shard at start (and as a safety net every `rescanEveryMs`,
 *   for takeovers after another instance crashed); a message enqueued here wakes the loop at once. No polling loop:
 *   between events the loop sleeps (injected `sleep`) exactly until the next message becomes sendable.
 * - Pacing (pure, ./pacer.ts): one attempt at a time per conversation, in creation order; each attempt counted in
 *   the conversation's windows (7/1 s, 8/2 s, 60/30 s, 1,800/h) and its tenant's (50/s per app per tenant) before it
 *   is made. Limits are per instance: several instances share the work (each message goes to the one that claims
 *   it) and with it, roughly, the budget; Teams' 429s (honoured) cover the rest.
 * - Exactly one sender: a message is claimed by a conditional replace on its `_etag` with an expiry (`claimTtlMs`);
 *   a lost race (412) drops it here. The claim is made when the message is due, ahead of its pacing slot (at most
 *   MAX_CLAIMED_AHEAD waiting), so the slot is spent by the Teams request itself, not by Cosmos latency. A crash between claim and send leaves the claim to expire, then the message is
 *   open again and sent again: delivery is at-least-once.
 * - Refusals (./retry.ts): 429 Retry-After, 412/502/503/504 jittered backoff (the message goes back to pending with a
 *   later `dueAt`), 403 MessageWritesBlocked / 404 mark the conversation inactive and skip its open messages.
 */
import type { Clock } from "../../clock";
import type { Logger } from "../../log/logger";
import { metrics, type Metrics } from "../../log/metrics";
import type { ConversationDeliveryRefs, StoredConversationRef } from "../../store/conversationRefs";
import { ALL_SHARDS, type OutboxDoc, type OutboxRepo } from "../../store/outboxRepo";
import type { Outbox, OutgoingMessage } from "../outboxTypes";
import { DEFAULT_MARGIN_MS, slidingWindows, TEAMS_CONVERSATION_LIMITS, TEAMS_TENANT_LIMITS, type WindowLimit } from "./pacer";
import { failureOf, type DeliveryPort } from "./port";
import { decideRetry, DEFAULT_RETRY, type RetryPolicy } from "./retry";

export interface DispatcherDeps {
  repo: OutboxRepo;
  refs: ConversationDeliveryRefs;
  port: DeliveryPort;
  clock: Clock;
  logger: Logger;
  /** Waits `ms` (or until `signal` aborts). Default: a timer. Tests pass one that moves a manual clock. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  /** This instance's claim owner id. */
  owner?: string;
  claimTtlMs?: number;
  /** Sends in flight at most. */
  concurrency?: number;
  rescanEveryMs?: number;
  limits?: { conversation?: readonly WindowLimit[]; tenant?: readonly WindowLimit[]; marginMs?: number };
  retry?: RetryPolicy;
  /** Where deliveries and failures are counted (default: the product's metrics). */
  metrics?: Pick<Metrics, "alertSent" | "alertFailed">;
}

export interface DispatcherStats {
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
  lostClaims: number;
  inactiveConversations: number;
}

export interface Dispatcher extends Outbox {
  /** Starts the loop (lists open messages first). Idempotent. */
  start(): void;
  /** Stops after the sends in flight; idempotent. */
  stop(): Promise<void>;
  /** Resolves once nothing is queued or in flight here (tests, the benchmark). */
  idle(): Promise<void>;
  stats(): DispatcherStats;
}

/** Conversation references read at once at most (they are read once per conversation, then kept). */
const LOAD_CONCURRENCY = 16;
/** Claims in flight at most, and queue heads claimed ahead of their pacing slot at most (2 s of a tenant's budget). */
const CLAIM_CONCURRENCY = 16;
const MAX_CLAIMED_AHEAD = 100;
/** After a failed store step, list the outbox again this soon. */
const RECOVER_AFTER_MS = 5_000;

type Meta = { kind: "active"; ref: StoredConversationRef; tenant: string } | { kind: "gone"; reason: string };

const defaultSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, Math.max(0, Math.min(ms, 2_147_483_647)));
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });

function order(a: OutboxDoc, b: OutboxDoc): number {
  return a.message.createdAt < b.message.createdAt ? -1 : a.message.createdAt > b.message.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { repo, refs, port, clock, logger } = deps;
  const sleep = deps.sleep ?? defaultSleep;
  const random = deps.random ?? Math.random;
  const owner = deps.owner ?? `dispatcher-${Math.random().toString(36).slice(2, 10)}`;
  const claimTtlMs = deps.claimTtlMs ?? 60_000;
  const concurrency = Math.max(1, deps.concurrency ?? 32);
  const rescanEveryMs = deps.rescanEveryMs ?? 5 * 60_000;
  const margin = deps.limits?.marginMs ?? DEFAULT_MARGIN_MS;
  const convWindows = slidingWindows(deps.limits?.conversation ?? TEAMS_CONVERSATION_LIMITS, margin);
  const tenantWindows = slidingWindows(deps.limits?.tenant ?? TEAMS_TENANT_LIMITS, margin);
  const retryPolicy = deps.retry ?? DEFAULT_RETRY;
  const now = (): number => clock.now().getTime();

  const queues = new Map<string, OutboxDoc[]>();
  const known = new Set<string>();
  const metas = new Map<string, Meta>();
  const loading = new Set<string>();
  const busy = new Set<string>();
  const tasks = new Set<Promise<void>>();
  const stats: DispatcherStats = { sent: 0, retried: 0, failed: 0, skipped: 0, lostClaims: 0, inactiveConversations: 0 };
  const meter = deps.metrics ?? metrics;
  let running: Promise<void> | undefined;
  let stopped = false;
  let wakeCtl = new AbortController();
  let nextRescan = Number.POSITIVE_INFINITY;
  let idleWaiters: (() => void)[] = [];

  const wake = (): void => wakeCtl.abort();
  const track = (p: Promise<void>): void => {
    tasks.add(p);
    void p.finally(() => {
      tasks.delete(p);
      wake();
    });
  };
  const queued = (): number => {
    let n = 0;
    for (const q of queues.values()) n += q.length;
    return n;
  };
  /** Messages dropped from memory after a failed store step, until the next listing brings them back. */
  const orphans = new Set<string>();
  const isIdle = (): boolean => tasks.size === 0 && loading.size === 0 && orphans.size === 0 && queued() === 0;
  /** Send tasks in flight, and claims (reference loads are bounded apart). */
  let sending = 0;
  let claiming = 0;

  const add = (doc: OutboxDoc): void => {
    if (known.has(doc.id)) return;
    known.add(doc.id);
    const key = doc.message.conversationKey;
    const q = queues.get(key) ?? [];
    q.push(doc);
    q.sort(order);
    queues.set(key, q);
  };
  const forget = (doc: OutboxDoc): void => {
    known.delete(doc.id);
  };

  /** When the head of a queue may be sent: its due time, or when another instance's claim on it expires. */
  const readyAt = (doc: OutboxDoc): number => (doc.state === "claimed" && doc.claim && doc.claim.owner !== owner ? Math.max(doc.dueAt, doc.claim.until) : doc.dueAt);

  const rescan = async (): Promise<void> => {
    nextRescan = now() + rescanEveryMs;
    for (const shard of ALL_SHARDS) {
      for (const doc of await repo.listOpen(shard)) add(doc);
    }
    // What was orphaned is either open again (added above) or finished.
    orphans.clear();
  };

  const metaOf = (found: { ref: StoredConversationRef; inactive?: { reason: string } } | undefined): Meta =>
    !found
      ? { kind: "gone", reason: "conversation unknown (uninstalled)" }
      : found.inactive
        ? { kind: "gone", reason: found.inactive.reason }
        : { kind: "active", ref: found.ref, tenant: (found.ref.conversation.tenantId ?? "unknown").toLowerCase() };

  /** Reads the references of every queued conversation not known yet, 100 per query, when the store can. */
  const loadMany = (): boolean => {
    const getByKeys = refs.getByKeys?.bind(refs);
    if (!getByKeys || loading.size > 0) return false;
    const keys = [...queues.keys()].filter((k) => !metas.has(k)).slice(0, 1000);
    if (keys.length < 2) return false;
    for (const k of keys) loading.add(k);
    track(
      (async () => {
        try {
          const found = await getByKeys(keys);
          for (const k of keys) metas.set(k, metaOf(found.get(k)));
        } catch (e) {
          logger.warn("outbox: could not read conversation references; will retry", { error: e instanceof Error ? e.name : "unknown" });
          await sleep(1_000, new AbortController().signal);
        } finally {
          for (const k of keys) loading.delete(k);
        }
      })(),
    );
    return true;
  };

  const load = (key: string): void => {
    if (loading.has(key) || loading.size >= LOAD_CONCURRENCY) return;
    if (loadMany()) return;
    loading.add(key);
    track(
      (async () => {
        try {
          metas.set(key, metaOf(await refs.getByKey(key)));
        } catch (e) {
          logger.warn("outbox: could not read a conversation reference; will retry", { conversationKey: key, error: e instanceof Error ? e.name : "unknown" });
          // Leave it unloaded: the next pass tries again after a short pause.
          await sleep(1_000, new AbortController().signal);
        } finally {
          loading.delete(key);
        }
      })(),
    );
  };

  const skipAll = (key: string, reason: string): void => {
    const q = queues.get(key) ?? [];
    queues.delete(key);
    busy.add(key);
    track(
      (async () => {
        try {
          let n = 0;
          for (const d of q) if (await repo.skip(d, reason)) n++;
          stats.skipped += n;
          logger.info("outbox: conversation inactive, its messages skipped", { conversationKey: key, skipped: n, reason });
        } catch (e) {
          logger.warn("outbox: could not skip the messages of an inactive conversation", { conversationKey: key, error: e instanceof Error ? e.name : "unknown" });
        } finally {
          for (const d of q) forget(d);
          busy.delete(key);
        }
      })(),
    );
  };

  /** Claims the head of a conversation's queue ahead of its send (not paced: claims are not Teams requests). */
  const claimAhead = async (doc: OutboxDoc, key: string): Promise<void> => {
    const claimed = await repo.claim(doc, owner, now() + claimTtlMs);
    const q = queues.get(key);
    if (!claimed) {
      // Someone else changed it (another instance claimed or finished it): it is theirs.
      stats.lostClaims++;
      if (q?.[0]?.id === doc.id) q.shift();
      forget(doc);
      return;
    }
    if (q?.[0]?.id === doc.id) q[0] = claimed;
  };

  /** Sends a message this instance has claimed, and records the outcome. */
  const sendOne = async (claimed: OutboxDoc, meta: Extract<Meta, { kind: "active" }>): Promise<void> => {
    const doc = claimed;
    const key = doc.message.conversationKey;
    const log = logger.child({ outboxId: doc.message.id, conversationKey: key, kind: doc.message.kind });
    let outcome: Parameters<OutboxRepo["finish"]>[1];
    let inactive: string | undefined;
    try {
      const r = await port.send(meta.ref, claimed.message.card, { newThread: claimed.message.newThread === true });
      outcome = { state: "sent", at: now(), ...(r.activityId !== undefined ? { activityId: r.activityId } : {}) };
    } catch (err) {
      const f = failureOf(err);
      const d = decideRetry(f, claimed.attempts, random, retryPolicy);
      if (d.action === "retry") outcome = { state: "pending", dueAt: now() + d.delayMs, error: d.reason };
      else if (d.action === "inactive") {
        outcome = { state: "skipped", error: d.reason };
        inactive = d.reason;
      } else outcome = { state: "failed", error: d.reason };
      if (d.action === "retry") log.debug("outbox: send refused, retrying", { reason: d.reason, delayMs: d.delayMs, attempt: claimed.attempts });
      else log.warn(d.action === "inactive" ? "outbox: conversation refused the bot; marked inactive" : "outbox: message failed", { reason: d.reason, attempt: claimed.attempts });
    }
    // The send happened (or was refused): record it, retrying a failing store a little before giving up (then the
    // claim expires and the message is sent again: at-least-once).
    let finished: OutboxDoc | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        finished = await repo.finish(claimed, outcome);
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
        await sleep(200 * attempt, new AbortController().signal);
      }
    }
    if (!finished) {
      stats.lostClaims++;
      log.warn("outbox: our claim expired before the outcome was recorded (another instance may send it again)");
      forget(doc);
      return;
    }
    if (outcome.state === "sent") {
      stats.sent++;
      meter.alertSent({ kind: doc.message.kind });
    } else if (outcome.state === "failed") {
      stats.failed++;
      meter.alertFailed({ kind: doc.message.kind, reason: outcome.error });
    }
    else if (outcome.state === "skipped") stats.skipped++;
    if (outcome.state === "pending") {
      stats.retried++;
      known.delete(doc.id);
      add(finished);
    } else forget(doc);
    if (inactive !== undefined) {
      metas.set(key, { kind: "gone", reason: inactive });
      stats.inactiveConversations++;
      await refs.markInactive(key, inactive);
    }
  };

  /** Cosmos failed while claiming or recording: list again shortly; the message comes back from there (claimed by us:
   * at once; its outcome recorded meanwhile: done). */
  const recover = (doc: OutboxDoc, e: unknown): void => {
    logger.warn("outbox: a delivery step failed; the message will be retried", {
      outboxId: doc.message.id,
      error: e instanceof Error ? e.name : "unknown",
      status: typeof e === "object" && e !== null && "code" in e ? String(e.code) : undefined,
    });
    const q = queues.get(doc.message.conversationKey);
    if (q?.[0]?.id === doc.id) q.shift();
    forget(doc);
    orphans.add(doc.id);
    nextRescan = Math.min(nextRescan, now() + RECOVER_AFTER_MS);
  };
  /** Queue heads this instance holds a claim on, waiting for their pacing slot. */
  const claimedAhead = (): number => {
    let n = 0;
    for (const q of queues.values()) if (q[0]?.state === "claimed" && q[0].claim?.owner === owner) n++;
    return n;
  };

  /** Starts every send that may go now; returns when the next one may (Infinity: only an event can make one). */
  const pump = (t: number): number => {
    let next = Number.POSITIVE_INFINITY;
    // One tenant-window look-up per tenant per pass: a saturated tenant is skipped cheaply.
    const tenantAt = new Map<string, number>();
    for (const [key, q] of queues) {
      if (sending >= concurrency) return next;
      if (busy.has(key)) continue;
      const head = q[0];
      if (!head) {
        queues.delete(key);
        continue;
      }
      const meta = metas.get(key);
      if (!meta) {
        load(key);
        continue;
      }
      if (meta.kind === "gone") {
        skipAll(key, meta.reason);
        continue;
      }
      // First the claim (ahead of the pacing slot, so the slot is used by the request itself, not by Cosmos
      // latency); a claim of ours about to expire is renewed the same way.
      const mine = head.state === "claimed" && head.claim?.owner === owner && head.claim.until - t > claimTtlMs / 3;
      if (!mine) {
        const due = readyAt(head);
        if (due > t) {
          next = Math.min(next, due);
          continue;
        }
        if (claiming >= CLAIM_CONCURRENCY || claimedAhead() >= MAX_CLAIMED_AHEAD) continue; // a completion wakes the loop
        busy.add(key);
        claiming++;
        track(
          claimAhead(head, key)
            .catch((e: unknown) => recover(head, e))
            .finally(() => {
              busy.delete(key);
              claiming--;
            }),
        );
        continue;
      }
      if (sending >= concurrency) continue;
      let tenantNext = tenantAt.get(meta.tenant);
      if (tenantNext === undefined) {
        tenantNext = tenantWindows.nextAt(meta.tenant, t);
        tenantAt.set(meta.tenant, tenantNext);
      }
      const at = Math.max(head.dueAt, tenantNext, convWindows.nextAt(key, t));
      if (at > t) {
        next = Math.min(next, at);
        continue;
      }
      convWindows.record(key, t);
      tenantWindows.record(meta.tenant, t);
      tenantAt.delete(meta.tenant);
      q.shift();
      if (q.length === 0) {
        // Nothing more queued: forget the reference too, so the next message reads it fresh (Teams may move a
        // conversation's serviceUrl; the inactive mark is stored with it).
        queues.delete(key);
        metas.delete(key);
      }
      busy.add(key);
      sending++;
      track(
        sendOne(head, meta)
          .catch((e: unknown) => recover(head, e))
          .finally(() => {
            busy.delete(key);
            sending--;
          }),
      );
    }
    return next;
  };

  const loop = async (): Promise<void> => {
    try {
      await rescan();
    } catch (e) {
      logger.warn("outbox: could not list open messages; retrying later", { error: e instanceof Error ? e.name : "unknown" });
      nextRescan = now() + 5_000;
    }
    while (!stopped) {
      const ctl = wakeCtl;
      let t = now();
      if (t >= nextRescan) {
        try {
          await rescan();
        } catch (e) {
          logger.warn("outbox: could not list open messages; retrying later", { error: e instanceof Error ? e.name : "unknown" });
          nextRescan = t + 5_000;
        }
        t = now();
      }
      const next = pump(t);
      if (isIdle()) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const w of waiters) w();
      }
      if (ctl.signal.aborted) {
        wakeCtl = new AbortController();
        continue;
      }
      const until = Math.min(next, nextRescan);
      await sleep(Number.isFinite(until) ? Math.max(0, until - t) : 2_147_483_647, ctl.signal);
      if (ctl.signal.aborted) wakeCtl = new AbortController();
    }
  };

  return {
    async enqueue(messages: readonly OutgoingMessage[]) {
      const created = await repo.enqueue(messages);
      if (created.length === 0) return;
      for (const d of created) add(d);
      wake();
    },
    start() {
      if (running || stopped) return;
      nextRescan = now() + rescanEveryMs;
      running = loop().catch((e: unknown) => logger.error("outbox dispatcher stopped unexpectedly", { error: e instanceof Error ? e.name : "unknown" }));
    },
    async stop() {
      stopped = true;
      wake();
      await running;
      while (tasks.size > 0) await Promise.allSettled([...tasks]);
      for (const w of idleWaiters) w();
      idleWaiters = [];
    },
    idle() {
      if (isIdle() && (running === undefined || stopped)) return Promise.resolve();
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wake();
      });
    },
    stats: () => ({ ...stats }),
  };
}
