import { tokenRoles } from "./tokenRoles";

const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString("base64url");
const jwt = (payload: unknown): string => `${part({ alg: "RS256", typ: "JWT" })}.${part(payload)}.c2ln`;

describe("tokenRoles", () => {
  test.each<[string, unknown, string[]]>([
    ["roles, sorted", { roles: ["Organization.Read.All", "DeviceManagementManagedDevices.Read.All"] }, ["DeviceManagementManagedDevices.Read.All", "Organization.Read.All"]],
    ["no roles claim", { aud: "https://graph.microsoft.com" }, []],
    ["empty roles", { roles: [] }, []],
  ])("%s", (_name, payload, expected) => {
    expect(tokenRoles(jwt(payload))).toEqual(expected);
  });

  test.each<[string, string]>([
    ["two parts", "a.b"],
    ["empty payload", "a..c"],
    ["payload not JSON", `a.${Buffer.from("nope").toString("base64url")}.c`],
    ["roles not strings", jwt({ roles: [1, 2] })],
  ])("refuses %s", (_name, token) => {
    expect(() => tokenRoles(token)).toThrow();
  });
});
