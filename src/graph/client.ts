/**
 * Microsoft Graph through @microsoft/microsoft-graph-client: https `baseUrl` from MS_GRAPH_URL, `customHosts` with its
 * host, `fetchOptions.dispatcher` from network.ts, and one terminal middleware that sends through transport.ts
 * (token, Retry-After / back-off, one refresh after 401 InvalidAuthenticationToken). On top: the one OData paging
 * helper (`pages` / `all`, nextLinks followed as given, page cap) and `$batch` with per-item retry. Every failure is a
 * MicrosoftError.
 */
import { Client, GraphClientError, type Context, type Middleware } from "@microsoft/microsoft-graph-client";
import { z } from "zod/v4";
import type { MicrosoftHosts } from "../config";
import type { Logger } from "../log/logger";
import { DEFAULT_RETRY_POLICY, isRetryableStatus, longestRetryAfter, realSleep, retryDelayMs, type RetryPolicy } from "./backoff";
import { classify, factsFromHttp, MicrosoftError, toMicrosoftError } from "./errors";
import { microsoftDispatcher } from "./network";
import type { TokenProvider } from "./tokens";
import { createTransport, type Transport } from "./transport";

export type GraphVersion = "v1.0" | "beta";
export interface BatchItem {
  id: string;
  method: "GET" | "POST";
  url: string;
  body?: unknown;
}
export interface BatchResult {
  id: string;
  status: number;
  body: unknown;
  error?: MicrosoftError;
}

export interface GraphClient {
  get<T>(path: string, opts?: { version?: GraphVersion }): Promise<T>;
  post<T>(path: string, body: unknown, opts?: { version?: GraphVersion }): Promise<T>;
  /** Follows @odata.nextLink to the end (or maxPages, default 1000: then throws MicrosoftError "unknown"). */
  pages<T>(path: string, opts?: { version?: GraphVersion; maxPages?: number }): AsyncGenerator<T[]>;
  all<T>(path: string, opts?: { version?: GraphVersion; maxPages?: number }): Promise<T[]>;
  /** $batch in chunks of 20, items retried on their own 429/5xx after the longest Retry-After; results in input order. */
  batch(items: BatchItem[], opts?: { version?: GraphVersion }): Promise<BatchResult[]>;
}

export interface GraphClientOptions {
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Clock for Retry-After given as an HTTP date (default Date.now). */
  now?: () => number;
  retry?: Partial<RetryPolicy>;
  /** Per attempt (default network.ts NETWORK_TIMEOUTS.requestMs). */
  timeoutMs?: number;
  /** $batch chunks in flight at once (default 4). */
  batchConcurrency?: number;
}

export const BATCH_LIMIT = 20;
export const DEFAULT_MAX_PAGES = 1000;

/** Graph's "stale token" answer: 401 with code InvalidAuthenticationToken. */
export function isInvalidAuthenticationToken(status: number, body: unknown): boolean {
  if (status !== 401 || typeof body !== "object" || body === null) return false;
  const err = (body as { error?: unknown }).error;
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "InvalidAuthenticationToken";
}

/** Carries a MicrosoftError through the SDK (it re-throws GraphClientError as it is and wraps anything else). */
function carrier(err: MicrosoftError): GraphClientError {
  const e = new GraphClientError(err.adminMessage);
  e.customError = err;
  return e;
}

function fromSdk(e: unknown): MicrosoftError {
  if (e instanceof GraphClientError && e.customError instanceof MicrosoftError) return e.customError;
  return toMicrosoftError(e, "graph");
}

function headersOf(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (h === undefined || h === null) return out;
  if (typeof (h as { forEach?: unknown }).forEach === "function" && !Array.isArray(h)) {
    (h as { forEach(cb: (v: string, k: string) => void): void }).forEach((v, k) => {
      out[k] = v;
    });
    return out;
  }
  if (Array.isArray(h)) {
    for (const pair of h as unknown[]) if (Array.isArray(pair) && typeof pair[0] === "string" && typeof pair[1] === "string") out[pair[0]] = pair[1];
    return out;
  }
  if (typeof h === "object") for (const [k, v] of Object.entries(h)) if (typeof v === "string") out[k] = v;
  return out;
}

/** The SDK's last middleware: sends the request the SDK built through the transport. */
class TransportMiddleware implements Middleware {
  constructor(private readonly send: Transport) {}
  async execute(context: Context): Promise<void> {
    // The SDK types `request` as the DOM's RequestInfo (not in our libs): a URL string here, or a Request-like object.
    const req: unknown = context.request;
    const reqObj = typeof req === "object" && req !== null ? (req as { url?: unknown; method?: unknown; headers?: unknown }) : undefined;
    const url = typeof req === "string" ? req : typeof reqObj?.url === "string" ? reqObj.url : "";
    const o: { method?: string; headers?: unknown; body?: unknown } = context.options ?? {};
    const method = o.method ?? (typeof reqObj?.method === "string" ? reqObj.method : "GET");
    const body = o.body;
    if (body !== undefined && body !== null && typeof body !== "string") {
      throw carrier(new MicrosoftError({ code: "badRequest", service: "graph", microsoftCode: "unsupported body" }));
    }
    const headers = { ...headersOf(reqObj?.headers), ...headersOf(o.headers) };
    try {
      const res = await this.send({ url, method, headers, ...(typeof body === "string" ? { body } : {}) });
      // undici's Response: what the SDK's response handler reads (status, headers, json/text).
      context.response = res;
    } catch (e) {
      throw carrier(toMicrosoftError(e, "graph"));
    }
  }
}

