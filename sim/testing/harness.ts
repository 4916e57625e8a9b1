/**
 * Test harness: starts the simulator and builds the REAL SDK clients against it — MSAL ConfidentialClientApplication
 * (authority unchanged, `system.networkClient` rewriting https://login.microsoftonline.com to the simulator and
 * trusting its certificate), the Graph SDK client (https base URL, customHosts, undici dispatcher with the CA), and
 * fetch helpers for Partner Center, Defender, Teams and the control API.
 */
import https from "node:https";
import { ConfidentialClientApplication, type Configuration, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from "@azure/msal-node";
import { Client, type AuthenticationProvider, type Middleware } from "@microsoft/microsoft-graph-client";
import { Agent, fetch as undiciFetch } from "undici";
import { startSimulator, type Endpoint, type Simulator, type StartOptions } from "../server";

export const LOGIN_HOST = "https://login.microsoftonline.com";

/** An MSAL INetworkModule that sends login.microsoftonline.com requests to the simulator (trusting its CA). */
export function simNetworkClient(loginUrl: string, caPem: string, seen?: string[]): INetworkModule {
  const agent = new https.Agent({ ca: caPem, keepAlive: true });
  const send = <T>(method: "GET" | "POST", url: string, o?: NetworkRequestOptions): Promise<NetworkResponse<T>> =>
    new Promise((resolve, reject) => {
      const target = new URL(url.startsWith(LOGIN_HOST) ? loginUrl + url.slice(LOGIN_HOST.length) : url);
      seen?.push(`${method} ${url}`);
      const req = https.request(target, { method, headers: { ...(o?.headers ?? {}) }, agent }, (res) => {
        let data = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (data += c));
        res.on("end", () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(",") : v;
          try {
            resolve({ status: res.statusCode ?? 0, headers, body: (data ? JSON.parse(data) : {}) as T });
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        });
      });
      req.on("error", reject);
      req.end(method === "POST" ? (o?.body ?? "") : undefined);
    });
  return { sendGetRequestAsync: (url, o) => send("GET", url, o), sendPostRequestAsync: (url, o) => send("POST", url, o) };
}

export interface MsalOptions {
  clientId: string;
  clientSecret: string;
  /** Tenant id or domain in the authority (default: the partner tenant). */
  tenant?: string;
  /** Record the URLs MSAL asked for (before rewriting). */
  seen?: string[];
}

export interface GraphClientOptions {
  /** Returns a bearer token (e.g. from MSAL). */
  getToken: () => Promise<string>;
  /** "v1.0" (default) or "beta". */
  version?: "v1.0" | "beta";
  /** A custom middleware chain (e.g. with a RetryHandler configured for the test). */
  middleware?: Middleware;
}

export interface FetchResult<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

export interface FetchInit {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** "manual": answer a redirect as it is (status 302 + location) instead of following it. */
  redirect?: "follow" | "manual";
}

export interface Harness {
  sim: Simulator;
  /** A real ConfidentialClientApplication with the authority https://login.microsoftonline.com/{tenant}. */
  msal(o: MsalOptions): ConfidentialClientApplication;
  /** App-only token via MSAL client credentials. */
  appToken(o: MsalOptions & { scope?: string }): Promise<string>;
  /** A real Graph SDK client pointed at the simulator. */
  graph(o: GraphClientOptions): Client;
  /** fetch against a service (or the control API) with the CA trusted; JSON bodies parsed. */
  fetch<T = unknown>(service: Endpoint, path: string, init?: FetchInit): Promise<FetchResult<T>>;
  /** The undici dispatcher that trusts the simulator's CA (for other clients). */
  dispatcher: Agent;
  stop(): Promise<void>;
}

export async function startHarness(opts: StartOptions): Promise<Harness> {
  const sim = await startSimulator(opts);
  const dispatcher = new Agent({ connect: { ca: sim.caPem }, keepAliveTimeout: 30_000 });
  const partner = sim.world.partnerTenantId;

  const msal = (o: MsalOptions): ConfidentialClientApplication => {
    const config: Configuration = {
      auth: { clientId: o.clientId, clientSecret: o.clientSecret, authority: `${LOGIN_HOST}/${o.tenant ?? partner}` },
      system: { networkClient: simNetworkClient(sim.urls.login, sim.caPem, o.seen) },
    };
    return new ConfidentialClientApplication(config);
  };

  const harness: Harness = {
    sim,
    dispatcher,
    msal,
    appToken: async (o) => {
      const r = await msal(o).acquireTokenByClientCredential({ scopes: [o.scope ?? "https://graph.microsoft.com/.default"] });
      if (!r) throw new Error("MSAL returned no token");
      return r.accessToken;
    },
    graph: (o) => {
      const authProvider: AuthenticationProvider = { getAccessToken: () => o.getToken() };
      const base = {
        baseUrl: `${sim.urls.graph}/`,
        defaultVersion: o.version ?? "v1.0",
        customHosts: new Set(["127.0.0.1"]),
        // undici 7's Agent works with Node's fetch at run time; its types differ from Node's bundled undici-types.
        fetchOptions: Object.assign({} as RequestInit, { dispatcher }),
      };
      return o.middleware ? Client.initWithMiddleware({ ...base, middleware: o.middleware }) : Client.initWithMiddleware({ ...base, authProvider });
    },
    fetch: async <T = unknown>(service: Endpoint, path: string, init: FetchInit = {}): Promise<FetchResult<T>> => {
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      let body: string | undefined;
      if (init.body !== undefined) {
        body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
        headers["content-type"] ??= "application/json";
      }
      const res = await undiciFetch(`${sim.urls[service]}${path}`, { method: init.method ?? (body ? "POST" : "GET"), headers, body, dispatcher, redirect: init.redirect ?? "follow" });
      const text = await res.text();
      const out: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        out[k] = v;
      });
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, headers: out, body: parsed as T };
    },
    stop: async () => {
      await dispatcher.close();
      await sim.stop();
    },
  };
  return harness;
}
