/** Error bodies in each Microsoft service's own shape. */
import type { Service, SimRequest, SimResponse } from "./types";

/** Graph's innerError date: "2025-01-15T09:00:00" (UTC, no zone designator). */
function graphDate(now: Date): string {
  return now.toISOString().slice(0, 19);
}

type ErrorReq = Pick<SimRequest, "requestId" | "headers">;

function clientRequestId(req: ErrorReq): string {
  const v = req.headers["client-request-id"];
  return (Array.isArray(v) ? v[0] : v) ?? req.requestId;
}

/** Graph: {"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}. */
export function graphError(req: ErrorReq, now: Date, status: number, code: string, message: string, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers,
    body: { error: { code, message, innerError: { date: graphDate(now), "request-id": req.requestId, "client-request-id": clientRequestId(req) } } },
  };
}

/** Partner Center: {"code", "description", "data", "source"}. */
export function partnerCenterError(req: ErrorReq, status: number, code: number, description: string, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { "MS-CorrelationId": clientRequestId(req), "MS-RequestId": req.requestId, ...headers }, body: { code, description, data: [], source: "PartnerFD" } };
}

/** Defender for Endpoint: {"error": {"code", "message", "target"}}. */
export function defenderError(req: ErrorReq, status: number, code: string, message: string, headers: Record<string, string> = {}): SimResponse {
  return { status, headers, body: { error: { code, message, target: req.requestId } } };
}

/** Bot Connector: {"error": {"code", "message"}}. */
export function teamsError(status: number, code: string, message: string, headers: Record<string, string> = {}): SimResponse {
  return { status, headers, body: { error: { code, message } } };
}

export interface AadstsBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri?: string;
  suberror?: string;
  claims?: string;
}

/** Entra token endpoint error: {"error", "error_description": "AADSTSnnnn: ...", "error_codes", "timestamp", "trace_id", "correlation_id"}. */
export function aadstsError(req: ErrorReq, now: Date, status: number, error: string, code: number, message: string, extra: Partial<AadstsBody> = {}): SimResponse {
  const ts = now.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
  const body: AadstsBody = {
    error,
    error_description: `AADSTS${code}: ${message} Trace ID: ${req.requestId} Correlation ID: ${clientRequestId(req)} Timestamp: ${ts}`,
    error_codes: [code],
    timestamp: ts,
    trace_id: req.requestId,
    correlation_id: clientRequestId(req),
    ...extra,
  };
  return { status, headers: { "x-ms-request-id": req.requestId }, body };
}

/** A generic error of `status` in the service's shape (used for faults and the pipeline's own answers). */
export function statusError(service: Service, req: ErrorReq, now: Date, status: number, headers: Record<string, string> = {}): SimResponse {
  const [code, message] = STATUS_TEXT[status] ?? (status >= 500 ? ["InternalServerError", "An internal server error occurred."] : ["BadRequest", "The request failed."]);
  switch (service) {
    case "graph":
      return graphError(req, now, status, code, message, headers);
    case "partnerCenter":
      return partnerCenterError(req, status, status, message, headers);
    case "defender":
      return defenderError(req, status, code, message, headers);
    case "teams":
      return teamsError(status, code, message, headers);
    case "login":
      return status === 503 || status === 504
        ? aadstsError(req, now, status, "temporarily_unavailable", 90033, "A transient error has occurred. Please try again.", {})
        : aadstsError(req, now, status, "server_error", 90100, "An unexpected error occurred.", {});
  }
}

const STATUS_TEXT: Record<number, [string, string]> = {
  400: ["BadRequest", "Bad request."],
  401: ["InvalidAuthenticationToken", "Access token validation failure."],
  403: ["Forbidden", "Forbidden."],
  404: ["NotFound", "Resource not found."],
  409: ["Conflict", "Conflict."],
  412: ["PreconditionFailed", "The precondition failed."],
  429: ["TooManyRequests", "Too many requests."],
  500: ["InternalServerError", "An internal server error occurred."],
  502: ["BadGateway", "Bad gateway."],
  503: ["ServiceUnavailable", "The service is temporarily unavailable. Please retry later."],
  504: ["GatewayTimeout", "The gateway timed out."],
};
