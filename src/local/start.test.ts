import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig, type LocalConfig } from "../config";
import { LocalStartError, openLine, portRequests, startFailureMessage, writeReadyFile } from "./start";

function localConfig(env: Record<string, string> = {}): LocalConfig {
  const r = loadConfig(env);
  if (!r.ok || r.config.mode !== "local") throw new Error("expected a local config");
  return r.config;
}

describe("portRequests", () => {
  it("covers the bot, the Playground, Cosmos and the six simulator ports", () => {
    const reqs = portRequests(localConfig(), true);
    expect(reqs.map((r) => `${r.variable}=${r.port}`)).toEqual([
      "PORT=3978",
      "PLAYGROUND_PORT=56150",
      "COSMOS_PORT=0",
      "SIM_PORT=7000",
      "SIM_PORT=7001",
      "SIM_PORT=7002",
      "SIM_PORT=7003",
      "SIM_PORT=7004",
      "SIM_PORT=7005",
    ]);
  });
  it("leaves the simulator out when it is absent or on free ports", () => {
    expect(portRequests(localConfig(), false).map((r) => r.variable)).toEqual(["PORT", "PLAYGROUND_PORT", "COSMOS_PORT"]);
    expect(portRequests(localConfig({ SIM_PORT: "0" }), true).map((r) => r.variable)).toEqual(["PORT", "PLAYGROUND_PORT", "COSMOS_PORT"]);
  });
});

describe("messages", () => {
  it("prints one line with the URL", () => {
    expect(openLine("http://127.0.0.1:56150")).toMatch(/^Open http:\/\/127\.0\.0\.1:56150 .*Ctrl-C/);
    expect(openLine("http://127.0.0.1:56150")).not.toContain("\n");
  });
  it.each<[unknown, RegExp]>([
    [new LocalStartError("Tenant Pilot cannot start: ports"), /^Tenant Pilot cannot start: ports$/],
    [Object.assign(new Error("listen EADDRINUSE"), { code: "EADDRINUSE" }), /PORT, PLAYGROUND_PORT/],
    [new Error("timed out after 20000 ms waiting for the Agents Playground to listen"), /: timed out after 20000 ms/],
    [new Error("stopped waiting for the Agents Playground to answer: the Agents Playground exited"), /: stopped waiting for the Agents Playground/],
    [new Error("secret internals\n at x"), /^Tenant Pilot could not start\. Details are in the log above\.$/],
  ])("explains %p without internals", (err, re) => {
    expect(startFailureMessage(err)).toMatch(re);
  });
});

describe("writeReadyFile", () => {
  it("writes the JSON atomically (no temporary file left), readable only by the user", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tp-ready-"));
    try {
      const file = path.join(dir, "r.json");
      writeReadyFile(file, { playground: "http://127.0.0.1:1", bot: "http://127.0.0.1:2" });
      expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ playground: "http://127.0.0.1:1", bot: "http://127.0.0.1:2" });
      expect(readdirSync(dir)).toEqual(["r.json"]);
      expect(statSync(file).mode & 0o077).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
