/**
 * What local mode decides before it starts anything: which scenario (validated, with its rehearsal block) and which
 * partner user the Playground user is signed in as. Every problem is one readable message; nothing has started yet.
 */
import path from "node:path";
import type { LocalConfig } from "../config";
import type { LocalArgs } from "./args";
import { chooseLocalUser, readScenarioFile, type LocalScenario, type LocalUserSource } from "./rehearsal";

export interface PreparedLocal {
  scenario: LocalScenario;
  localUser: string;
  localUserSource: LocalUserSource;
}

/** The scenario local mode runs without --scenario. */
export function defaultScenarioFile(root: string): string {
  return path.join(root, "sim", "scenarios", "demo.json");
}

export function prepareLocal(args: LocalArgs, config: LocalConfig, root: string, cwd: string = process.cwd()): { ok: true; prepared: PreparedLocal } | { ok: false; message: string } {
  const file = args.scenario !== undefined ? path.resolve(cwd, args.scenario) : defaultScenarioFile(root);
  const read = readScenarioFile(file);
  if (!read.ok) {
    return { ok: false, message: [`Tenant Pilot cannot start: the scenario ${path.relative(cwd, file) || file} is not usable.`, ...read.problems.map((p) => `  - ${p}`)].join("\n") };
  }
  const user = chooseLocalUser(read.value.scenario, {
    ...(args.user !== undefined ? { cliUser: args.user } : {}),
    ...(config.localUser !== undefined ? { envUser: config.localUser } : {}),
    ...(read.value.rehearsal !== undefined ? { rehearsal: read.value.rehearsal } : {}),
  });
  if (!user.ok) return { ok: false, message: `Tenant Pilot cannot start: ${user.problem}.` };
  return { ok: true, prepared: { scenario: read.value, localUser: user.upn, localUserSource: user.source } };
}
