/** A small partner + customers scenario for the directory and GDAP handler tests. */
import type { ScenarioInput } from "../../scenario/schema";

export const PARTNER = "aaaaaaaa-0000-4000-8000-000000000001";
export const SERVICE_ACCOUNT = "aaaaaaaa-0000-4000-8000-0000000000a1";
export const OTHER_USER = "aaaaaaaa-0000-4000-8000-0000000000a2";
export const ADMIN_AGENTS = "aaaaaaaa-0000-4000-8000-0000000000b1";
export const LIFECYCLE_GROUP = "aaaaaaaa-0000-4000-8000-0000000000b2";
export const CUSTOMER_GDAP_GROUP = "aaaaaaaa-0000-4000-8000-0000000000b3";
export const OTHER_GDAP_GROUP = "aaaaaaaa-0000-4000-8000-0000000000b4";
export const APP_OBJECT = "aaaaaaaa-0000-4000-8000-0000000000c1";
export const APP_ID = "aaaaaaaa-0000-4000-8000-0000000000c2";
export const APP_SP = "aaaaaaaa-0000-4000-8000-0000000000c3";
export const OTHER_APP_OBJECT = "aaaaaaaa-0000-4000-8000-0000000000c4";
export const OTHER_APP_ID = "aaaaaaaa-0000-4000-8000-0000000000c5";
export const CUSTOMER_A = "cccccccc-0000-4000-8000-00000000000a";
export const CUSTOMER_B = "cccccccc-0000-4000-8000-00000000000b";
export const REL_A = "11111111-aaaa-4000-8000-000000000001-cccccccc-0000-4000-8000-00000000000a";
export const REL_B_GA = "11111111-bbbb-4000-8000-000000000002-cccccccc-0000-4000-8000-00000000000b";

export function fixture(extraCustomers = 0): ScenarioInput {
  return {
    name: "graph-handlers",
    partner: {
      tenantId: PARTNER,
      displayName: "Contoso IT Partners",
      domain: "contosoit.onmicrosoft.com",
      users: [
        { id: SERVICE_ACCOUNT, userPrincipalName: "svc@contosoit.onmicrosoft.com", displayName: "Lifecycle Service", directoryRoles: ["Global Administrator"] },
        { id: OTHER_USER, userPrincipalName: "ann@contosoit.onmicrosoft.com", displayName: "Ann Other", mfaRegistered: false },
      ],
      groups: [
        { id: ADMIN_AGENTS, displayName: "AdminAgents", members: [{ type: "user", id: SERVICE_ACCOUNT }, { type: "servicePrincipal", id: APP_SP }] },
        { id: LIFECYCLE_GROUP, displayName: "GDAP Lifecycle Manager", members: [{ type: "user", id: SERVICE_ACCOUNT }] },
        { id: CUSTOMER_GDAP_GROUP, displayName: "Fabrikam App Admins", members: [{ type: "group", id: LIFECYCLE_GROUP }] },
        { id: OTHER_GDAP_GROUP, displayName: "Northwind App Admins", members: [] },
      ],
      applications: [
        {
          id: APP_OBJECT,
          appId: APP_ID,
          displayName: "Lifecycle Manager Sync",
          signInAudience: "AzureADMultipleOrgs",
          servicePrincipalId: APP_SP,
          passwordCredentials: [{ keyId: "aaaaaaaa-0000-4000-8000-0000000000d1", displayName: "main", secretText: "abcSecretValue123", startDateTime: "-353d", endDateTime: "+12d" }],
          requiredApplicationPermissions: { graph: ["DeviceManagementManagedDevices.Read.All"] },
          grantedApplicationPermissions: { graph: ["Application.ReadWrite.OwnedBy"] },
        },
        { id: OTHER_APP_OBJECT, appId: OTHER_APP_ID, displayName: "Other app", signInAudience: "AzureADMyOrg" },
      ],
    },
    customers: [
      {
        tenantId: CUSTOMER_A,
        displayName: "Fabrikam",
        domain: "fabrikam.onmicrosoft.com",
        gdapRelationships: [
          {
            id: REL_A,
            displayName: "Fabrikam GDAP",
            status: "active",
            roles: ["Application Administrator", "Global Reader"],
            activatedDateTime: "-100d",
            accessAssignments: [{ groupId: CUSTOMER_GDAP_GROUP, roles: ["Application Administrator"] }],
          },
        ],
        consentedApps: [{ appId: APP_ID, applicationPermissions: { graph: ["DeviceManagementManagedDevices.Read.All"] } }],
      },
      {
        tenantId: CUSTOMER_B,
        displayName: "Northwind",
        domain: "northwind.onmicrosoft.com",
        gdapRelationships: [
          {
            id: REL_B_GA,
            displayName: "Northwind GDAP",
            status: "active",
            roles: ["Global Administrator", "Cloud Application Administrator"],
            activatedDateTime: "-10d",
            accessAssignments: [{ groupId: OTHER_GDAP_GROUP, roles: ["Cloud Application Administrator"], status: "pending" }],
          },
          { displayName: "MLT_Northwind", status: "expired", roles: ["Global Reader"], activatedDateTime: "-800d" },
        ],
      },
      ...Array.from({ length: extraCustomers }, (_, i) => ({
        tenantId: `dddddddd-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
        displayName: `Extra ${i + 1}`,
        domain: `extra${i + 1}.onmicrosoft.com`,
        gdapRelationships: [{ displayName: `Extra ${i + 1} GDAP`, status: "active" as const, roles: ["Global Reader"], activatedDateTime: "-30d" }],
      })),
    ],
  };
}
