/**
 * Test / benchmark helper: a partner with `count` generated customers (the simulator's `generatedCustomers`), each
 * healthy — an active GDAP relationship with Application Administrator assigned to one access group that contains the
 * lifecycle group, the lifecycle app consented. Plain JSON (src/ never imports sim/): the simulator validates it.
 */
export const GEN = {
  partner: "b0000000-0000-4000-8000-000000000000",
  serviceAccountUpn: "svc@genpartner.onmicrosoft.com",
  serviceAccountId: "b0a00000-0000-4000-8000-000000000001",
  adminAgents: "b0600000-0000-4000-8000-000000000001",
  lifecycleGroup: "b0600000-0000-4000-8000-000000000002",
  accessGroup: "b0600000-0000-4000-8000-000000000003",
  lifecycleApp: { clientId: "b0b00000-0000-4000-8000-000000000001", clientSecret: "gen-lifecycle-secret-0001" },
  readerApp: { clientId: "b0b00000-0000-4000-8000-000000000002", clientSecret: "gen-reader-secret-0001" },
} as const;

export interface GeneratedPartnerOptions {
  latencyMs?: number;
  throttling?: "microsoft" | "off";
}

export function generatedPartnerScenario(count: number, o: GeneratedPartnerOptions = {}): Record<string, unknown> {
  const lifecyclePermissions = ["DeviceManagementManagedDevices.Read.All", "Organization.Read.All"];
  return {
    name: `generated partner with ${count} customers`,
    seed: 17,
    partner: {
      tenantId: GEN.partner,
      displayName: "Generated Partner",
      domain: "genpartner.onmicrosoft.com",
      users: [{ id: GEN.serviceAccountId, userPrincipalName: GEN.serviceAccountUpn, displayName: "Service account", mfaRegistered: true, directoryRoles: ["Application Administrator"] }],
      groups: [
        { id: GEN.adminAgents, displayName: "AdminAgents", members: [{ type: "user", id: GEN.serviceAccountId }, { type: "servicePrincipal", id: "b0500000-0000-4000-8000-000000000001" }] },
        { id: GEN.lifecycleGroup, displayName: "GDAP Lifecycle Manager", members: [{ type: "user", id: GEN.serviceAccountId }] },
        { id: GEN.accessGroup, displayName: "GDAP Application Administrators", members: [{ type: "group", id: GEN.lifecycleGroup }] },
      ],
      applications: [
        {
          id: "b0c00000-0000-4000-8000-000000000001",
          appId: GEN.lifecycleApp.clientId,
          displayName: "Lifecycle app",
          signInAudience: "AzureADMultipleOrgs",
          servicePrincipalId: "b0500000-0000-4000-8000-000000000001",
          passwordCredentials: [{ keyId: "b0e00000-0000-4000-8000-000000000001", secretText: GEN.lifecycleApp.clientSecret, startDateTime: "-30d", endDateTime: "+150d" }],
          requiredApplicationPermissions: { graph: lifecyclePermissions },
          grantedApplicationPermissions: { graph: lifecyclePermissions },
        },
        {
          id: "b0c00000-0000-4000-8000-000000000002",
          appId: GEN.readerApp.clientId,
          displayName: "Tenant Pilot",
          signInAudience: "AzureADMultipleOrgs",
          servicePrincipalId: "b0500000-0000-4000-8000-000000000002",
          passwordCredentials: [{ keyId: "b0e00000-0000-4000-8000-000000000002", secretText: GEN.readerApp.clientSecret, startDateTime: "-30d", endDateTime: "+300d" }],
          grantedApplicationPermissions: {
            graph: ["DelegatedAdminRelationship.Read.All", "Application.Read.All", "Directory.Read.All", "GroupMember.Read.All", "RoleManagement.Read.Directory", "UserAuthenticationMethod.Read.All", "Organization.Read.All"],
          },
        },
      ],
    },
    customers: [],
    generatedCustomers: {
      count,
      gdapRoles: ["Application Administrator", "Global Reader"],
      accessGroupIds: [GEN.accessGroup],
      consentedApps: [{ appId: GEN.lifecycleApp.clientId, applicationPermissions: { graph: lifecyclePermissions } }],
    },
    throttling: { profile: o.throttling ?? "microsoft" },
    latency: { fixedMs: o.latencyMs ?? 0, jitterMs: 0 },
  };
}

/** The rehearsal-style choices for that partner. */
export const GEN_CHOICES = {
  source: "rehearsal" as const,
  serviceAccountUpn: GEN.serviceAccountUpn,
  lifecycleGroupName: "GDAP Lifecycle Manager",
  lifecycleApp: { appId: GEN.lifecycleApp.clientId, secret: GEN.lifecycleApp.clientSecret },
};
