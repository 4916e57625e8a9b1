import { relationshipsPath } from "./gdap";

test.each<[string, string[] | undefined, string]>([
  ["every customer", undefined, "/tenantRelationships/delegatedAdminRelationships?$top=300"],
  ["one customer: Graph filters", ["t1"], "/tenantRelationships/delegatedAdminRelationships?$top=300&$filter=customer/tenantId eq 't1'"],
  ["several: all, filtered here", ["t1", "t2"], "/tenantRelationships/delegatedAdminRelationships?$top=300"],
])("relationshipsPath: %s", (_n, only, path) => expect(relationshipsPath(only ? new Set(only) : undefined)).toBe(path));
