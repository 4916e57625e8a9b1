/**
 * The network under every Microsoft client: one undici Agent per set of Microsoft hosts that connects only to those
 * hosts and trusts the public roots plus the extra CA of MS_CA_FILE (the simulator's) for them — never for anything
 * else, and TLS checks are never switched off — and MSAL's INetworkModule, which sends what MSAL addresses to
 * https://login.microsoftonline.com to `hosts.loginUrl` (the authority itself stays unchanged), with timeouts, a few
 * retries of transient token-endpoint failures, and no crash on an HTML error page.
 */
import { readFileSync } from "node:fs";
import { createSecureContext, rootCertificates } from "node:tls";
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import { Agent, buildConnector, request } from "undici";
import type { MicrosoftHosts } from "../config";
import type { Logger } from "../log/logger";
import { DEFAULT_RETRY_POLICY, isRetryableStatus, realSleep, retryDelayMs, type RetryPolicy } from "./backoff";
import { parseRetryAfter } from "./errors";
import { resumeAfterFirst } from "./tlsGate";

/** The public login host MSAL's authorities name; rewritten to hosts.loginUrl. */
export const PUBLIC_LOGIN_ORIGIN = "https://login.microsoftonline.com";

export const NETWORK_TIMEOUTS = { connectMs: 10_000, headersMs: 30_000, bodyMs: 60_000, requestMs: 90_000 } as const;

function hostKey(hostname: string, port: string, protocol: string): string {
  const p = port !== "" ? port : protocol === "http:" ? "80" : "443";
  return `${hostname.toLowerCase().replace(/^\[|\]$/g, "")}:${p}`;
}

function urlKey(u: string): string {
  const url = new URL(u);
  return hostKey(url.hostname, url.port, url.protocol);
}

/** Origins of the configured Microsoft hosts (https://host[:port]). */
export function microsoftOrigins(hosts: MicrosoftHosts): Set<string> {
  return new Set([hosts.loginUrl, hosts.graphUrl, hosts.partnerCenterUrl, hosts.defenderUrl].map((u) => new URL(u).origin));
}

const agents = new Map<string, Agent>();

function readCa(caFile: string): string {
  try {
    return readFileSync(caFile, "utf8");
  } catch {
    throw new Error(`MS_CA_FILE: cannot read the CA file ${caFile}`);
  }
}

/**
 * The undici dispatcher for the Microsoft hosts (one per distinct configuration, shared by every client): connects
 * only to loginUrl / graphUrl / partnerCenterUrl / defenderUrl, trusting the public roots and, when set, the extra CA.
 */
export function microsoftDispatcher(hosts: MicrosoftHosts): Agent {
  const key = JSON.stringify([hosts.loginUrl, hosts.graphUrl, hosts.partnerCenterUrl, hosts.defenderUrl, hosts.caFile ?? null]);
  const existing = agents.get(key);
  if (existing) return existing;
  const allowed = new Set([hosts.loginUrl, hosts.graphUrl, hosts.partnerCenterUrl, hosts.defenderUrl].map(urlKey));
  const ca = hosts.caFile !== undefined ? [...rootCertificates, readCa(hosts.caFile)] : undefined;
  // One secure context for every connection: building one from the ~140 public roots (+ the extra CA) costs about
  // 200 ms of CPU, which undici would otherwise pay on each new TLS connection.
  const secureContext = ca ? createSecureContext({ ca }) : undefined;
  // One connector per host:port — undici keys its TLS session cache by server name, which an IP address (the
  // simulator's ports, a proxy) does not have: every port of 127.0.0.1 would share one entry and offer each other's
  // sessions, which the other server cannot resume. The first connection to a host handshakes alone; the others then
  // resume its session (tlsGate.ts).
  const connectors = new Map<string, buildConnector.connector>();
  const connectorFor = (key: string): buildConnector.connector => {
    let c = connectors.get(key);
    if (!c) {
      c = buildConnector({ ...(secureContext ? { secureContext } : {}), timeout: NETWORK_TIMEOUTS.connectMs });
      connectors.set(key, c);
    }
    return c;
  };
  const connectTls = resumeAfterFirst((o, cb) => connectorFor(hostKey(o.hostname, o.port, o.protocol))(o, cb), {
    key: (o) => hostKey(o.hostname, o.port, o.protocol),
  });
  const agent = new Agent({
    connect: (opts, cb) => {
      if (opts.protocol !== "https:" || !allowed.has(hostKey(opts.hostname, opts.port, opts.protocol))) {
        cb(new Error(`refused: ${opts.protocol}//${opts.hostname} is not one of the configured Microsoft hosts`), null);
        return;
      }
      connectTls(opts, cb);
    },
    headersTimeout: NETWORK_TIMEOUTS.headersMs,
    bodyTimeout: NETWORK_TIMEOUTS.bodyMs,
    keepAliveTimeout: 30_000,
    connections: CONNECTIONS_PER_HOST,
  });
  agents.set(key, agent);
  return agent;
}

