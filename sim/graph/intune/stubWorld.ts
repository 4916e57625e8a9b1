/**
 * Test helper for sim-services' handler tests: a small World (and SimContext) built from plain inputs, with lazily
 * generated devices, so handlers can be table-tested without sim-core's world or a socket. Not used at run time.
 */
import type { Customer, Device, Scenario } from "../../scenario/schema";
import { ScenarioSchema, type ScenarioInput } from "../../scenario/schema";
import type {
  ApplicationState,
  Clock,
  InventorySource,
  Principal,
  SimContext,
  SimRequest,
  TenantState,
  World,
} from "../../core/types";
import { guidFrom } from "./devices";

export const PARTNER_TENANT = "11111111-1111-4111-8111-111111111111";

export interface StubInventory {
  /** Devices generated on demand: device(i) for i in [0, count). */
  count: number;
  apps?: number;
  licensed?: boolean;
}

const OS = ["Windows", "Windows", "Windows", "macOS", "iOS", "Android"] as const;

export function stubDevice(tenantId: string, i: number, appsPerDevice = 3): Device {
  return {
    id: guidFrom(`dev:${tenantId}:${i}`),
    deviceName: `DEV-${String(i).padStart(6, "0")}`,
    operatingSystem: OS[i % OS.length] ?? "Windows",
    osVersion: "10.0.22631.4460",
    complianceState: i % 10 === 0 ? "noncompliant" : "compliant",
    serialNumber: `SN${i}`,
    manufacturer: "Contoso",
    model: "Laptop 7",
    userPrincipalName: `user${i}@example.com`,
    enrolledDateTime: "2024-01-01T00:00:00Z",
    lastSyncDateTime: "-1d",
    isEncrypted: true,
    apps: Array.from({ length: appsPerDevice }, (_, k) => ({ displayName: `App ${(i + k) % 7}`, version: "1.0", publisher: "Fabrikam" })),
  };
}

export class StubClock implements Clock {
  constructor(private t: number) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(date: Date): void {
    this.t = date.getTime();
  }
}

