/**
 * TEST-ONLY pieces of the sync's scenarios, without imports (the benchmark's worker bundles this file, not the
 * harness and its simulator): the partner, the lifecycle app's permissions, the partner with that app registered.
 */
export const PARTNER = "b0000000-0000-4000-8000-000000000000";

/** What the lifecycle app is granted and customers consented to in these scenarios. */
export const PERMS = { graph: ["Organization.Read.All", "DeviceManagementManagedDevices.Read.All"] };

/** The scenario's partner: PARTNER with the lifecycle app `app` registered, a valid secret and `PERMS` granted. */
export function partnerWithLifecycleApp(name: string, domain: string, app: { clientId: string; clientSecret: string }) {
  return {
    tenantId: PARTNER,
    displayName: name,
    domain,
    applications: [
      {
        id: "b3000000-0000-4000-8000-000000000001",
        appId: app.clientId,
        displayName: "Lifecycle",
        signInAudience: "AzureADMultipleOrgs" as const,
        servicePrincipalId: "b4000000-0000-4000-8000-000000000001",
        passwordCredentials: [{ keyId: "b5000000-0000-4000-8000-000000000001", secretText: app.clientSecret, startDateTime: "-1d", endDateTime: "+300d" }],
        grantedApplicationPermissions: PERMS,
      },
    ],
  };
}

