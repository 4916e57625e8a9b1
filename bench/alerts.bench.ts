/**
 * Delivery benchmark (`npm run bench:alerts`, issue 9): the outbox dispatcher delivering alerts to many subscribed
 * conversations through botbuilder and the simulator's Teams connector (its own process, HTTPS, Microsoft's limits:
 * 7/1 s, 8/2 s, 60/30 s, 1,800/h per conversation, 50/s per app per tenant), with 5% injected 429s (no Retry-After:
 * backoff) and some conversations where the bot was removed (403 MessageWritesBlocked). The outbox is the real one
 * (embedded Cosmos in this process).
 *
 * Checks: every alert delivered exactly once to every active conversation, none to blocked ones; wall time against
 * the bound the rate limits set for the deliveries due (all conversations are in the MSP's tenant, so the per-tenant
 * 50/s binds: (expected − 50 burst) / 50 per s; or the per-conversation windows when that is longer).
 * Last line: one JSON object {conversations, blocked, alertsPerConversation, expected, delivered, duplicates,
 * toBlocked, wallMs, boundMs, ratio}. Exits 0 when it ran to the end, whatever the figures.
 *
 * BENCH_CONVERSATIONS (1000), BENCH_BLOCKED (50), BENCH_ALERTS (2 per conversation), BENCH_429 (0.05),
 * BENCH_LATENCY_MS (20 per connector request).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import { Agent, request } from "undici";
import { createDispatcher } from "../src/alerts/dispatch/dispatcher";
import { slidingWindows, TEAMS_CONVERSATION_LIMITS } from "../src/alerts/dispatch/pacer";
import type { OutgoingMessage } from "../src/alerts/outboxTypes";
import { createDeliveryPort } from "../src/bot/delivery";
import { systemClock } from "../src/clock";
import { createLogger } from "../src/log/logger";
import { conversationDocId, createConversationRefRepository, type StoredConversationRef } from "../src/store/conversationRefs";
import { createCosmosClient, disposeCosmosClient, ensureStore } from "../src/store/cosmos";
import { startEmbeddedCosmos } from "../src/store/embeddedCosmos";
import { createOutboxRepo } from "../src/store/outboxRepo";
import { startSimProcess } from "./lib/simProcess";

const PARTNER = "b0000000-0000-4000-8000-000000000000";
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 1000);
const BLOCKED = Math.min(CONVERSATIONS, Number(process.env.BENCH_BLOCKED ?? 50));
const ALERTS = Number(process.env.BENCH_ALERTS ?? 2);
const P429 = Number(process.env.BENCH_429 ?? 0.05);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 20);
const TENANT_RATE = 50;

interface Ready {
  urls: Record<"teams" | "control", string>;
  caPem: string;
}
interface Delivery {
  operation: string;
  conversationId: string;
  attachments: { title?: string }[];
}

const conversationId = (i: number): string => `a:bench-${String(i).padStart(5, "0")}`;
/** Spread the blocked ones over the list. */
const isBlocked = (i: number): boolean => BLOCKED > 0 && i % Math.floor(CONVERSATIONS / BLOCKED) === 0 && i / Math.floor(CONVERSATIONS / BLOCKED) < BLOCKED;

function scenario(): Record<string, unknown> {
  const blocked: string[] = [];
  for (let i = 0; i < CONVERSATIONS; i++) if (isBlocked(i)) blocked.push(conversationId(i));
  return {
    name: "bench: alerts delivery",
    seed: 23,
    partner: { tenantId: PARTNER, displayName: "Bench Partner", domain: "benchpartner.onmicrosoft.com" },
    customers: [],
    throttling: { profile: "microsoft" },
    latency: { fixedMs: LATENCY, jitterMs: Math.round(LATENCY / 2) },
    faults: P429 > 0 ? [{ service: "teams", path: "/activities", kind: "status", status: 429, probability: P429 }] : [],
    teams: { blockedConversations: blocked },
  };
}

/** Runs `work` over `items` with at most `n` at once. */
async function pool<T>(items: readonly T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++];
        if (item !== undefined) await work(item);
      }
    }),
  );
}

