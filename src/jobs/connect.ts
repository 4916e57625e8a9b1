/**
 * Connecting the service account (M365 step 6): the Connect button's link, the bot's `/connect/start` redirect to
 * Microsoft's authorize endpoint, and the `/connect/callback` that redeems the code.
 *
 * 1. `link` (when the Connect step's card is shown): a fresh state bound to the MSP, the admin and the service account
 *    that must sign in (src/jobs/connectState.ts), the PKCE verifier in the secret store; answers
 *    `<bot>/connect/start?state=…`.
 * 2. `start`: the state still valid → Microsoft's authorize URL (PKCE S256, prompt=select_account) on the login host.
 * 3. `callback`: the state consumed (single use), the code redeemed with MSAL; the signed-in account must be the
 *    service account of the state (same tenant and object id, or UPN when the id is unknown), else refused and nothing
 *    stored. Then the refresh token goes to the secret store and settings.m365Connected = true.
 * `connectAs` runs the same 1–3 without a browser, with a `signIn` that completes the authorize URL (local mode's
 * rehearsal through the simulator's control API). Nothing here logs a code, verifier or token.
 */
import type { Clock } from "../clock";
import { customerTokenProvider, pkceChallenge, newPkceVerifier, type DelegatedAuth, type SignedInAccount } from "../graph/delegated";
import type { GraphClient } from "../graph/client";
import { MicrosoftError } from "../graph/errors";
import type { TokenProvider } from "../graph/tokens";
import type { Logger } from "../log/logger";
import { SECRET_NAMES, type SecretStore } from "../secrets/secretStore";
import type { SettingsRepo } from "../store/settingsRepo";
import { partnerTenantOf } from "./checkJob";
import { expectedServiceAccount, type ExpectedServiceAccount } from "./connectIdentity";
import { CONNECT_STATE_TTL_MS, connectVerifierSecretName, newConnectState, parseConnectState, type ConnectStateRepo } from "./connectState";

export const CONNECT_START_PATH = "/connect/start";
export const CONNECT_CALLBACK_PATH = "/connect/callback";

export type ConnectOutcome =
  | { kind: "connected"; upn: string }
  | { kind: "wrongAccount"; expectedUpn: string; signedInUpn: string }
  | { kind: "stateInvalid"; reason: "unknown" | "expired" | "used" }
  /** Microsoft sent the admin back with an error (cancelled, consent refused). */
  | { kind: "denied" }
  | { kind: "failed"; microsoftMessage?: string }
  /** Connect is not configured (no app credentials, no secret store key, no public URL). */
  | { kind: "unavailable" };

export interface ConnectDeps {
  /** Undefined when Tenant Pilot's app credentials are not configured. */
  auth: DelegatedAuth | undefined;
  states: ConnectStateRepo;
  secrets: SecretStore;
  /** Whether the secret store can store (TP_SECRET_KEY set). */
  canStore: boolean;
  settings: SettingsRepo;
  clock: Clock;
  logger: Logger;
  /** Where browsers reach the bot (azure: BOT_PUBLIC_URL; local: set once the bot listens). */
  publicBaseUrl?: string;
  /** Least time between two looks for a rotated refresh token to store (default 1 hour). */
  rotationCheckMs?: number;
}

export function sameAccount(expected: ExpectedServiceAccount, partnerTenantId: string, got: SignedInAccount): boolean {
  if (got.tenantId.toLowerCase() !== partnerTenantId.toLowerCase()) return false;
  if (expected.id !== undefined) return expected.id.toLowerCase() === got.userId.toLowerCase();
  return expected.upn.toLowerCase() === got.upn.toLowerCase();
}

