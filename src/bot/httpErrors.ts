/**
 * What the bot's HTTP server answers when restify itself rejects a request (malformed JSON, body too large, unknown
 * route, wrong method, or an exception that escaped a handler). Pure: a status in, a short public body out.
 * restify's own bodies carry parser messages (e.g. JSON.parse's text); callers only ever see these instead.
 */
export interface PublicHttpError {
  error: string;
  correlationId?: string;
  maxBytes?: number;
}

export function publicHttpError(status: number, opts: { correlationId?: string; maxBodyBytes?: number } = {}): PublicHttpError {
  switch (status) {
    case 400:
      return { error: "invalid request: the body must be a JSON Bot Framework activity" };
    case 404:
      return { error: "not found" };
    case 405:
      return { error: "method not allowed" };
    case 406:
      return { error: "not acceptable: this server answers application/json" };
    case 413:
      return opts.maxBodyBytes !== undefined
        ? { error: "request body too large", maxBytes: opts.maxBodyBytes }
        : { error: "request body too large" };
    case 415:
      return { error: "unsupported media type: send application/json" };
  }
  if (status >= 400 && status < 500) return { error: "request refused" };
  return opts.correlationId !== undefined ? { error: "internal error", correlationId: opts.correlationId } : { error: "internal error" };
}

/** Status of an error thrown or passed by restify (statusCode), else 500. */
export function httpStatusOf(err: unknown): number {
  const s = typeof err === "object" && err !== null ? (err as { statusCode?: unknown }).statusCode : undefined;
  return typeof s === "number" && s >= 400 && s <= 599 ? s : 500;
}

/** Error names of jsonwebtoken, which botbuilder lets escape unwrapped (e.g. a bad signature), without a status. */
const JWT_ERRORS = new Set(["JsonWebTokenError", "NotBeforeError", "TokenExpiredError"]);

/** True when inbound authentication refused the request (botbuilder's 401/403, or a raw jsonwebtoken error). */
export function isAuthFailure(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const { statusCode, name } = err as { statusCode?: unknown; name?: unknown };
  return statusCode === 401 || statusCode === 403 || (typeof name === "string" && JWT_ERRORS.has(name));
}
