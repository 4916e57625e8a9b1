import path from "node:path";
import { chooseLocalUser, parseRehearsal, parseScenarioText, readScenarioFile, scenarioDateMs, ssoAppOf, type ScenarioView } from "./rehearsal";

const DEMO = path.join(__dirname, "../../sim/scenarios/demo.json");
const NOW = new Date("2025-06-01T00:00:00Z");
const APP = "ab000000-0000-4000-8000-000000000001";

describe("parseRehearsal", () => {
  test.each<[string, unknown]>([
    ["absent", undefined],
    ["empty (every field optional)", {}],
    ["complete", { signedInUser: "a@b.com", serviceAccount: "s@b.com", lifecycleGroup: "GDAP Lifecycle Manager", lifecycleApp: { appId: APP, secret: "x" }, partnerCenterApp: { appId: APP, secret: "y" }, defender: true }],
  ])("accepts %s", (_n, value) => {
    expect(parseRehearsal(value)).toEqual({ ok: true, value });
  });

  test.each<[string, unknown, string]>([
    ["a bad app id", { lifecycleApp: { appId: "nope", secret: "x" } }, "rehearsal.lifecycleApp.appId: must be the app (client) id, a GUID"],
    ["an empty secret", { partnerCenterApp: { appId: APP, secret: "" } }, "rehearsal.partnerCenterApp.secret: must not be empty"],
    ["a user without @", { signedInUser: "alice" }, "rehearsal.signedInUser: must be a user principal name"],
    ["defender as text", { defender: "yes" }, "rehearsal.defender:"],
    ["an unknown field", { serviceAcount: "s@b.com" }, "rehearsal: "],
    ["not an object", "alice", "rehearsal:"],
  ])("refuses %s, naming the field", (_n, value, problem) => {
    const r = parseRehearsal(value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join("\n")).toContain(problem);
  });

  it("names the unknown key", () => {
    const r = parseRehearsal({ serviceAcount: "s@b.com" });
    expect(!r.ok && r.problems[0]).toMatch(/serviceAcount/);
  });

  it("never echoes a secret in a problem", () => {
    const r = parseRehearsal({ lifecycleApp: { appId: "bad", secret: "super-secret-value" } });
    expect(JSON.stringify(r)).not.toContain("super-secret-value");
  });
});

describe("scenarioDateMs", () => {
  test.each<[string, string | undefined]>([
    ["now", "2025-06-01T00:00:00.000Z"],
    ["+12d", "2025-06-13T00:00:00.000Z"],
    ["-90m", "2025-05-31T22:30:00.000Z"],
    ["+2w", "2025-06-15T00:00:00.000Z"],
    ["-1mo", "2025-05-02T00:00:00.000Z"],
    ["+1y", "2026-06-01T00:00:00.000Z"],
    ["2025-07-01", "2025-07-01T00:00:00.000Z"],
    ["2025-07-01T10:00:00Z", "2025-07-01T10:00:00.000Z"],
    ["tomorrow", undefined],
  ])("%s", (spec, iso) => {
    const ms = scenarioDateMs(spec, NOW);
    expect(ms === undefined ? undefined : new Date(ms).toISOString()).toBe(iso);
  });
});

function scenario(partner: Partial<ScenarioView["partner"]>): ScenarioView {
  return { partner: { tenantId: "10000000-0000-4000-8000-000000000001", users: [], groups: [], applications: [], ...partner } };
}
const GA = ["Global Administrator"];
const users = [
  { id: "u1", userPrincipalName: "svc@p.com", directoryRoles: GA },
  { id: "u2", userPrincipalName: "off@p.com", directoryRoles: GA, accountEnabled: false },
  { id: "u3", userPrincipalName: "tech@p.com" },
  { id: "u4", userPrincipalName: "alice@p.com", directoryRoles: ["62e90394-69f5-4237-9190-012177145e10"] },
];
const lifecycleGroup = { displayName: "GDAP Lifecycle Manager", members: [{ type: "user", id: "u1" }] };

