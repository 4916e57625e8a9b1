/**
 * The one place where Microsoft's failures (Entra ID / MSAL, Microsoft Graph and Intune, Partner Center, Defender for
 * Endpoint, and the network) become typed errors with a sentence an admin understands. Every client in src/graph throws
 * only `MicrosoftError`. Pure: no I/O; table-tested in errors.test.ts.
 */
import type { ReadFailure } from "../domain/snapshot";

export type MicrosoftService = "login" | "graph" | "partnerCenter" | "defender";
export type MicrosoftErrorCode =
  | "notConsented"
  | "secretInvalid"
  | "secretExpired"
  | "tenantNotFound"
  | "mfaRequired"
  | "forbidden"
  | "intuneNotLicensed"
  /** Addition to the contract: a tenant where the feature is not switched on (Defender for Endpoint not onboarded). */
  | "featureNotEnabled"
  | "throttled"
  | "unavailable"
  | "notFound"
  | "badRequest"
  | "unauthorized"
  | "unknown";

export interface MicrosoftErrorInit {
  code: MicrosoftErrorCode;
  service: MicrosoftService;
  status?: number;
  missing?: string;
  retryAfterMs?: number;
  microsoftCode?: string;
}

const SERVICE_NAME: Record<MicrosoftService, string> = {
  login: "Microsoft Entra ID (sign-in)",
  graph: "Microsoft Graph",
  partnerCenter: "Partner Center",
  defender: "Microsoft Defender for Endpoint",
};

/** The sentence an admin reads for each code: what is wrong and what to do. Never Microsoft's raw text, never a token. */
export function adminMessageFor(init: MicrosoftErrorInit): string {
  const svc = SERVICE_NAME[init.service];
  switch (init.code) {
    case "notConsented":
      return "The app is not consented in this tenant (it has no service principal there, or lacks the permission asked for): an administrator of the tenant must grant admin consent to it.";
    case "secretInvalid":
      return "The app's client secret is wrong: store the secret's value (not its secret ID) again, or create a new client secret in the app registration.";
    case "secretExpired":
      return "The app's client secret has expired: create a new client secret in the app registration (Certificates & secrets) and store it.";
    case "tenantNotFound":
      return "Microsoft Entra ID does not know this tenant: check the tenant ID or domain (the tenant may have been deleted).";
    case "mfaRequired":
      return `${svc} requires multi-factor authentication: register an MFA method for the account and sign in again with it.`;
    case "forbidden":
      if (init.service === "partnerCenter") {
        return "Partner Center refused access: the user (or app) must be a member of the AdminAgents group, and the app must be the partner's registered Partner Center web app.";
      }
      return init.missing
        ? `${svc} refused the request because a permission is missing (needs one of: ${init.missing}): add it to the app registration and grant admin consent.`
        : `${svc} refused the request: the app or user lacks the permission or role it needs; grant it (and admin consent) and try again.`;
    case "intuneNotLicensed":
      return "This tenant has no Intune licence, so its devices cannot be read: assign an Intune (Microsoft Endpoint Manager) licence in the tenant.";
    case "featureNotEnabled":
      return init.service === "defender"
        ? "Microsoft Defender for Endpoint is not enabled (onboarded) in this tenant, so its machines cannot be read."
        : `This feature of ${svc} is not enabled in this tenant.`;
    case "throttled": {
      const s = init.retryAfterMs !== undefined ? Math.max(1, Math.ceil(init.retryAfterMs / 1000)) : undefined;
      return `${svc} is throttling requests (too many in a short time)${s !== undefined ? `: try again in ${s} second${s === 1 ? "" : "s"}` : ": try again in a few minutes"}.`;
    }
    case "unavailable":
      return `${svc} is temporarily unavailable or did not answer: try again in a few minutes.`;
    case "notFound":
      return `${svc} could not find what was asked for (it may have been deleted or never existed).`;
    case "badRequest":
      return `${svc} refused the request as invalid. This is a Tenant Pilot problem: please report it.`;
    case "unauthorized":
      return init.service === "login"
        ? "Microsoft Entra ID did not accept the user's sign-in (it expired or is not for this app): sign in again."
        : `${svc} did not accept the access token: sign in again, or check the app's permissions.`;
    case "unknown":
      return `${svc} gave an unexpected answer: try again, and report it if it keeps happening.`;
  }
}

