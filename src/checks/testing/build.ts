/**
 * Hand-built snapshots for the checks' table tests. `partner()` is a fully healthy partner (no finding at all) with
 * one healthy customer unless told otherwise; every builder takes overrides, so a table row states only what differs.
 */
import type {
  AccessAssignmentSnapshot,
  AppSnapshot,
  CustomerSnapshot,
  GdapRelationshipSnapshot,
  LifecycleGroupSnapshot,
  PartnerSnapshot,
  PermissionRef,
  ReadFailure,
  Readable,
  ServiceAccountSnapshot,
} from "../../domain/snapshot";
import { ROLE } from "../roles";

export const NOW = new Date("2025-06-01T00:00:00.000Z");
const DAY_MS = 86_400_000;

/** An instant `n` days from NOW (negative: in the past). */
export function inDays(n: number): string {
  return new Date(NOW.getTime() + n * DAY_MS).toISOString();
}

export const ok = <T>(value: T): Readable<T> => ({ ok: true, value });
export const fail = (code: string, message: string, missing?: string): { ok: false; error: ReadFailure } => ({
  ok: false,
  error: missing === undefined ? { code, message } : { code, message, missing },
});

export const IDS = {
  partner: "p0000000-0000-4000-8000-000000000000",
  serviceAccount: "u-svc",
  lifecycleGroup: "g-lcm",
  adminAgents: "g-adminagents",
  /** Customer GDAP group holding Application / Cloud Application Administrator, contains the lifecycle group. */
  appAdminsGroup: "g-appadmins",
  /** Another GDAP group, holding Global Reader; does not contain the lifecycle group. */
  helpdeskGroup: "g-helpdesk",
  lifecycleApp: "app-lcm",
  partnerCenterApp: "app-pc",
} as const;

export const GLOBAL_READER = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";

export const perm = (resource: string, kind: PermissionRef["kind"], name: string): PermissionRef => ({ resource, kind, name });

export const LIFECYCLE_PERMS: PermissionRef[] = [
  perm("graph", "application", "Organization.Read.All"),
  perm("graph", "application", "DeviceManagementManagedDevices.Read.All"),
  perm("graph", "application", "DeviceManagementApps.Read.All"),
];
export const DEFENDER_PERM = perm("defender", "application", "Machine.Read.All");
export const PARTNER_CENTER_PERMS: PermissionRef[] = [
  perm("graph", "delegated", "Directory.AccessAsUser.All"),
  perm("graph", "delegated", "User.Read"),
  perm("partnerCenter", "delegated", "user_impersonation"),
  perm("graph", "application", "Directory.Read.All"),
];

export function assignment(over: Partial<AccessAssignmentSnapshot> = {}): AccessAssignmentSnapshot {
  return {
    id: "as-1",
    status: "active",
    groupId: IDS.appAdminsGroup,
    roles: [ROLE.applicationAdministrator, ROLE.cloudApplicationAdministrator],
    ...over,
  };
}

export function relationship(
  over: Partial<Omit<GdapRelationshipSnapshot, "accessAssignments">> & {
    accessAssignments?: Readable<AccessAssignmentSnapshot[]> | AccessAssignmentSnapshot[];
  } = {},
): GdapRelationshipSnapshot {
  const { accessAssignments, ...rest } = over;
  return {
    id: "rel-1",
    displayName: "Contoso-Lifecycle",
    status: "active",
    roles: [ROLE.applicationAdministrator, ROLE.cloudApplicationAdministrator, GLOBAL_READER],
    autoExtendDuration: "P180D",
    createdDateTime: inDays(-200),
    activatedDateTime: inDays(-199),
    endDateTime: inDays(531),
    isReseller: false,
    ...rest,
    accessAssignments: Array.isArray(accessAssignments)
      ? ok(accessAssignments)
      : (accessAssignments ?? ok([assignment()])),
  };
}

