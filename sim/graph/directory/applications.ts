/**
 * App registrations: list ($filter=appId eq …), by object id, by `applications(appId='…')`, and the credential
 * actions addPassword / removePassword. Application.ReadWrite.OwnedBy only reaches the registrations the caller's
 * service principal owns (scenario `owners`); a registration without an `owners` list is treated as owned by its own
 * app only. The partner's app management policy caps secret lifetimes (`partner.policies.maxPasswordLifetimeDays`,
 * 730 days by default).
 */
import type * as MG from "@microsoft/microsoft-graph-types";
import { z } from "zod/v4";
import type { ApplicationState, RouteDef, SimContext, SimRequest, TenantState } from "../../core/types";
import { toGraphDate } from "../../scenario/dates";
import { GraphHttpError, errors } from "../errors";
import { apiVersion, entityResponse, listResponse, rec, type CollectionSpec } from "../odata";
import { GUID, P, ROLES, graphRoutes, hasAnyPermission, callerRoles, jsonBody, noContent, ok, principalOf, tenantOf } from "./common";
import { applicationEntity } from "./serialize";

/** Default of `partner.policies.maxPasswordLifetimeDays` (Microsoft's portal offers at most 2 years). */
export const DEFAULT_MAX_SECRET_LIFETIME_DAYS = 730;
const DAY_MS = 86_400_000;

/** The tenant policy's longest secret lifetime, in days. */
export function maxPasswordLifetimeDays(ctx: SimContext): number {
  return ctx.world.scenario.partner.policies.maxPasswordLifetimeDays;
}

const SPEC: CollectionSpec = {
  context: "applications",
  resource: "Application",
  entityType: "microsoft.graph.application",
  style: "directory",
  maxTop: 999,
  defaultTop: 100,
  count: true,
  filter: {
    id: ["eq", "in"],
    appId: ["eq", "in"],
    displayName: ["eq", "ne", "in", "startswith"],
    signInAudience: ["eq", "ne", "in"],
    identifierUris: ["any", "eq"],
    publisherDomain: ["eq", "in", "startswith"],
  },
  orderby: ["displayName"],
};

const FULL_READ = ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
/** Application permissions that write every registration (Directory.Read.All reads them all but writes none). */
const FULL_WRITE = ["Application.ReadWrite.All"];
type Access = "read" | "write";

/** The caller behind an app token that, for this access, has only Application.ReadWrite.OwnedBy (it reaches owned registrations only). */
interface OwnedByCaller {
  appId: string;
  /** Object id of the caller's service principal in the tenant. */
  servicePrincipalId: string;
}

function ownedOnly(req: SimRequest, access: Access): OwnedByCaller | undefined {
  const p = principalOf(req);
  if (p.kind === "app" && !hasAnyPermission(p, access === "read" ? FULL_READ : FULL_WRITE)) return { appId: p.appId.toLowerCase(), servicePrincipalId: p.oid.toLowerCase() };
  return undefined;
}

/**
 * Does the caller own the registration? With `owners` in the scenario: its service principal is one of them.
 * Without: only the app's own registration (the simulator's default, so a self-rotating app works out of the box).
 */
export function ownsApplication(app: Pick<ApplicationState, "appId" | "owners">, caller: OwnedByCaller): boolean {
  if (app.owners) return app.owners.some((o) => o.toLowerCase() === caller.servicePrincipalId);
  return app.appId.toLowerCase() === caller.appId;
}

function visible(req: SimRequest, tenant: TenantState): ApplicationState[] {
  const own = ownedOnly(req, "read");
  const all = [...tenant.applications.values()];
  return own ? all.filter((a) => ownsApplication(a, own)) : all;
}

function byObjectId(req: SimRequest, tenant: TenantState, id: string, access: Access): ApplicationState {
  if (!GUID.test(id)) throw errors.invalidObjectId(id);
  const app = tenant.applications.get(id.toLowerCase());
  if (!app) throw errors.notFound(id);
  const own = ownedOnly(req, access);
  if (own && !ownsApplication(app, own)) throw errors.denied();
  return app;
}

function byAppId(req: SimRequest, tenant: TenantState, appId: string, access: Access): ApplicationState {
  const app = [...tenant.applications.values()].find((a) => a.appId.toLowerCase() === appId.toLowerCase());
  if (!app) throw errors.notFound(appId);
  const own = ownedOnly(req, access);
  if (own && !ownsApplication(app, own)) throw errors.denied();
  return app;
}

/** Delegated writes also need the signed-in user to hold an application-management role. */
function requireWriter(req: SimRequest, ctx: SimContext, tenant: TenantState): void {
  const p = principalOf(req);
  if (p.kind !== "delegated") return;
  const roles = callerRoles(req, ctx, tenant);
  const allowed = [ROLES.globalAdministrator, ROLES.applicationAdministrator, ROLES.cloudApplicationAdministrator];
  if (!allowed.some((r) => roles.has(r))) throw errors.denied();
}

const AddPasswordBody = z.object({
  passwordCredential: z
    .object({
      displayName: z.string().nullish(),
      startDateTime: z.string().nullish(),
      endDateTime: z.string().nullish(),
    })
    .nullish(),
});

