/**
 * Partner Center `GET /v1/customers?size=n` (learn.microsoft.com/partner-center/developer/get-a-list-of-customers):
 * - App-only and App+User credentials are both supported (documented). App-only: the app must be the partner's
 *   registered Partner Center web app (scenario: application.partnerCenterWebApp) — the token must come from the
 *   partner tenant.
 * - App+User: the user must be MFA-registered (the simulator's stand-in for the token's MFA claim; without it
 *   401 / 900421) and a member, directly or through nested groups, of AdminAgents (else 403 / 2032).
 * - Customers whose relationshipToPartner is "none" are not listed.
 * - Paging: `size` items per page (absent: everything); the next page is `links.next` — a GET of
 *   `/v1/customers?size=n&seekOperation=Next` with the `MS-ContinuationToken` header it carries
 *   [the exact `links.next` shape for customers is unconfirmed; it follows Partner Center's seek-based collections].
 */
import type { SimContext, SimRequest, SimResponse, TenantState, World } from "../core/types";
import { ACCESS_DENIED, INVALID_INPUT, MFA_REQUIRED, UNAUTHORIZED, correlationHeaders, pcError } from "./errors";

/** Largest page Partner Center hands out for customers [unconfirmed; larger sizes are capped]. */
export const MAX_CUSTOMER_PAGE = 500;
const TOKEN_PREFIX = "pc1.";

export function encodeContinuation(position: number, size: number): string {
  return TOKEN_PREFIX + Buffer.from(JSON.stringify({ p: position, s: size }), "utf8").toString("base64url");
}

export function decodeContinuation(token: string): { p: number; s: number } | undefined {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(token.slice(TOKEN_PREFIX.length), "base64url").toString("utf8"));
    if (typeof v === "object" && v !== null && "p" in v && "s" in v && typeof v.p === "number" && typeof v.s === "number" && v.p >= 0 && v.s >= 1) {
      return { p: v.p, s: v.s };
    }
  } catch {
    // fall through
  }
  return undefined;
}

/** Is `userId` a member of the group named AdminAgents in the partner tenant, directly or through nested groups? */
export function inAdminAgents(partner: TenantState, principalId: string): boolean {
  const admin = [...partner.groups.values()].find((g) => g.displayName === "AdminAgents");
  if (!admin) return false;
  const seen = new Set<string>();
  const walk = (groupId: string): boolean => {
    if (seen.has(groupId)) return false;
    seen.add(groupId);
    const g = partner.groups.get(groupId);
    if (!g) return false;
    for (const m of g.members) {
      if (m.id.toLowerCase() === principalId.toLowerCase() && m.type !== "group") return true;
      if (m.type === "group" && walk(m.id)) return true;
    }
    return false;
  };
  return walk(admin.id);
}

export interface PcCustomer {
  id: string;
  companyProfile: { tenantId: string; domain: string; companyName: string; attributes: { objectType: "CustomerCompanyProfile" } };
  relationshipToPartner: string;
  associatedPartnerId?: string;
  links: { self: { uri: string; method: "GET"; headers: never[] } };
  attributes: { objectType: "Customer" };
}

export function toPcCustomer(t: TenantState, world: World): PcCustomer | undefined {
  const c = t.customer;
  if (!c || c.relationshipToPartner === "none") return undefined;
  const out: PcCustomer = {
    id: c.tenantId,
    companyProfile: { tenantId: c.tenantId, domain: c.domain, companyName: c.displayName, attributes: { objectType: "CustomerCompanyProfile" } },
    // Partner Center's enum has no "indirectReseller": such customers show as "reseller" with the associated partner
    // [unconfirmed which id Partner Center puts there; the simulator uses the partner tenant].
    relationshipToPartner: c.relationshipToPartner === "indirectReseller" ? "reseller" : c.relationshipToPartner,
    links: { self: { uri: `/customers/${c.tenantId}`, method: "GET", headers: [] } },
    attributes: { objectType: "Customer" },
  };
  if (c.relationshipToPartner === "indirectReseller") out.associatedPartnerId = world.partnerTenantId;
  return out;
}

