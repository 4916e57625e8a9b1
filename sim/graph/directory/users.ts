/**
 * Users: list, get (by id or userPrincipalName), /me, and authentication methods (MFA registration).
 * v1.0 returns the default property set unless $select asks for more (accountEnabled, assignedLicenses, userType
 * need $select); beta returns all; signInActivity only when selected, and only to whom Graph serves it (below).
 */
import type * as MG from "@microsoft/microsoft-graph-types";
import type { RouteDef, SimContext, SimRequest, TenantState } from "../../core/types";
import { GraphHttpError, errors } from "../errors";
import { apiVersion, entityResponse, listResponse, rec, type CollectionSpec, type Rec } from "../odata";
import { P, ROLES, callerRoles, findUser, graphRoutes, hasAnyPermission, meId, principalOf, tenantOf } from "./common";
import { USER_DEFAULT_V1, userEntity } from "./serialize";

const ID = { identity: { workload: "identity" as const, cost: 1 } };

export function usersSpec(req: SimRequest): CollectionSpec {
  return {
    context: "users",
    resource: "User",
    entityType: "microsoft.graph.user",
    style: "directory",
    maxTop: 999,
    defaultTop: 100,
    count: true,
    filter: {
      id: ["eq", "ne", "in"],
      userPrincipalName: ["eq", "ne", "in", "startswith", "endswith"],
      displayName: ["eq", "ne", "in", "startswith"],
      mail: ["eq", "ne", "in", "startswith", "endswith"],
      accountEnabled: ["eq", "ne"],
      userType: ["eq", "ne", "in"],
    },
    orderby: ["displayName", "userPrincipalName"],
    defaultProperties: apiVersion(req) === "v1.0" ? USER_DEFAULT_V1 : undefined,
  };
}

type TenantUser = NonNullable<ReturnType<typeof findUser>>;

/**
 * The user as /users serves it: its entity with `assignedLicenses` (the tenant's SKUs the scenario assigns, by part
 * number or id), `userType`, and `signInActivity` when asked for (`withSignIn`).
 */
export function userRecord(tenant: TenantState, u: TenantUser, withSignIn = false): Rec {
  const skus = tenant.subscribedSkus;
  const assignedLicenses = (u.assignedLicenses ?? [])
    .map((ref) => skus.find((s) => s.skuPartNumber.toLowerCase() === ref.toLowerCase() || s.skuId.toLowerCase() === ref.toLowerCase()))
    .filter((s): s is (typeof skus)[number] => s !== undefined)
    .map((s) => ({ disabledPlans: [], skuId: s.skuId }));
  const out: Rec = { ...rec(userEntity(u)), assignedLicenses, userType: u.userType ?? "Member" };
  if (withSignIn) {
    const last = u.lastSignInDateTime ?? null;
    out.signInActivity = { lastSignInDateTime: last, lastSignInRequestId: null, lastNonInteractiveSignInDateTime: null, lastNonInteractiveSignInRequestId: null, lastSuccessfulSignInDateTime: last, lastSuccessfulSignInRequestId: null };
  }
  return out;
}

/** SKUs that include Microsoft Entra ID P1 or P2 (signInActivity needs one in the tenant). */
const PREMIUM_SKUS = new Set(["AAD_PREMIUM", "AAD_PREMIUM_P2", "EMS", "EMSPREMIUM", "SPE_E3", "SPE_E5", "SPB", "M365_F1", "SPE_F1", "IDENTITY_THREAT_PROTECTION", "ENTERPRISEPREMIUM"].map((s) => s.toLowerCase()));

/**
 * `$select=signInActivity` (learn.microsoft.com/graph/api/user-list, "signInActivity"; resources/signinactivity):
 * the caller needs AuditLog.Read.All (as well as a users permission) and, for a delegated token, a role that reads
 * sign-in reports; the tenant needs Microsoft Entra ID P1 or P2. Otherwise the whole request is refused: 403
 * Authorization_RequestDenied, or 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant ("Neither tenant is B2C
 * or tenant doesn't have premium license") [message unconfirmed].
 */
