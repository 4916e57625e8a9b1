/**
 * Pure: app registrations as Graph returns them, the discovery rules for the lifecycle app and the Partner Center web
 * app (issue 6 §3), and the parsing of what was granted (appRoleAssignments, AllPrincipals oauth2PermissionGrants).
 */
import { z } from "zod/v4";
import type { Choice, ChoiceSource, PasswordCredentialInfo, PermissionRef } from "../../domain/snapshot";
import { passwordCredentials } from "./directoryMapping";

export const LIFECYCLE_PERMISSION: PermissionRef = { resource: "graph", kind: "application", name: "DeviceManagementManagedDevices.Read.All" };
export const PARTNER_CENTER_PERMISSION: PermissionRef = { resource: "partnerCenter", kind: "delegated", name: "user_impersonation" };
export const MULTITENANT = "AzureADMultipleOrgs";

const AppSchema = z.object({
  id: z.string().min(1),
  appId: z.string().min(1),
  displayName: z.string().nullish(),
  signInAudience: z.string().nullish(),
  passwordCredentials: z.array(z.unknown()).nullish(),
  requiredResourceAccess: z.unknown().optional(),
});

export interface AppRow {
  objectId: string;
  appId: string;
  displayName: string;
  signInAudience: string;
  passwordCredentials: PasswordCredentialInfo[];
  /** Raw requiredResourceAccess, resolved to names by src/graph/permissions. */
  requiredResourceAccess: unknown;
}

export function toAppRow(raw: unknown): AppRow | null {
  const p = AppSchema.safeParse(raw);
  if (!p.success) return null;
  const a = p.data;
  return {
    objectId: a.id.toLowerCase(),
    appId: a.appId.toLowerCase(),
    displayName: a.displayName ?? "",
    signInAudience: a.signInAudience ?? "",
    passwordCredentials: passwordCredentials(a.passwordCredentials ?? []),
    requiredResourceAccess: a.requiredResourceAccess ?? [],
  };
}

export interface ResolvedApp {
  row: AppRow;
  required: PermissionRef[];
}

const has = (refs: readonly PermissionRef[], want: PermissionRef): boolean =>
  refs.some((r) => r.resource === want.resource && r.kind === want.kind && r.name === want.name);
const byName = (a: ResolvedApp, b: ResolvedApp): number => a.row.displayName.localeCompare(b.row.displayName, "en", { sensitivity: "base" }) || a.row.appId.localeCompare(b.row.appId);

function pick(apps: readonly ResolvedApp[], chosen: { appId?: string; source: ChoiceSource }, rule: (a: ResolvedApp) => boolean, what: string): { app: ResolvedApp; choice: Choice } | null {
  if (chosen.appId !== undefined) {
    const id = chosen.appId.toLowerCase();
    const app = apps.find((a) => a.row.appId === id);
    return app ? { app, choice: { source: chosen.source } } : null;
  }
  const candidates = apps.filter(rule).sort(byName);
  if (candidates.length === 0) return null;
  const more = candidates.length > 1 ? ` (the first of ${candidates.length} by name)` : "";
  return { app: candidates[0], choice: { source: "discovered", assumption: `${what}: "${candidates[0].row.displayName}"${more}` } };
}

/** The lifecycle app: the recorded appId, else the multitenant app requiring DeviceManagementManagedDevices.Read.All. */
export function pickLifecycleApp(apps: readonly ResolvedApp[], chosen: { appId?: string; source: ChoiceSource }) {
  return pick(apps, chosen, (a) => a.row.signInAudience === MULTITENANT && has(a.required, LIFECYCLE_PERMISSION), "the multitenant app whose required permissions include DeviceManagementManagedDevices.Read.All");
}

/** The Partner Center web app: the recorded appId, else the app requiring Partner Center's user_impersonation. */
export function pickPartnerCenterApp(apps: readonly ResolvedApp[], chosen: { appId?: string; source: ChoiceSource }) {
  return pick(apps, chosen, (a) => has(a.required, PARTNER_CENTER_PERMISSION), "the app whose required permissions include Partner Center's user_impersonation");
}

const AppRoleAssignment = z.object({ appRoleId: z.string(), resourceId: z.string() });
const Grant = z.object({ consentType: z.string().nullish(), resourceId: z.string(), scope: z.string().nullish() });

/** Granted permissions before names: application (appRoleId) and delegated (scope names) per resource service principal. */
export interface GrantedRaw {
  resourceObjectId: string;
  kind: PermissionRef["kind"];
  /** appRoleId for application permissions, the scope's name for delegated ones. */
  idOrName: string;
}

export function grantedRaw(assignments: readonly unknown[], grants: readonly unknown[]): GrantedRaw[] {
  const out: GrantedRaw[] = [];
  for (const raw of assignments) {
    const p = AppRoleAssignment.safeParse(raw);
    if (p.success) out.push({ resourceObjectId: p.data.resourceId.toLowerCase(), kind: "application", idOrName: p.data.appRoleId.toLowerCase() });
  }
  for (const raw of grants) {
    const p = Grant.safeParse(raw);
    if (!p.success || p.data.consentType !== "AllPrincipals") continue;
    for (const scope of (p.data.scope ?? "").split(" ").filter(Boolean)) {
      out.push({ resourceObjectId: p.data.resourceId.toLowerCase(), kind: "delegated", idOrName: scope });
    }
  }
  return out;
}

const ServicePrincipalList = z.array(z.object({ id: z.string() }));

/** The object id of the first service principal in a `servicePrincipals?$filter=appId eq …` answer, or null. */
export function servicePrincipalId(items: unknown): string | null {
  const p = ServicePrincipalList.safeParse(items);
  return p.success && p.data.length > 0 ? p.data[0].id.toLowerCase() : null;
}

/** Sorted, unique permission refs (stable snapshots). */
export function uniqueRefs(refs: readonly PermissionRef[]): PermissionRef[] {
  const seen = new Map<string, PermissionRef>();
  for (const r of refs) seen.set(`${r.resource}\u0000${r.kind}\u0000${r.name}`, r);
  return [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, r]) => r);
}