function authorize(req: SimRequest, ctx: SimContext): SimResponse | undefined {
  const p = req.principal;
  const world = ctx.world;
  if (!p) return pcError(req, UNAUTHORIZED.status, UNAUTHORIZED.code, UNAUTHORIZED.errorName, UNAUTHORIZED.description);
  if (p.tenantId.toLowerCase() !== world.partnerTenantId.toLowerCase()) {
    return pcError(req, ACCESS_DENIED.status, ACCESS_DENIED.code, ACCESS_DENIED.errorName, ACCESS_DENIED.description);
  }
  const partner = world.tenant(world.partnerTenantId);
  if (!partner) return pcError(req, UNAUTHORIZED.status, UNAUTHORIZED.code, UNAUTHORIZED.errorName, UNAUTHORIZED.description);
  if (p.kind === "app") {
    const app = world.applicationByAppId(p.appId);
    if (!app?.partnerCenterWebApp) return pcError(req, UNAUTHORIZED.status, UNAUTHORIZED.code, UNAUTHORIZED.errorName, UNAUTHORIZED.description);
    return undefined;
  }
  const user = partner.users.get(p.oid);
  if (!user || !user.accountEnabled) return pcError(req, UNAUTHORIZED.status, UNAUTHORIZED.code, UNAUTHORIZED.errorName, UNAUTHORIZED.description);
  if (!user.mfaRegistered) return pcError(req, MFA_REQUIRED.status, MFA_REQUIRED.code, MFA_REQUIRED.errorName, MFA_REQUIRED.description);
  if (!inAdminAgents(partner, user.id)) return pcError(req, ACCESS_DENIED.status, ACCESS_DENIED.code, ACCESS_DENIED.errorName, ACCESS_DENIED.description);
  return undefined;
}

function header(req: SimRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function listCustomers(req: SimRequest, ctx: SimContext): SimResponse {
  const denied = authorize(req, ctx);
  if (denied) return denied;
  const bad = (why: string) => pcError(req, INVALID_INPUT.status, INVALID_INPUT.code, INVALID_INPUT.errorName, `${INVALID_INPUT.description}: ${why}`);

  const ids = ctx.world.customerTenantIds();
  let size = Number.MAX_SAFE_INTEGER;
  const rawSize = req.query.get("size");
  if (rawSize !== null) {
    if (!/^\d+$/.test(rawSize) || Number(rawSize) < 1) return bad(`size '${rawSize}' must be a positive integer`);
    size = Math.min(Number(rawSize), MAX_CUSTOMER_PAGE);
  }
  let start = 0;
  const seek = req.query.get("seekOperation");
  if (seek !== null) {
    if (seek.toLowerCase() !== "next") return bad(`seekOperation '${seek}' is not supported`);
    const token = header(req, "ms-continuationtoken");
    const decoded = token ? decodeContinuation(token) : undefined;
    if (!decoded) return bad("the MS-ContinuationToken header is missing or invalid");
    start = decoded.p;
    if (rawSize === null) size = decoded.s;
  }

  const items: PcCustomer[] = [];
  let pos = start;
  while (pos < ids.length && items.length < size) {
    const id = ids[pos];
    pos++;
    const t = id === undefined ? undefined : ctx.world.tenant(id);
    const c = t ? toPcCustomer(t, ctx.world) : undefined;
    if (c) items.push(c);
  }
  // Skip trailing "none" customers so the last page does not point at an empty one.
  while (pos < ids.length) {
    const id = ids[pos];
    const t = id === undefined ? undefined : ctx.world.tenant(id);
    if (t?.customer && t.customer.relationshipToPartner !== "none") break;
    pos++;
  }
  const sizeQ = rawSize !== null ? `size=${size}` : `size=${size === Number.MAX_SAFE_INTEGER ? items.length : size}`;
  const links: Record<string, { uri: string; method: "GET"; headers: { key: string; value: string }[] }> = {
    self: { uri: `/v1/customers?${sizeQ}`, method: "GET", headers: [] },
  };
  const body: Record<string, unknown> = { totalCount: items.length, items, links, attributes: { objectType: "Collection" } };
  if (pos < ids.length) {
    const token = encodeContinuation(pos, size);
    links.next = { uri: `/v1/customers?${sizeQ}&seekOperation=Next`, method: "GET", headers: [{ key: "MS-ContinuationToken", value: token }] };
    body.continuationToken = token;
  }
  return { status: 200, headers: { "content-type": "application/json; charset=utf-8", ...correlationHeaders(req) }, body };
}