export class MicrosoftError extends Error {
  readonly code: MicrosoftErrorCode;
  readonly service: MicrosoftService;
  readonly status: number | undefined;
  /** One sentence an admin understands, with what to do; never Microsoft's raw text, never a token. */
  readonly adminMessage: string;
  /** Missing permission / scope when Microsoft named it (e.g. Intune's "Application must have one of the following scopes"). */
  readonly missing?: string;
  readonly retryAfterMs?: number;
  /** Microsoft's own code, e.g. "AADSTS700016", "Authorization_RequestDenied" (for logs and tests). */
  readonly microsoftCode?: string;

  constructor(init: MicrosoftErrorInit, adminMessage?: string) {
    const text = adminMessage ?? adminMessageFor(init);
    super(text);
    this.name = "MicrosoftError";
    this.code = init.code;
    this.service = init.service;
    this.status = init.status;
    this.adminMessage = text;
    if (init.missing !== undefined) this.missing = init.missing;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.microsoftCode !== undefined) this.microsoftCode = init.microsoftCode;
  }

  /** Safe to log: codes and status only. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, service: this.service, status: this.status, microsoftCode: this.microsoftCode, missing: this.missing, retryAfterMs: this.retryAfterMs };
  }
}

// ---- Retry-After ------------------------------------------------------------------------------------------------

/** Retry-After in ms: delta-seconds or an HTTP date (relative to `nowMs`); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

// ---- the classification ----------------------------------------------------------------------------------------

/** The facts every failure is reduced to before it is classified. */
export interface FailureFacts {
  service: MicrosoftService;
  /** HTTP status, when there was an answer. */
  status?: number;
  /** Microsoft's code: AADSTS number as "AADSTS700016", Graph `error.code`, Partner Center's numeric code as a string, … */
  microsoftCode?: string;
  /** OAuth `error` of the token endpoint (invalid_client, temporarily_unavailable, …). */
  oauthError?: string;
  /** Microsoft's message (only read for patterns, never shown). */
  message?: string;
  retryAfterMs?: number;
  /** No answer: connection refused / reset, timeout, TLS failure. */
  network?: boolean;
}

const AADSTS: Record<string, MicrosoftErrorCode> = {
  "700016": "notConsented", // application not found in the directory (no service principal: not consented)
  "65001": "notConsented", // consent missing
  "7000229": "notConsented", // missing service principal in the tenant
  "650051": "notConsented",
  "7000215": "secretInvalid",
  "7000218": "secretInvalid", // no client secret sent
  "7000222": "secretExpired",
  "90002": "tenantNotFound",
  "90072": "tenantNotFound",
  "50076": "mfaRequired",
  "50079": "mfaRequired",
  "50074": "mfaRequired",
  "50158": "mfaRequired",
  "50013": "unauthorized", // assertion invalid (signature, audience, tenant)
  "500133": "unauthorized", // assertion expired
  "50034": "unauthorized", // user does not exist
  "50057": "unauthorized", // user disabled
  "50173": "unauthorized",
  "500011": "notFound", // resource principal not found in the tenant
  "90033": "unavailable",
  "90055": "throttled",
  "1002012": "badRequest",
  "70011": "badRequest",
  "28000": "badRequest",
  "900144": "badRequest",
};

const INTUNE_NOT_LICENSED = /request not applicable to target tenant/i;
const SCOPE = "[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*";
const SCOPES_NAMED = new RegExp(`must have one of the following scopes:\\s*(${SCOPE}(?:\\s*,\\s*${SCOPE})*)`, "i");

/** Scopes Intune names in its 403 (its `message` is JSON text whose `Message` says them). */
export function missingScopes(message: string | undefined): string | undefined {
  if (!message) return undefined;
  let text = message;
  try {
    const inner: unknown = JSON.parse(message);
    if (typeof inner === "object" && inner !== null && "Message" in inner && typeof inner.Message === "string") text = inner.Message;
  } catch {
    // not JSON: read the plain text
  }
  const m = SCOPES_NAMED.exec(text);
  const list = m?.[1]
    ?.split(",")
    .map((s) => s.trim())
    .filter((s) => /^[A-Za-z0-9_.-]+$/.test(s));
  return list && list.length > 0 ? list.join(", ") : undefined;
}

