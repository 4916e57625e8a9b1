/**
 * `startSimulator`: one HTTPS listener per Microsoft service (login, graph, partnerCenter, defender, teams) plus the
 * control API, all on 127.0.0.1 with a per-run self-signed certificate (SAN localhost + 127.0.0.1), keep-alive.
 * Port 0 picks free ports; a base port N puts the services on N..N+5 in that order.
 */
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { generateKeyPairSync } from "node:crypto";
import selfsigned from "selfsigned";
import type { Clock, Service, SimResponse } from "./core/types";
import type { Scenario } from "./scenario/schema";
import { resolveScenario } from "./scenario/load";
import { createSystemClock } from "./core/clock";
import { createRandom } from "./core/random";
import { SimWorld } from "./core/world";
import { TokenService, teamsSsoClaims } from "./core/tokens";
import { Router } from "./core/router";
import { Dispatcher, type RawRequest } from "./core/dispatcher";
import { FaultEngine, type FaultInput, type FaultView } from "./core/faults";
import { Throttler, limitsFromScenario } from "./core/throttle";
import { CounterStore } from "./core/counters";
import { allRoutes } from "./routes";
import { teamsStore } from "./teams/deliveries";
import { RawJson } from "./core/rawJson";
import { handleControl, type ControlDeps, type IssuedSecrets } from "./control/api";
import type { AuthorizeCompleteInput, RevokeInput, UserTokenInput } from "./control/schemas";
import { completeFromUrl, type ControlCompletion } from "./entra/authorize";
import { grantStore } from "./entra/grants";
import type { Fault } from "./scenario/schema";

export const SERVICE_ORDER = ["login", "graph", "partnerCenter", "defender", "teams", "control"] as const;
export type Endpoint = (typeof SERVICE_ORDER)[number];

export interface StartOptions {
  /** A scenario object (validated here) or the path of a scenario JSON file. */
  scenario: unknown;
  /** 0 or absent: free ports. N: services on N..N+5 (login, graph, partnerCenter, defender, teams, control). */
  port?: number;
  /** Default: real time (or the scenario's `now`) plus offsets moved by the control API. */
  clock?: Clock;
  /** Structured log sink (default: JSON lines on stderr for errors only). */
  log?: (entry: Record<string, unknown>) => void;
  /**
   * Interface to listen on: "127.0.0.1" (default) or "localhost" (bound as 127.0.0.1). Anything else is refused at
   * start: the simulator and its control API (which moves the clock, injects faults, mints tokens) stay on loopback.
   */
  host?: string;
  /** How the "slow" fault and the latency model wait (default: real timers; tests inject a fake one). */
  sleep?: (ms: number) => Promise<void>;
}

/** Addresses the simulator may listen on or accept control requests from: loopback only. */
export function isLoopback(addr: string | undefined): boolean {
  if (!addr) return false;
  const a = addr.toLowerCase();
  return a === "localhost" || a === "::1" || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(a);
}

export interface SimControl {
  counters(): ReturnType<CounterStore["snapshot"]>;
  clearCounters(): void;
  faults(): FaultView[];
  addFault(f: FaultInput): Fault & { id: string };
  removeFault(id: string): boolean;
  clearFaults(): void;
  advanceClock(ms: number): Date;
  setClock(at: Date): Date;
  /** Reload the scenario (re-reading the file when started from a path): new world, scenario faults, fresh buckets and counters. */
  reset(): void;
  /** A Teams SSO-style user token (for on-behalf-of tests). */
  mintUserToken(input: UserTokenInput): string;
  /** Signs `user` in on an authorize URL without a browser: the redirect with the code, or the AADSTS error. */
  completeAuthorize(input: AuthorizeCompleteInput): ControlCompletion;
  /** Revokes refresh tokens (of a user, optionally one client; or one token): how many were live. Throws for an unknown user. */
  revokeRefreshTokens(input: RevokeInput): number;
  /** What the Teams connector recorded (state key "teams.deliveries"). */
  teamsDeliveries(): unknown[];
  /** Every secret of the scenario and every token, code and refresh token issued this run (control API GET /secrets/issued). */
  issuedSecrets(): IssuedSecrets;
  /** Make the connector answer 403 MessageWritesBlocked for a conversation (the app was removed), or stop doing so. */
  blockConversation(conversationId: string): void;
  unblockConversation(conversationId: string): void;
}

