import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(__dirname, "..");

function run(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "src/index.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("index.ts did not exit"));
    }, 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("azure entry (src/index.ts)", () => {
  it("with missing settings prints every problem, no stack, and exits 1", async () => {
    const r = await run({ TP_MODE: "azure", MICROSOFT_APP_TYPE: "MultiTenant", MICROSOFT_APP_PASSWORD: "do-not-print-me" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Tenant Pilot cannot start");
    for (const v of ["MICROSOFT_APP_ID", "MICROSOFT_APP_TENANT_ID", "COSMOS_ENDPOINT", "MICROSOFT_APP_TYPE: MultiTenant is refused"]) {
      expect(r.stderr).toContain(v);
    }
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain("Warning");
    expect(r.stderr + r.stdout).not.toContain("do-not-print-me");
  });
});
