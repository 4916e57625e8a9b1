import type { GraphClient } from "./client";
import { MicrosoftError } from "./errors";
import { createPermissionResolver, permissionId, permissionName, requiredEntries, resourceAppIdOf, resourceLabel, toResourcePermissions, RESOURCE_APP_IDS } from "./permissions";

// Ids made up for the test: the resolver never knows them in advance.
const GRAPH_SP = {
  id: "SP-GRAPH",
  appId: RESOURCE_APP_IDS.graph,
  appRoles: [{ id: "R-DEVICES", value: "DeviceManagementManagedDevices.Read.All" }, { id: "r-org", value: "Organization.Read.All" }, { id: "r-none", value: null }],
  oauth2PermissionScopes: [{ id: "s-user", value: "User.Read" }],
};
const PC_SP = { id: "sp-pc", appId: RESOURCE_APP_IDS.partnerCenter, appRoles: [], oauth2PermissionScopes: [{ id: "s-imp", value: "user_impersonation" }] };

test.each<[string, string]>([
  [RESOURCE_APP_IDS.graph.toUpperCase(), "graph"],
  [RESOURCE_APP_IDS.partnerCenter, "partnerCenter"],
  [RESOURCE_APP_IDS.defender, "defender"],
  ["AB000000-0000-4000-8000-000000000009", "ab000000-0000-4000-8000-000000000009"],
])("resourceLabel(%s) = %s, and back", (appId, label) => {
  expect(resourceLabel(appId)).toBe(label);
  expect(resourceAppIdOf(label)).toBe(appId.toLowerCase());
});

describe("names and ids from the resource's service principal", () => {
  const graph = toResourcePermissions(GRAPH_SP);
  test.each<[string, "application" | "delegated", string, string]>([
    ["known app role (case of the id ignored)", "application", "r-devices", "DeviceManagementManagedDevices.Read.All"],
    ["known scope", "delegated", "S-USER", "User.Read"],
    ["unknown id: the id", "application", "r-unknown", "r-unknown"],
    ["a scope id asked as app role: the id", "application", "s-user", "s-user"],
  ])("permissionName: %s", (_n, kind, id, name) => expect(permissionName(graph, kind, id)).toBe(name));

  test("no resource: the id", () => expect(permissionName(null, "application", "x")).toBe("x"));
  test.each<["application" | "delegated", string, string | undefined]>([
    ["application", "Organization.Read.All", "r-org"],
    ["delegated", "User.Read", "s-user"],
    ["delegated", "Organization.Read.All", undefined],
  ])("permissionId(%s, %s)", (kind, name, id) => expect(graph && permissionId(graph, kind, name)).toBe(id));
});

test.each<[string, unknown, unknown]>([
  ["roles and scopes", [{ resourceAppId: "RES", resourceAccess: [{ id: "A", type: "Role" }, { id: "b", type: "Scope" }, { id: "c", type: "Other" }] }], [{ resourceAppId: "res", kind: "application", id: "a" }, { resourceAppId: "res", kind: "delegated", id: "b" }]],
  ["nothing", null, []],
  ["junk", "x", []],
])("requiredEntries: %s", (_n, raw, out) => expect(requiredEntries(raw)).toEqual(out));

function fakeGraph(answers: Record<string, unknown>): { graph: GraphClient; calls: string[] } {
  const calls: string[] = [];
  const get = <T>(path: string): Promise<T> => {
    calls.push(path);
    const a = answers[path.split("?")[0].replace(/^\//, "")];
    if (a instanceof Error) return Promise.reject(a);
    if (a === undefined) return Promise.reject(new MicrosoftError({ code: "notFound", service: "graph", status: 404 }));
    return Promise.resolve(a as T);
  };
  const unused = (): never => {
    throw new Error("not used");
  };
  return { graph: { get, post: unused, pages: unused, all: unused, batch: unused }, calls };
}

describe("createPermissionResolver", () => {
  const answers = {
    [`servicePrincipals(appId='${RESOURCE_APP_IDS.graph}')`]: GRAPH_SP,
    [`servicePrincipals(appId='${RESOURCE_APP_IDS.partnerCenter}')`]: PC_SP,
  };

  test("required permissions by name; one fetch per resource, shared with lookups by object id", async () => {
    const { graph, calls } = fakeGraph(answers);
    const r = createPermissionResolver(graph);
    const required = await r.required([
      { resourceAppId: RESOURCE_APP_IDS.graph, resourceAccess: [{ id: "r-devices", type: "Role" }, { id: "s-user", type: "Scope" }] },
      { resourceAppId: RESOURCE_APP_IDS.partnerCenter, resourceAccess: [{ id: "s-imp", type: "Scope" }] },
      { resourceAppId: "unknown-app", resourceAccess: [{ id: "zz", type: "Role" }] },
    ]);
    expect(required).toEqual([
      { resource: "graph", kind: "application", name: "DeviceManagementManagedDevices.Read.All" },
      { resource: "graph", kind: "delegated", name: "User.Read" },
      { resource: "partnerCenter", kind: "delegated", name: "user_impersonation" },
      { resource: "unknown-app", kind: "application", name: "zz" },
    ]);
    await r.byAppId(RESOURCE_APP_IDS.graph);
    expect((await r.byObjectId("sp-graph"))?.appId).toBe(RESOURCE_APP_IDS.graph);
    expect(calls.filter((c) => c.includes(RESOURCE_APP_IDS.graph))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith("/servicePrincipals/"))).toHaveLength(0);
  });

  test("concurrent askers share one fetch; ids() for setup; unknown names refused", async () => {
    const { graph, calls } = fakeGraph(answers);
    const r = createPermissionResolver(graph);
    const [a, b] = await Promise.all([r.byAppId(RESOURCE_APP_IDS.graph), r.byAppId(RESOURCE_APP_IDS.graph)]);
    expect(a).toBe(b);
    expect(calls).toHaveLength(1);
    await expect(r.ids("graph", "application", ["Organization.Read.All", "DeviceManagementManagedDevices.Read.All"])).resolves.toEqual(["r-org", "r-devices"]);
    await expect(r.ids("graph", "application", ["Nope.All"])).rejects.toThrow(RangeError);
  });

  test("a failure other than not-found rejects and is not cached", async () => {
    const denied = new MicrosoftError({ code: "forbidden", service: "graph", status: 403 });
    const { graph, calls } = fakeGraph({ [`servicePrincipals(appId='${RESOURCE_APP_IDS.graph}')`]: denied });
    const r = createPermissionResolver(graph);
    await expect(r.byAppId(RESOURCE_APP_IDS.graph)).rejects.toBe(denied);
    await expect(r.byAppId(RESOURCE_APP_IDS.graph)).rejects.toBe(denied);
    expect(calls).toHaveLength(2);
    // required() keeps the ids when the resource cannot be read
    expect(await r.required([{ resourceAppId: RESOURCE_APP_IDS.graph, resourceAccess: [{ id: "r-org", type: "Role" }] }])).toEqual([{ resource: "graph", kind: "application", name: "r-org" }]);
  });
});
