import { createHash } from "node:crypto";
import vm from "node:vm";
import * as restify from "restify";
import { AUTH_END_PATH, AUTH_START_PATH, registerAuthPages, renderAuthPages, TEAMS_JS_SDK } from "./authPages";

const AZURE = {
  mode: "azure" as const,
  clientId: "ab000000-0000-4000-8000-000000000002",
  tenantId: "c0c0c0c0-0000-4000-8000-000000000000",
  scopes: ["https://graph.microsoft.com/DelegatedAdminRelationship.Read.All", "https://graph.microsoft.com/User.Read"],
};

const hashOf = (s: string) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;
const inlineScripts = (html: string) => [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
const externalScripts = (html: string) => [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
const pageAt = (pages: ReturnType<typeof renderAuthPages>, path: string) => {
  const p = pages.find((x) => x.path === path);
  if (!p) throw new Error(`no page ${path}`);
  return p;
};

describe("renderAuthPages", () => {
  it("local mode: both pages only explain, with no script at all (nothing from the internet)", () => {
    const pages = renderAuthPages({ mode: "local" });
    expect(pages.map((p) => p.path).sort()).toEqual([AUTH_END_PATH, AUTH_START_PATH].sort());
    for (const p of pages) {
      expect(p.html).not.toMatch(/<script/i);
      expect(p.html).not.toMatch(/https?:\/\//);
      expect(p.headers["Content-Security-Policy"]).toContain("script-src 'none'");
      expect(p.html).toContain("Local mode has no Teams sign-in");
    }
  });

  it("azure auth-start: redirects to Microsoft's authorize endpoint with PKCE; its inline script is allowed by hash only", () => {
    const start = pageAt(renderAuthPages(AZURE), AUTH_START_PATH);
    expect(externalScripts(start.html)).toEqual([]);
    const [script] = inlineScripts(start.html);
    expect(() => new vm.Script(script)).not.toThrow(); // valid JavaScript
    expect(script).toContain(`https://login.microsoftonline.com/${AZURE.tenantId}/oauth2/v2.0/authorize`);
    expect(script).toContain(AZURE.clientId);
    expect(script).toContain("code_challenge_method");
    expect(script).toContain(AZURE.scopes.join(" "));
    expect(start.headers["Content-Security-Policy"]).toContain(`script-src ${hashOf(script)}`);
    expect(start.headers["Content-Security-Policy"]).toContain("default-src 'none'");
  });

  it("azure auth-end: Teams JS SDK from Microsoft's CDN with integrity, state checked, code removed from the address bar", () => {
    const end = pageAt(renderAuthPages(AZURE), AUTH_END_PATH);
    expect(externalScripts(end.html)).toEqual([TEAMS_JS_SDK.src]);
    expect(end.html).toContain(`integrity="${TEAMS_JS_SDK.integrity}"`);
    const [script] = inlineScripts(end.html);
    expect(() => new vm.Script(script)).not.toThrow();
    expect(script).toContain("history.replaceState");
    expect(script).toContain("notifySuccess");
    expect(script).toContain("StateDoesNotMatch");
    expect(end.headers["Content-Security-Policy"]).toContain(`script-src ${hashOf(script)} ${TEAMS_JS_SDK.origin}`);
  });

  it("headers: HTML, not cached, no referrer", () => {
    for (const p of renderAuthPages(AZURE)) {
      expect(p.headers).toMatchObject({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });
    }
  });

  test.each([
    ["client id not a GUID", { ...AZURE, clientId: "not-a-guid" }],
    ["tenant id not a GUID", { ...AZURE, tenantId: "contoso" }],
    ["a scope that could break out of the script", { ...AZURE, scopes: ['x"</script><script>alert(1)'] }],
    ["no scopes", { ...AZURE, scopes: [] }],
  ])("refuses bad options: %s", (_name, opts) => {
    expect(() => renderAuthPages(opts)).toThrow();
  });
});

describe("registerAuthPages", () => {
  let server: restify.Server;
  let base: string;
  beforeAll(async () => {
    server = restify.createServer();
    registerAuthPages(server, AZURE);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    base = `http://127.0.0.1:${server.address().port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test.each([AUTH_START_PATH, AUTH_END_PATH])("GET %s answers the page", async (path) => {
    const res = await fetch(`${base}${path}?scope=x&clientId=y&tenantId=z`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toBe(pageAt(renderAuthPages(AZURE), path).html);
  });
});

describe("the pages' scripts, run against a stub browser", () => {
  const storage = () => {
    const m = new Map<string, string>();
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
  };
  const status = () => ({ textContent: "" });
  const run = (script: string, globals: Record<string, unknown>) => {
    vm.runInNewContext(script, { Uint8Array, ...globals });
  };

  it("auth-start sends the browser to authorize with state, PKCE S256 and redirect to auth-end", async () => {
    const [script] = inlineScripts(pageAt(renderAuthPages(AZURE), AUTH_START_PATH).html);
    const session = storage();
    let target = "";
    const assigned = new Promise<void>((resolve) => {
      run(script, {
        document: { getElementById: () => status() },
        sessionStorage: session,
        crypto: globalThis.crypto,
        TextEncoder,
        btoa,
        URLSearchParams,
        location: { origin: "https://bot.example.test", assign: (u: string) => ((target = u), resolve()) },
      });
    });
    await assigned;
    const u = new URL(target);
    expect(`${u.origin}${u.pathname}`).toBe(`https://login.microsoftonline.com/${AZURE.tenantId}/oauth2/v2.0/authorize`);
    expect(Object.fromEntries(u.searchParams)).toMatchObject({
      client_id: AZURE.clientId,
      response_type: "code",
      response_mode: "fragment",
      scope: AZURE.scopes.join(" "),
      redirect_uri: `https://bot.example.test${AUTH_END_PATH}`,
      code_challenge_method: "S256",
      state: session.getItem("tenantPilot.auth.state"),
    });
    expect(u.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  const end = (hash: string, storedState: string | null) => {
    const [script] = inlineScripts(pageAt(renderAuthPages(AZURE), AUTH_END_PATH).html);
    const session = storage();
    if (storedState !== null) session.setItem("tenantPilot.auth.state", storedState);
    const calls: string[] = [];
    const el = status();
    const replaced: string[] = [];
    run(script, {
      document: { getElementById: () => el },
      sessionStorage: session,
      URLSearchParams,
      location: { hash, pathname: AUTH_END_PATH },
      history: { replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) },
      microsoftTeams: {
        initialize: () => calls.push("initialize"),
        authentication: { notifySuccess: () => calls.push("success"), notifyFailure: (r: string) => calls.push(`failure:${r}`) },
      },
    });
    return { calls, text: el.textContent, replaced, stateLeft: session.getItem("tenantPilot.auth.state") };
  };

  test.each([
    ["code with the right state", "#code=abc&state=s1", "s1", "success"],
    ["code with another state", "#code=abc&state=evil", "s1", "failure:StateDoesNotMatch"],
    ["code without a stored state", "#code=abc&state=s1", null, "failure:StateDoesNotMatch"],
    ["consent declined", "#error=access_denied&error_description=The+user+declined", "s1", "failure:access_denied"],
    ["an error code that is not a plain word", "#error=%3Cimg%3E", "s1", "failure:UnexpectedFailure"],
  ])("auth-end: %s", (_name, hash, stored, outcome) => {
    const r = end(hash, stored);
    expect(r.calls).toEqual(["initialize", outcome]);
    expect(r.replaced).toEqual([AUTH_END_PATH]); // code and state leave the address bar and history
    expect(r.stateLeft).toBeNull();
    expect(r.text).not.toContain("abc");
    expect(r.text).not.toContain("declined"); // Microsoft's description is not shown
  });
});
