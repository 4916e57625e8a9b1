/**
 * Rehearsal on a scenario of your own: what local mode reads from the simulator scenario it runs.
 * - the optional `rehearsal` block (the simulator accepts and ignores it): validated here, handed to the composition
 *   root, which applies it as if the setup wizards had been completed;
 * - the partner user the Playground user is signed in as;
 * - the bot's own SSO app (the partner application with an `api://botid-…` identifier URI and its first unexpired
 *   secret): local mode only; azure mode takes it from SSO_APP_ID / SSO_CLIENT_SECRET.
 * Only the parts read here are checked (loosely): the simulator validates the whole scenario when it loads it.
 * Pure apart from readScenarioFile. Never prints a secret.
 */
import { readFileSync } from "node:fs";
import { z } from "zod/v4";
import { GUID_PATTERN } from "../domain/guid";

const Upn = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: "must be a user principal name like admin@contoso.onmicrosoft.com" });
const AppSecret = z.strictObject({
  appId: z.string().regex(GUID_PATTERN, { error: "must be the app (client) id, a GUID" }),
  secret: z.string().min(1, { error: "must not be empty" }),
});

export const RehearsalSchema = z.strictObject({
  /** The partner user the Playground user is signed in as. */
  signedInUser: Upn.optional(),
  /** The dedicated service account of the Microsoft 365 integration. */
  serviceAccount: Upn.optional(),
  /** Display name of the GDAP Lifecycle Manager security group. */
  lifecycleGroup: z.string().min(1, { error: "must not be empty" }).max(256).optional(),
  /** The multitenant Intune app registration and one of its secrets. */
  lifecycleApp: AppSecret.optional(),
  /** The Partner Center web app and one of its secrets. */
  partnerCenterApp: AppSecret.optional(),
  /** Whether Defender tracking is on. */
  defender: z.boolean().optional(),
  /**
   * The object id of a partner group whose members are Tenant Pilot's admins (as ADMIN_GROUP_ID in azure mode; that
   * variable wins). Absent: the Playground user is an admin. Present: membership is checked through Graph.
   */
  adminGroupId: z.string().regex(GUID_PATTERN, { error: "must be the object id of a partner group, a GUID" }).optional(),
});
export type Rehearsal = z.infer<typeof RehearsalSchema>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

const issuesOf = (prefix: string, issues: readonly z.core.$ZodIssue[]): string[] =>
  issues.map((i) => {
    const keys = i.code === "unrecognized_keys" ? ` (${i.keys.join(", ")})` : "";
    return `${[prefix, ...i.path.map(String)].join(".")}: ${i.message}${keys}`;
  });

/** Pure: the rehearsal block of a scenario (absent: undefined); problems name the field, e.g. "rehearsal.lifecycleApp.appId: …". */
export function parseRehearsal(value: unknown): Parsed<Rehearsal | undefined> {
  if (value === undefined) return { ok: true, value: undefined };
  const r = RehearsalSchema.safeParse(value);
  return r.success ? { ok: true, value: r.data } : { ok: false, problems: issuesOf("rehearsal", r.error.issues) };
}

const Credential = z.looseObject({ secretText: z.string(), startDateTime: z.string().optional(), endDateTime: z.string() });
/** The parts of a scenario local mode reads. */
export const ScenarioViewSchema = z.looseObject({
  name: z.string().optional(),
  now: z.string().optional(),
  partner: z.looseObject({
    tenantId: z.string().regex(GUID_PATTERN, { error: "must be a GUID" }),
    users: z
      .array(
        z.looseObject({
          id: z.string(),
          userPrincipalName: z.string(),
          accountEnabled: z.boolean().optional(),
          directoryRoles: z.array(z.string()).optional(),
        }),
      )
      .default([]),
    groups: z.array(z.looseObject({ displayName: z.string(), members: z.array(z.looseObject({ type: z.string(), id: z.string() })).default([]) })).default([]),
    applications: z
      .array(
        z.looseObject({
          appId: z.string(),
          displayName: z.string().optional(),
          identifierUris: z.array(z.string()).optional(),
          passwordCredentials: z.array(Credential).default([]),
        }),
      )
      .default([]),
  }),
  rehearsal: z.unknown().optional(),
});
export type ScenarioView = z.infer<typeof ScenarioViewSchema>;

export interface LocalScenario {
  file: string;
  scenario: ScenarioView;
  rehearsal: Rehearsal | undefined;
}

/** Pure: a scenario's JSON text → the parts local mode reads, or every problem (each naming its field). */
export function parseScenarioText(text: string, file: string): Parsed<LocalScenario> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problems: [`${file} is not JSON`] };
  }
  const s = ScenarioViewSchema.safeParse(json);
  if (!s.success) return { ok: false, problems: issuesOf("", s.error.issues).map((p) => p.replace(/^\./, "")) };
  const r = parseRehearsal(s.data.rehearsal);
  if (!r.ok) return r;
  return { ok: true, value: { file, scenario: s.data, rehearsal: r.value } };
}

