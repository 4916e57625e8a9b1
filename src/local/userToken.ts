/**
 * Local mode only: the signed-in user's Graph token without Teams.
 *
 * The Agents Playground has no SSO, so local mode asks the simulator's control API for the token Teams would hand the
 * bot (`POST /tokens/user {user, appId, tenantId}`: a v2 token for the SSO app, `scp access_as_user`) and then runs the
 * same on-behalf-of exchange as teams-ai's Teams SSO in azure mode: MSAL `acquireTokenOnBehalfOf` with the same MSAL
 * configuration (ssoMsalConfig) and the same scopes (SSO_GRAPH_SCOPES). So everything after the SSO token — consent,
 * scopes, the Graph token's claims — is what Teams users get.
 *
 * This seam exists only in local mode: constructing it in azure mode throws, and it only talks to a loopback
 * control API. Tokens are kept in memory (the SSO token until shortly before it expires, the Graph token in MSAL's
 * cache), never logged or stored.
 */
import { ConfidentialClientApplication } from "@azure/msal-node";
import { Agent, fetch } from "undici";
import { z } from "zod/v4";
import { ssoMsalConfig, SSO_GRAPH_SCOPES, SsoAppSchema, type SsoApp } from "../bot/sso/settings";
import type { TurnIdentity, UserGraphTokenSource } from "../bot/sso/userGraphToken";
import { systemClock, type Clock } from "../clock";
import type { AppMode, MicrosoftHosts } from "../config";
import { toMicrosoftError } from "../graph/errors";
import type { Logger } from "../log/logger";

/** Mint a new SSO token this long before the simulator says it expires. */
export const SSO_TOKEN_MARGIN_MS = 5 * 60_000;

export interface LocalUserTokenOptions {
  /** The running mode: anything but "local" is refused. */
  mode: AppMode;
  /** The simulator's control API, e.g. https://127.0.0.1:7005 (loopback only). */
  controlUrl: string;
  /** PEM of the simulator's CA, trusted for the control API only. */
  caPem: string;
  /** User principal name (or object id) of the partner user local mode signs in as. */
  user: string;
  /** The bot's SSO app registration in the simulator's scenario. */
  app: SsoApp;
  hosts: MicrosoftHosts;
  logger: Logger;
  /** Local mode's clock (follows the simulator's): decides when the SSO token is near its expiry. */
  clock?: Clock;
}

export interface LocalUserTokenSource extends UserGraphTokenSource {
  readonly kind: "localSimulator";
  /** Closes the connection pool to the control API. */
  close(): Promise<void>;
}

