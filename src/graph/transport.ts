/**
 * One HTTP exchange with a Microsoft service, as every client here needs it: a bearer token from the TokenProvider,
 * only to the service's own configured origin; Retry-After honoured on 429 / 503 / 504 (and 500 / 502 / connection
 * failures for GET), jittered exponential back-off where it is missing, bounded; a 401 that means "stale token" gets
 * ONE fresh token (forceRefresh) and one more try; a timeout per attempt. The Graph SDK's middleware, the Partner
 * Center client and the Defender client all send through it.
 *
 * Sent with undici's `request` (not `fetch`: its WHATWG machinery — request objects, streams, redirect and CORS
 * steps — cost as much CPU as the rest of a call) and answered as a fetch `Response` built from the whole body, which
 * is what the SDK and the clients read. Redirects are not followed (no Microsoft API read here redirects; a 3xx comes
 * back as the answer it is).
 */
import { randomUUID } from "node:crypto";
import { Headers, request, Response, type Dispatcher } from "undici";
import type { MicrosoftHosts } from "../config";
import type { Logger } from "../log/logger";
import { metrics, type Metrics } from "../log/metrics";
import { DEFAULT_RETRY_POLICY, isRetryableStatus, realSleep, retryDelayMs, type RetryPolicy } from "./backoff";
import { classify, factsFromHttp, MicrosoftError, parseRetryAfter, toMicrosoftError, type MicrosoftService } from "./errors";
import { microsoftDispatcher, NETWORK_TIMEOUTS, withTimeout } from "./network";
import type { TokenProvider } from "./tokens";

export interface TransportRequest {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface TransportOptions {
  service: Exclude<MicrosoftService, "login">;
  hosts: MicrosoftHosts;
  token: TokenProvider;
  logger: Logger;
  /** Is this 401 answer a stale or revoked token (then: one fresh token, one retry)? */
  isStaleToken: (status: number, body: unknown) => boolean;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  retry?: Partial<RetryPolicy>;
  /** Per attempt, headers and body included. */
  timeoutMs?: number;
  /** Where throttling (429) is counted (default: the product's metrics). */
  metrics?: Pick<Metrics, "throttled">;
}

export type Transport = (req: TransportRequest) => Promise<Response>;

export function serviceOrigin(hosts: MicrosoftHosts, service: Exclude<MicrosoftService, "login">): string {
  const url = service === "graph" ? hosts.graphUrl : service === "partnerCenter" ? hosts.partnerCenterUrl : hosts.defenderUrl;
  return new URL(url).origin;
}

/** Statuses whose Response has no body (the fetch spec refuses one). */
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/** One HTTP exchange as a fetch Response with the whole body read, all within `timeoutMs`. */
export function exchange(url: URL, init: { method: string; headers: Record<string, string>; body: string | null; dispatcher: Dispatcher; timeoutMs: number }): Promise<Response> {
  return withTimeout(init.timeoutMs, async (signal) => {
    const r = await request(url, { method: init.method, headers: init.headers, body: init.body, dispatcher: init.dispatcher, signal });
    const empty = init.method === "HEAD" || NULL_BODY_STATUS.has(r.statusCode);
    const body = empty ? null : new Uint8Array(await r.body.arrayBuffer());
    if (empty) await r.body.dump();
    const headers = new Headers();
    for (const [k, v] of Object.entries(r.headers)) {
      if (typeof v === "string") headers.append(k, v);
      else if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    }
    return new Response(body, { status: r.statusCode, headers });
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The body of an answer (JSON, or the text when it is not JSON, e.g. an HTML error page; undefined when empty), or
 * the mapped MicrosoftError when the status is 4xx/5xx. Shared by the clients that do not go through the Graph SDK.
 */
export async function jsonOrThrow(res: Response, service: Exclude<MicrosoftService, "login">): Promise<unknown> {
  const text = await res.text().catch(() => "");
  const body = text ? parseJson(text) : undefined;
  if (res.status >= 400) throw classify(factsFromHttp(service, res.status, body, res.headers));
  return body;
}

export function createTransport(o: TransportOptions): Transport {
  const dispatcher = microsoftDispatcher(o.hosts);
  const origin = serviceOrigin(o.hosts, o.service);
  const sleep = o.sleep ?? realSleep;
  const random = o.random ?? Math.random;
  const now = o.now ?? Date.now;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...o.retry };
  const timeoutMs = o.timeoutMs ?? NETWORK_TIMEOUTS.requestMs;

  return async (req) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      throw new MicrosoftError({ code: "badRequest", service: o.service, microsoftCode: "invalid url" });
    }
    if (url.origin !== origin) {
      // Never send a token anywhere else (a nextLink to another host, a misconfiguration).
      throw new MicrosoftError({ code: "unknown", service: o.service, microsoftCode: "foreign host" });
    }
    const method = req.method.toUpperCase();
    const idempotent = method === "GET" || method === "HEAD";
    const path = url.pathname;
    let refreshed = false;
    let forceRefresh = false;
    for (let retry = 0; ; ) {
      const token = await o.token({ forceRefresh });
      forceRefresh = false;
      const headers: Record<string, string> = { accept: "application/json", ...req.headers, authorization: `Bearer ${token}` };
      if (!Object.keys(headers).some((k) => k.toLowerCase() === "client-request-id")) headers["client-request-id"] = randomUUID();
      let res: Response;
      try {
        res = await exchange(url, { method, headers, body: req.body ?? null, dispatcher, timeoutMs });
      } catch (e) {
        const err = toMicrosoftError(e, o.service);
        const delay = idempotent && err.code === "unavailable" ? retryDelayMs(retry, undefined, random, policy) : undefined;
        o.logger.debug("microsoft request failed without an answer", { service: o.service, method, path, retry, retrying: delay !== undefined });
        if (delay === undefined) throw err.code === "unknown" ? new MicrosoftError({ code: "unavailable", service: o.service, microsoftCode: "network" }) : err;
        await sleep(delay);
        retry++;
        continue;
      }
      if (res.status === 401 && !refreshed) {
        const text = await res.clone().text().catch(() => "");
        if (o.isStaleToken(401, parseJson(text))) {
          await res.arrayBuffer().catch(() => undefined);
          o.logger.debug("access token refused as invalid; getting a fresh one", { service: o.service, method, path });
          refreshed = true;
          forceRefresh = true;
          continue;
        }
      }
      if (res.status === 429) (o.metrics ?? metrics).throttled({ service: o.service });
      if (isRetryableStatus(res.status, idempotent)) {
        const retryAfter = parseRetryAfter(res.headers.get("retry-after"), now());
        const delay = retryDelayMs(retry, retryAfter, random, policy);
        if (delay !== undefined) {
          await res.arrayBuffer().catch(() => undefined);
          o.logger.debug("microsoft answered a transient error; retrying", { service: o.service, method, path, status: res.status, retry, delayMs: delay, retryAfterMs: retryAfter });
          await sleep(delay);
          retry++;
          continue;
        }
        o.logger.info("microsoft kept answering a transient error; giving up", { service: o.service, method, path, status: res.status, retries: retry });
      }
      return res;
    }
  };
}
