/**
 * Contract tests of the GDAP endpoints with the REAL @azure/msal-node and @microsoft/microsoft-graph-client:
 * PageIterator across nextLinks, the misconfigurations visible through GDAP, PATCH with If-Match.
 */
import { PageIterator, type Client, type PageCollection } from "@microsoft/microsoft-graph-client";
import { startHarness, type Harness } from "../../testing/harness";
import { graphError } from "../../testing/sdk";
import { CUSTOMER_B, LIFECYCLE_GROUP, REL_A, REL_B_GA } from "../../graph/testing/fixture";
import { CUSTOMER_EXPIRED, CUSTOMER_NO_GDAP, CUSTOMER_ONLY_MLT, READER_APP_ID, SECRET, contractScenario } from "./graphScenario";

interface Relationship {
  id: string;
  displayName: string;
  status: string;
  "@odata.etag": string;
  accessDetails: { unifiedRoles: { roleDefinitionId: string }[] };
}
const APP_ADMIN = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3";
const CLOUD_APP_ADMIN = "158c047a-c907-4556-b7ef-446551a6b5f7";
const REL = "/tenantRelationships/delegatedAdminRelationships";

let h: Harness;
let graph: Client;

beforeAll(async () => {
  h = await startHarness({ scenario: contractScenario(5), port: 0 });
  graph = h.graph({ getToken: () => h.appToken({ clientId: READER_APP_ID, clientSecret: SECRET }) });
});

afterAll(async () => {
  await h.stop();
});

async function relationshipsOf(tenantId: string): Promise<Relationship[]> {
  const res = (await graph.api(REL).filter(`customer/tenantId eq '${tenantId}'`).get()) as { value: Relationship[] };
  return res.value;
}

test("PageIterator follows $skipToken nextLinks with $top=2", async () => {
  const first = (await graph.api(REL).top(2).get()) as PageCollection;
  expect(first["@odata.nextLink"]).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1\.0\/tenantRelationships\/delegatedAdminRelationships\?\$top=2&\$skipToken=/);
  const ids: string[] = [];
  const it = new PageIterator(graph, first, (r: Relationship) => {
    ids.push(r.id);
    return true;
  });
  await it.iterate();
  expect(ids).toHaveLength(10);
  expect(new Set(ids).size).toBe(10);
});

test("misconfigurations visible through GDAP", async () => {
  expect(await relationshipsOf(CUSTOMER_NO_GDAP)).toEqual([]);
  expect((await relationshipsOf(CUSTOMER_EXPIRED)).map((r) => r.status)).toEqual(["expired"]);
  const mlt = (await relationshipsOf(CUSTOMER_ONLY_MLT)).filter((r) => r.status === "active");
  expect(mlt.every((r) => r.displayName.startsWith("MLT_"))).toBe(true);
  const extra = (await relationshipsOf("dddddddd-0000-4000-8000-000000000001"))[0];
  expect(extra.accessDetails.unifiedRoles.map((u) => u.roleDefinitionId)).not.toEqual(expect.arrayContaining([APP_ADMIN]));
  expect(extra.accessDetails.unifiedRoles.map((u) => u.roleDefinitionId)).not.toEqual(expect.arrayContaining([CLOUD_APP_ADMIN]));
});

test("Northwind: access assignment pending and the lifecycle group missing from its container", async () => {
  const [active] = (await relationshipsOf(CUSTOMER_B)).filter((r) => r.status === "active");
  const assignments = (await graph.api(`${REL}/${active.id}/accessAssignments`).get()) as {
    value: { status: string; accessContainer: { accessContainerId: string } }[];
  };
  expect(assignments.value.map((a) => a.status)).toEqual(["pending"]);
  const containers = assignments.value.map((a) => a.accessContainer.accessContainerId);
  const member = (await graph.api(`/groups/${LIFECYCLE_GROUP}/checkMemberGroups`).post({ groupIds: containers })) as { value: string[] };
  expect(member.value).toEqual([]);
});

test("PATCH autoExtendDuration: Global Administrator refuses it; If-Match required; stale etag 412", async () => {
  const ga = (await graph.api(`${REL}/${REL_B_GA}`).get()) as Relationship;
  const refused = await graphError(graph.api(`${REL}/${REL_B_GA}`).header("If-Match", ga["@odata.etag"]).patch({ autoExtendDuration: "P180D" }));
  expect(refused.statusCode).toBe(400);

  const rel = (await graph.api(`${REL}/${REL_A}`).get()) as Relationship;
  const missing = await graphError(graph.api(`${REL}/${REL_A}`).patch({ autoExtendDuration: "P180D" }));
  expect(missing.statusCode).toBe(400);
  const updated = (await graph.api(`${REL}/${REL_A}`).header("If-Match", rel["@odata.etag"]).patch({ autoExtendDuration: "P180D" })) as Relationship & { autoExtendDuration: string };
  expect(updated.autoExtendDuration).toBe("P180D");
  const stale = await graphError(graph.api(`${REL}/${REL_A}`).header("If-Match", rel["@odata.etag"]).patch({ autoExtendDuration: "PT0S" }));
  expect(stale.statusCode).toBe(412);
});

test("$top above 300 is refused", async () => {
  const e = await graphError(graph.api(REL).top(301).get());
  expect(e.statusCode).toBe(400);
});
