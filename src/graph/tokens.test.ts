/** The pure parts of the token broker: until when a token MSAL gave is handed out again, Graph's scope names. */
import { msalScopes, reuseUntil, TOKEN_RENEWAL_OFFSET_MS } from "./tokens";

const at = (iso: string): Date => new Date(iso);
const ms = (iso: string): number => Date.parse(iso);

test.each<[string, { expiresOn: Date | null; refreshOn?: Date }, number]>([
  ["5 minutes before it expires", { expiresOn: at("2026-01-01T11:00:00Z") }, ms("2026-01-01T10:55:00Z")],
  ["its refreshOn when that is sooner", { expiresOn: at("2026-01-01T11:00:00Z"), refreshOn: at("2026-01-01T10:30:00Z") }, ms("2026-01-01T10:30:00Z")],
  ["5 minutes before expiry when refreshOn is later", { expiresOn: at("2026-01-01T11:00:00Z"), refreshOn: at("2026-01-01T10:59:00Z") }, ms("2026-01-01T10:55:00Z")],
  ["never when MSAL gave no expiry", { expiresOn: null }, 0],
  ["5 minutes before expiry when refreshOn is not a date", { expiresOn: at("2026-01-01T11:00:00Z"), refreshOn: new Date(Number.NaN) }, ms("2026-01-01T10:55:00Z")],
])("reuseUntil: %s", (_name, r, expected) => {
  expect(reuseUntil(r)).toBe(expected);
});

test("the renewal offset is MSAL's (300 s)", () => {
  expect(TOKEN_RENEWAL_OFFSET_MS).toBe(300_000);
});

test.each([
  [["https://graph.microsoft.com/User.Read"], ["User.Read"]],
  [["https://graph.microsoft.com/.default"], ["https://graph.microsoft.com/.default"]],
  [["https://api.partnercenter.microsoft.com/user_impersonation"], ["https://api.partnercenter.microsoft.com/user_impersonation"]],
])("msalScopes(%p)", (scopes, expected) => {
  expect(msalScopes(scopes)).toEqual(expected);
});
