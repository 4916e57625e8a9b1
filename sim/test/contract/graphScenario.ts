/** The scenario of the directory and GDAP contract tests: the handler fixture plus apps with secrets and the remaining misconfigurations. */
import type { ScenarioInput } from "../../scenario/schema";
import { fixture } from "../../graph/testing/fixture";

export const READER_APP_ID = "eeeeeeee-0000-4000-8000-000000000001";
export const LIMITED_APP_ID = "eeeeeeee-0000-4000-8000-000000000002";
export const SECRET = "reader-app-secret-value";
export const CUSTOMER_NO_GDAP = "cccccccc-0000-4000-8000-0000000000c0";
export const CUSTOMER_EXPIRED = "cccccccc-0000-4000-8000-0000000000c1";
export const CUSTOMER_ONLY_MLT = "cccccccc-0000-4000-8000-0000000000c2";

export function contractScenario(extraCustomers = 0): ScenarioInput {
  const base = fixture(extraCustomers);
  const partner = base.partner;
  return {
    ...base,
    throttling: { profile: "off" },
    partner: {
      ...partner,
      applications: [
        ...(partner.applications ?? []),
        {
          id: "eeeeeeee-0000-4000-8000-0000000000a1",
          appId: READER_APP_ID,
          displayName: "Tenant Pilot reader",
          signInAudience: "AzureADMultipleOrgs",
          servicePrincipalId: "eeeeeeee-0000-4000-8000-0000000000b1",
          passwordCredentials: [{ keyId: "eeeeeeee-0000-4000-8000-0000000000d1", secretText: SECRET, startDateTime: "-30d", endDateTime: "+300d" }],
          grantedApplicationPermissions: {
            graph: ["Directory.Read.All", "DelegatedAdminRelationship.ReadWrite.All", "RoleManagement.Read.Directory", "Application.ReadWrite.All"],
          },
        },
        {
          id: "eeeeeeee-0000-4000-8000-0000000000a2",
          appId: LIMITED_APP_ID,
          displayName: "Limited",
          signInAudience: "AzureADMyOrg",
          servicePrincipalId: "eeeeeeee-0000-4000-8000-0000000000b2",
          passwordCredentials: [{ keyId: "eeeeeeee-0000-4000-8000-0000000000d2", secretText: SECRET, startDateTime: "-30d", endDateTime: "+300d" }],
          grantedApplicationPermissions: { graph: ["Organization.Read.All"] },
        },
      ],
    },
    customers: [
      ...(base.customers ?? []).map((c, i) =>
        i === 0 ? { ...c, consentedApps: [...(c.consentedApps ?? []), { appId: READER_APP_ID, applicationPermissions: { graph: ["RoleManagement.Read.Directory"] } }] } : c,
      ),
      { tenantId: CUSTOMER_NO_GDAP, displayName: "No GDAP Ltd", domain: "nogdap.onmicrosoft.com" },
      {
        tenantId: CUSTOMER_EXPIRED,
        displayName: "Expired Ltd",
        domain: "expired.onmicrosoft.com",
        gdapRelationships: [{ displayName: "Expired GDAP", status: "active", roles: ["Application Administrator"], activatedDateTime: "-740d" }],
      },
      {
        tenantId: CUSTOMER_ONLY_MLT,
        displayName: "Only MLT Ltd",
        domain: "onlymlt.onmicrosoft.com",
        gdapRelationships: [{ displayName: "MLT_OnlyMlt", status: "active", roles: ["Global Reader"], activatedDateTime: "-30d" }],
      },
    ],
  };
}