const PageSchema = z.object({ value: z.array(z.unknown()), "@odata.nextLink": z.string().nullish() });

const BatchItemSchema = z.object({
  id: z.string().min(1).max(256),
  method: z.enum(["GET", "POST"]),
  url: z.string().min(1).refine((u) => !/^[a-z][a-z0-9+.-]*:/i.test(u) && !/^\/?(v1\.0|beta)\//i.test(u), {
    error: "batch urls are relative to the version root",
  }),
  body: z.unknown().optional(),
});
const BatchResponseSchema = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.string()).nullish(),
      body: z.unknown().optional(),
    }),
  ),
});

/** Splits items into $batch payloads of at most 20 (pure). */
export function chunk<T>(items: readonly T[], size: number = BATCH_LIMIT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A sub-request as $batch wants it: a Content-Type when there is a body, urls with a leading slash. */
export function toBatchRequest(item: BatchItem): Record<string, unknown> {
  const r: Record<string, unknown> = { id: item.id, method: item.method, url: item.url.startsWith("/") ? item.url : `/${item.url}` };
  if (item.body !== undefined) {
    r.body = item.body;
    r.headers = { "Content-Type": "application/json" };
  }
  return r;
}

/** One sub-response as a BatchResult (with the mapped error when it failed) and its Retry-After (pure). */
export function toBatchResult(id: string, r: { status: number; headers?: Record<string, string> | null; body?: unknown } | undefined, nowMs: number): { result: BatchResult; retryAfterMs?: number } {
  if (!r) {
    const error = new MicrosoftError({ code: "unavailable", service: "graph", status: 500, microsoftCode: "missing batch response" });
    return { result: { id, status: 500, body: undefined, error } };
  }
  const result: BatchResult = { id, status: r.status, body: r.body };
  if (r.status >= 400) {
    const facts = factsFromHttp("graph", r.status, r.body, r.headers ?? undefined, nowMs);
    result.error = classify(facts);
    return facts.retryAfterMs !== undefined ? { result, retryAfterMs: facts.retryAfterMs } : { result };
  }
  return { result };
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

export function createGraphClient(hosts: MicrosoftHosts, token: TokenProvider, opts: GraphClientOptions): GraphClient {
  const log = opts.logger.child({ component: "graph" });
  const sleep = opts.sleep ?? realSleep;
  const random = opts.random ?? Math.random;
  const now = opts.now ?? Date.now;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
  const transport = createTransport({
    service: "graph",
    hosts,
    token,
    logger: log,
    isStaleToken: isInvalidAuthenticationToken,
    sleep,
    random,
    now,
    ...(opts.retry ? { retry: opts.retry } : {}),
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
  });
  const graphUrl = new URL(hosts.graphUrl);
  const sdk = Client.initWithMiddleware({
    baseUrl: `${hosts.graphUrl}/`,
    defaultVersion: "v1.0",
    customHosts: new Set([graphUrl.hostname]),
    // The transport sends with this same dispatcher; the SDK's own fetch would too.
    fetchOptions: Object.assign({} as RequestInit, { dispatcher: microsoftDispatcher(hosts) }),
    middleware: new TransportMiddleware(transport),
  });

  const call = async <T>(run: () => Promise<unknown>): Promise<T> => {
    try {
      return (await run()) as T;
    } catch (e) {
      throw fromSdk(e);
    }
  };
  const request = (path: string, version: GraphVersion | undefined) => {
    const r = sdk.api(path);
    return /^https:\/\//i.test(path) ? r : r.version(version ?? "v1.0");
  };

  async function* pages<T>(path: string, o: { version?: GraphVersion; maxPages?: number } = {}): AsyncGenerator<T[]> {
    const max = o.maxPages ?? DEFAULT_MAX_PAGES;
    let next: string | undefined = path;
    let n = 0;
    while (next !== undefined) {
      if (n >= max) {
        log.warn("paging stopped at the page cap", { path: path.split("?")[0], maxPages: max });
        throw new MicrosoftError({ code: "unknown", service: "graph", microsoftCode: "page cap reached" });
      }
      const current = next;
      const body = await call<unknown>(() => request(current, o.version).get() as Promise<unknown>);
      const page = PageSchema.safeParse(body);
      if (!page.success) throw new MicrosoftError({ code: "unknown", service: "graph", microsoftCode: "not a collection" });
      n++;
      yield page.data.value as T[];
      // The nextLink is opaque: followed exactly as given (the transport refuses any other host).
      next = page.data["@odata.nextLink"] ?? undefined;
    }
  }

  const postBatch = async (items: BatchItem[], version: GraphVersion): Promise<z.infer<typeof BatchResponseSchema>> => {
    const body = await call<unknown>(() => request("/$batch", version).post({ requests: items.map(toBatchRequest) }) as Promise<unknown>);
    const parsed = BatchResponseSchema.safeParse(body);
    if (!parsed.success) throw new MicrosoftError({ code: "unknown", service: "graph", microsoftCode: "not a batch response" });
    return parsed.data;
  };

  const runChunk = async (items: BatchItem[], version: GraphVersion, refreshToken: () => Promise<boolean>): Promise<Map<string, BatchResult>> => {
    const results = new Map<string, BatchResult>();
    let pending = items;
    let staleRetried = false;
    for (let round = 0; pending.length > 0; round++) {
      let responses: z.infer<typeof BatchResponseSchema>["responses"];
      try {
        responses = (await postBatch(pending, version)).responses;
      } catch (e) {
        const err = fromSdk(e);
        const allGet = pending.every((i) => i.method === "GET");
        const delay = err.code === "unavailable" && allGet ? retryDelayMs(round, err.retryAfterMs, random, policy) : undefined;
        if (delay === undefined) throw err;
        await sleep(delay);
        continue;
      }
      const byId = new Map(responses.map((r) => [r.id.toLowerCase(), r]));
      const again: BatchItem[] = [];
      const stale: BatchItem[] = [];
      const waits: (number | undefined)[] = [];
      for (const item of pending) {
        const raw = byId.get(item.id.toLowerCase());
        const { result, retryAfterMs } = toBatchResult(item.id, raw, now());
        results.set(item.id.toLowerCase(), result);
        if (raw && isInvalidAuthenticationToken(raw.status, raw.body)) {
          stale.push(item);
        } else if (isRetryableStatus(result.status, item.method === "GET")) {
          again.push(item);
          waits.push(retryAfterMs);
        }
      }
      // Items refused for a stale token (each item is authenticated on its own): one fresh token per batch() call,
      // and one more try of those items per chunk.
      if (stale.length > 0 && !staleRetried && (await refreshToken())) {
        staleRetried = true;
        log.debug("batch items refused the access token; retrying them with a fresh one", { items: stale.length });
        again.push(...stale);
        if (again.length === stale.length) {
          pending = again;
          continue;
        }
      }
      if (again.length === 0) break;
      const delay = retryDelayMs(round, longestRetryAfter(waits), random, policy);
      if (delay === undefined) {
        log.info("batch items still failing; giving up on them", { items: again.length, rounds: round + 1 });
        break;
      }
      log.debug("batch items throttled or failed; retrying them", { items: again.length, of: pending.length, round, delayMs: delay });
      await sleep(delay);
      pending = again;
    }
    return results;
  };

  return {
    get: <T>(path: string, o: { version?: GraphVersion } = {}) => call<T>(() => request(path, o.version).get() as Promise<unknown>),
    post: <T>(path: string, body: unknown, o: { version?: GraphVersion } = {}) => call<T>(() => request(path, o.version).post(body) as Promise<unknown>),
    pages,
    all: async <T>(path: string, o: { version?: GraphVersion; maxPages?: number } = {}) => {
      const out: T[] = [];
      for await (const page of pages<T>(path, o)) out.push(...page);
      return out;
    },
    batch: async (items, o = {}) => {
      const version = o.version ?? "v1.0";
      const seen = new Set<string>();
      for (const item of items) {
        if (!BatchItemSchema.safeParse(item).success) throw new MicrosoftError({ code: "badRequest", service: "graph", microsoftCode: "invalid batch item" });
        const key = item.id.toLowerCase();
        if (seen.has(key)) throw new MicrosoftError({ code: "badRequest", service: "graph", microsoftCode: "duplicate batch id" });
        seen.add(key);
      }
      let refreshed: Promise<boolean> | undefined;
      const refreshToken = (): Promise<boolean> => {
        refreshed ??= token({ forceRefresh: true }).then(
          () => true,
          (e: unknown) => {
            log.debug("fresh token for batch items failed", { code: toMicrosoftError(e, "login").code });
            return false;
          },
        );
        return refreshed;
      };
      const maps = await mapLimit(chunk(items), opts.batchConcurrency ?? 4, (c) => runChunk(c, version, refreshToken));
      const merged = new Map<string, BatchResult>();
      for (const m of maps) for (const [k, v] of m) merged.set(k, v);
      return items.map((i) => merged.get(i.id.toLowerCase()) ?? toBatchResult(i.id, undefined, now()).result);
    },
  };
}
