import path from "node:path";
import { loadScenarioFile } from "../scenario/load";
import { SimWorld } from "../core/world";
import { GrantStore } from "./grants";
import { completeFromUrl, parseAuthorize } from "./authorize";

const NOW = new Date("2025-01-15T09:00:00Z");
const world = new SimWorld(loadScenarioFile(path.join(__dirname, "../scenarios/demo.json")), NOW);
const BOT = "ab000000-0000-4000-8000-000000000002";
const PARTNER = "c0c0c0c0-0000-4000-8000-000000000000";
const q = (o: Record<string, string>) => new URLSearchParams({ client_id: BOT, response_type: "code", redirect_uri: "http://127.0.0.1:3978/connect/callback" /* listed on the demo app (redirectUris) */, scope: "openid offline_access", ...o });

test.each<[string, string, Record<string, string>, number | undefined, boolean | undefined]>([
  ["valid", PARTNER, {}, undefined, undefined],
  ["common is accepted", "common", {}, undefined, undefined],
  ["unknown tenant", "nowhere.onmicrosoft.com", {}, 90002, false],
  ["unknown client", PARTNER, { client_id: "99999999-0000-4000-8000-000000000000" }, 700016, false],
  ["no redirect_uri", PARTNER, { redirect_uri: "" }, 50011, false],
  ["a redirect_uri the app does not list", PARTNER, { redirect_uri: "https://localhost/cb" }, 50011, false],
  ["response_type token", PARTNER, { response_type: "token" }, 700054, true],
  ["no scope", PARTNER, { scope: " " }, 900144, true],
  ["unknown PKCE method", PARTNER, { code_challenge: "abc", code_challenge_method: "S512" }, 9002313, true],
])("%s", (_name, tenant, over, code, redirect) => {
  const r = parseAuthorize(world, tenant, q(over));
  if (code === undefined) {
    expect(r.ok).toBe(true);
    return;
  }
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error).toMatchObject({ code, redirect });
});

test.each<[string, string, string, number | undefined]>([
  ["a partner user in the partner tenant", PARTNER, "svc-lifecycle@contosoitpartners.onmicrosoft.com", undefined],
  ["a partner user in a healthy customer (GDAP)", "cc000000-0000-4000-8000-000000000001", "svc-lifecycle@contosoitpartners.onmicrosoft.com", undefined],
  ["a partner user in a customer without GDAP for it", "cc000000-0000-4000-8000-000000000004", "svc-lifecycle@contosoitpartners.onmicrosoft.com", 50020],
  ["a customer's own user in its tenant", "cc000000-0000-4000-8000-000000000001", "admin@fabrikam.onmicrosoft.com", undefined],
  ["nobody", PARTNER, "nobody@x", 50034],
])("complete: %s", (_name, tenant, user, code) => {
  const out = completeFromUrl(world, new GrantStore(), `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/authorize?${q({ state: "s" }).toString()}`, user, NOW);
  if (code === undefined) {
    expect(out).toMatchObject({ state: "s" });
    if (!("error" in out)) expect(new URL(out.redirect).searchParams.get("code")).toBe(out.code);
  } else {
    expect(out).toMatchObject({ code });
  }
});
