/**
 * Graph error bodies as the Intune and $batch handlers send them:
 * `{"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}`.
 */
import type { SimRequest, SimResponse } from "../../core/types";

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: { date: string; "request-id": string; "client-request-id": string };
  };
}

/** Graph's innerError.date: ISO without milliseconds or zone, e.g. "2024-04-05T13:15:36". */
export function graphDate(now: Date): string {
  return now.toISOString().slice(0, 19);
}

function headerValue(req: Pick<SimRequest, "headers">, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function graphErrorBody(req: Pick<SimRequest, "headers" | "requestId">, now: Date, code: string, message: string): GraphErrorBody {
  return {
    error: {
      code,
      message,
      innerError: {
        date: graphDate(now),
        "request-id": req.requestId,
        "client-request-id": headerValue(req, "client-request-id") ?? req.requestId,
      },
    },
  };
}

export function graphError(
  req: Pick<SimRequest, "headers" | "requestId">,
  now: Date,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): SimResponse {
  return {
    status,
    headers: { "content-type": "application/json", ...headers },
    body: graphErrorBody(req, now, code, message),
  };
}

/**
 * Intune answers errors from its own front end (FEF) with a JSON document serialised into Graph's `message`
 * (seen in the wild for 403 and 404 on managedDevices; e.g. AzureAD/microsoft-authentication-library-for-js#7007).
 * The exact inner fields are copied from such reports [unconfirmed beyond them].
 */
export function intuneInnerMessage(activityId: string, url: string, reason = "An error has occurred"): string {
  return JSON.stringify(
    {
      _version: 3,
      Message: `${reason} - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: ${activityId} - Url: ${url}`,
      CustomApiErrorPhrase: "",
      RetryAfter: null,
      ErrorSourceService: "",
      HttpHeaders: "{}",
    },
    null,
    2,
  ).replace(/\n/g, "\r\n");
}

/**
 * Intune's 403 for a token without the route's permission: code `Forbidden` (not the directory's
 * Authorization_RequestDenied), the FEF document in `message` naming the scopes that would do (seen in the wild:
 * mondoohq/cnspec#1708; Microsoft documents no body). The same text for delegated tokens [unconfirmed].
 */
export function intuneForbidden(req: Pick<SimRequest, "headers" | "requestId" | "path">, now: Date, scopes: readonly string[]): SimResponse {
  const url = `https://fef.msua06.manage.microsoft.com/StatelessDeviceFEService${req.path.replace(/^\/(v1\.0|beta)/, "")}?api-version=2023-07-04`;
  const reason = `Application is not authorized to perform this operation. Application must have one of the following scopes: ${scopes.join(", ")}`;
  return graphError(req, now, 403, "Forbidden", intuneInnerMessage(req.requestId, url, reason));
}