/** A local sign-in failure (the simulator refused or is unreachable). Its message names no token. */
export class LocalSignInError extends Error {
  override readonly name = "LocalSignInError";
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

const OptionsSchema = z.object({
  mode: z.literal("local", { error: "the simulator sign-in exists only in local mode" }),
  controlUrl: z.string().refine(
    (v) => {
      try {
        const u = new URL(v);
        return u.protocol === "https:" && LOOPBACK.has(u.hostname);
      } catch {
        return false;
      }
    },
    { error: "must be the simulator's https control URL on loopback" },
  ),
  caPem: z.string().refine((v) => v.includes("-----BEGIN CERTIFICATE-----"), { error: "must be a PEM certificate" }),
  user: z.string().min(1).max(256),
  app: SsoAppSchema,
});

const ScenarioApps = z.object({
  partner: z.object({
    tenantId: z.string(),
    applications: z
      .array(
        z.object({
          appId: z.string(),
          identifierUris: z.array(z.string()).optional(),
          passwordCredentials: z.array(z.object({ secretText: z.string().optional() })).optional(),
        }),
      )
      .optional(),
  }),
});

/**
 * Pure: the bot's SSO app in a simulator scenario (parsed JSON): the partner application whose identifier URIs
 * include `api://botid-<its appId>` (what Teams SSO requires), with its first secret. Undefined when there is none.
 */
export function ssoAppFromScenario(scenario: unknown): SsoApp | undefined {
  const s = ScenarioApps.safeParse(scenario);
  if (!s.success) return undefined;
  for (const a of s.data.partner.applications ?? []) {
    const uri = `api://botid-${a.appId}`.toLowerCase();
    if (!(a.identifierUris ?? []).some((u) => u.toLowerCase() === uri)) continue;
    const secret = (a.passwordCredentials ?? []).find((c) => c.secretText)?.secretText;
    const app = SsoAppSchema.safeParse({ clientId: a.appId, clientSecret: secret, tenantId: s.data.partner.tenantId });
    if (app.success) return app.data;
  }
  return undefined;
}

const MintedToken = z.object({ token: z.string().min(1), expiresOn: z.iso.datetime({ offset: true }) });

/**
 * The local-mode UserGraphTokenSource. Throws in azure mode (Teams SSO is the only sign-in there) and on bad options.
 */
export function createLocalUserTokenSource(opts: LocalUserTokenOptions): LocalUserTokenSource {
  if (opts.mode !== "local") {
    throw new Error("The simulator sign-in is for local mode only: in azure mode users sign in with Teams SSO.");
  }
  const parsed = OptionsSchema.safeParse(opts);
  if (!parsed.success) {
    throw new Error(`Local sign-in: ${parsed.error.issues.map((i) => `${i.path.join(".") || "options"}: ${i.message}`).join("; ")}`);
  }
  const o = parsed.data;
  const clock = opts.clock ?? systemClock;
  const log = opts.logger.child({ component: "localSignIn" });
  const msal = new ConfidentialClientApplication(ssoMsalConfig(o.app, opts.hosts, log));
  const agent = new Agent({ connect: { ca: o.caPem }, keepAliveTimeout: 10_000 });
  const mintUrl = `${o.controlUrl.replace(/\/+$/, "")}/tokens/user`;

  let sso: { token: string; expiresMs: number } | undefined;
  let minting: Promise<{ token: string; expiresMs: number }> | undefined;

  const mint = async (): Promise<{ token: string; expiresMs: number }> => {
    let res;
    try {
      res = await fetch(mintUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ user: o.user, appId: o.app.clientId, tenantId: o.app.tenantId }),
        dispatcher: agent,
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      throw new LocalSignInError("Local sign-in: the simulator's control API is not reachable.");
    }
    const body: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const reason = z.object({ error: z.object({ message: z.string().max(300) }) }).safeParse(body);
      throw new LocalSignInError(`Local sign-in as ${o.user} refused by the simulator (${res.status})${reason.success ? `: ${reason.data.error.message}` : ""}`);
    }
    const minted = MintedToken.safeParse(body);
    if (!minted.success) throw new LocalSignInError("Local sign-in: the simulator answered without a token.");
    log.info("local sign-in: user token from the simulator", { user: o.user, appId: o.app.clientId });
    return { token: minted.data.token, expiresMs: Date.parse(minted.data.expiresOn) };
  };

  const ssoToken = async (fresh: boolean): Promise<string> => {
    if (!fresh && sso && clock.now().getTime() < sso.expiresMs - SSO_TOKEN_MARGIN_MS) return sso.token;
    minting ??= mint().finally(() => {
      minting = undefined;
    });
    sso = await minting;
    return sso.token;
  };

  return {
    kind: "localSimulator",
    async getGraphToken(_identity: TurnIdentity, g?: { forceRefresh?: boolean }): Promise<string> {
      const force = g?.forceRefresh === true;
      const assertion = await ssoToken(force);
      try {
        const r = await msal.acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: [...SSO_GRAPH_SCOPES], skipCache: force });
        if (!r?.accessToken) throw new LocalSignInError("Local sign-in: Microsoft Entra ID gave no token.");
        return r.accessToken;
      } catch (e) {
        if (e instanceof LocalSignInError) throw e;
        const err = toMicrosoftError(e, "login");
        log.warn("local sign-in: on-behalf-of exchange failed", { user: o.user, code: err.code, microsoftCode: err.microsoftCode });
        // The next call starts from a fresh SSO token (it may have been refused for its age).
        sso = undefined;
        throw err;
      }
    },
    close: () => agent.close(),
  };
}