function wantsSignIn(req: SimRequest, ctx: SimContext, tenant: TenantState): boolean {
  const raw = req.query.get("$select") ?? "";
  if (!raw.split(",").some((p) => p.trim().toLowerCase() === "signinactivity")) return false;
  const p = principalOf(req);
  if (!hasAnyPermission(p, ["AuditLog.Read.All"])) throw errors.denied();
  if (p.kind === "delegated") {
    const roles = callerRoles(req, ctx, tenant);
    if (![...roles].some((r) => SIGN_IN_READERS.has(r))) throw errors.denied();
  }
  if (!tenant.subscribedSkus.some((s) => PREMIUM_SKUS.has(s.skuPartNumber.toLowerCase()))) {
    throw new GraphHttpError(403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant", "Neither tenant is B2C or tenant doesn't have premium license");
  }
  return true;
}

/** Roles that read sign-in activity with a delegated token (Reports Reader, Security Reader/Administrator, Global Reader/Administrator). */
const SIGN_IN_READERS = new Set([
  ROLES.globalAdministrator,
  ROLES.globalReader,
  ROLES.securityReader,
  ROLES.securityAdministrator,
  "4a5d8f65-41da-4de4-8968-e035b65339cf", // Reports Reader
]);

function requireUser(tenant: TenantState, id: string, withSignIn = false): Rec {
  const u = findUser(tenant, id);
  if (!u) throw errors.notFound(id);
  return userRecord(tenant, u, withSignIn);
}

const PASSWORD_METHOD_ID = "28c10230-6103-485e-b985-444c60001490";

/** authentication/methods: the password, plus Microsoft Authenticator when the user registered MFA. */
export function authenticationMethods(user: { id: string; mfaRegistered: boolean; displayName: string }): Rec[] {
  const out: Rec[] = [
    rec({ "@odata.type": "#microsoft.graph.passwordAuthenticationMethod", id: PASSWORD_METHOD_ID, password: null, createdDateTime: null } satisfies MG.PasswordAuthenticationMethod & { "@odata.type": string }),
  ];
  if (user.mfaRegistered) {
    out.push(
      rec({
        "@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod",
        id: `${user.id.slice(0, 8)}-0000-4000-8000-${user.id.slice(-12)}`,
        displayName: `${user.displayName}'s phone`,
        deviceTag: "SoftwareTokenActivated",
        phoneAppVersion: "6.8.10",
        createdDateTime: null,
      } satisfies MG.MicrosoftAuthenticatorAuthenticationMethod & { "@odata.type": string }),
    );
  }
  return out;
}

/** Roles allowed to read other users' authentication methods with a delegated token. */
const AUTH_METHOD_READERS = new Set([
  ROLES.globalAdministrator,
  ROLES.globalReader,
  ROLES.securityReader,
  ROLES.securityAdministrator,
  "c4e39bd9-1100-46d3-8c65-fb160da0071f", // Authentication Administrator
  "7be44c8a-adaf-4e2a-84d6-ab2649e08a13", // Privileged Authentication Administrator
]);

function methodsOf(req: SimRequest, ctx: SimContext, idOrUpn: string) {
  const tenant = tenantOf(req, ctx);
  const u = findUser(tenant, idOrUpn);
  if (!u) throw errors.notFound(idOrUpn);
  const p = principalOf(req);
  if (p.kind === "delegated" && p.oid.toLowerCase() !== u.id.toLowerCase()) {
    const roles = callerRoles(req, ctx, tenant);
    if (![...roles].some((r) => AUTH_METHOD_READERS.has(r))) throw errors.denied();
  }
  return listResponse(req, authenticationMethods(u), {
    context: `users('${u.id}')/authentication/methods`,
    resource: "AuthenticationMethod",
    entityType: "microsoft.graph.authenticationMethod",
    style: "directory",
    maxTop: 999,
    defaultTop: 100,
  });
}

export const routes: RouteDef[] = [
  ...graphRoutes("GET", "/users", P.usersRead, ID.identity, (req, ctx) => {
    const tenant = tenantOf(req, ctx);
    const withSignIn = wantsSignIn(req, ctx, tenant);
    return listResponse(req, [...tenant.users.values()].map((u) => userRecord(tenant, u, withSignIn)), usersSpec(req));
  }, true),
  ...graphRoutes("GET", "/users/{id}", P.usersRead, ID.identity, (req, ctx) => {
    const tenant = tenantOf(req, ctx);
    return entityResponse(req, requireUser(tenant, req.params.id, wantsSignIn(req, ctx, tenant)), usersSpec(req));
  }),
  ...graphRoutes("GET", "/me", P.me, ID.identity, (req, ctx) => entityResponse(req, requireUser(tenantOf(req, ctx), meId(req)), usersSpec(req))),
  ...graphRoutes("GET", "/users/{id}/authentication/methods", P.authMethods, ID.identity, (req, ctx) => methodsOf(req, ctx, req.params.id)),
  ...graphRoutes("GET", "/me/authentication/methods", P.myAuthMethods, ID.identity, (req, ctx) => methodsOf(req, ctx, meId(req))),
];
