/**
 * `npm run sim -- --scenario <file> [--port N] [--ready-file path] [--ca-file path]`
 * Validates the scenario (each bad field's path, exit 1), starts the simulator, prints its URLs and the settings that
 * point the product at it. With --ready-file, writes {"urls", "caPem"} once listening (atomically). SIGTERM/SIGINT stop it.
 */
import { renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ScenarioError, formatIssues } from "./scenario/load";
import { startSimulator } from "./server";

interface Args {
  scenario?: string;
  port?: number;
  readyFile?: string;
  caFile?: string;
  help?: boolean;
}

const USAGE = "Usage: npm run sim -- --scenario <file> [--port N] [--ready-file path] [--ca-file path]";

export function parseArgs(argv: string[]): { ok: true; args: Args } | { ok: false; message: string } {
  const args: Args = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--scenario":
        args.scenario = value();
        break;
      case "--port": {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 65530) return { ok: false, message: `--port: expected a port number, got "${v ?? ""}"` };
        args.port = n;
        break;
      }
      case "--ready-file":
        args.readyFile = value();
        break;
      case "--ca-file":
        args.caFile = value();
        break;
      case "-h":
      case "--help":
        args.help = true;
        break;
      default:
        return { ok: false, message: `unknown argument "${a}"` };
    }
  }
  if (!args.help && !args.scenario) return { ok: false, message: "--scenario <file> is required" };
  return { ok: true, args };
}

function writeAtomically(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  renameSync(tmp, file);
}

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n${USAGE}\n`);
    return 1;
  }
  const { args } = parsed;
  if (args.help || !args.scenario) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let sim;
  try {
    sim = await startSimulator({ scenario: path.resolve(args.scenario), port: args.port ?? 0 });
  } catch (e) {
    if (e instanceof ScenarioError) {
      process.stderr.write(`${formatIssues(e.issues, args.scenario)}\n`);
      return 1;
    }
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(`The simulator could not start${code ? ` (${code})` : ""}: ${code === "EADDRINUSE" ? "a port is already in use; choose another --port or 0" : "see the log above"}.\n`);
    return 1;
  }
  const caFile = args.caFile ?? path.join(os.tmpdir(), `tenant-pilot-sim-${process.pid}-ca.pem`);
  writeFileSync(caFile, sim.caPem);
  const u = sim.urls;
  process.stdout.write(
    [
      `Microsoft cloud simulator: "${sim.scenario.name}" (${sim.world.customerTenantIds().length} customers)`,
      `  login         ${u.login}`,
      `  graph         ${u.graph}`,
      `  partnerCenter ${u.partnerCenter}`,
      `  defender      ${u.defender}`,
      `  teams         ${u.teams}`,
      `  control       ${u.control}`,
      ``,
      `Point the product at it:`,
      `  MS_LOGIN_URL=${u.login}`,
      `  MS_GRAPH_URL=${u.graph}`,
      `  MS_PARTNER_CENTER_URL=${u.partnerCenter}`,
      `  MS_DEFENDER_URL=${u.defender}`,
      `  MS_CA_FILE=${caFile}`,
      ``,
    ].join("\n") + "\n",
  );
  if (args.readyFile) writeAtomically(args.readyFile, JSON.stringify({ urls: u, caPem: sim.caPem }));
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stderr.write(`${signal}: stopping the simulator\n`);
      void sim.stop().then(resolve, resolve);
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`The simulator failed: ${e instanceof Error ? e.name : "error"}\n`);
      process.exit(1);
    },
  );
}
