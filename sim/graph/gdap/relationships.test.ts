/** Handler-level tests of the GDAP routes. */
import { routes } from "./index";
import { appPrincipal, errorCode, errorMessage, harness, json, values } from "../testing/handlerHarness";
import { CUSTOMER_A, CUSTOMER_B, CUSTOMER_GDAP_GROUP, PARTNER, REL_A, REL_B_GA, fixture } from "../testing/fixture";

const reader = appPrincipal(PARTNER, ["DelegatedAdminRelationship.Read.All"]);
const writer = appPrincipal(PARTNER, ["DelegatedAdminRelationship.ReadWrite.All"]);
const BASE = "/v1.0/tenantRelationships/delegatedAdminRelationships";

describe("delegatedAdminRelationships", () => {
  test("list, $filter forms used in practice, @odata.etag and @odata.type", () => {
    const h = harness(fixture(), routes);
    const all = json(h.call({ url: BASE, principal: reader }));
    expect(all["@odata.context"]).toBe("https://127.0.0.1:4431/v1.0/tenantRelationships/$metadata#delegatedAdminRelationships");
    const list = all.value as Record<string, unknown>[];
    expect(list).toHaveLength(3);
    expect(list[0]).toMatchObject({ "@odata.type": "#microsoft.graph.delegatedAdminRelationship", id: REL_A, status: "active", customer: { tenantId: CUSTOMER_A, displayName: "Fabrikam" } });
    expect(String(list[0]["@odata.etag"])).toMatch(/^W\/"/);
    const active = values(h.call({ url: `${BASE}?$filter=status eq 'active'`, principal: reader }));
    expect(active.map((r) => r.id)).toEqual([REL_A, REL_B_GA]);
    const b = values(h.call({ url: `${BASE}?$filter=customer/tenantId eq '${CUSTOMER_B}'`, principal: reader }));
    expect(b.map((r) => r.displayName)).toEqual(["Northwind GDAP", "MLT_Northwind"]);
    const ga = values(h.call({ url: `${BASE}?$filter=accessDetails/unifiedRoles/any(r:r/roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10')`, principal: reader }));
    expect(ga.map((r) => r.id)).toEqual([REL_B_GA]);
  });

  test("$top above 300 and unsupported filters are refused", () => {
    const h = harness(fixture(), routes);
    const top = h.call({ url: `${BASE}?$top=301`, principal: reader });
    expect([top.status, errorMessage(top)]).toEqual([400, "The limit of '300' for Top query has been exceeded. The value from the incoming request is '301'."]);
    expect(h.call({ url: `${BASE}?$filter=customer/domain eq 'x'`, principal: reader }).status).toBe(400);
  });

  test("paging with $top and $skipToken nextLinks", () => {
    const h = harness(fixture(5), routes);
    const ids: string[] = [];
    let url: string | undefined = `${BASE}?$top=2`;
    let pages = 0;
    while (url) {
      const body = json(h.call({ url, principal: reader }));
      ids.push(...(body.value as { id: string }[]).map((r) => r.id));
      url = body["@odata.nextLink"] as string | undefined;
      if (url) expect(url).toContain("$skipToken=");
      pages++;
    }
    expect(pages).toBe(4);
    expect(new Set(ids).size).toBe(8);
  });

  test("an active relationship past its end is expired; with auto-extend it moves on by 180 days", () => {
    const h = harness(fixture(), routes);
    const before = json(h.call({ url: `${BASE}/${REL_A}`, principal: reader }));
    h.ctx.clock.advance(800 * 86_400_000);
    expect(json(h.call({ url: `${BASE}/${REL_A}`, principal: reader })).status).toBe("expired");
    const h2 = harness(fixture(), routes);
    const patched = h2.call({ method: "PATCH", url: `${BASE}/${REL_A}`, principal: writer, body: { autoExtendDuration: "P180D" }, headers: { "If-Match": String(before["@odata.etag"]) } });
    expect(patched.status).toBe(200);
    h2.ctx.clock.advance(700 * 86_400_000);
    const extended = json(h2.call({ url: `${BASE}/${REL_A}`, principal: reader }));
    expect(extended.status).toBe("active");
    expect(Date.parse(String(extended.endDateTime))).toBeGreaterThan(h2.ctx.clock.now().getTime());
  });

  test("404 for an unknown id", () => {
    const h = harness(fixture(), routes);
    const res = h.call({ url: `${BASE}/nope`, principal: reader });
    expect([res.status, errorCode(res)]).toEqual([404, "NotFound"]);
  });
});

describe("PATCH autoExtendDuration", () => {
  test("needs If-Match; stale etag → 412; current etag → 200 with a new etag", () => {
    const h = harness(fixture(), routes);
    const etag = String(json(h.call({ url: `${BASE}/${REL_A}`, principal: reader }))["@odata.etag"]);
    const body = { autoExtendDuration: "P180D" };
    const missing = h.call({ method: "PATCH", url: `${BASE}/${REL_A}`, principal: writer, body });
    expect(missing.status).toBe(400);
    const ok = h.call({ method: "PATCH", url: `${BASE}/${REL_A}`, principal: writer, body, headers: { "If-Match": etag } });
    expect(ok.status).toBe(200);
    const updated = json(ok);
    expect(updated.autoExtendDuration).toBe("P180D");
    expect(updated["@odata.etag"]).not.toBe(etag);
    expect(updated["@odata.context"]).toBe("https://127.0.0.1:4431/v1.0/tenantRelationships/$metadata#delegatedAdminRelationships/$entity");
    const stale = h.call({ method: "PATCH", url: `${BASE}/${REL_A}`, principal: writer, body: { autoExtendDuration: "PT0S" }, headers: { "If-Match": etag } });
    expect(stale.status).toBe(412);
    expect(json(h.call({ url: `${BASE}/${REL_A}`, principal: reader })).autoExtendDuration).toBe("P180D");
  });

  test("refused when the relationship holds Global Administrator", () => {
    const h = harness(fixture(), routes);
    const etag = String(json(h.call({ url: `${BASE}/${REL_B_GA}`, principal: reader }))["@odata.etag"]);
    const res = h.call({ method: "PATCH", url: `${BASE}/${REL_B_GA}`, principal: writer, body: { autoExtendDuration: "P180D" }, headers: { "If-Match": etag } });
    expect(res.status).toBe(400);
    expect(errorMessage(res)).toMatch(/Global Administrator/);
  });

  test("invalid value, other fields on an active relationship, expired relationship", () => {
    const h = harness(fixture(), routes);
    const etag = String(json(h.call({ url: `${BASE}/${REL_A}`, principal: reader }))["@odata.etag"]);
    const headers = { "If-Match": etag };
    expect(h.call({ method: "PATCH", url: `${BASE}/${REL_A}`, principal: writer, body: { autoExtendDuration: "P90D" }, headers }).status).toBe(400);
    expect(h.call({ method: "PATCH", url: `${BASE}/${REL_A}`, principal: writer, body: { displayName: "x" }, headers }).status).toBe(400);
    expect(h.call({ method: "PATCH", url: `${BASE}/${REL_A}`, principal: writer, body: { bogus: 1 }, headers }).status).toBe(400);
  });
});

describe("access assignments and customers", () => {
  test("access assignments with their status and container", () => {
    const h = harness(fixture(), routes);
    const a = values(h.call({ url: `${BASE}/${REL_A}/accessAssignments`, principal: reader }));
    expect(a).toEqual([expect.objectContaining({ status: "active", accessContainer: { accessContainerId: CUSTOMER_GDAP_GROUP, accessContainerType: "securityGroup" } })]);
    const pending = values(h.call({ url: `${BASE}/${REL_B_GA}/accessAssignments?$filter=status eq 'pending'`, principal: reader }));
    expect(pending).toHaveLength(1);
    const one = json(h.call({ url: `${BASE}/${REL_A}/accessAssignments/${String(a[0].id)}`, principal: reader }));
    expect(one.id).toBe(a[0].id);
  });

  test("delegatedAdminCustomers", () => {
    const h = harness(fixture(), routes);
    const c = values(h.call({ url: "/v1.0/tenantRelationships/delegatedAdminCustomers", principal: reader }));
    expect(c.map((x) => x.tenantId)).toEqual([CUSTOMER_A, CUSTOMER_B]);
  });
});
