/**
 * Graph error answers for the directory and GDAP handlers:
 * `{"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}`.
 * Handlers throw a GraphHttpError anywhere below them; `graphHandler` turns it into the response.
 */
import { graphError } from "../core/errors";
import type { SimContext, SimRequest, SimResponse } from "../core/types";

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: { date: string; "request-id": string; "client-request-id": string };
  };
}

export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "GraphHttpError";
  }
}

/** Graph's innerError.date: ISO without milliseconds or zone, e.g. "2024-04-05T13:15:36". */
export function graphDate(now: Date): string {
  return now.toISOString().slice(0, 19);
}

export function headerValue(req: Pick<SimRequest, "headers">, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function graphErrorResponse(req: Pick<SimRequest, "headers" | "requestId">, now: Date, err: GraphHttpError): SimResponse {
  return graphError(req, now, err.status, err.code, err.message, { "content-type": "application/json", ...err.headers });
}

/** Wraps a handler so that a thrown GraphHttpError becomes Graph's error answer (anything else propagates to the core). */
export function graphHandler(
  fn: (req: SimRequest, ctx: SimContext) => SimResponse,
): (req: SimRequest, ctx: SimContext) => SimResponse {
  return (req, ctx) => {
    try {
      return fn(req, ctx);
    } catch (e) {
      if (e instanceof GraphHttpError) return graphErrorResponse(req, ctx.clock.now(), e);
      throw e;
    }
  };
}

// ---- the errors Microsoft answers, by name -------------------------------------------------------------------

export const errors = {
  /** Directory objects: unknown id. */
  notFound: (id: string): GraphHttpError =>
    new GraphHttpError(
      404,
      "Request_ResourceNotFound",
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    ),
  /** Directory objects addressed by something that is not a GUID. */
  invalidObjectId: (id: string): GraphHttpError => new GraphHttpError(400, "Request_BadRequest", `Invalid object identifier '${id}'.`),
  denied: (): GraphHttpError =>
    new GraphHttpError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."),
  badRequest: (message: string, code = "Request_BadRequest"): GraphHttpError => new GraphHttpError(400, code, message),
  unsupportedQuery: (message: string): GraphHttpError => new GraphHttpError(400, "Request_UnsupportedQuery", message),
};
