/**
 * Handler tests of the scenario-driven parts of app registrations: the partner's secret lifetime policy
 * (`partner.policies.maxPasswordLifetimeDays`) and `owners` deciding what Application.ReadWrite.OwnedBy reaches.
 */
import type { Principal } from "../../core/types";
import type { ScenarioInput } from "../../scenario/schema";
import { NOW, appPrincipal, errorCode, errorMessage, harness, json, values } from "../testing/handlerHarness";
import { APP_ID, APP_OBJECT, APP_SP, OTHER_APP_ID, OTHER_APP_OBJECT, OTHER_USER, PARTNER, SERVICE_ACCOUNT, fixture } from "../testing/fixture";
import { DEFAULT_MAX_SECRET_LIFETIME_DAYS } from "./applications";
import { routes } from "./index";

const DAY_MS = 86_400_000;
const POLICY_MESSAGE = "Credential lifetime exceeds the max value allowed as per assigned policy.";
const writer = appPrincipal(PARTNER, ["Application.ReadWrite.All"]);

/** The fixture with the partner policy and application owners changed. */
function scenario(o: { maxDays?: number; owners?: Record<string, string[]> }): ScenarioInput {
  const base = fixture();
  return {
    ...base,
    partner: {
      ...base.partner,
      ...(o.maxDays === undefined ? {} : { policies: { maxPasswordLifetimeDays: o.maxDays } }),
      applications: (base.partner.applications ?? []).map((a) => (o.owners?.[a.id] ? { ...a, owners: o.owners[a.id] } : a)),
    },
  };
}

/** An app-only principal of the fixture's lifecycle app, as a token would carry it (oid = its service principal). */
const ownedBy: Principal = { ...appPrincipal(PARTNER, ["Application.ReadWrite.OwnedBy"], APP_ID), oid: APP_SP };

const endAfter = (days: number) => new Date(NOW.getTime() + days * DAY_MS).toISOString();

describe("partner.policies.maxPasswordLifetimeDays", () => {
  test.each<[string, number | undefined, number, number, string]>([
    ["default policy: 730 days accepted", undefined, DEFAULT_MAX_SECRET_LIFETIME_DAYS, 200, ""],
    ["default policy: 731 days refused", undefined, DEFAULT_MAX_SECRET_LIFETIME_DAYS + 1, 400, "CredentialInvalidLifetimeAsPerAppPolicy"],
    ["180-day policy: 180 days accepted", 180, 180, 200, ""],
    ["180-day policy: 181 days refused", 180, 181, 400, "CredentialInvalidLifetimeAsPerAppPolicy"],
    ["3-year policy: 1000 days accepted", 1095, 1000, 200, ""],
  ])("%s", (_name, maxDays, days, status, code) => {
    const h = harness(scenario({ maxDays }), routes);
    const res = h.call({ method: "POST", url: `/v1.0/applications/${APP_OBJECT}/addPassword`, principal: writer, body: { passwordCredential: { endDateTime: endAfter(days) } } });
    expect(res.status).toBe(status);
    if (status === 400) expect([errorCode(res), errorMessage(res)]).toEqual([code, POLICY_MESSAGE]);
    else expect(json(res).endDateTime).toBe(endAfter(days).replace(/\.\d+Z$/, "Z"));
  });

  test("without endDateTime the 2-year default applies, so a stricter policy refuses it", () => {
    const strict = harness(scenario({ maxDays: 180 }), routes);
    const res = strict.call({ method: "POST", url: `/v1.0/applications(appId='${APP_ID}')/addPassword`, principal: writer, body: {} });
    expect([res.status, errorMessage(res)]).toEqual([400, POLICY_MESSAGE]);
    const lax = harness(scenario({}), routes);
    expect(lax.call({ method: "POST", url: `/v1.0/applications(appId='${APP_ID}')/addPassword`, principal: writer, body: {} }).status).toBe(200);
  });
});

describe("owners and Application.ReadWrite.OwnedBy", () => {
  test.each<[string, Record<string, string[]> | undefined, string[]]>([
    ["no owners anywhere: the app reaches its own registration only", undefined, [APP_OBJECT]],
    ["its service principal owns the other app too", { [OTHER_APP_OBJECT]: [APP_SP, OTHER_USER] }, [APP_OBJECT, OTHER_APP_OBJECT]],
    ["own registration owned by a user only: out of reach", { [APP_OBJECT]: [SERVICE_ACCOUNT] }, []],
    ["own registration owned by a user only, other app by its SP", { [APP_OBJECT]: [SERVICE_ACCOUNT], [OTHER_APP_OBJECT]: [APP_SP] }, [OTHER_APP_OBJECT]],
  ])("%s", (_name, owners, reachable) => {
    const h = harness(scenario({ owners }), routes);
    expect(values(h.call({ url: "/v1.0/applications", principal: ownedBy })).map((a) => a.id)).toEqual(reachable);
    for (const [object, appId] of [[APP_OBJECT, APP_ID], [OTHER_APP_OBJECT, OTHER_APP_ID]]) {
      const expected = reachable.includes(object) ? 200 : 403;
      expect(h.call({ url: `/v1.0/applications/${object}`, principal: ownedBy }).status).toBe(expected);
      expect(h.call({ url: `/v1.0/applications(appId='${appId}')`, principal: ownedBy }).status).toBe(expected);
      const add = h.call({ method: "POST", url: `/v1.0/applications/${object}/addPassword`, principal: ownedBy, body: { passwordCredential: { endDateTime: endAfter(30) } } });
      expect(add.status).toBe(expected);
      if (expected === 403) expect(errorCode(add)).toBe("Authorization_RequestDenied");
    }
  });

  test("Application.Read.All / ReadWrite.All see every registration regardless of owners", () => {
    const h = harness(scenario({ owners: { [APP_OBJECT]: [SERVICE_ACCOUNT] } }), routes);
    expect(values(h.call({ url: "/v1.0/applications", principal: writer })).map((a) => a.id)).toEqual([APP_OBJECT, OTHER_APP_OBJECT]);
  });

  test.each(["Directory.Read.All", "Application.Read.All"])("OwnedBy + %s: reads every registration, still writes only the owned one", (read) => {
    const h = harness(scenario({}), routes);
    const both: Principal = { ...appPrincipal(PARTNER, ["Application.ReadWrite.OwnedBy", read], APP_ID), oid: APP_SP };
    expect(values(h.call({ url: "/v1.0/applications", principal: both })).map((a) => a.id)).toEqual([APP_OBJECT, OTHER_APP_OBJECT]);
    expect(h.call({ url: `/v1.0/applications(appId='${OTHER_APP_ID}')`, principal: both }).status).toBe(200);
    const add = (object: string) => h.call({ method: "POST", url: `/v1.0/applications/${object}/addPassword`, principal: both, body: { passwordCredential: { endDateTime: endAfter(30) } } });
    expect(add(APP_OBJECT).status).toBe(200);
    const other = add(OTHER_APP_OBJECT);
    expect([other.status, errorCode(other)]).toEqual([403, "Authorization_RequestDenied"]);
    const remove = h.call({ method: "POST", url: `/v1.0/applications(appId='${OTHER_APP_ID}')/removePassword`, principal: both, body: { keyId: "00000000-0000-4000-8000-000000000000" } });
    expect(remove.status).toBe(403);
  });
});