describe("chooseLocalUser", () => {
  const s = scenario({ users, groups: [lifecycleGroup] });
  test.each<[string, Parameters<typeof chooseLocalUser>[1], string, string]>([
    ["default: first enabled GA that is not the service account (lifecycle group member)", {}, "alice@p.com", "default"],
    ["rehearsal.signedInUser", { rehearsal: { signedInUser: "tech@p.com" } }, "tech@p.com", "rehearsal.signedInUser"],
    ["TP_LOCAL_USER beats the rehearsal", { envUser: "svc@p.com", rehearsal: { signedInUser: "tech@p.com" } }, "svc@p.com", "TP_LOCAL_USER"],
    ["--user beats everything, case-insensitively", { cliUser: "ALICE@p.com", envUser: "svc@p.com" }, "alice@p.com", "--user"],
  ])("%s", (_n, choices, upn, source) => {
    expect(chooseLocalUser(s, choices)).toEqual({ ok: true, upn, source });
  });

  it("the rehearsal's service account is excluded from the default", () => {
    const noGroup = scenario({ users: [users[3], users[0]] });
    expect(chooseLocalUser(noGroup, { rehearsal: { serviceAccount: "alice@p.com" } })).toMatchObject({ ok: true, upn: "svc@p.com" });
  });

  test.each<[string, ScenarioView, Parameters<typeof chooseLocalUser>[1], RegExp]>([
    ["unknown user", s, { cliUser: "bob@p.com" }, /^--user bob@p\.com: no such partner user in the scenario \(its partner users: svc@p\.com/],
    ["disabled user", s, { envUser: "off@p.com" }, /^TP_LOCAL_USER off@p\.com: this partner user is disabled/],
    ["no GA but the service account", scenario({ users: [users[0], users[2]], groups: [lifecycleGroup] }), {}, /no enabled partner user holding Global Administrator/],
  ])("refuses: %s", (_n, sc, choices, problem) => {
    const r = chooseLocalUser(sc, choices);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(problem);
  });
});

describe("ssoAppOf", () => {
  const bot = (creds: Array<{ secretText: string; endDateTime: string }>) => ({ appId: "ab000000-0000-4000-8000-000000000002", identifierUris: ["api://botid-ab000000-0000-4000-8000-000000000002"], passwordCredentials: creds });
  test.each<[string, ScenarioView, string | undefined]>([
    ["the first unexpired secret", scenario({ applications: [bot([{ secretText: "old-secret-1", endDateTime: "-1d" }, { secretText: "new-secret-2", endDateTime: "+30d" }])] }), "new-secret-2"],
    ["only expired secrets", scenario({ applications: [bot([{ secretText: "old-secret-1", endDateTime: "2025-01-01" }])] }), undefined],
    ["no api://botid- app", scenario({ applications: [{ appId: APP, passwordCredentials: [{ secretText: "s-1234567", endDateTime: "+1d" }] }] }), undefined],
  ])("%s", (_n, sc, secret) => {
    const app = ssoAppOf(sc, NOW);
    expect(app?.clientSecret).toBe(secret);
    if (app) expect(app).toEqual({ clientId: "ab000000-0000-4000-8000-000000000002", clientSecret: secret, tenantId: "10000000-0000-4000-8000-000000000001" });
  });
});

describe("the demo scenario", () => {
  const r = readScenarioFile(DEMO);
  it("parses, with a rehearsal block", () => {
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.rehearsal).toMatchObject({ signedInUser: expect.stringContaining("@") as unknown });
  });
  it("signs in as alice by default, even without its rehearsal block; the SSO app is Tenant Pilot's", () => {
    if (!r.ok) throw new Error(r.problems.join("\n"));
    expect(chooseLocalUser(r.value.scenario, {})).toMatchObject({ ok: true, upn: "alice@contosoitpartners.onmicrosoft.com" });
    expect(ssoAppOf(r.value.scenario, new Date())).toMatchObject({ clientId: "ab000000-0000-4000-8000-000000000002", clientSecret: "demo-bot-secret-0001" });
  });
});

describe("parseScenarioText / readScenarioFile", () => {
  test.each<[string, string, RegExp]>([
    ["not JSON", "{", /s\.json is not JSON/],
    ["no partner", "{}", /^partner: /],
    ["a bad rehearsal", JSON.stringify({ partner: { tenantId: "10000000-0000-4000-8000-000000000001" }, rehearsal: { defender: 1 } }), /^rehearsal\.defender: /],
  ])("%s", (_n, text, problem) => {
    const r = parseScenarioText(text, "s.json");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatch(problem);
  });
  it("a missing file", () => {
    expect(readScenarioFile("/nonexistent/x.json")).toEqual({ ok: false, problems: ["/nonexistent/x.json: no such file"] });
  });
});