/** Decides the code from the facts. The order matters: specific Microsoft codes first, then the status. */
export function classify(f: FailureFacts): MicrosoftError {
  const init = (code: MicrosoftErrorCode, extra: Partial<MicrosoftErrorInit> = {}): MicrosoftError => {
    const i: MicrosoftErrorInit = { code, service: f.service, ...extra };
    if (f.status !== undefined) i.status = f.status;
    if (f.microsoftCode !== undefined) i.microsoftCode = f.microsoftCode;
    if (f.retryAfterMs !== undefined && (code === "throttled" || code === "unavailable")) i.retryAfterMs = f.retryAfterMs;
    return new MicrosoftError(i);
  };
  if (f.network) return init("unavailable");
  const mc = f.microsoftCode ?? "";
  const aad = /^AADSTS(\d+)$/.exec(mc)?.[1];
  if (aad !== undefined) {
    const byCode = AADSTS[aad];
    if (byCode) return init(byCode);
  }
  if (f.oauthError === "temporarily_unavailable") return init(f.status === 429 ? "throttled" : "unavailable");
  if (f.oauthError === "invalid_client") return init("secretInvalid");
  if (f.oauthError === "unauthorized_client") return init("notConsented");
  if (f.oauthError === "consent_required") return init("notConsented");
  if (f.oauthError === "interaction_required") return init("mfaRequired");

  const status = f.status;
  // Partner Center's numeric codes.
  if (f.service === "partnerCenter") {
    if (mc === "900421") return init("mfaRequired");
    if (mc === "2032" || status === 403) return init("forbidden");
  }
  if (f.service === "defender" && mc === "DisabledFeature") return init("featureNotEnabled");

  if (status === 429 || mc === "TooManyRequests" || mc === "activityLimitReached") return init("throttled");
  if (status === 400 && INTUNE_NOT_LICENSED.test(f.message ?? "")) return init("intuneNotLicensed");
  if (status === 403 || mc === "Authorization_RequestDenied" || mc === "Forbidden" || mc === "AccessDenied") {
    const missing = missingScopes(f.message);
    return init("forbidden", missing !== undefined ? { missing } : {});
  }
  if (status === 401 || mc === "InvalidAuthenticationToken") return init("unauthorized");
  if (status === 404 || mc === "Request_ResourceNotFound" || mc === "ResourceNotFound" || mc === "NotFound") return init("notFound");
  if (status !== undefined && (status === 500 || status === 502 || status === 503 || status === 504)) return init("unavailable");
  if (status === 400 || status === 422 || status === 405 || status === 409 || status === 412) return init("badRequest");
  if (f.oauthError === "server_error" || (status !== undefined && status >= 500)) return init("unavailable");
  if (f.oauthError === "invalid_request" || f.oauthError === "invalid_scope" || f.oauthError === "invalid_grant") return init("badRequest");
  return init("unknown");
}

// ---- extracting facts from each shape ------------------------------------------------------------------------

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);

function headerOf(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === "function") {
    const v = (headers as { get(n: string): string | null }).get(name);
    return v ?? undefined;
  }
  if (isRec(headers)) {
    for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name.toLowerCase()) return str(v);
  }
  return undefined;
}

/**
 * Facts from an HTTP answer of any Microsoft service: Graph `{"error": {"code", "message"}}`, Defender the same with
 * `target`, Partner Center `{"code", "description", "errorName"}`, the token endpoint `{"error", "error_description", "error_codes"}`.
 */
