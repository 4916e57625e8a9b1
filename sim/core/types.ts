/**
 * The contracts between the simulator's core (server, tokens, throttling, faults, world state) and the handlers of
 * each Microsoft service. Handlers are plain functions of (request, context) → response: testable without a socket.
 */
import type { IncomingHttpHeaders } from "node:http";
import type {
  Customer,
  Device,
  GdapRelationship,
  Group,
  Application,
  PasswordCredential,
  Scenario,
  Service,
  User,
} from "../scenario/schema";

export type { Service };

/** Who a validated bearer token speaks for. */
export interface Principal {
  kind: "app" | "delegated";
  /** Tenant the token was issued in (`tid`). */
  tenantId: string;
  /** Client application (`appid` / `azp`). */
  appId: string;
  /** Application permissions (`roles`) for app tokens. */
  roles: string[];
  /** Delegated scopes (`scp`, split) for delegated tokens. */
  scopes: string[];
  /** Object id of the signed-in user (delegated) or of the app's service principal in `tenantId` (app). */
  oid: string;
  /** The raw token's audience. */
  audience: string;
  /** Delegated tokens of a user from another tenant (a partner user through GDAP): the user's home tenant. */
  homeTenantId?: string;
  /** Directory role template ids in the token (`wids`). */
  wids?: string[];
}

export interface SimRequest {
  service: Service;
  method: string;
  /** Decoded path without the query, e.g. "/v1.0/groups/{id}/members". */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** JSON body parsed (or the form fields of an x-www-form-urlencoded body, as a record); undefined when empty. */
  body: unknown;
  /** Parameters captured by the route pattern ("{id}" → params.id). */
  params: Record<string, string>;
  /** Graph's request-id for this request (also sent back as the `request-id` header). */
  requestId: string;
  /** This service's origin as clients reach it, e.g. "https://127.0.0.1:7001" (for @odata.nextLink). */
  origin: string;
  /** Set by the dispatcher when the route declares `auth`. */
  principal?: Principal;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless a string (sent as is, with the content-type from headers). */
  body?: unknown;
}

export interface RouteAuth {
  /** Which resource's tokens this route accepts. */
  audience: "graph" | "partnerCenter" | "defender" | "botframework";
  /** Any one of these application permissions (`roles`) suffices. Empty: app tokens are refused. */
  application: string[];
  /** Any one of these delegated scopes (`scp`) suffices. Empty: delegated tokens are refused. */
  delegated: string[];
  /** How the route answers a valid token without the permission (default: the service's 403, e.g. Authorization_RequestDenied). */
  forbidden?: (req: SimRequest, now: Date) => SimResponse;
  /**
   * Directory roles (template ids), any one of which lets a signed-in user of ANOTHER tenant (a partner user through
   * GDAP, who has no member's default permissions there) use the route with a delegated token. Absent: such users are refused.
   */
  foreignUserRoles?: readonly string[];
}

export interface RouteThrottle {
  /** Which Microsoft throttling scope(s) the request counts against (besides Graph's global per-app limit). */
  workload: "intune" | "identity" | "other" | "defender" | "teams";
  /** Resource units (identity workload); 1 by default. */
  cost?: number;
  write?: boolean;
  /**
   * The tenant the per-tenant limits apply to when it is not the token's `tid` — Teams: the tenant of the conversation
   * (a bot's token always comes from the Bot Framework tenant). Undefined: the token's tenant.
   */
  tenant?: (req: SimRequest, ctx: SimContext) => string | undefined;
}

export interface RouteDef {
  service: Service;
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Path pattern with "{name}" placeholders and literal OData segments, e.g. "/v1.0/applications(appId='{appId}')". */
  path: string;
  auth?: RouteAuth;
  throttle?: RouteThrottle;
  /** Paged answers: lets the "truncatePage" fault drop the nextLink. */
  paged?: boolean;
  handler: (req: SimRequest, ctx: SimContext) => SimResponse | Promise<SimResponse>;
}

export interface Clock {
  now(): Date;
  /** Move the simulator's clock (control API). */
  advance(ms: number): void;
  set(date: Date): void;
}

/** A directory object in some tenant, as the handlers see it. */
export interface ServicePrincipalState {
  id: string;
  appId: string;
  displayName: string;
  /** Application permissions granted in this tenant, by resource ("graph", "partnerCenter", "defender"). */
  applicationPermissions: { graph: string[]; partnerCenter: string[]; defender: string[] };
  delegatedPermissions: { graph: string[]; partnerCenter: string[]; defender: string[] };
  /** Tenant where the app is registered. */
  appOwnerOrganizationId: string;
}

export interface RoleAssignmentState {
  id: string;
  roleDefinitionId: string;
  principalId: string;
  directoryScopeId: "/";
  /** For GDAP-derived assignments in customer tenants: the partner tenant the principal belongs to. */
  principalOrganizationId: string;
}

export interface ApplicationState extends Omit<Application, "passwordCredentials"> {
  passwordCredentials: (Omit<PasswordCredential, "startDateTime" | "endDateTime"> & { startDateTime: string; endDateTime: string })[];
}

