import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findSimulator, parseSimReady, simulatorEnv, simulatorSpec } from "./simulator";

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const urls = {
  login: "https://127.0.0.1:7001",
  graph: "https://127.0.0.1:7002",
  partnerCenter: "https://127.0.0.1:7003",
  defender: "https://127.0.0.1:7004",
  teams: "http://127.0.0.1:7005",
  control: "http://127.0.0.1:7000",
};

describe("parseSimReady", () => {
  it("accepts a complete ready file", () => {
    const r = parseSimReady(JSON.stringify({ urls, caPem: PEM }));
    expect(r).toEqual({ ok: true, ready: { urls, caPem: PEM } });
  });
  it.each([
    ["{", /not JSON/],
    [JSON.stringify({ urls: { ...urls, graph: "ftp://x" }, caPem: PEM }), /urls\.graph/],
    [JSON.stringify({ urls, caPem: "hello" }), /caPem: must be a PEM/],
    [JSON.stringify({ caPem: PEM }), /urls/],
  ])("refuses %s", (text, problem) => {
    const r = parseSimReady(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(problem);
  });
});

describe("simulatorEnv", () => {
  it("maps the URLs and the CA file, keeping what the user set", () => {
    const env = simulatorEnv({ urls, caPem: PEM }, "/tmp/ca.pem", { MS_GRAPH_URL: "https://graph.example", MS_DEFENDER_URL: " " });
    expect(env).toEqual({
      MS_LOGIN_URL: urls.login,
      MS_PARTNER_CENTER_URL: urls.partnerCenter,
      MS_DEFENDER_URL: urls.defender,
      MS_CA_FILE: "/tmp/ca.pem",
    });
  });
});

describe("findSimulator / simulatorSpec", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), "tp-sim-test-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("says what is missing", () => {
    expect(findSimulator(root)).toEqual({ ok: false, reason: "sim/cli.ts does not exist yet" });
    mkdirSync(path.join(root, "sim"));
    writeFileSync(path.join(root, "sim", "cli.ts"), "");
    expect(findSimulator(root)).toEqual({ ok: false, reason: "sim/scenarios/demo.json does not exist" });
  });

  it("runs the demo scenario through tsx on the base port", () => {
    mkdirSync(path.join(root, "sim", "scenarios"), { recursive: true });
    writeFileSync(path.join(root, "sim", "cli.ts"), "");
    writeFileSync(path.join(root, "sim", "scenarios", "demo.json"), "{}");
    const found = findSimulator(root);
    if (!found.ok) throw new Error(found.reason);
    const spec = simulatorSpec(found.files, { root, port: 7000, readyFile: "/tmp/r.json", caFile: "/tmp/ca.pem", nodePath: "node" }, { PATH: "/bin", COSMOS_KEY: "x" });
    expect(spec.command).toBe("node");
    expect(spec.args).toEqual([
      "--require", expect.stringMatching(/exit-with-parent\.cjs$/),
      "--import", "tsx", path.join(root, "sim/cli.ts"),
      "--scenario", path.join(root, "sim/scenarios/demo.json"),
      "--port", "7000", "--ready-file", "/tmp/r.json", "--ca-file", "/tmp/ca.pem",
    ]);
    expect(spec.env).toEqual({ PATH: "/bin" });
  });
});
