/**
 * The World: tenants, directory objects, GDAP relationships and inventory built from a scenario. Relative dates are
 * resolved against the clock once, at load. Generated customers and inventory are computed on demand (never
 * materialised as a whole) and cached within bounds.
 */
import { createHash } from "node:crypto";
import type { Customer, Scenario, User } from "../scenario/schema";
import { durationMs, resolveDate, toGraphDate } from "../scenario/dates";
import { roleTemplateId } from "../scenario/roles";
import { createInventorySource, generatedCustomer, generatedTenantId, generatedTenantIndex, resolveDevices, type InventorySpec } from "../scenario/generate";
import { stableGuid } from "./random";
import { gdapRoleAssignments } from "./gdap";
import { transitiveGroups } from "../graph/directory/membership";
import type { PermissionResource } from "../graph/directory/permissionIds";
import type {
  ApplicationState,
  GdapRelationshipState,
  InventorySource,
  RoleAssignmentState,
  ServicePrincipalState,
  TenantState,
  World,
} from "./types";

export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
export const PARTNER_CENTER_APP_ID = "fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd";
export const DEFENDER_APP_ID = "fc780465-2017-40d4-a0c5-307022471b92";
export const PARTNER_CUSTOMER_DELEGATED_ADMIN_APP_ID = "2832473f-ec63-45fb-976f-5d45a7d4bb91";
/** Microsoft's own tenant, owner of first-party service principals. */
export const MICROSOFT_SERVICES_TENANT_ID = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

const emptyPerms = () => ({ graph: [] as string[], partnerCenter: [] as string[], defender: [] as string[] });

/** Graph-style weak etag that changes whenever `version` changes. */
export function makeEtag(id: string, version: string): string {
  const h = createHash("sha1").update(`${id}\u0000${version}`).digest("hex").slice(0, 32);
  return `W/"${Buffer.from(`'"${h}"'`).toString("base64")}"`;
}

export interface UserRecord extends Omit<User, "directoryRoles"> {
  tenantId: string;
}

/** World plus the lookups the core (token endpoint, control API) needs. */
export class SimWorld implements World {
  readonly partnerTenantId: string;
  readonly inventory: InventorySource;
  /** The clock's time when the scenario was loaded (relative dates are resolved against it). */
  readonly loadedAt: Date;
  private readonly tenants = new Map<string, TenantState>();
  private readonly generatedCache = new Map<string, TenantState>();
  private readonly domains = new Map<string, string>();
  private readonly customers = new Map<string, Customer>();
  private readonly appsByAppId = new Map<string, ApplicationState>();
  private relationships: GdapRelationshipState[] | undefined;
  private relationshipIndex = new Map<string, number>();
  private relationshipsByCustomer: Map<string, number[]> | undefined;
  private explicitRelationships: GdapRelationshipState[] = [];
  private passwordCounter = 0;

  constructor(
    readonly scenario: Scenario,
    now: Date,
  ) {
    // Whole seconds, as Graph writes its instants.
    this.loadedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
    this.partnerTenantId = scenario.partner.tenantId.toLowerCase();
    this.tenants.set(this.partnerTenantId, this.buildPartner());
    this.domains.set(scenario.partner.domain.toLowerCase(), this.partnerTenantId);
    for (const c of scenario.customers) {
      const tid = c.tenantId.toLowerCase();
      this.customers.set(tid, c);
      this.tenants.set(tid, this.buildCustomer(c));
      this.domains.set(c.domain.toLowerCase(), tid);
      c.gdapRelationships.forEach((r, i) => this.explicitRelationships.push(this.buildRelationship(c, r, i)));
    }
    this.inventory = createInventorySource((tid) => this.inventorySpec(tid), this.loadedAt);
  }

  private get seed(): number {
    return this.scenario.seed;
  }