export function customer(over: Partial<CustomerSnapshot> = {}): CustomerSnapshot {
  return {
    tenantId: "c-1",
    displayName: "Fabrikam",
    domain: "fabrikam.onmicrosoft.com",
    sources: ["gdap", "partnerCenter"],
    relationshipToPartner: "reseller",
    relationships: [relationship()],
    lifecycleApp: {
      token: ok({ roles: LIFECYCLE_PERMS.map((p) => p.name) }),
      intune: ok(true as const),
    },
    ...over,
  };
}

export function serviceAccount(over: Partial<ServiceAccountSnapshot> = {}): ServiceAccountSnapshot {
  return {
    source: "setup",
    user: {
      id: IDS.serviceAccount,
      userPrincipalName: "svc-lifecycle@contoso.com",
      displayName: "Lifecycle Service Account",
      accountEnabled: true,
    },
    directoryRoles: ok([ROLE.applicationAdministrator]),
    mfaMethods: ok(["microsoftAuthenticator"]),
    inAdminAgents: ok(true),
    ...over,
  };
}

export function lifecycleGroup(over: Partial<LifecycleGroupSnapshot> = {}): LifecycleGroupSnapshot {
  return {
    source: "setup",
    id: IDS.lifecycleGroup,
    displayName: "GDAP Lifecycle Manager",
    securityEnabled: true,
    mailEnabled: false,
    groupTypes: [],
    members: ok([{ id: IDS.serviceAccount, type: "user" }]),
    ...over,
  };
}

export function app(over: Partial<AppSnapshot> = {}): AppSnapshot {
  const base: AppSnapshot = {
    source: "setup",
    appId: IDS.lifecycleApp,
    objectId: "obj-lcm",
    displayName: "Asset Lifecycle Manager - Intune",
    signInAudience: "AzureADMultipleOrgs",
    passwordCredentials: [
      { keyId: "k-1", displayName: "lifecycle-2025", startDateTime: inDays(-30), endDateTime: inDays(150), hint: "abc" },
    ],
    required: LIFECYCLE_PERMS,
    granted: ok(LIFECYCLE_PERMS),
    servicePrincipalId: "sp-lcm",
    inAdminAgents: ok(true),
  };
  return { ...base, ...over };
}

export function partnerCenterApp(over: Partial<AppSnapshot> = {}): AppSnapshot {
  return app({
    appId: IDS.partnerCenterApp,
    objectId: "obj-pc",
    displayName: "Partner Center Web App",
    signInAudience: "AzureADMyOrg",
    required: PARTNER_CENTER_PERMS,
    granted: ok(PARTNER_CENTER_PERMS),
    servicePrincipalId: "sp-pc",
    passwordCredentials: [
      { keyId: "k-pc", displayName: "pc-key", startDateTime: inDays(-30), endDateTime: inDays(150), hint: "xyz" },
    ],
    ...over,
  });
}

export function partner(over: Partial<PartnerSnapshot> = {}): PartnerSnapshot {
  return {
    takenAt: NOW.toISOString(),
    partner: { tenantId: IDS.partner, displayName: "Contoso IT Partners", domain: "contoso.com" },
    serviceAccount: serviceAccount(),
    adminAgentsGroupId: IDS.adminAgents,
    lifecycleGroup: lifecycleGroup(),
    lifecycleGroupContainedIn: ok([IDS.appAdminsGroup]),
    groupNames: {
      [IDS.appAdminsGroup]: "GDAP Application Administrators",
      [IDS.helpdeskGroup]: "GDAP Helpdesk",
    },
    lifecycleApp: app(),
    partnerCenterApp: partnerCenterApp(),
    defenderTracking: false,
    lifecycleKeyKnown: true,
    m365Connected: true,
    gdapRead: ok(true as const),
    partnerCenterRead: ok(true as const),
    customers: [customer()],
    ...over,
  };
}

/** The codes of some findings, in order (what most table rows compare). */
export function codesOf(findings: readonly { code: string }[]): string[] {
  return findings.map((f) => f.code);
}
