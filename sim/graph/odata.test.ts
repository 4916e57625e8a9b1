import { evaluate, filterUses, listResponse, parseFilter, type CollectionSpec } from "./odata";
import { GraphHttpError } from "./errors";
import type { SimRequest } from "../core/types";

const rel = {
  id: "r1",
  displayName: "Contoso GDAP",
  status: "active",
  customer: { tenantId: "52eaad04-13a2-4a2f-9ce8-93a294fadf36", displayName: "Contoso" },
  accessDetails: { unifiedRoles: [{ roleDefinitionId: "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3" }] },
  endDateTime: "2025-02-01T00:00:00Z",
  groupTypes: ["Unified"],
  enabled: true,
};

describe("$filter parser and evaluator", () => {
  test.each([
    ["status eq 'active'", true],
    ["status eq 'ACTIVE'", true],
    ["status ne 'active'", false],
    ["customer/tenantId eq '52eaad04-13a2-4a2f-9ce8-93a294fadf36'", true],
    ["customer/tenantId eq 52eaad04-13a2-4a2f-9ce8-93a294fadf36", true],
    ["status eq 'active' and customer/displayName eq 'Contoso'", true],
    ["status eq 'expired' or startswith(displayName,'Con')", true],
    ["not (status eq 'active')", false],
    ["status in ('expired','active')", true],
    ["endswith(displayName, 'GDAP')", true],
    ["accessDetails/unifiedRoles/any(r:r/roleDefinitionId eq '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3')", true],
    ["accessDetails/unifiedRoles/any(r:r/roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10')", false],
    ["groupTypes/any(c:c eq 'Unified')", true],
    ["endDateTime lt 2025-03-01T00:00:00Z", true],
    ["endDateTime gt 2025-03-01T00:00:00Z", false],
    ["enabled eq true", true],
    ["displayName eq 'It''s'", false],
    ["(status eq 'active')", true],
  ])("%s → %s", (filter, expected) => {
    expect(evaluate(parseFilter(filter), rel)).toBe(expected);
  });

  test.each(["status eq", "status eq 'a", "eq 'a'", "status eq 'a' and", "startswith(displayName)", "status eq 'a')", ""])("syntax error: %s", (f) => {
    expect(() => parseFilter(f)).toThrow(/Syntax error at position \d+/);
  });

  test("uses expand lambda bodies to full paths", () => {
    const uses = filterUses(parseFilter("accessDetails/unifiedRoles/any(r:r/roleDefinitionId eq 'x') and status eq 'active'"));
    expect(uses).toEqual([
      { path: "accessDetails/unifiedRoles", op: "any" },
      { path: "accessDetails/unifiedRoles/roleDefinitionId", op: "eq" },
      { path: "status", op: "eq" },
    ]);
  });
});

function req(url: string, headers: Record<string, string> = {}): SimRequest {
  const u = new URL(url, "https://127.0.0.1:1");
  return {
    service: "graph", method: "GET", path: u.pathname, query: u.searchParams, headers, rawBody: "", body: undefined,
    params: {}, requestId: "r", origin: "https://127.0.0.1:1",
  };
}

const items = Array.from({ length: 7 }, (_, i) => ({ id: `id${i}`, displayName: `Item ${i}`, kind: i % 2 === 0 ? "even" : "odd" }));
const dir: CollectionSpec = {
  context: "things", resource: "Thing", entityType: "microsoft.graph.thing", style: "directory", maxTop: 5, defaultTop: 3, count: true,
  filter: { kind: ["eq", "ne"], displayName: ["eq", "startswith"] }, orderby: ["displayName"],
};
const odata: CollectionSpec = { ...dir, style: "odata", skipTokenName: "$skipToken" };

function caught(fn: () => unknown): GraphHttpError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GraphHttpError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("listResponse", () => {
  test("pages with an opaque skip token built from the origin until the end", () => {
    const seen: string[] = [];
    let url: string | undefined = "/v1.0/things?$filter=kind eq 'even'&$top=2";
    let pages = 0;
    while (url) {
      const res = listResponse(req(url), items, dir);
      pages++;
      seen.push(...res.body.value.map((v) => String(v.id)));
      url = res.body["@odata.nextLink"];
      if (url) expect(url.startsWith("https://127.0.0.1:1/v1.0/things?$filter=")).toBe(true);
      expect(res.body["@odata.context"]).toBe("https://127.0.0.1:1/v1.0/$metadata#things");
    }
    expect(seen).toEqual(["id0", "id2", "id4", "id6"]);
    expect(pages).toBe(2);
  });

  test("a skip token for another query is refused", () => {
    const first = listResponse(req("/v1.0/things?$top=2"), items, dir);
    const token = new URL(first.body["@odata.nextLink"] ?? "").searchParams.get("$skiptoken") ?? "";
    const e = caught(() => listResponse(req(`/v1.0/things?$filter=kind eq 'odd'&$skiptoken=${token}`), items, dir));
    expect(e.status).toBe(400);
  });

  test.each([
    ["/v1.0/things?$top=6", 400, "Request_BadRequest", "Invalid page size specified: '6'. Must be between 1 and 5 inclusive."],
    ["/v1.0/things?$top=0", 400, "Request_BadRequest", "Invalid page size specified: '0'. Must be between 1 and 5 inclusive."],
    ["/v1.0/things?$filter=id eq 'x'", 400, "Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified for property 'id' of resource 'Thing'."],
    ["/v1.0/things?$filter=kind ne 'odd'", 400, "Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified for property 'kind' of resource 'Thing'."],
    ["/v1.0/things?$filter=kind eq", 400, "BadRequest", "Invalid filter clause: Syntax error at position 7 in 'kind eq'."],
    ["/v1.0/things?$skip=2", 400, "Request_BadRequest", "'$skip' is not supported by the service."],
    ["/v1.0/things?$count=true", 400, "Request_BadRequest", "$count is not currently supported."],
    ["/v1.0/things?$select=nope", 400, "BadRequest", "Could not find a property named 'nope' on type 'microsoft.graph.thing'."],
    ["/v1.0/things?$orderby=kind", 400, "Request_UnsupportedQuery", "Sorting not supported for current query."],
  ])("%s → %d %s", (url, status, code, message) => {
    const e = caught(() => listResponse(req(url), items, dir));
    expect([e.status, e.code, e.message]).toEqual([status, code, message]);
  });

  test("advanced queries work with ConsistencyLevel: eventual and $count=true", () => {
    const res = listResponse(req("/v1.0/things?$filter=kind ne 'odd'&$count=true&$top=5", { consistencylevel: "eventual" }), items, dir);
    expect(res.body["@odata.count"]).toBe(4);
    expect(res.body.value).toHaveLength(4);
  });

  test("$top above the maximum in the OData (GDAP) style", () => {
    const e = caught(() => listResponse(req("/v1.0/things?$top=6"), items, odata));
    expect(e.message).toBe("The limit of '5' for Top query has been exceeded. The value from the incoming request is '6'.");
  });

  test("$select, $orderby desc and $count without ConsistencyLevel in the OData style", () => {
    const res = listResponse(req("/v1.0/things?$select=id&$orderby=displayName desc&$count=true&$top=2"), items, odata);
    expect(res.body.value).toEqual([{ id: "id6" }, { id: "id5" }]);
    expect(res.body["@odata.count"]).toBe(7);
    expect(res.body["@odata.nextLink"]).toContain("$skipToken=");
    expect(res.body["@odata.context"]).toBe("https://127.0.0.1:1/v1.0/$metadata#things(id)");
  });
});