  private date(spec: string): string {
    return resolveDate(spec, this.loadedAt);
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Tenants

  tenant(tenantId: string): TenantState | undefined {
    const tid = tenantId.toLowerCase();
    const t = this.tenants.get(tid);
    if (t) return t;
    const g = this.scenario.generatedCustomers;
    if (!g) return undefined;
    const cached = this.generatedCache.get(tid);
    if (cached) return cached;
    const c = this.generatedCustomerById(tid);
    if (!c) return undefined;
    const state = this.buildCustomer(c);
    if (this.generatedCache.size >= 5000) this.generatedCache.delete(this.generatedCache.keys().next().value as string);
    this.generatedCache.set(tid, state);
    return state;
  }

  /** A tenant by id or by its domain (the token endpoint accepts both). */
  findTenant(ref: string): TenantState | undefined {
    const r = ref.toLowerCase();
    return this.tenant(r) ?? (this.domains.has(r) ? this.tenant(this.domains.get(r) as string) : this.generatedByDomain(r));
  }

  private generatedByDomain(domain: string): TenantState | undefined {
    const g = this.scenario.generatedCustomers;
    if (!g || !domain.endsWith(`.${g.domainSuffix.toLowerCase()}`)) return undefined;
    const m = /(\d+)\./.exec(domain);
    if (!m) return undefined;
    const index = Number(m[1]) - 1;
    if (index < 0 || index >= g.count) return undefined;
    const t = this.tenant(generatedTenantId(g.seed ?? this.seed, index));
    return t && t.domain.toLowerCase() === domain ? t : undefined;
  }

  private generatedCustomerById(tid: string): Customer | undefined {
    const g = this.scenario.generatedCustomers;
    if (!g) return undefined;
    const index = generatedTenantIndex(g.seed ?? this.seed, g.count, tid);
    return index === undefined ? undefined : generatedCustomer(g, this.seed, index, this.loadedAt);
  }

  /** The scenario's description of a customer (explicit or generated). */
  customerSpec(tenantId: string): Customer | undefined {
    const tid = tenantId.toLowerCase();
    return this.customers.get(tid) ?? this.generatedCustomerById(tid);
  }

  customerTenantIds(): string[] {
    const ids = this.scenario.customers.map((c) => c.tenantId.toLowerCase());
    const g = this.scenario.generatedCustomers;
    if (g) for (let i = 0; i < g.count; i++) ids.push(generatedTenantId(g.seed ?? this.seed, i));
    return ids;
  }

  user(tenantId: string, idOrUpn: string): UserRecord | undefined {
    const t = this.tenant(tenantId);
    if (!t) return undefined;
    const k = idOrUpn.toLowerCase();
    const u = t.users.get(k) ?? [...t.users.values()].find((x) => x.userPrincipalName.toLowerCase() === k);
    return u ? { ...u, tenantId: t.tenantId } : undefined;
  }

  private buildPartner(): TenantState {
    const p = this.scenario.partner;
    const tid = this.partnerTenantId;
    const users = new Map(p.users.map((u) => [u.id.toLowerCase(), this.userState(u)]));
    const applications = new Map<string, ApplicationState>();
    const servicePrincipals = new Map<string, ServicePrincipalState>();
    for (const a of p.applications) {
      const app: ApplicationState = {
        ...a,
        id: a.id.toLowerCase(),
        appId: a.appId.toLowerCase(),
        ...(a.owners ? { owners: a.owners.map((o) => o.toLowerCase()) } : {}),
        ...(a.createdDateTime ? { createdDateTime: this.date(a.createdDateTime) } : {}),
        passwordCredentials: a.passwordCredentials.map((c) => ({ ...c, keyId: c.keyId.toLowerCase(), startDateTime: this.date(c.startDateTime), endDateTime: this.date(c.endDateTime) })),
      };
      applications.set(app.id, app);
      this.appsByAppId.set(app.appId, app);
      if (a.servicePrincipalId) {
        const sp: ServicePrincipalState = {
          id: a.servicePrincipalId.toLowerCase(),
          appId: app.appId,
          displayName: a.displayName,
          applicationPermissions: clonePerms(a.grantedApplicationPermissions),
          delegatedPermissions: clonePerms(a.grantedDelegatedPermissions),
          appOwnerOrganizationId: tid,
        };
        servicePrincipals.set(sp.id, sp);
      }
    }
    const referenced = referencedResources([
      ...p.applications.flatMap((a) => [a.requiredApplicationPermissions, a.requiredDelegatedPermissions, a.grantedApplicationPermissions, a.grantedDelegatedPermissions]),
      // Customers consent to what the partner's registrations request: a resource named there is one the partner uses.
      ...[...this.scenario.customers.flatMap((c) => c.consentedApps), ...(this.scenario.generatedCustomers?.consentedApps ?? [])].map((ca) => ca.applicationPermissions),
    ]);
    for (const sp of this.firstPartyServicePrincipals(tid, true, referenced)) servicePrincipals.set(sp.id, sp);
    return {
      tenantId: tid,
      displayName: p.displayName,
      domain: p.domain,
      isPartner: true,
      userCount: Math.max(1, p.users.length),
      users,
      groups: new Map(p.groups.map((g) => [g.id.toLowerCase(), g.createdDateTime ? { ...g, createdDateTime: this.date(g.createdDateTime) } : g])),
      applications,
      servicePrincipals,
      roleAssignments: this.userRoleAssignments(tid, p.users),
      subscribedSkus: this.skus(p.subscribedSkus),
    };
  }

  /**
   * Microsoft's service principals in a tenant: Microsoft Graph's everywhere; Partner Center's and "Partner Customer
   * Delegated Administration" in the partner; a resource's (Partner Center, WindowsDefenderATP) wherever the tenant's
   * service principals or registrations refer to its permissions (consent provisions the resource's service principal),
   * and WindowsDefenderATP's in a customer onboarded to Defender for Endpoint.
   */
  private firstPartyServicePrincipals(tid: string, partner: boolean, referenced: ReadonlySet<PermissionResource>): ServicePrincipalState[] {
    const mk = (appId: string, displayName: string): ServicePrincipalState => ({
      id: stableGuid(this.seed, `sp:${tid}:${appId}`),
      appId,
      displayName,
      applicationPermissions: emptyPerms(),
      delegatedPermissions: emptyPerms(),
      appOwnerOrganizationId: MICROSOFT_SERVICES_TENANT_ID,
    });
    const list = [mk(MICROSOFT_GRAPH_APP_ID, "Microsoft Graph")];
    if (partner || referenced.has("partnerCenter")) list.push(mk(PARTNER_CENTER_APP_ID, "Microsoft Partner Center"));
    if (partner) list.push(mk(PARTNER_CUSTOMER_DELEGATED_ADMIN_APP_ID, "Partner Customer Delegated Administration"));
    if (referenced.has("defender")) list.push(mk(DEFENDER_APP_ID, "WindowsDefenderATP"));
    return list;
  }

  /** A scenario user as the tenant keeps it: without its roles (role assignments hold them), dates resolved. */
  private userState(u: User): Omit<User, "directoryRoles"> {
    const { directoryRoles: _r, ...rest } = u;
    return {
      ...rest,
      id: rest.id.toLowerCase(),
      ...(rest.createdDateTime ? { createdDateTime: this.date(rest.createdDateTime) } : {}),
      ...(rest.lastSignInDateTime ? { lastSignInDateTime: this.date(rest.lastSignInDateTime) } : {}),
    };
  }

  private userRoleAssignments(tid: string, users: User[]): RoleAssignmentState[] {
    const out: RoleAssignmentState[] = [];
    for (const u of users) {
      for (const r of u.directoryRoles) {
        const roleDefinitionId = roleTemplateId(r) ?? r;
        out.push({ id: stableGuid(this.seed, `ra:${tid}:${u.id}:${roleDefinitionId}`), roleDefinitionId, principalId: u.id.toLowerCase(), directoryScopeId: "/", principalOrganizationId: tid });
      }
    }
    return out;
  }

  private skus(skus: Scenario["partner"]["subscribedSkus"]): TenantState["subscribedSkus"] {
    return skus.map((s) => ({ skuId: (s.skuId ?? stableGuid("sku", s.skuPartNumber)).toLowerCase(), skuPartNumber: s.skuPartNumber, prepaidUnits: s.prepaidUnits, consumedUnits: s.consumedUnits }));
  }

  private buildCustomer(c: Customer): TenantState {
    const tid = c.tenantId.toLowerCase();
    const servicePrincipals = new Map<string, ServicePrincipalState>();
    for (const ca of c.consentedApps) {
      const app = this.appsByAppId.get(ca.appId.toLowerCase());
      const sp: ServicePrincipalState = {
        id: (ca.servicePrincipalId ?? stableGuid(this.seed, `sp:${tid}:${ca.appId.toLowerCase()}`)).toLowerCase(),
        appId: ca.appId.toLowerCase(),
        displayName: app?.displayName ?? ca.appId,
        applicationPermissions: clonePerms(ca.applicationPermissions),
        // Admin consent in a customer grants the delegated permissions the registration requires.
        delegatedPermissions: app ? clonePerms(app.requiredDelegatedPermissions) : emptyPerms(),
        appOwnerOrganizationId: this.partnerTenantId,
      };
      servicePrincipals.set(sp.id, sp);
    }
    const referenced = referencedResources([...servicePrincipals.values()].flatMap((sp) => [sp.applicationPermissions, sp.delegatedPermissions]));
    if (c.defender.onboarded) referenced.add("defender");
    for (const sp of this.firstPartyServicePrincipals(tid, false, referenced)) servicePrincipals.set(sp.id, sp);
    // GDAP-derived assignments are not stored: roleAssignments(tenantId, now) derives them per request.
    const roleAssignments = this.userRoleAssignments(tid, c.users);
    const { gdapRelationships: _g, inventory: _i, users, consentedApps: _c, subscribedSkus, ...customer } = c;
    return {
      tenantId: tid,
      displayName: c.displayName,
      domain: c.domain,
      isPartner: false,
      userCount: c.userCount,
      users: new Map(users.map((u) => [u.id.toLowerCase(), this.userState(u)])),
      groups: new Map(),
      applications: new Map(),
      servicePrincipals,
      roleAssignments,
      subscribedSkus: this.skus(subscribedSkus),
      customer: { ...customer, tenantId: tid },
    };
  }

  // -------------------------------------------------------------------------------------------------------------------
  // GDAP

  private buildRelationship(c: Customer, rel: Customer["gdapRelationships"][number], index: number): GdapRelationshipState {
    const tid = c.tenantId.toLowerCase();
    const id = rel.id ?? `${stableGuid(this.seed, `gdap:${tid}:${index}:a`)}-${stableGuid(this.seed, `gdap:${tid}:${index}:b`)}`;
    const created = this.date(rel.createdDateTime);
    const wasActivated = !["approvalPending", "created", "approved", "activating"].includes(rel.status);
    const activated = rel.activatedDateTime ? this.date(rel.activatedDateTime) : wasActivated ? toGraphDate(Date.parse(created) + 86_400_000) : null;
    const end = rel.endDateTime ? this.date(rel.endDateTime) : activated ? toGraphDate(Date.parse(activated) + durationMs(rel.duration)) : null;
    const roles = rel.roles.map((r) => roleTemplateId(r) ?? r);
    const lastModified = activated ?? created;
    const { createdDateTime: _c, activatedDateTime: _a, endDateTime: _e, accessAssignments, roles: _r, ...rest } = rel;
    return {
      ...rest,
      id,
      customerTenantId: tid,
      customerDisplayName: c.displayName,
      roles,
      createdDateTime: created,
      activatedDateTime: activated,
      endDateTime: end,
      lastModifiedDateTime: lastModified,
      etag: makeEtag(id, lastModified),
      accessAssignments: accessAssignments.map((a, ai) => {
        const aid = (a.id ?? stableGuid(this.seed, `aa:${id}:${ai}`)).toLowerCase();
        const createdA = a.createdDateTime ? this.date(a.createdDateTime) : lastModified;
        return {
          id: aid,
          groupId: a.groupId.toLowerCase(),
          status: a.status,
          roles: a.roles.map((r) => roleTemplateId(r) ?? r),
          createdDateTime: createdA,
          lastModifiedDateTime: createdA,
          etag: makeEtag(aid, createdA),
        };
      }),
    };
  }

  gdapRelationships(): GdapRelationshipState[] {
    if (!this.relationships) {
      const all = [...this.explicitRelationships];
      const g = this.scenario.generatedCustomers;
      if (g) {
        for (let i = 0; i < g.count; i++) {
          const c = generatedCustomer(g, this.seed, i, this.loadedAt);
          c.gdapRelationships.forEach((r, ri) => all.push(this.buildRelationship(c, r, ri)));
        }
      }
      this.relationships = all;
      this.relationshipIndex = new Map(all.map((r, i) => [r.id.toLowerCase(), i]));
    }
    return this.relationships;
  }

  /** A customer's relationships (current state, including PATCHes). */
  gdapRelationshipsOf(customerTenantId: string): GdapRelationshipState[] {
    const list = this.gdapRelationships();
    if (!this.relationshipsByCustomer) {
      const by = new Map<string, number[]>();
      list.forEach((r, i) => {
        const k = r.customerTenantId.toLowerCase();
        const arr = by.get(k);
        if (arr) arr.push(i);
        else by.set(k, [i]);
      });
      this.relationshipsByCustomer = by;
    }
    return (this.relationshipsByCustomer.get(customerTenantId.toLowerCase()) ?? []).map((i) => list[i]);
  }

  roleAssignments(tenantId: string, now: Date): RoleAssignmentState[] {
    const t = this.tenant(tenantId);
    if (!t) return [];
    if (t.isPartner) return t.roleAssignments;
    return [...t.roleAssignments, ...gdapRoleAssignments(this.gdapRelationshipsOf(t.tenantId), this.partnerTenantId, this.seed, now)];
  }

  userRoles(tenantId: string, userTenantId: string, userId: string, now: Date): string[] {
    const home = this.tenant(userTenantId);
    if (!home) return [];
    const ids = new Set([userId.toLowerCase(), ...transitiveGroups(home, userId)]);
    const out = new Set<string>();
    for (const ra of this.roleAssignments(tenantId, now)) {
      if (ra.principalOrganizationId.toLowerCase() === home.tenantId && ids.has(ra.principalId.toLowerCase())) out.add(ra.roleDefinitionId.toLowerCase());
    }
    return [...out];
  }

  gdapRelationship(id: string): GdapRelationshipState | undefined {
    const list = this.gdapRelationships();
    const i = this.relationshipIndex.get(id.toLowerCase());
    return i === undefined ? undefined : list[i];
  }

  updateGdapRelationship(next: GdapRelationshipState): void {
    const list = this.gdapRelationships();
    const i = this.relationshipIndex.get(next.id.toLowerCase());
    if (i === undefined) return;
    list[i] = next;
    const e = this.explicitRelationships.findIndex((r) => r.id.toLowerCase() === next.id.toLowerCase());
    if (e >= 0) this.explicitRelationships[e] = next;
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Applications

  servicePrincipalByAppId(tenantId: string, appId: string): ServicePrincipalState | undefined {
    const t = this.tenant(tenantId);
    if (!t) return undefined;
    const a = appId.toLowerCase();
    for (const sp of t.servicePrincipals.values()) if (sp.appId === a) return sp;
    return undefined;
  }

  applicationByAppId(appId: string): ApplicationState | undefined {
    return this.appsByAppId.get(appId.toLowerCase());
  }

  private applicationByObjectId(id: string): ApplicationState | undefined {
    return this.tenants.get(this.partnerTenantId)?.applications.get(id.toLowerCase());
  }

  addPassword(applicationObjectId: string, cred: { displayName?: string; startDateTime: string; endDateTime: string }) {
    const app = this.applicationByObjectId(applicationObjectId);
    if (!app) throw new Error(`no application ${applicationObjectId}`);
    const n = ++this.passwordCounter;
    const keyId = stableGuid(this.seed, `addPassword:${app.id}:${n}`);
    const secretText = makeSecret(this.seed, `${app.id}:${n}`);
    const entry = { keyId, displayName: cred.displayName, secretText, startDateTime: cred.startDateTime, endDateTime: cred.endDateTime };
    app.passwordCredentials.push(entry);
    return { keyId, secretText, hint: secretText.slice(0, 3), startDateTime: cred.startDateTime, endDateTime: cred.endDateTime, displayName: cred.displayName };
  }

  removePassword(applicationObjectId: string, keyId: string): boolean {
    const app = this.applicationByObjectId(applicationObjectId);
    if (!app) return false;
    const i = app.passwordCredentials.findIndex((c) => c.keyId === keyId.toLowerCase());
    if (i < 0) return false;
    app.passwordCredentials.splice(i, 1);
    return true;
  }

  resolveRole(ref: string): string {
    return roleTemplateId(ref) ?? ref;
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Inventory

  private inventorySpec(tid: string): InventorySpec | undefined {
    const c = this.customerSpec(tid);
    if (!c) return undefined;
    if ("generate" in c.inventory) return { kind: "generated", spec: c.inventory.generate, domain: c.domain };
    return { kind: "explicit", devices: resolveDevices(c.inventory.devices, this.loadedAt) };
  }
}



/** The resources (other than Graph) any of these permission sets names a permission of. */
function referencedResources(sets: readonly { graph: string[]; partnerCenter: string[]; defender: string[] }[]): Set<PermissionResource> {
  const out = new Set<PermissionResource>();
  for (const s of sets) {
    if (s.partnerCenter.length > 0) out.add("partnerCenter");
    if (s.defender.length > 0) out.add("defender");
  }
  return out;
}

function clonePerms(p: { graph: string[]; partnerCenter: string[]; defender: string[] }) {
  return { graph: [...p.graph], partnerCenter: [...p.partnerCenter], defender: [...p.defender] };
}

/** A client secret in Microsoft's format (40 characters, "Q~" after the first 3). */
export function makeSecret(seed: number, path: string): string {
  const b = createHash("sha256").update(`${seed}\u0000secret\u0000${path}`).digest("base64").replace(/[+/=]/g, "x");
  return `${b.slice(0, 3)}8Q~${b.slice(3, 37)}`;
}

/** Builds the world of a validated scenario at the given instant. */
export function createWorld(scenario: Scenario, now: Date): SimWorld {
  return new SimWorld(scenario, now);
}