export interface Simulator {
  urls: Record<Endpoint, string>;
  caPem: string;
  control: SimControl;
  /** The current world (replaced by reset). */
  readonly world: SimWorld;
  readonly scenario: Scenario;
  clock: Clock;
  tokens: TokenService;
  stop(): Promise<void>;
}

let certPromise: Promise<{ cert: string; key: string }> | undefined;

/** The run's self-signed certificate (one per process). */
export function runCertificate(): Promise<{ cert: string; key: string }> {
  certPromise ??= (async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    const pems = await selfsigned.generate([{ name: "commonName", value: "localhost" }], {
      keyPair: { privateKey, publicKey },
      algorithm: "sha256",
      extensions: [
        { name: "basicConstraints", cA: true },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true, keyCertSign: true },
        { name: "extKeyUsage", serverAuth: true },
        { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] },
      ],
    });
    return { cert: pems.cert, key: pems.private };
  })();
  return certPromise;
}

function defaultLog(entry: Record<string, unknown>): void {
  if (entry.level === "error") process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), component: "sim", ...entry })}\n`);
}

export async function startSimulator(opts: StartOptions): Promise<Simulator> {
  const host = opts.host ?? "127.0.0.1";
  // Loopback only, and only the names its certificate holds (SAN 127.0.0.1, localhost).
  if (host !== "127.0.0.1" && host !== "localhost") throw new Error(`The simulator listens on loopback only (127.0.0.1); refusing host "${host}".`);
  const source = opts.scenario;
  let scenario = resolveScenario(source);
  const clock = opts.clock ?? createSystemClock(scenario.now ? new Date(scenario.now) : undefined);
  const log = opts.log ?? defaultLog;
  const tokens = new TokenService();
  let world = new SimWorld(scenario, clock.now());
  let counters = new CounterStore();
  let faults = new FaultEngine(scenario.faults, scenario.seed);
  const throttler = new Throttler(limitsFromScenario(scenario.throttling), clock);
  const state = new Map<string, unknown>();
  const origins = {} as Record<Service, string>;
  const randoms = { handler: createRandom(scenario.seed), latency: createRandom(scenario.seed ^ 0x1a7e) };

  // Routes need a dispatcher for $batch; the dispatcher needs the routes: tie the knot through a holder.
  const router = new Router(
    allRoutes(tokens, (sub) => {
      return dispatcher.dispatchSub({ service: "graph", method: sub.method, url: `${encodeURI(sub.path)}${sub.query ? `?${sub.query}` : ""}`, headers: sub.headers, body: sub.body });
    }),
  );
  const dispatcher: Dispatcher = new Dispatcher({
    router,
    tokens,
    clock,
    world: () => world,
    throttler,
    faults: () => faults,
    counters: () => counters,
    random: { next: () => randoms.handler.next(), int: (n) => randoms.handler.int(n) },
    latencyRandom: { next: () => randoms.latency.next(), int: (n) => randoms.latency.int(n) },
    origins,
    state,
    log,
    sleep: opts.sleep,
  });

  const reset = () => {
    scenario = resolveScenario(source);
    if (scenario.now) clock.set(new Date(scenario.now));
    world = new SimWorld(scenario, clock.now());
    faults = new FaultEngine(scenario.faults, scenario.seed);
    counters = new CounterStore();
    throttler.setLimits(limitsFromScenario(scenario.throttling));
    state.clear();
    randoms.handler = createRandom(scenario.seed);
    randoms.latency = createRandom(scenario.seed ^ 0x1a7e);
  };

  const mintUserToken = (input: UserTokenInput): { token: string; expiresOn: string } | { error: string } => {
    const tenantId = (input.tenantId ?? world.partnerTenantId).toLowerCase();
    const user = world.user(tenantId, input.user);
    if (!user) return { error: `No user ${input.user} in tenant ${tenantId}.` };
    const claims = teamsSsoClaims({ tenantId, botAppId: input.appId.toLowerCase(), audience: input.audience, userId: user.id, upn: user.userPrincipalName, name: user.displayName, nowMs: clock.now().getTime(), lifetimeS: input.lifetimeSeconds });
    if (input.mfa ?? user.mfaRegistered) claims.amr = ["pwd", "mfa"];
    return { token: tokens.sign(claims), expiresOn: new Date(claims.exp * 1000).toISOString() };
  };

  const completeAuthorize = (input: AuthorizeCompleteInput): ControlCompletion => completeFromUrl(world, grantStore(state), input.url, input.user, clock.now());
  const revokeRefreshTokens = (input: RevokeInput): { revoked: number } | { error: string } => {
    let userId: string | undefined;
    if (input.user !== undefined) {
      const u = world.user(world.partnerTenantId, input.user) ?? world.customerTenantIds().map((t) => world.user(t, input.user ?? "")).find((x) => x !== undefined);
      if (!u) return { error: `No user ${input.user}.` };
      userId = u.id;
    }
    return { revoked: grantStore(state).revoke({ userId, clientId: input.appId, refreshToken: input.refreshToken }) };
  };

  const teams = () => teamsStore(state, scenario);
  const issuedSecrets = (): IssuedSecrets => {
    const grants = grantStore(state).issued();
    const access = tokens.issued();
    return {
      clientSecrets: scenarioSecrets(scenario),
      accessTokens: access.tokens,
      accessTokensDropped: access.dropped,
      authorizationCodes: grants.codes,
      refreshTokens: grants.refreshTokens,
    };
  };
  const controlDeps: ControlDeps = {
    counters: () => counters,
    faults: () => faults,
    clock,
    reset,
    mintUserToken,
    completeAuthorize,
    revokeRefreshTokens,
    state: () => state,
    blockConversation: (id) => teams().block(id),
    unblockConversation: (id) => teams().unblock(id),
    issuedSecrets,
  };

  const { cert, key } = await runCertificate();
  const servers: https.Server[] = [];
  const urls = {} as Record<Endpoint, string>;
  const basePort = opts.port ?? 0;
  try {
    for (let i = 0; i < SERVICE_ORDER.length; i++) {
      const name = SERVICE_ORDER[i];
      const server = https.createServer({ cert, key, keepAlive: true, noDelay: true }, (req, res) => {
        if (name === "control") void serveControl(req, res, controlDeps, log);
        else void serveService(name, req, res, dispatcher, log);
      });
      server.keepAliveTimeout = 65_000;
      server.headersTimeout = 66_000;
      servers.push(server);
      const port = await listen(server, host === "localhost" ? "127.0.0.1" : host, basePort === 0 ? 0 : basePort + i);
      urls[name] = `https://127.0.0.1:${port}`;
      if (name !== "control") origins[name] = urls[name];
    }
  } catch (e) {
    await closeAll(servers);
    throw e;
  }

  const control: SimControl = {
    counters: () => counters.snapshot(),
    clearCounters: () => counters.clear(),
    faults: () => faults.list(),
    addFault: (f) => faults.add(f),
    removeFault: (id) => faults.remove(id),
    clearFaults: () => faults.clear(),
    advanceClock: (ms) => {
      clock.advance(ms);
      return clock.now();
    },
    setClock: (at) => {
      clock.set(at);
      return clock.now();
    },
    reset,
    mintUserToken: (input) => {
      const r = mintUserToken(input);
      if ("error" in r) throw new Error(r.error);
      return r.token;
    },
    completeAuthorize,
    revokeRefreshTokens: (input) => {
      const r = revokeRefreshTokens(input);
      if ("error" in r) throw new Error(r.error);
      return r.revoked;
    },
    blockConversation: (id) => teams().block(id),
    unblockConversation: (id) => teams().unblock(id),
    issuedSecrets,
    teamsDeliveries: () => {
      const v = state.get("teams.deliveries");
      return Array.isArray(v) ? (v as unknown[]) : [];
    },
  };

  let stopped: Promise<void> | undefined;
  return {
    urls,
    caPem: cert,
    control,
    get world() {
      return world;
    },
    get scenario() {
      return scenario;
    },
    clock,
    tokens,
    stop: () => (stopped ??= closeAll(servers)),
  };
}

