/**
 * `npm start -- [--scenario <file>] [--ready-file <path>] [--user <upn>]`: local mode's command line, validated.
 * Pure: argv in, typed arguments or one readable problem out.
 */
import { z } from "zod/v4";

export const USAGE =
  "Usage: npm start -- [--scenario <file>] [--ready-file <path>] [--user <upn>]\n" +
  "  --scenario <file>    simulator scenario to rehearse on (default: sim/scenarios/demo.json)\n" +
  "  --ready-file <path>  write {playground, bot, simulator} URLs there once everything is up\n" +
  "  --user <upn>         the partner user you are signed in as (default: rehearsal.signedInUser, TP_LOCAL_USER, or the first Global Administrator)";

const LocalArgsSchema = z.strictObject({
  scenario: z.string().min(1, { error: "needs a file name" }).optional(),
  readyFile: z.string().min(1, { error: "needs a file name" }).optional(),
  user: z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: "must be a user principal name like alice@contoso.onmicrosoft.com" }).optional(),
  help: z.boolean().optional(),
});
export type LocalArgs = z.infer<typeof LocalArgsSchema>;

const FLAGS: Record<string, "scenario" | "readyFile" | "user"> = { "--scenario": "scenario", "--ready-file": "readyFile", "--user": "user" };
const FLAG_NAMES: Record<string, string> = { scenario: "--scenario", readyFile: "--ready-file", user: "--user" };

export function parseLocalArgs(argv: readonly string[]): { ok: true; args: LocalArgs } | { ok: false; problem: string } {
  const raw: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "-h" || a === "--help") {
      raw.help = true;
      continue;
    }
    const eq = a.indexOf("=");
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const key = FLAGS[flag];
    if (key === undefined) return { ok: false, problem: `unknown argument "${a}"` };
    if (raw[key] !== undefined) return { ok: false, problem: `${flag} is given twice` };
    let value: string | undefined;
    if (eq > 0) value = a.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) return { ok: false, problem: `${flag} needs a value` };
      i++;
    }
    raw[key] = value;
  }
  const r = LocalArgsSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    const name = i?.path[0] !== undefined ? (FLAG_NAMES[String(i.path[0])] ?? String(i.path[0])) : "arguments";
    return { ok: false, problem: `${name}: ${i?.message ?? "invalid"}` };
  }
  return { ok: true, args: r.data };
}
