import { listCustomers } from "./customers";
import { PARTNER_TENANT, appPrincipal, delegatedPrincipal, stubContext, stubRequest, stubWorld } from "../graph/intune/stubWorld";
import type { Principal } from "../core/types";

const ADMIN = "44444444-0000-4000-8000-000000000001";
const NO_MFA = "44444444-0000-4000-8000-000000000002";
const OUTSIDER = "44444444-0000-4000-8000-000000000003";
const NESTED = "44444444-0000-4000-8000-000000000004";
const AA = "55555555-0000-4000-8000-000000000001";
const HELPDESK = "55555555-0000-4000-8000-000000000002";
const WEBAPP = "22222222-2222-4222-8222-222222222222";

const tid = (i: number) => `cccccccc-0000-4000-8000-${String(i).padStart(12, "0")}`;
const world = stubWorld({
  partner: {
    tenantId: PARTNER_TENANT,
    displayName: "Contoso IT Partners",
    domain: "contosoit.onmicrosoft.com",
    users: [
      { id: ADMIN, userPrincipalName: "admin@contosoit.onmicrosoft.com", displayName: "Admin" },
      { id: NO_MFA, userPrincipalName: "svc@contosoit.onmicrosoft.com", displayName: "Svc", mfaRegistered: false },
      { id: OUTSIDER, userPrincipalName: "o@contosoit.onmicrosoft.com", displayName: "O" },
      { id: NESTED, userPrincipalName: "n@contosoit.onmicrosoft.com", displayName: "N" },
    ],
    groups: [
      { id: AA, displayName: "AdminAgents", members: [{ type: "user", id: ADMIN }, { type: "user", id: NO_MFA }, { type: "group", id: HELPDESK }] },
      { id: HELPDESK, displayName: "Helpdesk", members: [{ type: "user", id: NESTED }] },
    ],
    applications: [
      { id: "66666666-0000-4000-8000-000000000001", appId: WEBAPP, displayName: "Partner Center Web App", signInAudience: "AzureADMyOrg", partnerCenterWebApp: true },
    ],
  },
  customers: Array.from({ length: 12 }, (_, i) => ({
    tenantId: tid(i),
    displayName: `Customer ${i}`,
    domain: `c${i}.onmicrosoft.com`,
    relationshipToPartner: i === 3 || i === 11 ? ("none" as const) : i === 5 ? ("indirectReseller" as const) : ("reseller" as const),
  })),
});
const ctx = stubContext(world);
const PC = "https://api.partnercenter.microsoft.com";

function call(url: string, principal: Principal | undefined, headers: Record<string, string> = {}) {
  return listCustomers(stubRequest({ url, principal, headers }, "partnerCenter"), ctx);
}

interface Coll {
  totalCount: number;
  items: { id: string; relationshipToPartner: string; companyProfile: { companyName: string } }[];
  links: { next?: { uri: string; headers: { key: string; value: string }[] } };
}

describe("GET /v1/customers", () => {
  const user = delegatedPrincipal(PARTNER_TENANT, ADMIN, ["user_impersonation"], PC);

  it("pages with links.next + MS-ContinuationToken and leaves out 'none' customers", () => {
    const names: string[] = [];
    let res = call("/v1/customers?size=4", user);
    let pages = 0;
    for (;;) {
      expect(res.status).toBe(200);
      const body = res.body as Coll;
      pages++;
      expect(body.totalCount).toBe(body.items.length);
      names.push(...body.items.map((c) => c.companyProfile.companyName));
      const next = body.links.next;
      if (!next) break;
      const token = next.headers.find((h) => h.key === "MS-ContinuationToken")?.value ?? "";
      res = call(next.uri, user, { "ms-continuationtoken": token });
    }
    expect(pages).toBe(3);
    expect(names).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9, 10].map((i) => `Customer ${i}`));
  });

  it("shows an indirect reseller's customer as reseller with its associated partner", () => {
    const body = call("/v1/customers", user).body as Coll;
    expect(body.items).toHaveLength(10);
    expect(body.links.next).toBeUndefined();
    expect(body.items.find((c) => c.id === tid(5))).toMatchObject({ relationshipToPartner: "reseller", associatedPartnerId: PARTNER_TENANT });
  });

  it.each([
    ["app-only, registered web app", appPrincipal(PARTNER_TENANT, [], PC), 200, undefined],
    ["app-only, other app", { ...appPrincipal(PARTNER_TENANT, [], PC), appId: "99999999-0000-4000-8000-000000000000" }, 401, 400],
    ["app-only from a customer tenant", appPrincipal(tid(0), [], PC), 403, 2032],
    ["user without MFA", delegatedPrincipal(PARTNER_TENANT, NO_MFA, ["user_impersonation"], PC), 401, 900421],
    ["user outside AdminAgents", delegatedPrincipal(PARTNER_TENANT, OUTSIDER, ["user_impersonation"], PC), 403, 2032],
    ["user in AdminAgents through a nested group", delegatedPrincipal(PARTNER_TENANT, NESTED, ["user_impersonation"], PC), 200, undefined],
    ["unknown user", delegatedPrincipal(PARTNER_TENANT, "77777777-0000-4000-8000-000000000000", ["user_impersonation"], PC), 401, 400],
  ])("%s → %i", (_name, principal, status, code) => {
    const res = call("/v1/customers?size=2", principal);
    expect(res.status).toBe(status);
    if (code !== undefined) expect(res.body).toMatchObject({ code, description: expect.any(String) as string, source: "PartnerFD" });
    expect(res.headers?.["MS-RequestId"]).toBeDefined();
  });

  it.each([
    ["/v1/customers?size=0", {}],
    ["/v1/customers?size=abc", {}],
    ["/v1/customers?size=2&seekOperation=Next", {}],
    ["/v1/customers?size=2&seekOperation=Next", { "ms-continuationtoken": "bogus" }],
    ["/v1/customers?size=2&seekOperation=Previous", {}],
  ])("400s %s", (url, headers) => {
    const res = call(url, user, headers);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 800002 });
  });
});
