/**
 * Partner Center GET /v1/customers with real MSAL tokens: app-only (client credentials for
 * https://api.partnercenter.microsoft.com/.default) and app+user (on-behalf-of from a Teams SSO token), continuation
 * paging through links.next and the MS-ContinuationToken header.
 */
import { startHarness, type Harness } from "../../testing/harness";
import { ADMIN, BOT_APP, OUTSIDER, PC_APP, SERVICES_SCENARIO } from "./fixtures";

interface Coll {
  totalCount: number;
  items: { id: string; companyProfile: { companyName: string }; relationshipToPartner: string }[];
  links: { next?: { uri: string; method: string; headers: { key: string; value: string }[] } };
}

describe("Partner Center customers", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ scenario: SERVICES_SCENARIO, port: 0 });
  });
  afterAll(async () => {
    await h.stop();
  });

  async function allCustomers(token: string, size: number): Promise<{ names: string[]; pages: number }> {
    const names: string[] = [];
    let res = await h.fetch<Coll>("partnerCenter", `/v1/customers?size=${size}`, { token });
    let pages = 0;
    for (;;) {
      expect(res.status).toBe(200);
      expect(res.headers["ms-requestid"]).toBeDefined();
      pages++;
      names.push(...res.body.items.map((c) => c.companyProfile.companyName));
      const next = res.body.links.next;
      if (!next) break;
      const headers = Object.fromEntries(next.headers.map((x) => [x.key, x.value]));
      res = await h.fetch<Coll>("partnerCenter", next.uri, { token, headers });
    }
    return { names, pages };
  }

  const userToken = async (user: string) => {
    const assertion = h.sim.control.mintUserToken({ user, appId: BOT_APP.clientId, mfa: true });
    const r = await h.msal(BOT_APP).acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: ["https://api.partnercenter.microsoft.com/user_impersonation"] });
    if (!r) throw new Error("no token");
    return r.accessToken;
  };

  test("app+user (admin agent): pages of 2 via MS-ContinuationToken; 'none' customers left out", async () => {
    const { names, pages } = await allCustomers(await userToken(ADMIN), 2);
    expect(names).toEqual(["Big Intune Customer", "Unlicensed Customer", "Customer Four", "Customer Five", "Customer Six"]);
    expect(pages).toBe(3);
  });

  test("app-only with the partner's Partner Center web app", async () => {
    const token = await h.appToken({ ...PC_APP, scope: "https://api.partnercenter.microsoft.com/.default" });
    const { names } = await allCustomers(token, 3);
    expect(names).toHaveLength(5);
  });

  test("a user outside AdminAgents gets 403 / 2032", async () => {
    const res = await h.fetch<{ code: number; description: string }>("partnerCenter", "/v1/customers?size=2", { token: await userToken(OUTSIDER) });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 2032, description: "Access denied" });
  });

  test("a Graph token is refused (wrong audience)", async () => {
    const token = await h.appToken({ ...PC_APP });
    const res = await h.fetch("partnerCenter", "/v1/customers?size=2", { token });
    expect(res.status).toBe(401);
  });

  test("seekOperation=Next without its continuation token is a 400", async () => {
    const res = await h.fetch<{ code: number }>("partnerCenter", "/v1/customers?size=2&seekOperation=Next", { token: await userToken(ADMIN) });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(800002);
  });
});