/**
 * Sockets per Microsoft host (HTTP/1.1: one request in flight on each). A multi-tenant sync keeps up to its request
 * budget (createSync.ts, 256) in flight, mostly to Graph: fewer sockets would queue them here, each waiting a round
 * trip. Microsoft's limits are per app and tenant, not per connection.
 */
export const CONNECTIONS_PER_HOST = 256;

/** Closes every dispatcher (shutdown, tests). */
export async function closeMicrosoftNetwork(): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(all.map((a) => a.close().catch(() => undefined)));
}

/**
 * Runs `fn` with a signal that aborts after `ms` with a TimeoutError (as AbortSignal.timeout's would), clearing the
 * timer as soon as `fn` settles: AbortSignal.timeout leaves a timer and a weakly held signal behind for every request.
 */
export async function withTimeout<T>(ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError")), ms);
  timer.unref();
  try {
    return await fn(ac.signal);
  } finally {
    clearTimeout(timer);
  }
}

/** Where a URL MSAL asked for really goes: the public login host becomes hosts.loginUrl; other hosts are refused. */
export function routeLoginUrl(url: string, loginUrl: string): string {
  const u = new URL(url);
  const login = new URL(loginUrl);
  if (u.origin.toLowerCase() === PUBLIC_LOGIN_ORIGIN) {
    const base = login.pathname.replace(/\/+$/, "");
    return `${login.origin}${base}${u.pathname}${u.search}`;
  }
  if (u.origin === login.origin) return u.toString();
  throw new Error(`refused: MSAL asked for ${u.origin}, which is not the login host`);
}

/** Parses a token-endpoint body; an HTML / empty error page becomes an OAuth-style error instead of a crash. */
export function parseLoginBody(status: number, text: string): Record<string, unknown> {
  if (text.trim() === "") {
    return status >= 200 && status < 300 ? {} : { error: status >= 500 ? "server_error" : "client_error", error_description: `HTTP ${status} with an empty body` };
  }
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  const error = status >= 500 ? "server_error" : status >= 400 ? "client_error" : "unknown_error";
  return { error, error_description: `HTTP ${status} with a body that is not JSON` };
}

export interface MsalNetworkOptions {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Retries of 429 / 5xx / connection failures of the login host (default 2, Retry-After honoured up to 10 s). */
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  logger?: Logger;
}

/** MSAL INetworkModule routing https://login.microsoftonline.com to hosts.loginUrl (authority unchanged), trusting hosts.caFile. */
export function msalNetworkClient(hosts: MicrosoftHosts, opts: MsalNetworkOptions = {}): INetworkModule {
  const dispatcher = microsoftDispatcher(hosts);
  const sleep = opts.sleep ?? realSleep;
  const random = opts.random ?? Math.random;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxRetries: 2, baseDelayMs: 500, maxDelayMs: 4_000, maxRetryAfterMs: 10_000, ...opts.retry };

  const send = async <T>(method: "GET" | "POST", url: string, o: NetworkRequestOptions | undefined, timeout?: number): Promise<NetworkResponse<T>> => {
    const target = routeLoginUrl(url, hosts.loginUrl);
    const path = new URL(target).pathname;
    for (let retry = 0; ; retry++) {
      let status: number;
      let headers: Record<string, string>;
      let text: string;
      try {
        ({ status, headers, text } = await withTimeout(timeout ?? opts.timeoutMs ?? NETWORK_TIMEOUTS.requestMs, async (signal) => {
          const res = await request(target, { method, headers: { ...(o?.headers ?? {}) }, body: method === "POST" ? (o?.body ?? "") : null, dispatcher, signal });
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k] = Array.isArray(v) ? v.join(",") : v;
          return { status: res.statusCode, headers: h, text: await res.body.text() };
        }));
      } catch (e) {
        const delay = retryDelayMs(retry, undefined, random, policy);
        opts.logger?.debug("login request failed", { method, path, retry, error: e instanceof Error ? e.name : "unknown" });
        if (delay === undefined) throw e instanceof Error ? e : new Error("login request failed");
        await sleep(delay);
        continue;
      }
      if (isRetryableStatus(status, true)) {
        const delay = retryDelayMs(retry, parseRetryAfter(headers["retry-after"]), random, policy);
        if (delay !== undefined) {
          opts.logger?.debug("login host answered a transient error; retrying", { method, path, status, retry, delayMs: delay });
          await sleep(delay);
          continue;
        }
      }
      return { status, headers, body: parseLoginBody(status, text) as T };
    }
  };
  return {
    sendGetRequestAsync: <T>(url: string, o?: NetworkRequestOptions, timeout?: number) => send<T>("GET", url, o, timeout),
    sendPostRequestAsync: <T>(url: string, o?: NetworkRequestOptions) => send<T>("POST", url, o),
  };
}
