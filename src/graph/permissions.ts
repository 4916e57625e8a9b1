/**
 * Permission names ↔ ids, resolved from the resource's own service principal in the tenant
 * (`servicePrincipals(appId='…')` appRoles / oauth2PermissionScopes), never from hard-coded permission GUIDs.
 * One fetch per resource per resolver (cached, concurrent askers share it).
 */
import { z } from "zod/v4";
import type { PermissionRef } from "../domain/snapshot";
import type { GraphClient } from "./client";
import { MicrosoftError } from "./errors";

/** Well-known resource applications (application ids, the same in every tenant). */
export const RESOURCE_APP_IDS = {
  graph: "00000003-0000-0000-c000-000000000000",
  partnerCenter: "fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd",
  defender: "fc780465-2017-40d4-a0c5-307022471b92",
} as const;
export type KnownResource = keyof typeof RESOURCE_APP_IDS;

export type PermissionKind = PermissionRef["kind"];

/** "graph" | "partnerCenter" | "defender" for the known resources, else the resource's appId (lower-case). */
export function resourceLabel(resourceAppId: string): string {
  const id = resourceAppId.toLowerCase();
  for (const [label, appId] of Object.entries(RESOURCE_APP_IDS)) if (appId === id) return label;
  return id;
}

/** The inverse of resourceLabel. */
export function resourceAppIdOf(resource: string): string {
  return (RESOURCE_APP_IDS as Record<string, string>)[resource] ?? resource.toLowerCase();
}

export interface ResourcePermissions {
  appId: string;
  objectId: string;
  /** Application permissions: id → value (e.g. "DeviceManagementManagedDevices.Read.All"). */
  appRoles: ReadonlyMap<string, string>;
  /** Delegated permissions: id → value (e.g. "user_impersonation"). */
  scopes: ReadonlyMap<string, string>;
}

const PermissionList = z.array(z.object({ id: z.string(), value: z.string().nullish() })).nullish();
const ResourceSp = z.object({ id: z.string(), appId: z.string(), appRoles: PermissionList, oauth2PermissionScopes: PermissionList });

const toMap = (list: z.infer<typeof PermissionList>): Map<string, string> =>
  new Map((list ?? []).filter((p) => p.value).map((p) => [p.id.toLowerCase(), p.value ?? ""]));

/** A resource service principal as Graph returns it, or null when it does not parse. */
export function toResourcePermissions(raw: unknown): ResourcePermissions | null {
  const p = ResourceSp.safeParse(raw);
  if (!p.success) return null;
  return { appId: p.data.appId.toLowerCase(), objectId: p.data.id.toLowerCase(), appRoles: toMap(p.data.appRoles), scopes: toMap(p.data.oauth2PermissionScopes) };
}

/** The permission's name, or its id when the resource does not declare it (or could not be read). */
export function permissionName(resource: ResourcePermissions | null, kind: PermissionKind, id: string): string {
  const map = kind === "application" ? resource?.appRoles : resource?.scopes;
  return map?.get(id.toLowerCase()) ?? id;
}

/** The permission's id, or undefined when the resource does not declare that name. */
export function permissionId(resource: ResourcePermissions, kind: PermissionKind, name: string): string | undefined {
  const map = kind === "application" ? resource.appRoles : resource.scopes;
  for (const [id, value] of map) if (value === name) return id;
  return undefined;
}

const RequiredResourceAccess = z.array(
  z.object({ resourceAppId: z.string(), resourceAccess: z.array(z.object({ id: z.string(), type: z.string() })).nullish() }),
);

/** The (resourceAppId, kind, id) triples of an app registration's requiredResourceAccess; [] when it does not parse. */
export function requiredEntries(raw: unknown): { resourceAppId: string; kind: PermissionKind; id: string }[] {
  const p = RequiredResourceAccess.safeParse(raw ?? []);
  if (!p.success) return [];
  return p.data.flatMap((r) =>
    (r.resourceAccess ?? [])
      .filter((a) => a.type === "Role" || a.type === "Scope")
      .map((a) => ({ resourceAppId: r.resourceAppId.toLowerCase(), kind: a.type === "Role" ? ("application" as const) : ("delegated" as const), id: a.id.toLowerCase() })),
  );
}

export interface PermissionResolver {
  /** The resource's service principal in the tenant; null when the tenant has none. Other failures reject. */
  byAppId(appId: string): Promise<ResourcePermissions | null>;
  /** The same, by the service principal's object id (appRoleAssignments and grants carry it). */
  byObjectId(objectId: string): Promise<ResourcePermissions | null>;
  /** requiredResourceAccess → names; a permission whose resource cannot be read keeps its id as name. */
  required(requiredResourceAccess: unknown): Promise<PermissionRef[]>;
  /** Names → ids on a resource (for writing requiredResourceAccess / granting); rejects when a name is unknown. */
  ids(resource: string, kind: PermissionKind, names: readonly string[]): Promise<string[]>;
}

const SELECT = "$select=id,appId,appRoles,oauth2PermissionScopes";

export function createPermissionResolver(graph: GraphClient): PermissionResolver {
  const byApp = new Map<string, Promise<ResourcePermissions | null>>();
  const byObject = new Map<string, Promise<ResourcePermissions | null>>();

  const load = async (path: string): Promise<ResourcePermissions | null> => {
    try {
      return toResourcePermissions(await graph.get<unknown>(path));
    } catch (e) {
      if (e instanceof MicrosoftError && e.code === "notFound") return null;
      throw e;
    }
  };

  const remember = (p: Promise<ResourcePermissions | null>, key: string, cache: Map<string, Promise<ResourcePermissions | null>>): Promise<ResourcePermissions | null> => {
    cache.set(key, p);
    p.then(
      (r) => {
        if (r) {
          byApp.set(r.appId, p);
          byObject.set(r.objectId, p);
        }
      },
      () => cache.delete(key), // a failure is not cached: the next asker tries again
    );
    return p;
  };

  const byAppId = (appId: string): Promise<ResourcePermissions | null> => {
    const key = appId.toLowerCase();
    return byApp.get(key) ?? remember(load(`/servicePrincipals(appId='${encodeURIComponent(key)}')?${SELECT}`), key, byApp);
  };
  const byObjectId = (objectId: string): Promise<ResourcePermissions | null> => {
    const key = objectId.toLowerCase();
    return byObject.get(key) ?? remember(load(`/servicePrincipals/${encodeURIComponent(key)}?${SELECT}`), key, byObject);
  };

  return {
    byAppId,
    byObjectId,
    required: async (raw) => {
      const entries = requiredEntries(raw);
      const resources = new Map<string, ResourcePermissions | null>();
      await Promise.all(
        [...new Set(entries.map((e) => e.resourceAppId))].map(async (appId) => {
          resources.set(appId, await byAppId(appId).catch(() => null));
        }),
      );
      return entries.map((e) => ({ resource: resourceLabel(e.resourceAppId), kind: e.kind, name: permissionName(resources.get(e.resourceAppId) ?? null, e.kind, e.id) }));
    },
    ids: async (resource, kind, names) => {
      const r = await byAppId(resourceAppIdOf(resource));
      return names.map((n) => {
        const id = r ? permissionId(r, kind, n) : undefined;
        if (!id) throw new RangeError(`${resource} does not declare the ${kind} permission ${n}`);
        return id;
      });
    },
  };
}
