import type { ConnectOutcome } from "../../jobs/connect";
import { escapeHtml, renderConnectPage } from "./connectPages";
import { queryOf } from "./connectRoutes";

describe("connect pages", () => {
  test.each<[ConnectOutcome, number, string]>([
    [{ kind: "connected", upn: "svc@p.com" }, 200, "svc@p.com has connected Tenant Pilot"],
    [{ kind: "wrongAccount", expectedUpn: "svc@p.com", signedInUpn: "alice@p.com" }, 403, "Connect needs the service account svc@p.com"],
    [{ kind: "stateInvalid", reason: "expired" }, 400, "expired"],
    [{ kind: "stateInvalid", reason: "used" }, 400, "already used"],
    [{ kind: "stateInvalid", reason: "unknown" }, 400, "not valid"],
    [{ kind: "denied" }, 400, "cancelled or refused"],
    [{ kind: "failed" }, 502, "Nothing was stored"],
    [{ kind: "unavailable" }, 503, "not configured"],
  ])("%j → %s", (o, status, text) => {
    const p = renderConnectPage(o);
    expect(p.status).toBe(status);
    expect(p.html).toContain(escapeHtml(text));
    expect(p.html).not.toContain("<script");
    expect(p.headers["Content-Security-Policy"]).toMatch(/^default-src 'none'/);
    expect(p.headers["Referrer-Policy"]).toBe("no-referrer");
  });

  it("names are escaped", () => {
    const p = renderConnectPage({ kind: "wrongAccount", expectedUpn: "svc@p.com", signedInUpn: "<img src=x>@p.com" });
    expect(p.html).not.toContain("<img");
  });

  test.each<[string | undefined, Record<string, string>]>([
    ["/connect/callback?state=a.b&code=c&code=d", { state: "a.b", code: "c" }],
    ["/connect/start", {}],
    [undefined, {}],
  ])("queryOf(%s)", (url, q) => {
    expect(queryOf(url)).toEqual(q);
  });
});