export function factsFromHttp(service: MicrosoftService, status: number, body: unknown, headers?: unknown, nowMs?: number): FailureFacts {
  const f: FailureFacts = { service, status };
  const ra = parseRetryAfter(headerOf(headers, "retry-after"), nowMs);
  if (ra !== undefined) f.retryAfterMs = ra;
  let b = body;
  if (typeof b === "string") {
    try {
      b = JSON.parse(b) as unknown;
    } catch {
      return f;
    }
  }
  if (!isRec(b)) return f;
  if (isRec(b.error)) {
    const code = str(b.error.code);
    const message = str(b.error.message);
    if (code !== undefined) f.microsoftCode = code;
    if (message !== undefined) f.message = message;
    return f;
  }
  if (typeof b.error === "string") {
    f.oauthError = b.error;
    const codes = Array.isArray(b.error_codes) ? b.error_codes : [];
    const first = str(codes[0]) ?? /AADSTS(\d+)/.exec(str(b.error_description) ?? "")?.[1];
    if (first !== undefined) f.microsoftCode = `AADSTS${first}`;
    return f;
  }
  const pcCode = str(b.code);
  if (pcCode !== undefined) f.microsoftCode = pcCode;
  const desc = str(b.description) ?? str(b.message);
  if (desc !== undefined) f.message = desc;
  return f;
}

/** Facts from an MSAL error (AuthError / ServerError / InteractionRequiredAuthError / ClientAuthError). */
function factsFromMsal(e: Rec): FailureFacts {
  const f: FailureFacts = { service: "login" };
  const errorCode = str(e.errorCode) ?? "";
  const status = typeof e.status === "number" ? e.status : undefined;
  if (status !== undefined) f.status = status;
  const no = str(e.errorNo) ?? (/^\d+$/.test(errorCode) ? errorCode : undefined) ?? /AADSTS(\d+)/.exec(str(e.errorMessage) ?? "")?.[1];
  if (no !== undefined) f.microsoftCode = `AADSTS${no.split(" ")[0]}`;
  if (errorCode && !/^\d/.test(errorCode)) f.oauthError = errorCode;
  if (["network_error", "post_request_failed", "endpoints_resolution_error", "openid_config_error", "get_request_failed"].includes(errorCode)) {
    f.network = true;
  }
  return f;
}

/** Duck-typed (errors may come from another realm, e.g. undici's DOMException under jest). */
function isNetworkError(e: Rec): boolean {
  const name = str(e.name);
  if (name === "AbortError" || name === "TimeoutError") return true;
  const cause = isRec(e.cause) ? e.cause : undefined;
  const code = str(e.code) ?? str(cause?.code);
  if (code && /^(ECONN|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE|UND_ERR|CERT_|ERR_TLS|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO)/.test(code)) return true;
  return name === "TypeError" && /fetch failed|terminated|socket/i.test(str(e.message) ?? "");
}

/** Anything thrown by MSAL, the Graph SDK, fetch or our own code, as a MicrosoftError of `service`. */
export function toMicrosoftError(err: unknown, service: MicrosoftService): MicrosoftError {
  if (err instanceof MicrosoftError) return err;
  if (isRec(err) || err instanceof Error) {
    const e = err as Rec;
    // MSAL: errorCode + errorMessage.
    if (typeof e.errorCode === "string" && "errorMessage" in e) return classify(factsFromMsal(e));
    // Graph SDK GraphError: statusCode, code, body (JSON of the error object), headers.
    if (typeof e.statusCode === "number") {
      const status = e.statusCode;
      const headers = e.headers;
      if (status <= 0) {
        const base = isNetworkError(e);
        const f: FailureFacts = { service, network: base || str(e.code) === "TypeError" || str(e.code) === "AbortError" || str(e.code) === "TimeoutError" };
        return f.network ? classify(f) : classify({ service, microsoftCode: str(e.code) ?? "unknown" });
      }
      const code = str(e.code);
      const f = factsFromHttp(service, status, undefined, headers);
      if (code !== undefined && code !== "SyntaxError") f.microsoftCode = code;
      const message = err instanceof Error ? err.message : str(e.message);
      if (message) f.message = message;
      return classify(f);
    }
    if (isNetworkError(e)) return classify({ service, network: true });
  }
  return classify({ service });
}

/** For snapshots: { code, message: adminMessage, missing? } (src/domain/snapshot.ts ReadFailure). */
export function toReadFailure(err: unknown): ReadFailure {
  const e = err instanceof MicrosoftError ? err : toMicrosoftError(err, "graph");
  const out: ReadFailure = { code: e.code, message: e.adminMessage };
  if (e.missing !== undefined) out.missing = e.missing;
  return out;
}