export function createConnectService(deps: ConnectDeps) {
  let baseUrl = deps.publicBaseUrl?.replace(/\/+$/, "");
  const log = deps.logger.child({ component: "connect" });
  const redirectUri = (): string | undefined => (baseUrl !== undefined ? `${baseUrl}${CONNECT_CALLBACK_PATH}` : undefined);
  const ready = (): boolean => deps.auth !== undefined && deps.canStore && baseUrl !== undefined;

  /** A new state for `partnerTenantId`, with its verifier stored. */
  async function issue(partnerTenantId: string, serviceAccount: ExpectedServiceAccount, by: string | undefined): Promise<string> {
    const state = newConnectState(partnerTenantId);
    const p = parseConnectState(state);
    if (!p) throw new Error("state not parsable");
    const now = deps.clock.now();
    await deps.secrets.set(connectVerifierSecretName(p.nonce), await newPkceVerifier());
    await deps.states.create(state, {
      partnerTenantId: p.partnerTenantId,
      ...(by !== undefined ? { requestedBy: by.slice(0, 256) } : {}),
      serviceAccount,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + CONNECT_STATE_TTL_MS).toISOString(),
    });
    return state;
  }

  /** The authorize URL of a valid state (as Microsoft addresses it), or why not. */
  async function authorizeUrlOf(state: string): Promise<{ url: string } | { outcome: ConnectOutcome }> {
    const auth = deps.auth;
    const redirect = redirectUri();
    if (!auth || redirect === undefined) return { outcome: { kind: "unavailable" } };
    const v = await deps.states.peek(state, deps.clock.now());
    if (!v.ok) return { outcome: { kind: "stateInvalid", reason: v.reason } };
    const p = parseConnectState(state);
    const verifier = p ? await deps.secrets.get(connectVerifierSecretName(p.nonce)) : undefined;
    if (verifier === undefined) return { outcome: { kind: "stateInvalid", reason: "unknown" } };
    return { url: await auth.authorizeUrl({ redirectUri: redirect, state, codeChallenge: pkceChallenge(verifier) }) };
  }

  async function callback(q: { state?: string; code?: string; error?: string }): Promise<ConnectOutcome> {
    const auth = deps.auth;
    const redirect = redirectUri();
    if (!auth || redirect === undefined) return { kind: "unavailable" };
    const p = parseConnectState(q.state);
    if (!p || q.state === undefined) return { kind: "stateInvalid", reason: "unknown" };
    const consumed = await deps.states.consume(q.state, deps.clock.now());
    if (!consumed.ok) return { kind: "stateInvalid", reason: consumed.reason };
    const secretName = connectVerifierSecretName(p.nonce);
    const verifier = await deps.secrets.get(secretName);
    await deps.secrets.delete(secretName);
    const rec = consumed.record;
    if (q.error !== undefined || q.code === undefined) {
      log.warn("connect: Microsoft returned no code", { partnerTenantId: rec.partnerTenantId, error: q.error?.slice(0, 64) });
      return { kind: "denied" };
    }
    if (verifier === undefined) return { kind: "stateInvalid", reason: "unknown" };
    let redeemed: Awaited<ReturnType<DelegatedAuth["redeemCode"]>>;
    try {
      redeemed = await auth.redeemCode({ code: q.code, redirectUri: redirect, codeVerifier: verifier });
    } catch (e) {
      const err = e instanceof MicrosoftError ? e : undefined;
      log.warn("connect: the code could not be redeemed", { partnerTenantId: rec.partnerTenantId, code: err?.code, microsoftCode: err?.microsoftCode });
      return { kind: "failed", ...(err ? { microsoftMessage: err.adminMessage } : {}) };
    }
    if (!sameAccount(rec.serviceAccount, rec.partnerTenantId, redeemed.account)) {
      log.warn("connect refused: another account signed in", { partnerTenantId: rec.partnerTenantId, expected: rec.serviceAccount.upn, signedIn: redeemed.account.upn });
      return { kind: "wrongAccount", expectedUpn: rec.serviceAccount.upn, signedInUpn: redeemed.account.upn };
    }
    await deps.secrets.set(SECRET_NAMES.m365RefreshToken, redeemed.refreshToken);
    await deps.settings.patch(
      rec.partnerTenantId,
      (cur) => {
        const { updatedAt: _a, updatedBy: _b, ...rest } = cur ?? { source: "setup" as const, updatedAt: "" };
        return { ...rest, serviceAccountUpn: rest.serviceAccountUpn ?? redeemed.account.upn, m365Connected: true };
      },
      rec.requestedBy !== undefined ? { by: rec.requestedBy } : {},
    );
    log.info("Microsoft 365 connected", { partnerTenantId: rec.partnerTenantId, serviceAccount: redeemed.account.upn });
    return { kind: "connected", upn: redeemed.account.upn };
  }

  /**
   * Refresh-token rotation. Entra returns a new refresh token with every refresh-token grant and the one stored at
   * Connect lasts only its own 90 days (learn.microsoft.com/entra/identity-platform/refresh-tokens): the newest one
   * MSAL kept replaces the stored one when it differs — looked at once per `rotationCheckMs` (default an hour), not
   * per token request, and written only when the stored token is still the one the newer token came from (a Connect
   * in between wins).
   */
  const rotationCheckMs = deps.rotationCheckMs ?? 3_600_000;
  let lastRotationCheck = -Infinity;
  async function keepNewestRefreshToken(auth: DelegatedAuth, usedToken: string): Promise<void> {
    const nowMs = deps.clock.now().getTime();
    if (nowMs - lastRotationCheck < rotationCheckMs) return;
    const newer = auth.newerRefreshToken(usedToken);
    if (newer === undefined) return;
    lastRotationCheck = nowMs;
    try {
      const stored = await deps.secrets.get(SECRET_NAMES.m365RefreshToken);
      if (stored !== usedToken) return;
      await deps.secrets.set(SECRET_NAMES.m365RefreshToken, newer);
      log.info("the service account's refresh token rotated: the newest is stored");
    } catch (e) {
      lastRotationCheck = -Infinity;
      log.warn("the rotated refresh token could not be stored; the previous one stays in use", { error: e instanceof Error ? e.name : "unknown" });
    }
  }

  return {
    /** Local mode: the bot's URL once it listens (azure mode: BOT_PUBLIC_URL from the start). */
    setPublicBaseUrl(url: string): void {
      baseUrl = url.replace(/\/+$/, "");
    },
    redirectUri,
    /** Whether the Connect button can be offered. */
    ready,

    /** The Connect button's link for the admin of `graph`; undefined when Connect is unavailable or no service account exists yet. */
    async link(graph: GraphClient, who: { by?: string }): Promise<string | undefined> {
      if (!ready() || baseUrl === undefined) return undefined;
      const partnerTenantId = await partnerTenantOf(graph);
      const expected = await expectedServiceAccount(graph, (await deps.settings.get(partnerTenantId))?.value);
      if (!expected) return undefined;
      const state = await issue(partnerTenantId, expected, who.by);
      return `${baseUrl}${CONNECT_START_PATH}?state=${encodeURIComponent(state)}`;
    },

    /** `/connect/start`: where to send the browser (the login host's authorize URL), or the page to show. */
    async start(state: string | undefined): Promise<{ redirect: string } | { outcome: ConnectOutcome }> {
      if (state === undefined || !parseConnectState(state)) return { outcome: { kind: "stateInvalid", reason: "unknown" } };
      const r = await authorizeUrlOf(state);
      if ("outcome" in r) return r;
      return { redirect: deps.auth ? deps.auth.browserUrl(r.url) : r.url };
    },

    callback,

    /** Connect without a browser: `signIn` completes the authorize URL as `serviceAccountUpn` and returns the code. */
    async connectAs(partnerTenantId: string, serviceAccountUpn: string, signIn: (authorizeUrl: string) => Promise<{ code: string }>): Promise<ConnectOutcome> {
      if (!ready()) return { kind: "unavailable" };
      const state = await issue(partnerTenantId, { upn: serviceAccountUpn }, "rehearsal");
      const r = await authorizeUrlOf(state);
      if ("outcome" in r) return r.outcome;
      const { code } = await signIn(r.url);
      return callback({ state, code });
    },

    /**
     * The service account's Graph token in a customer tenant (through GDAP); undefined when not connected. Each token
     * it hands out may have rotated the refresh token (rotation below).
     */
    async customerToken(tenantId: string): Promise<TokenProvider | undefined> {
      const auth = deps.auth;
      if (!auth) return undefined;
      const refreshToken = await deps.secrets.get(SECRET_NAMES.m365RefreshToken);
      if (refreshToken === undefined) return undefined;
      const inner = customerTokenProvider(auth, refreshToken, tenantId);
      return async (o) => {
        const token = await inner(o);
        await keepNewestRefreshToken(auth, refreshToken);
        return token;
      };
    },
  };
}

export type ConnectService = ReturnType<typeof createConnectService>;
