import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "./cli";

const CLI = path.join(__dirname, "cli.ts");

function run(args: string[]): { child: ReturnType<typeof spawn>; out: () => string; err: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout?.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (err += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exit };
}

test.each([
  [["--scenario", "a.json"], true],
  [["--scenario=a.json", "--port", "7000"], true],
  [["--port", "x", "--scenario", "a.json"], false],
  [["--nope"], false],
  [[], false],
  [["--help"], true],
])("parseArgs(%j) ok=%s", (argv, ok) => {
  expect(parseArgs(argv).ok).toBe(ok);
});

describe("cli", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "sim-cli-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("a malformed scenario: each bad field's path, exit 1, no stack", async () => {
    const f = path.join(dir, "bad.json");
    writeFileSync(f, JSON.stringify({ name: "x", partner: { tenantId: "nope", displayName: "P", domain: "p.example" }, extra: true }));
    const p = run(["--scenario", f]);
    expect(await p.exit).toBe(1);
    expect(p.err()).toContain("partner.tenantId: expected a GUID");
    expect(p.err()).toContain("extra: unknown field");
    expect(p.err()).not.toMatch(/\n\s+at /);
  });

  test("starts, writes the ready file, stops on SIGTERM", async () => {
    const ready = path.join(dir, "ready.json");
    const p = run(["--scenario", path.join(__dirname, "scenarios/test/entra.json"), "--ready-file", ready, "--ca-file", path.join(dir, "ca.pem")]);
    try {
      const deadline = Date.now() + 30_000;
      while (!existsSync(ready) && Date.now() < deadline && p.child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
      const info = JSON.parse(readFileSync(ready, "utf8")) as { urls: Record<string, string>; caPem: string };
      expect(Object.keys(info.urls).sort()).toEqual(["control", "defender", "graph", "login", "partnerCenter", "teams"]);
      expect(info.caPem).toContain("BEGIN CERTIFICATE");
      expect(p.out()).toContain(`MS_GRAPH_URL=${info.urls.graph}`);
    } finally {
      p.child.kill("SIGTERM");
    }
    expect(await p.exit).toBe(0);
  });
});
