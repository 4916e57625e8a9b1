import { relativeToVersionRoot } from "./relativePath";

test.each<[string, string]>([
  ["https://graph.microsoft.com/v1.0/tenantRelationships/delegatedAdminRelationships/x/accessAssignments?$skipToken=abc", "/tenantRelationships/delegatedAdminRelationships/x/accessAssignments?$skipToken=abc"],
  ["https://127.0.0.1:4321/beta/groups/g/members?$skiptoken=1", "/groups/g/members?$skiptoken=1"],
  ["/users/u", "/users/u"],
])("%s", (url, out) => expect(relativeToVersionRoot(url)).toBe(out));