export function readScenarioFile(file: string): Parsed<LocalScenario> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, problems: [code === "ENOENT" ? `${file}: no such file` : `${file}: cannot be read (${code ?? "error"})`] };
  }
  return parseScenarioText(text, file);
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, mo: 30 * 86_400_000, y: 365 * 86_400_000 };

/** Pure: a scenario date ("now", "+12d", "-6mo", "-1y", or ISO) in ms, relative to `now`; undefined when unreadable. */
export function scenarioDateMs(spec: string, now: Date): number | undefined {
  if (spec === "now") return now.getTime();
  const rel = /^([+-])(\d+(?:\.\d+)?)(mo|[smhdwy])$/.exec(spec);
  if (rel) return now.getTime() + (rel[1] === "-" ? -1 : 1) * Math.round(Number(rel[2]) * (UNIT_MS[rel[3]] ?? 0));
  const ms = Date.parse(spec.length === 10 ? `${spec}T00:00:00Z` : spec);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The clock the scenario's relative dates were resolved against: its `now`, else the given time. */
export function scenarioNow(scenario: ScenarioView, fallback: Date): Date {
  const ms = scenario.now !== undefined ? Date.parse(scenario.now) : Number.NaN;
  return Number.isNaN(ms) ? fallback : new Date(ms);
}

export const GLOBAL_ADMINISTRATOR = { name: "Global Administrator", templateId: "62e90394-69f5-4237-9190-012177145e10" };

const sameUpn = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Pure: the service account as the rehearsal names it, else the user members of a "… Lifecycle Manager" group. */
export function serviceAccountsOf(scenario: ScenarioView, rehearsal: Rehearsal | undefined): string[] {
  if (rehearsal?.serviceAccount !== undefined) return [rehearsal.serviceAccount];
  const ids = new Set(
    scenario.partner.groups.filter((g) => /lifecycle manager/i.test(g.displayName)).flatMap((g) => g.members.filter((m) => m.type === "user").map((m) => m.id)),
  );
  return scenario.partner.users.filter((u) => ids.has(u.id)).map((u) => u.userPrincipalName);
}

export type LocalUserSource = "--user" | "TP_LOCAL_USER" | "rehearsal.signedInUser" | "default";

/**
 * Pure: the partner user local mode signs in as: `--user`, else TP_LOCAL_USER, else rehearsal.signedInUser, else the
 * first enabled partner user holding Global Administrator who is not the service account. It must be an enabled
 * partner user of the scenario.
 */
export function chooseLocalUser(
  scenario: ScenarioView,
  choices: { cliUser?: string; envUser?: string; rehearsal?: Rehearsal },
): { ok: true; upn: string; source: LocalUserSource } | { ok: false; problem: string } {
  const users = scenario.partner.users;
  const named: Array<[LocalUserSource, string | undefined]> = [
    ["--user", choices.cliUser],
    ["TP_LOCAL_USER", choices.envUser],
    ["rehearsal.signedInUser", choices.rehearsal?.signedInUser],
  ];
  for (const [source, upn] of named) {
    if (upn === undefined) continue;
    const user = users.find((u) => sameUpn(u.userPrincipalName, upn));
    const known = users.map((u) => u.userPrincipalName).join(", ") || "none";
    if (!user) return { ok: false, problem: `${source} ${upn}: no such partner user in the scenario (its partner users: ${known})` };
    if (user.accountEnabled === false) return { ok: false, problem: `${source} ${upn}: this partner user is disabled in the scenario; choose an enabled one` };
    return { ok: true, upn: user.userPrincipalName, source };
  }
  const service = serviceAccountsOf(scenario, choices.rehearsal);
  const admin = users.find(
    (u) =>
      u.accountEnabled !== false &&
      (u.directoryRoles ?? []).some((r) => r === GLOBAL_ADMINISTRATOR.name || r.toLowerCase() === GLOBAL_ADMINISTRATOR.templateId) &&
      !service.some((s) => sameUpn(s, u.userPrincipalName)),
  );
  if (!admin) {
    return {
      ok: false,
      problem:
        "the scenario has no enabled partner user holding Global Administrator besides the service account: name the user to sign in as with --user <upn>, TP_LOCAL_USER or rehearsal.signedInUser",
    };
  }
  return { ok: true, upn: admin.userPrincipalName, source: "default" };
}

export interface ScenarioSsoApp {
  clientId: string;
  clientSecret: string;
  tenantId: string;
}

/** Pure: the bot's SSO app (identifier URI api://botid-…) and its first secret not expired at `now`; undefined if none. */
export function ssoAppOf(scenario: ScenarioView, now: Date): ScenarioSsoApp | undefined {
  for (const app of scenario.partner.applications) {
    if (!(app.identifierUris ?? []).some((u) => u.toLowerCase().startsWith("api://botid-"))) continue;
    const secret = app.passwordCredentials.find((c) => {
      const end = scenarioDateMs(c.endDateTime, now);
      return end !== undefined && end > now.getTime();
    });
    if (secret) return { clientId: app.appId, clientSecret: secret.secretText, tenantId: scenario.partner.tenantId };
  }
  return undefined;
}
