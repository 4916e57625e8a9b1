/**
 * Partner Center error bodies. Documented schema (learn.microsoft.com/partner-center/developer/error-codes):
 * `{"code", "description", "data", "source"}`; live responses also carry `errorName` and `isRetryable`
 * [those two, and the exact descriptions below, are unconfirmed].
 */
import type { SimRequest, SimResponse } from "../core/types";

function header(req: Pick<SimRequest, "headers">, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function correlationHeaders(req: Pick<SimRequest, "headers" | "requestId">): Record<string, string> {
  return {
    "MS-RequestId": header(req, "ms-requestid") ?? req.requestId,
    "MS-CorrelationId": header(req, "ms-correlationid") ?? req.requestId,
  };
}

export interface PartnerCenterErrorBody {
  code: number;
  description: string;
  errorName: string;
  isRetryable: boolean;
  data: unknown[];
  source: string;
}

export function pcError(
  req: Pick<SimRequest, "headers" | "requestId">,
  status: number,
  code: number,
  errorName: string,
  description: string,
  headers: Record<string, string> = {},
): SimResponse {
  const body: PartnerCenterErrorBody = { code, description, errorName, isRetryable: status === 429 || status >= 500, data: [], source: "PartnerFD" };
  return { status, headers: { "content-type": "application/json; charset=utf-8", ...correlationHeaders(req), ...headers }, body };
}

/** App+user call without MFA: 401 with error code 900421 (Partner Center MFA enforcement, 2025–2026 announcements). */
export const MFA_REQUIRED = { status: 401, code: 900421, errorName: "MfaRequired", description: "Multi-factor authentication is required for this request. The access token does not contain an MFA claim." } as const;
/** Documented table: 403 / 2032 "Access denied". */
export const ACCESS_DENIED = { status: 403, code: 2032, errorName: "AccessDenied", description: "Access denied" } as const;
/** Documented table: 401 / 400 "Access denied" (token not valid for Partner Center). */
export const UNAUTHORIZED = { status: 401, code: 400, errorName: "Unauthorized", description: "Access denied" } as const;
/** Documented table: 400 / 800002 "Invalid request input". */
export const INVALID_INPUT = { status: 400, code: 800002, errorName: "InvalidInput", description: "Invalid request input" } as const;