export interface GdapRelationshipState extends Omit<GdapRelationship, "createdDateTime" | "activatedDateTime" | "endDateTime" | "accessAssignments" | "roles"> {
  id: string;
  customerTenantId: string;
  customerDisplayName: string;
  /** Role template ids. */
  roles: string[];
  createdDateTime: string;
  activatedDateTime: string | null;
  endDateTime: string | null;
  lastModifiedDateTime: string;
  etag: string;
  accessAssignments: {
    id: string;
    groupId: string;
    status: "pending" | "active" | "deleting" | "deleted" | "error";
    roles: string[];
    createdDateTime: string;
    lastModifiedDateTime: string;
    etag: string;
  }[];
}

export interface TenantState {
  tenantId: string;
  displayName: string;
  domain: string;
  isPartner: boolean;
  userCount: number;
  users: Map<string, Omit<User, "directoryRoles">>;
  groups: Map<string, Group>;
  /** App registrations (partner tenant only). */
  applications: Map<string, ApplicationState>;
  servicePrincipals: Map<string, ServicePrincipalState>;
  /** Role assignments of the tenant's own principals. GDAP-derived ones are computed per request: World.roleAssignments. */
  roleAssignments: RoleAssignmentState[];
  subscribedSkus: { skuId: string; skuPartNumber: string; prepaidUnits: number; consumedUnits: number }[];
  /** Customers only. */
  customer?: Omit<Customer, "gdapRelationships" | "inventory" | "users" | "consentedApps" | "subscribedSkus">;
}

/** Device and app inventory, served page by page without materialising a whole tenant. */
export interface InventorySource {
  deviceCount(tenantId: string): number;
  /** Devices [skip, skip+top) of the tenant, in a stable order. */
  devices(tenantId: string, skip: number, top: number): Device[];
  /** One device by id (case-insensitive), O(1): managedDevices/{id}. */
  deviceById(tenantId: string, id: string): Device | undefined;
  detectedAppCount(tenantId: string): number;
  detectedApps(tenantId: string, skip: number, top: number): {
    id: string; displayName: string; version: string; publisher: string; platform: string; deviceCount: number; sizeInByte: number;
  }[];
}

/** The live state of the simulated cloud, built from a scenario. Reads are cheap; writes are the few Microsoft allows. */
export interface World {
  readonly scenario: Scenario;
  readonly partnerTenantId: string;
  tenant(tenantId: string): TenantState | undefined;
  /** All customer tenant ids (explicit and generated), in scenario order. */
  customerTenantIds(): string[];
  /** GDAP relationships (partner view), across all customers, in a stable order. */
  gdapRelationships(): GdapRelationshipState[];
  gdapRelationship(id: string): GdapRelationshipState | undefined;
  /**
   * Every role assignment in force in a tenant at `now`: its own principals' and, in a customer, those its GDAP
   * relationships give the partner's groups (derived from the relationship and assignment state: core/gdap.ts).
   */
  roleAssignments(tenantId: string, now: Date): RoleAssignmentState[];
  /**
   * Directory roles (template ids, lower case) a user of `userTenantId` holds in `tenantId` at `now`, directly or
   * through its (nested) groups: in its own tenant its assignments, in a customer what GDAP gives its groups.
   */
  userRoles(tenantId: string, userTenantId: string, userId: string, now: Date): string[];
  /** Replace a relationship after a successful PATCH (new etag, lastModifiedDateTime). */
  updateGdapRelationship(next: GdapRelationshipState): void;
  /** Where an application registered in the partner tenant is consented (service principal present with roles). */
  servicePrincipalByAppId(tenantId: string, appId: string): ServicePrincipalState | undefined;
  applicationByAppId(appId: string): ApplicationState | undefined;
  addPassword(applicationObjectId: string, cred: { displayName?: string; startDateTime: string; endDateTime: string }): { keyId: string; secretText: string; hint: string; startDateTime: string; endDateTime: string; displayName?: string };
  removePassword(applicationObjectId: string, keyId: string): boolean;
  readonly inventory: InventorySource;
  /** Role template ids (from display names or ids). */
  resolveRole(ref: string): string;
}

export interface Counters {
  record(service: Service, route: string, tenantId: string | undefined, status: number, throttled: boolean): void;
}

/** Deterministic random source (seeded from the scenario). */
export interface Random {
  next(): number;
  int(maxExclusive: number): number;
}

export interface SimContext {
  world: World;
  clock: Clock;
  random: Random;
  /** Origins of every service, for links between them. */
  origins: Record<Service, string>;
  /**
   * Runs a sub-request through the whole pipeline of `req.service` (route match, auth, faults, throttling, handler) — for
   * $batch. `url` is the path and query as the service sees it ("/v1.0/users?$top=1"). Present when served by the dispatcher.
   */
  dispatch?: (sub: SubRequest) => Promise<SimResponse>;
  /**
   * Per-run state for handlers that keep some (conversations, deliveries), cleared by the control API's reset.
   * Convention: "teams.deliveries" holds the array that `GET /teams/deliveries` on the control API returns.
   */
  state?: Map<string, unknown>;
}

export interface SubRequest {
  /** Defaults to the calling request's service. */
  service?: Service;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** JSON body (serialised by the dispatcher) or undefined. */
  body?: unknown;
}
