import type { TurnContext } from "botbuilder";
import { createLogger, type LogLevel } from "../../log/logger";
import { AUTH_START_PATH } from "./authPages";
import {
  SSO_GRAPH_PERMISSIONS,
  SSO_GRAPH_SCOPES,
  SSO_SETTING_NAME,
  ssoAuthenticationOptions,
  ssoMsalConfig,
  ssoOptionProblems,
  teamsSsoSettings,
  type TeamsSsoSettings,
} from "./settings";

const APP = { clientId: "ab000000-0000-4000-8000-000000000002", clientSecret: "s3cr3t-value-never-logged", tenantId: "c0c0c0c0-0000-4000-8000-000000000000" };
const HOSTS = {
  loginUrl: "https://127.0.0.1:7000",
  graphUrl: "https://127.0.0.1:7001",
  partnerCenterUrl: "https://127.0.0.1:7002",
  defenderUrl: "https://127.0.0.1:7003",
};
function logs() {
  const lines: Array<{ level: LogLevel; line: string }> = [];
  return { lines, logger: createLogger({ level: "debug", sink: (level, line) => lines.push({ level, line }) }) };
}

describe("delegated scopes", () => {
  it("are Graph permission names, unqualified (so MSAL's cache finds the token Entra returns), read-only, without Directory.Read.All", () => {
    expect(SSO_GRAPH_SCOPES).toEqual([...SSO_GRAPH_PERMISSIONS]);
    for (const s of SSO_GRAPH_SCOPES) expect(s).not.toContain("/");
    for (const p of SSO_GRAPH_PERMISSIONS) expect(p).not.toMatch(/ReadWrite|Directory\.Read\.All|AccessAsUser/);
    expect(SSO_GRAPH_PERMISSIONS).toEqual(
      expect.arrayContaining(["DelegatedAdminRelationship.Read.All", "GroupMember.Read.All", "RoleManagement.Read.Directory", "UserAuthenticationMethod.Read.All"]),
    );
  });
});

describe("teamsSsoSettings", () => {
  it("OBO with the bot's app, authority on Microsoft's host, sign-in link to the bot's own auth-start page", () => {
    const s = teamsSsoSettings({ app: APP, publicBaseUrl: "https://tp.example.test/" }, HOSTS, logs().logger);
    expect(s.scopes).toEqual(SSO_GRAPH_SCOPES);
    expect(s.msalConfig.auth).toEqual({ clientId: APP.clientId, clientSecret: APP.clientSecret, authority: `https://login.microsoftonline.com/${APP.tenantId}` });
    expect(typeof s.msalConfig.system?.networkClient?.sendPostRequestAsync).toBe("function");
    expect(s.msalConfig.system?.loggerOptions?.piiLoggingEnabled).toBe(false);
    expect(s.signInLink).toBe(`https://tp.example.test${AUTH_START_PATH}`);
    expect(s.endOnInvalidMessage).toBe(true);
    expect(s.timeout).toBeUndefined();
  });

  it("forwards MSAL warnings without PII to the logger", () => {
    const { lines, logger } = logs();
    const cb = ssoMsalConfig(APP, HOSTS, logger).system?.loggerOptions?.loggerCallback;
    cb?.(1, "a warning", false);
    cb?.(1, "with pii", true);
    cb?.(3, "verbose", false);
    expect(lines).toHaveLength(1);
    expect(lines[0].line).toContain("a warning");
  });

  test.each([
    ["client id", { app: { ...APP, clientId: "x" }, publicBaseUrl: "https://tp.example.test" }, "app.clientId"],
    ["tenant", { app: { ...APP, tenantId: "" }, publicBaseUrl: "https://tp.example.test" }, "app.tenantId"],
    ["secret", { app: { ...APP, clientSecret: "" }, publicBaseUrl: "https://tp.example.test" }, "app.clientSecret"],
    ["public URL over http", { app: APP, publicBaseUrl: "http://tp.example.test" }, "publicBaseUrl"],
  ])("bad %s is named, never echoed", (_name, opts, path) => {
    const problems = ssoOptionProblems(opts);
    expect(problems.join("\n")).toContain(path);
    expect(problems.join("\n")).not.toContain(APP.clientSecret);
    expect(() => teamsSsoSettings(opts, HOSTS, logs().logger)).toThrow();
  });
});

describe("ssoAuthenticationOptions", () => {
  it("one Teams SSO setting, the default, with a selector instead of signing in on every activity", async () => {
    const o = ssoAuthenticationOptions({ app: APP, publicBaseUrl: "https://tp.example.test" }, HOSTS, logs().logger);
    expect(Object.keys(o.settings)).toEqual([SSO_SETTING_NAME]);
    expect(o.default).toBe(SSO_SETTING_NAME);
    expect((o.settings[SSO_SETTING_NAME] as TeamsSsoSettings).scopes).toEqual(SSO_GRAPH_SCOPES);
    expect(typeof o.autoSignIn).toBe("function");
    const select = o.autoSignIn as (ctx: TurnContext) => Promise<boolean>;
    await expect(select({ activity: { type: "message", text: "check" } } as TurnContext)).resolves.toBe(true);
    await expect(select({ activity: { type: "message", text: "help" } } as TurnContext)).resolves.toBe(false);
  });
});
