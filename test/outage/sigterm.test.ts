/**
 * The azure entry point (src/index.ts) as a process, on the embedded Cosmos trusted through COSMOS_CA_FILE: it
 * listens, becomes ready, and on SIGTERM drains, stops its background work (compose's dispose: sync stops and
 * releases its leases) and exits 0 with "bot stopped" logged.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedCosmos, type EmbeddedCosmos } from "../../src/store/embeddedCosmos";

const ROOT = path.resolve(__dirname, "..", "..");
jest.setTimeout(90_000);

let cosmos: EmbeddedCosmos;
let dir: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  cosmos = await startEmbeddedCosmos();
  dir = mkdtempSync(path.join(tmpdir(), "tp-sigterm-"));
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await cosmos?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Polls `probe` until it is true or the deadline passes (a child process: no event to wait on). */
async function until(probe: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("deadline passed");
}

it("SIGTERM: drains, stops, logs 'bot stopped' and exits 0", async () => {
  const caFile = path.join(dir, "cosmos-ca.pem");
  writeFileSync(caFile, cosmos.ca);
  child = spawn(process.execPath, ["--disable-warning=DEP0111", "--import", "tsx", "src/index.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      TP_MODE: "azure",
      HOST: "127.0.0.1",
      PORT: "0",
      MICROSOFT_APP_ID: "11111111-2222-3333-4444-555555555555",
      MICROSOFT_APP_TYPE: "SingleTenant",
      MICROSOFT_APP_TENANT_ID: "66666666-7777-8888-9999-000000000000",
      MICROSOFT_APP_PASSWORD: "sigterm-test-secret",
      COSMOS_ENDPOINT: cosmos.endpoint,
      COSMOS_KEY: cosmos.key,
      COSMOS_CA_FILE: caFile,
      COSMOS_DATABASE: "sigterm",
      MS_LOGIN_URL: "https://127.0.0.1:9",
      MS_GRAPH_URL: "https://127.0.0.1:9",
      MS_PARTNER_CENTER_URL: "https://127.0.0.1:9",
      MS_DEFENDER_URL: "https://127.0.0.1:9",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child?.once("exit", (code) => resolve(code)));

  let url = "";
  await until(() => {
    const line = stdout.split("\n").find((l) => l.includes('"msg":"bot listening"'));
    if (line) url = String((JSON.parse(line) as { url: string }).url).replace(/\/api\/messages$/, "");
    return Promise.resolve(url !== "");
  }, 60_000);
  await until(async () => (await fetch(`${url}/readyz`)).status === 200, 30_000);

  child.kill("SIGTERM");
  expect(await exited).toBe(0);
  const msgs = stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => (JSON.parse(l) as { msg: string }).msg);
  expect(msgs).toEqual(expect.arrayContaining(["starting", "bot listening", "shutting down", "bot stopped"]));
  expect(msgs.indexOf("shutting down")).toBeLessThan(msgs.indexOf("bot stopped"));
  expect(stderr).not.toMatch(/"level":"error"/);
  expect(stdout + stderr).not.toContain("sigterm-test-secret");
});
