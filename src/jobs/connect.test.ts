import { sameAccount } from "./connect";

const P = "c0c0c0c0-0000-4000-8000-000000000000";
const SVC_ID = "0a000000-0000-4000-8000-000000000001";

describe("sameAccount: only the service account of the state may connect", () => {
  test.each<[string, { upn: string; id?: string }, { userId: string; upn: string; tenantId: string }, boolean]>([
    ["same id", { upn: "svc@p.com", id: SVC_ID }, { userId: SVC_ID.toUpperCase(), upn: "renamed@p.com", tenantId: P }, true],
    ["other id, same UPN", { upn: "svc@p.com", id: SVC_ID }, { userId: "0a000000-0000-4000-8000-000000000002", upn: "svc@p.com", tenantId: P }, false],
    ["UPN only, case-insensitive", { upn: "Svc@P.com" }, { userId: SVC_ID, upn: "svc@p.com", tenantId: P }, true],
    ["UPN only, someone else", { upn: "svc@p.com" }, { userId: SVC_ID, upn: "alice@p.com", tenantId: P }, false],
    ["another tenant", { upn: "svc@p.com", id: SVC_ID }, { userId: SVC_ID, upn: "svc@p.com", tenantId: "cc000000-0000-4000-8000-000000000001" }, false],
  ])("%s", (_n, expected, got, ok) => {
    expect(sameAccount(expected, P, got)).toBe(ok);
  });
});