export function stubWorld(input: Partial<ScenarioInput> & { inventories?: Record<string, StubInventory> } = {}): World {
  const { inventories = {}, ...rest } = input;
  const scenario: Scenario = ScenarioSchema.parse({
    name: "stub",
    partner: { tenantId: PARTNER_TENANT, displayName: "Contoso IT Partners", domain: "contosoit.onmicrosoft.com" },
    ...rest,
  });
  const customers = new Map<string, Customer>(scenario.customers.map((c) => [c.tenantId, c]));
  const tenants = new Map<string, TenantState>();
  const mkTenant = (tenantId: string): TenantState | undefined => {
    const isPartner = tenantId === scenario.partner.tenantId;
    const c = customers.get(tenantId);
    if (!isPartner && !c) return undefined;
    const src = isPartner ? scenario.partner : c;
    const t: TenantState = {
      tenantId,
      displayName: src?.displayName ?? "",
      domain: src?.domain ?? "",
      isPartner,
      userCount: c?.userCount ?? 100,
      users: new Map((isPartner ? scenario.partner.users : c?.users ?? []).map((u) => [u.id, u])),
      groups: new Map((isPartner ? scenario.partner.groups : []).map((g) => [g.id, g])),
      applications: new Map(),
      servicePrincipals: new Map(),
      roleAssignments: [],
      subscribedSkus: [],
      customer: c ? { tenantId: c.tenantId, displayName: c.displayName, domain: c.domain, relationshipToPartner: c.relationshipToPartner, userCount: c.userCount, intune: { licensed: inventories[c.tenantId]?.licensed ?? c.intune.licensed }, defender: c.defender } : undefined,
    };
    return t;
  };
  const apps = new Map<string, ApplicationState>(
    scenario.partner.applications.map((a) => [a.appId, { ...a, passwordCredentials: a.passwordCredentials.map((p) => ({ ...p })) }]),
  );
  const explicit = (tenantId: string): Device[] | undefined => {
    const c = customers.get(tenantId);
    if (inventories[tenantId]) return undefined;
    return c && "devices" in c.inventory && c.inventory.devices.length > 0 ? c.inventory.devices : undefined;
  };
  const catalogue = (tenantId: string) =>
    Array.from({ length: inventories[tenantId]?.apps ?? 7 }, (_, k) => ({
      id: `app-${tenantId.slice(0, 4)}-${k}`,
      displayName: `App ${k}`,
      version: "1.0",
      publisher: "Fabrikam",
      platform: "windows",
      deviceCount: 10,
      sizeInByte: 1000 * k,
    }));
  const inventory: InventorySource = {
    deviceCount: (tid) => explicit(tid)?.length ?? inventories[tid]?.count ?? 0,
    devices: (tid, skip, top) => {
      const ex = explicit(tid);
      if (ex) return ex.slice(skip, skip + top);
      const n = inventories[tid]?.count ?? 0;
      const out: Device[] = [];
      for (let i = skip; i < Math.min(n, skip + top); i++) out.push(stubDevice(tid, i));
      return out;
    },
    deviceById: (tid, id) => {
      const wanted = id.toLowerCase();
      const ex = explicit(tid);
      if (ex) return ex.find((d) => d.id.toLowerCase() === wanted);
      const n = inventories[tid]?.count ?? 0;
      for (let i = 0; i < n; i++) if (stubDevice(tid, i).id === wanted) return stubDevice(tid, i);
      return undefined;
    },
    detectedAppCount: (tid) => (inventories[tid] || explicit(tid) ? catalogue(tid).length : 0),
    detectedApps: (tid, skip, top) => (inventories[tid] || explicit(tid) ? catalogue(tid).slice(skip, skip + top) : []),
  };
  return {
    scenario,
    partnerTenantId: scenario.partner.tenantId,
    roleAssignments: () => [],
    userRoles: () => [],
    tenant: (tid) => {
      let t = tenants.get(tid);
      if (!t) {
        t = mkTenant(tid);
        if (t) tenants.set(tid, t);
      }
      return t;
    },
    customerTenantIds: () => scenario.customers.map((c) => c.tenantId),
    gdapRelationships: () => [],
    gdapRelationship: () => undefined,
    updateGdapRelationship: () => undefined,
    servicePrincipalByAppId: () => undefined,
    applicationByAppId: (appId) => apps.get(appId),
    addPassword: () => {
      throw new Error("not in stub");
    },
    removePassword: () => false,
    inventory,
    resolveRole: (r) => r,
  };
}

export function stubContext(world: World, nowIso = "2025-06-01T12:00:00Z"): SimContext & { clock: StubClock } {
  let seed = 42;
  return {
    world,
    clock: new StubClock(Date.parse(nowIso)),
    random: {
      next: () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
      },
      int(max: number) {
        return Math.floor(this.next() * max);
      },
    },
    origins: {
      login: "https://127.0.0.1:7000",
      graph: "https://127.0.0.1:7001",
      partnerCenter: "https://127.0.0.1:7002",
      defender: "https://127.0.0.1:7003",
      teams: "https://127.0.0.1:7004",
    },
  };
}

export function appPrincipal(tenantId: string, roles: string[], audience = "https://graph.microsoft.com"): Principal {
  return { kind: "app", tenantId, appId: "22222222-2222-4222-8222-222222222222", roles, scopes: [], oid: guidFrom(`sp:${tenantId}`), audience };
}

export function delegatedPrincipal(tenantId: string, oid: string, scopes: string[], audience = "https://graph.microsoft.com"): Principal {
  return { kind: "delegated", tenantId, appId: "33333333-3333-4333-8333-333333333333", roles: [], scopes, oid, audience };
}

/** A SimRequest as the dispatcher would hand it over. */
export function stubRequest(partial: Partial<SimRequest> & { url: string }, service: SimRequest["service"] = "graph"): SimRequest {
  const u = new URL(partial.url, "https://127.0.0.1:7001");
  const { url: _url, ...rest } = partial;
  void _url;
  return {
    service,
    method: "GET",
    path: decodeURIComponent(u.pathname),
    query: u.searchParams,
    headers: {},
    rawBody: "",
    body: undefined,
    params: {},
    requestId: "00000000-0000-4000-8000-000000000001",
    origin: u.origin,
    ...rest,
  };
}