function listen(server: https.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function closeAll(servers: https.Server[]): Promise<void> {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (!s.listening) return resolve();
          s.close(() => resolve());
          s.closeAllConnections();
        }),
    ),
  );
}

const MAX_BODY = 10 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error("body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, r: SimResponse): void {
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  let payload: Buffer | undefined;
  if (r.body !== undefined && r.status !== 204 && r.status !== 304) {
    const raw = r.body instanceof RawJson ? r.body.json : undefined;
    payload = Buffer.isBuffer(raw) ? raw : Buffer.from(typeof r.body === "string" ? r.body : (raw ?? JSON.stringify(r.body)), "utf8");
    if (!Object.keys(headers).some((k) => k.toLowerCase() === "content-type")) headers["Content-Type"] = "application/json; charset=utf-8";
    headers["Content-Length"] = String(payload.length);
  }
  res.writeHead(r.status, headers);
  res.end(payload);
}

async function serveService(service: Service, req: IncomingMessage, res: ServerResponse, dispatcher: Dispatcher, log: (e: Record<string, unknown>) => void): Promise<void> {
  try {
    const rawBody = req.method === "GET" || req.method === "HEAD" ? "" : await readBody(req);
    const raw: RawRequest = { service, method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, rawBody };
    const out = await dispatcher.handle(raw);
    if (out.kind === "reset") {
      req.socket.destroy();
      return;
    }
    send(res, out.response);
  } catch (e) {
    log({ level: "error", msg: "request failed", service, error: e instanceof Error ? e.message : String(e) });
    if (!res.headersSent) send(res, { status: 500, body: { error: { code: "InternalServerError", message: "An internal server error occurred." } } });
    else res.destroy();
  }
}

async function serveControl(req: IncomingMessage, res: ServerResponse, deps: ControlDeps, log: (e: Record<string, unknown>) => void): Promise<void> {
  try {
    if (!isLoopback(req.socket.remoteAddress)) return send(res, { status: 403, body: { error: { code: "Forbidden", message: "The control API answers on loopback only." } } });
    const rawBody = req.method === "GET" ? "" : await readBody(req);
    let body: unknown = undefined;
    if (rawBody.trim()) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        return send(res, { status: 400, body: { error: { code: "BadRequest", message: "The body is not valid JSON." } } });
      }
    }
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    send(res, handleControl(req.method ?? "GET", url.pathname, body, deps));
  } catch (e) {
    log({ level: "error", msg: "control request failed", error: e instanceof Error ? e.message : String(e) });
    if (!res.headersSent) send(res, { status: 500, body: { error: { code: "InternalServerError", message: "The control request failed." } } });
  }
}

/** Every client secret value of a scenario (`secretText` of any credential, `secret` of the rehearsal block). */
export function scenarioSecrets(scenario: unknown): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        if ((k === "secretText" || k === "secret") && typeof x === "string" && x !== "") out.add(x);
        else walk(x);
      }
    }
  };
  walk(scenario);
  return [...out];
}