const RemovePasswordBody = z.object({ keyId: z.string() });

function parseInstant(value: string, field: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new GraphHttpError(400, "BadRequest", `Cannot convert the literal '${value}' to the expected type 'Edm.DateTimeOffset' (${field}).`);
  return ms;
}

export function addPassword(req: SimRequest, ctx: SimContext, app: ApplicationState) {
  const parsed = AddPasswordBody.safeParse(req.rawBody.trim() === "" ? {} : jsonBody(req));
  if (!parsed.success) throw new GraphHttpError(400, "BadRequest", "Invalid request body: expected {\"passwordCredential\": {displayName, startDateTime, endDateTime}}.");
  const cred = parsed.data.passwordCredential ?? {};
  const now = ctx.clock.now().getTime();
  const maxMs = maxPasswordLifetimeDays(ctx) * DAY_MS;
  const start = cred.startDateTime ? parseInstant(cred.startDateTime, "startDateTime") : now;
  // Graph defaults the end to start + 2 years; under a stricter policy that default is refused too [unconfirmed].
  const end = cred.endDateTime ? parseInstant(cred.endDateTime, "endDateTime") : start + DEFAULT_MAX_SECRET_LIFETIME_DAYS * DAY_MS;
  if (end <= start) throw errors.badRequest("Invalid credential: the end date must be later than the start date.");
  if (end - start > maxMs) {
    throw new GraphHttpError(400, "CredentialInvalidLifetimeAsPerAppPolicy", "Credential lifetime exceeds the max value allowed as per assigned policy.");
  }
  const created = ctx.world.addPassword(app.id, {
    displayName: cred.displayName ?? undefined,
    startDateTime: toGraphDate(start),
    endDateTime: toGraphDate(end),
  });
  const body: MG.PasswordCredential = {
    customKeyIdentifier: null,
    displayName: created.displayName ?? null,
    endDateTime: created.endDateTime,
    hint: created.hint,
    keyId: created.keyId,
    secretText: created.secretText,
    startDateTime: created.startDateTime,
  };
  return ok({ "@odata.context": `${req.origin}/${apiVersion(req)}/$metadata#microsoft.graph.passwordCredential`, ...rec(body) });
}

export function removePassword(req: SimRequest, ctx: SimContext, app: ApplicationState) {
  const parsed = RemovePasswordBody.safeParse(jsonBody(req));
  if (!parsed.success || !GUID.test(parsed.data.keyId)) throw new GraphHttpError(400, "BadRequest", "Invalid request body: 'keyId' must be a GUID.");
  if (!ctx.world.removePassword(app.id, parsed.data.keyId)) {
    throw errors.badRequest(`No password credential found with keyId '${parsed.data.keyId}'.`);
  }
  return noContent();
}

const readCost = { workload: "identity" as const, cost: 2 };
const writeCost = { workload: "identity" as const, cost: 1, write: true };

export const routes: RouteDef[] = [
  ...graphRoutes("GET", "/applications", P.applicationsRead, readCost, (req, ctx) => {
    const tenant = tenantOf(req, ctx);
    return listResponse(req, visible(req, tenant).map((a) => rec(applicationEntity(a, tenant))), SPEC);
  }, true),
  ...graphRoutes("GET", "/applications/{id}", P.applicationsRead, readCost, (req, ctx) => {
    const tenant = tenantOf(req, ctx);
    return entityResponse(req, rec(applicationEntity(byObjectId(req, tenant, req.params.id, "read"), tenant)), SPEC);
  }),
  ...graphRoutes("GET", "/applications(appId='{appId}')", P.applicationsRead, readCost, (req, ctx) => {
    const tenant = tenantOf(req, ctx);
    return entityResponse(req, rec(applicationEntity(byAppId(req, tenant, req.params.appId, "read"), tenant)), SPEC);
  }),
  ...graphRoutes("POST", "/applications/{id}/addPassword", P.applicationsWrite, writeCost, (req, ctx) => {
    const tenant = tenantOf(req, ctx);
    const app = byObjectId(req, tenant, req.params.id, "write");
    requireWriter(req, ctx, tenant);
    return addPassword(req, ctx, app);
  }),
  ...graphRoutes("POST", "/applications(appId='{appId}')/addPassword", P.applicationsWrite, writeCost, (req, ctx) => {
    const tenant = tenantOf(req, ctx);
    const app = byAppId(req, tenant, req.params.appId, "write");
    requireWriter(req, ctx, tenant);
    return addPassword(req, ctx, app);
  }),
  ...graphRoutes("POST", "/applications/{id}/removePassword", P.applicationsWrite, writeCost, (req, ctx) => {
    const tenant = tenantOf(req, ctx);
    const app = byObjectId(req, tenant, req.params.id, "write");
    requireWriter(req, ctx, tenant);
    return removePassword(req, ctx, app);
  }),
  ...graphRoutes("POST", "/applications(appId='{appId}')/removePassword", P.applicationsWrite, writeCost, (req, ctx) => {
    const tenant = tenantOf(req, ctx);
    const app = byAppId(req, tenant, req.params.appId, "write");
    requireWriter(req, ctx, tenant);
    return removePassword(req, ctx, app);
  }),
];
