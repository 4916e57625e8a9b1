import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig, type LocalConfig } from "../config";
import { defaultScenarioFile, prepareLocal } from "./prepare";

const ROOT = path.resolve(__dirname, "..", "..");
function localConfig(env: Record<string, string> = {}): LocalConfig {
  const r = loadConfig(env);
  if (!r.ok || r.config.mode !== "local") throw new Error("expected local mode");
  return r.config;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tp-prepare-"));
  writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ partner: { tenantId: "10000000-0000-4000-8000-000000000001" }, rehearsal: { lifecycleApp: { appId: "x", secret: "hidden-secret-1" } } }));
  writeFileSync(
    path.join(dir, "mine.json"),
    JSON.stringify({ partner: { tenantId: "10000000-0000-4000-8000-000000000001", users: [{ id: "u1", userPrincipalName: "me@mine.com", directoryRoles: ["Global Administrator"] }] } }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("prepareLocal", () => {
  it("defaults to the demo scenario and its rehearsal's signed-in user", () => {
    const r = prepareLocal({}, localConfig(), ROOT);
    expect(r).toMatchObject({ ok: true, prepared: { localUser: "alice@contosoitpartners.onmicrosoft.com", localUserSource: "rehearsal.signedInUser" } });
    if (r.ok) expect(r.prepared.scenario.file).toBe(defaultScenarioFile(ROOT));
  });

  it("--scenario is resolved from the working directory; TP_LOCAL_USER is used when --user is absent", () => {
    const r = prepareLocal({ scenario: "mine.json" }, localConfig({ TP_LOCAL_USER: "me@mine.com" }), ROOT, dir);
    expect(r).toMatchObject({ ok: true, prepared: { localUser: "me@mine.com", localUserSource: "TP_LOCAL_USER" } });
  });

  test.each<[string, { scenario?: string; user?: string }, RegExp]>([
    ["a missing scenario", { scenario: "nope.json" }, /^Tenant Pilot cannot start: the scenario nope\.json is not usable\.\n {2}- .*nope\.json: no such file$/],
    ["a bad rehearsal block, naming the field", { scenario: "bad.json" }, /\n {2}- rehearsal\.lifecycleApp\.appId: must be the app \(client\) id, a GUID/],
    ["a user the scenario lacks", { scenario: "mine.json", user: "bob@mine.com" }, /^Tenant Pilot cannot start: --user bob@mine\.com: no such partner user in the scenario/],
  ])("refuses %s", (_n, args, message) => {
    const r = prepareLocal(args, localConfig(), ROOT, dir);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(message);
      expect(r.message).not.toContain("hidden-secret-1");
    }
  });
});