/** The lower bound the limits set: the tenant's 50/s after its burst, or one conversation's windows for ALERTS sends. */
function boundMs(expected: number): number {
  const tenant = (Math.max(0, expected - TENANT_RATE) / TENANT_RATE) * 1000;
  const w = slidingWindows(TEAMS_CONVERSATION_LIMITS, 0);
  let t = 0;
  for (let i = 0; i < ALERTS; i++) {
    t = w.nextAt("c", t);
    w.record("c", t);
  }
  return Math.round(Math.max(tenant, t));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "alerts-bench-"));
  const sim = await startSimProcess<Ready>(dir, scenario(), { args: ["--port", "0"] });
  const cosmosServer = await startEmbeddedCosmos();
  const client = createCosmosClient({ endpoint: cosmosServer.endpoint, key: cosmosServer.key, ca: cosmosServer.ca });
  const control = new Agent({ connect: { ca: sim.ready.caPem } });
  const port = createDeliveryPort(new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), undefined, { caPem: sim.ready.caPem });
  try {
    const store = await ensureStore(client, "bench-alerts");
    const refs = createConversationRefRepository(store.containers.conversations);
    const repo = createOutboxRepo(store.containers.outbox, { now: () => Date.now() });
    const indexes = Array.from({ length: CONVERSATIONS }, (_, i) => i);
    const keyOf = (i: number): string => conversationDocId("msteams", conversationId(i));
    await pool(indexes, 16, async (i) => {
      const ref: StoredConversationRef = {
        channelId: "msteams",
        serviceUrl: `${sim.ready.urls.teams}/`,
        conversation: { id: conversationId(i), tenantId: PARTNER, conversationType: "personal" },
        bot: { id: "28:tenant-pilot-bench", name: "Tenant Pilot" },
        user: { id: `29:user-${i}` },
      };
      await refs.upsert(ref);
    });
    const created = new Date().toISOString();
    const messages: OutgoingMessage[] = indexes.flatMap((i) =>
      Array.from({ length: ALERTS }, (_, k) => ({
        id: `alert:bench-${k}:${keyOf(i)}`,
        conversationKey: keyOf(i),
        kind: "alert" as const,
        card: { type: "AdaptiveCard" as const, version: "1.5", body: [{ type: "TextBlock", text: `m${i}-${k}` }] },
        createdAt: created,
      })),
    );
    const chunks: OutgoingMessage[][] = [];
    for (let i = 0; i < messages.length; i += 50) chunks.push(messages.slice(i, i + 50));
    await pool(chunks, 8, async (c) => void (await repo.enqueue(c)));
    // Fresh connector buckets and counters: the refs and the outbox were written without touching it.
    await (await request(`${sim.ready.urls.control}/counters`, { method: "DELETE", dispatcher: control })).body.dump();

    const logger = createLogger({ level: process.env.BENCH_LOG === "warn" ? "warn" : "error" });
    let t0 = performance.now();
    // Where the time goes (BENCH_TRACE=1): mean ms per claim, send and finish, and sends per second.
    const trace = process.env.BENCH_TRACE === "1";
    const spent = { claim: 0, send: 0, finish: 0, n: 0 };
    const perSecond = new Map<number, number>();
    const timed = <A extends unknown[], R>(k: "claim" | "send" | "finish", f: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
      const t = performance.now();
      try {
        return await f(...a);
      } finally {
        spent[k] += performance.now() - t;
        if (k === "send") {
          spent.n++;
          const sec = Math.floor((performance.now() - t0) / 1000);
          perSecond.set(sec, (perSecond.get(sec) ?? 0) + 1);
        }
      }
    };
    const tracedRepo = trace ? { ...repo, claim: timed("claim", (d: Parameters<typeof repo.claim>[0], o: string, u: number) => repo.claim(d, o, u)), finish: timed("finish", (d: Parameters<typeof repo.finish>[0], o: Parameters<typeof repo.finish>[1]) => repo.finish(d, o)) } : repo;
    const tracedPort = trace ? { send: timed("send", (ref: Parameters<typeof port.send>[0], c: Parameters<typeof port.send>[1], o: Parameters<typeof port.send>[2]) => port.send(ref, c, o)) } : port;
    const dispatcher = createDispatcher({ repo: tracedRepo, refs, port: tracedPort, clock: systemClock, logger, concurrency: Number(process.env.BENCH_CONCURRENCY ?? 32) });
    t0 = performance.now();
    dispatcher.start();
    await dispatcher.idle();
    const wallMs = Math.round(performance.now() - t0);
    await dispatcher.stop();

    const r = await request(`${sim.ready.urls.control}/teams/deliveries`, { dispatcher: control });
    const body = (await r.body.json()) as { deliveries: Delivery[] };
    const seen = new Map<string, number>();
    let toBlocked = 0;
    const blockedIds = new Set(indexes.filter(isBlocked).map(conversationId));
    for (const d of body.deliveries) {
      if (d.operation !== "send" && d.operation !== "reply") continue;
      if (blockedIds.has(d.conversationId)) toBlocked++;
      const title = d.attachments[0]?.title ?? "";
      seen.set(title, (seen.get(title) ?? 0) + 1);
    }
    let delivered = 0;
    let duplicates = 0;
    for (const i of indexes) {
      if (isBlocked(i)) continue;
      for (let k = 0; k < ALERTS; k++) {
        const n = seen.get(`m${i}-${k}`) ?? 0;
        if (n > 0) delivered++;
        if (n > 1) duplicates += n - 1;
      }
    }
    const expected = (CONVERSATIONS - blockedIds.size) * ALERTS;
    const bound = boundMs(expected);
    const counters = (await (await request(`${sim.ready.urls.control}/counters`, { dispatcher: control })).body.json()) as { byStatus?: Record<string, number>; throttled?: number };
    const stats = dispatcher.stats();
    if (trace) console.log(`trace: mean ms claim ${(spent.claim / spent.n).toFixed(1)}, send ${(spent.send / spent.n).toFixed(1)}, finish ${(spent.finish / spent.n).toFixed(1)}; attempts per second ${JSON.stringify([...perSecond.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]))}`);
    console.log(`dispatcher: ${JSON.stringify(stats)}; connector answers by status: ${JSON.stringify(counters.byStatus ?? {})}, throttled by the limits: ${counters.throttled ?? 0}`);
    console.log(
      JSON.stringify({
        conversations: CONVERSATIONS,
        blocked: blockedIds.size,
        alertsPerConversation: ALERTS,
        expected,
        delivered,
        duplicates,
        toBlocked,
        wallMs,
        boundMs: bound,
        ratio: bound > 0 ? Math.round((wallMs / bound) * 1000) / 1000 : null,
      }),
    );
  } finally {
    port.close();
    await control.close();
    disposeCosmosClient(client);
    await cosmosServer.stop();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error("bench:alerts failed:", e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
