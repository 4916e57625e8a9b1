/**
 * The lifecycle app and the Partner Center web app: one read of the registrations (by appId when both are recorded,
 * else the whole list for discovery), required permissions resolved to names, then per app its service principal,
 * what was granted with admin consent, and whether that principal is in AdminAgents (asked from its side: v1.0 group
 * members omit service principals).
 */
import type { AppSnapshot, Choice, ChoiceSource, PermissionRef, ReadFailure, Readable } from "../../domain/snapshot";
import { permissionName, resourceLabel } from "../permissions";
import { request, type ReadContext } from "./context";
import { grantedRaw, pickLifecycleApp, pickPartnerCenterApp, servicePrincipalId, toAppRow, uniqueRefs, type ResolvedApp } from "./appMapping";
import { mapAll } from "./gdapMapping";
import { isMemberOf } from "./memberGroups";
import { readable, readOk } from "./readable";

const APP_SELECT = "$select=id,appId,displayName,signInAudience,passwordCredentials,requiredResourceAccess";

export interface AppChoice {
  appId?: string;
  source: ChoiceSource;
}

export interface AppsRead {
  lifecycleApp: AppSnapshot | null;
  partnerCenterApp: AppSnapshot | null;
  /** Why the registrations could not be read (both apps are then null). */
  failure?: ReadFailure;
}

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

async function readRegistrations(ctx: ReadContext, lifecycle: AppChoice, partnerCenter: AppChoice): Promise<Readable<ResolvedApp[]>> {
  const ids = [lifecycle.appId, partnerCenter.appId];
  const path = ids.every((x) => x !== undefined)
    ? `/applications?$filter=appId in (${[...new Set(ids.map((x) => (x ?? "").toLowerCase()))].map(quote).join(",")})&${APP_SELECT}`
    : `/applications?${APP_SELECT}&$top=999`;
  const list = await readable(request(ctx, (g) => g.all<unknown>(path)));
  if (!list.ok) return list;
  const rows = mapAll(list.value, toAppRow).values;
  const resolved = await Promise.all(rows.map(async (row) => ({ row, required: uniqueRefs(await ctx.permissions.required(row.requiredResourceAccess)) })));
  return readOk(resolved);
}

async function readGranted(ctx: ReadContext, spId: string): Promise<PermissionRef[]> {
  const id = encodeURIComponent(spId);
  const [assignments, grants] = await Promise.all([
    request(ctx, (g) => g.all<unknown>(`/servicePrincipals/${id}/appRoleAssignments?$top=999`)),
    request(ctx, (g) => g.all<unknown>(`/oauth2PermissionGrants?$filter=clientId eq '${id}'`)),
  ]);
  const raw = grantedRaw(assignments, grants);
  const refs = await Promise.all(
    raw.map(async (r) => {
      const resource = await ctx.permissions.byObjectId(r.resourceObjectId);
      const name = r.kind === "application" ? permissionName(resource, "application", r.idOrName) : r.idOrName;
      return { resource: resource ? resourceLabel(resource.appId) : r.resourceObjectId, kind: r.kind, name };
    }),
  );
  return uniqueRefs(refs);
}

async function appSnapshot(ctx: ReadContext, app: ResolvedApp, choice: Choice, adminAgentsGroupId: Promise<string | null>): Promise<AppSnapshot> {
  const sp = await readable(request(ctx, (g) => g.all<unknown>(`/servicePrincipals?$filter=appId eq ${quote(app.row.appId)}&$select=id,appId`)));
  const spId = sp.ok ? servicePrincipalId(sp.value) : null;
  const noSp = <T>(value: T): Promise<Readable<T>> => Promise.resolve(sp.ok ? readOk(value) : sp);
  const [granted, inAdminAgents] = await Promise.all([
    spId ? readable(readGranted(ctx, spId)) : noSp<PermissionRef[]>([]),
    adminAgentsGroupId.then((groupId) => (spId && groupId ? readable(isMemberOf(ctx, "servicePrincipals", spId, groupId)) : noSp(false))),
  ]);
  return {
    ...choice,
    appId: app.row.appId,
    objectId: app.row.objectId,
    displayName: app.row.displayName,
    signInAudience: app.row.signInAudience,
    passwordCredentials: app.row.passwordCredentials,
    required: app.required,
    granted,
    servicePrincipalId: spId,
    inAdminAgents,
  };
}

/** The same app snapshot under another choice (source / assumption). */
function withChoice(s: AppSnapshot, choice: Choice): AppSnapshot {
  const { assumption: _drop, ...rest } = s;
  return { ...rest, ...choice };
}

export async function readApps(ctx: ReadContext, lifecycle: AppChoice, partnerCenter: AppChoice, adminAgentsGroupId: Promise<string | null>): Promise<AppsRead> {
  const apps = await readRegistrations(ctx, lifecycle, partnerCenter);
  if (!apps.ok) return { lifecycleApp: null, partnerCenterApp: null, failure: apps.error };
  const lc = pickLifecycleApp(apps.value, lifecycle);
  const pc = pickPartnerCenterApp(apps.value, partnerCenter);
  const lcSnap = lc ? appSnapshot(ctx, lc.app, lc.choice, adminAgentsGroupId) : Promise.resolve(null);
  // The same registration in both roles is read once.
  const pcSnap = pc
    ? lc && pc.app.row.appId === lc.app.row.appId
      ? lcSnap.then((s) => (s ? withChoice(s, pc.choice) : null))
      : appSnapshot(ctx, pc.app, pc.choice, adminAgentsGroupId)
    : Promise.resolve(null);
  const [lifecycleApp, partnerCenterApp] = await Promise.all([lcSnap, pcSnap]);
  return { lifecycleApp, partnerCenterApp };
}
